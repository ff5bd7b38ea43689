/**
 * Builds the service's web page into a folder of static files: the page's
 * script (esbuild, minified, one file named by its content), its styles
 * (GOV.UK Frontend compiled with Sass, with the council's font, not GOV.UK's)
 * and `index.html` naming both. Nothing else: `config.json`, which says where
 * the API and the sign-in are, is written beside them by whoever serves the
 * folder (the CDK stack at deploy time, `npm start` locally).
 *
 * The same function serves `npm start`, the tests and the stack, so the page
 * tested is the page deployed.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { compile } from 'sass';

const WEB_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(WEB_DIR, '..');

/** Where the built page goes unless told otherwise (ignored by git). */
export const DEFAULT_WEB_OUT_DIR = path.join(PROJECT_ROOT, '.build', 'web');

/** The file names of what the page's HTML loads, all relative to the folder. */
export interface BuiltPage {
  outDir: string;
  script: string;
  stylesheet: string;
  /** The script's size as sent, gzipped (the budget is 200 KB). */
  scriptGzipBytes: number;
  scriptBytes: number;
}

const contentName = (stem: string, content: string | Uint8Array, extension: string) =>
  `${stem}-${createHash('sha256').update(content).digest('hex').slice(0, 12)}.${extension}`;

/**
 * Builds the page into `outDir` (emptied first). Synchronous, so that the CDK
 * stack, whose constructs cannot wait, can build it at synth.
 */
export function buildWeb(outDir: string = DEFAULT_WEB_OUT_DIR): BuiltPage {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });

  const bundle = buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [path.join(WEB_DIR, 'src', 'main.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    outdir: outDir,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild wrote no script for the page');
  const script = contentName('app', code, 'js');
  writeFileSync(path.join(outDir, script), code);

  const styles = compile(path.join(WEB_DIR, 'src', 'styles.scss'), {
    loadPaths: [path.join(PROJECT_ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  }).css;
  const stylesheet = contentName('app', styles, 'css');
  writeFileSync(path.join(outDir, stylesheet), styles);
  // The only asset GOV.UK Frontend's styles point at is its crest image; no fonts (GDS Transport is for GOV.UK only).
  cpSync(path.join(PROJECT_ROOT, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets', 'images'), path.join(outDir, 'assets', 'images'), {
    recursive: true,
  });

  const html = readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8')
    .replace('{{stylesheet}}', stylesheet)
    .replace('{{script}}', script);
  writeFileSync(path.join(outDir, 'index.html'), html);

  return { outDir, script, stylesheet, scriptBytes: code.byteLength, scriptGzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_WEB_OUT_DIR);
  console.log(`built the page in ${built.outDir}: ${built.script} ${(built.scriptGzipBytes / 1024).toFixed(1)} KB gzipped, ${built.stylesheet}`);
}
