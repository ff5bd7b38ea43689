/**
 * How every Lambda of the service is bundled, in one place: the construct
 * hands {@link LAMBDA_BUNDLING} to NodejsFunction, and the cold-start bench
 * (bench/cold-start.ts) and the bundle test build with {@link esbuildOptionsFor},
 * the same options in esbuild's JS API, so the bundle measured is the bundle
 * deployed (test/infra/bundles.test.ts checks they come out byte for byte the same).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundling options of every function (NodejsFunction's `bundling`). */
export const LAMBDA_BUNDLING = Object.freeze({
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // What NodejsFunction leaves out by default on Node 18+ runtimes, stated so
  // the bench can see it: the AWS SDK v3 comes from the Lambda runtime. (It is
  // not bundled: bundled, it alone is ~330 KB minified, which puts the API and
  // nightly bundles over the 500 KB budget.)
  externalModules: ['@aws-sdk/*'],
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} satisfies BundlingOptions);

/** The environment every function starts with (before its own variables). */
export const LAMBDA_BASE_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

/** The entry point of the function in `functions/<functionDir>/`. */
export function functionEntry(functionDir: string): string {
  return path.join(PROJECT_ROOT, 'functions', functionDir, 'handler.ts');
}

/**
 * esbuild JS API options equivalent to the esbuild command line that
 * NodejsFunction (aws-cdk-lib 2.276, local bundling) runs for
 * {@link LAMBDA_BUNDLING}: `esbuild --bundle <entry> --target --platform=node
 * --format --outfile=<outdir>/index.mjs --minify --sourcemap --external:...
 * --banner:js --main-fields`, in the project root. Throws on a bundling option
 * it does not translate, so a new one cannot silently make the two differ.
 */
export function esbuildOptionsFor(entry: string, outdir: string): BuildOptions & { outfile: string } {
  const bundling: BundlingOptions = LAMBDA_BUNDLING;
  const translated = new Set(['format', 'target', 'minify', 'sourceMap', 'mainFields', 'externalModules', 'banner']);
  const untranslated = Object.keys(bundling).filter((key) => !translated.has(key));
  if (untranslated.length) throw new Error(`esbuildOptionsFor does not translate the bundling option(s) ${untranslated.join(', ')}`);
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    outfile: path.join(outdir, bundling.format === OutputFormat.ESM ? 'index.mjs' : 'index.js'),
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    external: [...(bundling.externalModules ?? [])],
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
  };
}
