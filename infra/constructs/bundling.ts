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
  // The map without the sources' text: stack traces need only the mappings, and with
  // --enable-source-maps Node reads and parses the whole map as it loads the bundle
  // (with the sources, the API's map was 1.8 MB, not 0.5 MB, and its import about 15% slower).
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Nothing left out: the AWS SDK v3 is bundled (ESM, tree-shaken, minified), not
  // taken from the Lambda runtime (NodejsFunction's default, `['@aws-sdk/*']`).
  // Chosen by init time (bench/cold-start.ts, against a handler that only makes a
  // DynamoDB client, bundled the same way): loading the runtime's SDK is its CommonJS
  // files one by one, every client whole (the SES client in every function that
  // imports it, used or not), and the jobs imported in 1.55-1.75x that handler that
  // way against 1.35-1.55x bundled, the API the same either way (~2x); bundled, the
  // tracer's aws-xray-sdk-core shares the SDK's code, 1.2x against 1.35x. It also
  // pins the SDK to package-lock.json's versions, the ones the tests ran. The
  // bytes (the API's bundle is ~1 MB) are information, not a target.
  externalModules: [],
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} satisfies BundlingOptions);

/** The environment every function starts with (before its own variables). */
export const LAMBDA_BASE_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // No handler's response in X-Ray, whatever a Tracer is asked: an answer carries a child's record (shared/tracing.ts).
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
});

/** The entry point of the function in `functions/<functionDir>/`. */
export function functionEntry(functionDir: string): string {
  return path.join(PROJECT_ROOT, 'functions', functionDir, 'handler.ts');
}

/**
 * esbuild JS API options equivalent to the esbuild command line that
 * NodejsFunction (aws-cdk-lib 2.276, local bundling) runs for
 * {@link LAMBDA_BUNDLING}: `esbuild --bundle <entry> --target --platform=node
 * --format --outfile=<outdir>/index.mjs --minify --sourcemap --sources-content --external:...
 * --banner:js --main-fields`, in the project root. Throws on a bundling option
 * it does not translate, so a new one cannot silently make the two differ.
 */
export function esbuildOptionsFor(entry: string, outdir: string): BuildOptions & { outfile: string } {
  const bundling: BundlingOptions = LAMBDA_BUNDLING;
  const translated = new Set(['format', 'target', 'minify', 'sourceMap', 'sourcesContent', 'mainFields', 'externalModules', 'banner']);
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
    sourcesContent: bundling.sourcesContent ?? true,
    external: [...(bundling.externalModules ?? [])],
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
  };
}
