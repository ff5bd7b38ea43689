/**
 * How every Lambda of the service is bundled, in one place: the construct
 * (infra/constructs/service-function.ts) bundles with {@link bundleFunction},
 * through infra/scripts/bundle-function.ts, and the cold-start bench
 * (bench/cold-start.ts) and the bundle tests call the very same function, so
 * the bundle measured is the bundle deployed.
 *
 * A function's bundle is a folder: `index.mjs` (the handler), the chunks it
 * imports beside it, and the chunks only a dynamic import loads (esbuild's code
 * splitting): a module that a cold start does not need (the Lambda client until
 * a document is asked for, an authority's policy override, the AWS SDK's
 * credential providers for SSO, STS and the rest) is neither read nor compiled
 * until it is imported. Chosen by init time (bench/cold-start.ts, see
 * {@link esbuildOptionsFor}): CDK's NodejsFunction cannot split (it bundles with
 * `--outfile`), nor run an esbuild plugin, so the construct runs esbuild itself.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The file of a bundle that Lambda imports: the handler is its `handler` export (`index.handler`). */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

/** Injected into every bundle, ahead of its handler: see shared/stack-traces.ts. */
export const STACK_TRACES = path.join(PROJECT_ROOT, 'shared', 'stack-traces.ts');

/** A file copied beside a function's bundle: from node_modules, or from the project. */
export type FunctionAsset = { module: string; bundled: string } | { source: string; bundled: string };

/** The environment every function starts with (before its own variables). */
export const LAMBDA_BASE_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({
  // No NODE_OPTIONS=--enable-source-maps: a bundle maps its own stacks, when one is made (shared/stack-traces.ts).
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // No handler's response in X-Ray, whatever a Tracer is asked: an answer carries a child's record (shared/tracing.ts).
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
});

/** The entry point of the function in `functions/<functionDir>/`. */
export function functionEntry(functionDir: string): string {
  return path.join(PROJECT_ROOT, 'functions', functionDir, 'handler.ts');
}

/**
 * Node's own modules that no cold start needs, though a bundled module imports
 * them: @middy/core imports `node:stream/web` for a response streamed to Lambda,
 * which no function of the service answers with; loading it is Node's whole
 * web-streams implementation, about 3 ms of the API's every cold start.
 * {@link requireNodeBuiltins} hands these over through getters, so each is
 * required the first time one of its exports is read, if ever.
 */
export const NODE_BUILTINS_REQUIRED_ON_FIRST_USE: readonly string[] = ['stream/web'];

/**
 * Node's own modules (`node:http`, `fs`, ...) are required, not imported, in a
 * bundle: the ESM bundles of the AWS SDK, Powertools and our own code import
 * them, and for an ESM import Node builds the module's ESM facade, which reads
 * every one of its exports. `node:http`'s include lazy getters (WebSocket,
 * MessageEvent, CloseEvent) that load Node's bundled undici: about 20 ms of
 * every cold start, for classes no function uses. A `require`, through the
 * bundle's banner, reads nothing it is not asked for; and a module of
 * {@link NODE_BUILTINS_REQUIRED_ON_FIRST_USE} is not even required until one of
 * its exports is read (the stand-in's getters, which esbuild's CommonJS interop
 * reads through).
 */
export const requireNodeBuiltins: esbuild.Plugin = {
  name: 'require-node-builtins',
  setup(build) {
    const builtins = new Set(builtinModules);
    const onFirstUse = new Set(NODE_BUILTINS_REQUIRED_ON_FIRST_USE);
    const require = createRequire(import.meta.url);
    build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.kind !== 'import-statement' || args.namespace === 'node-builtin' || !builtins.has(name)) return undefined;
      return { path: name, namespace: 'node-builtin' };
    });
    // A CommonJS module that requires it: esbuild imports it from that through its interop, property by property.
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => {
      const id = JSON.stringify(`node:${args.path}`);
      if (!onFirstUse.has(args.path)) return { contents: `module.exports = require(${id});`, loader: 'js' };
      // Its exports as this Node (the Lambda runtime's major version, package.json's engines) has them.
      const getters = Object.keys(require(`node:${args.path}`) as object).map((name) => `get ${JSON.stringify(name)}() { return load()[${JSON.stringify(name)}]; }`);
      return { contents: `let loaded;\nconst load = () => (loaded ??= require(${id}));\nmodule.exports = {\n${getters.join(',\n')}\n};`, loader: 'js' };
    });
  },
};

/**
 * The parts of aws-xray-sdk-core (Powertools' Tracer loads it, where tracing is
 * on) that the service never runs, each bundled as a stand-in that throws if it
 * ever is: the patcher of the AWS SDK v2 (`captureAWS`, `captureAWSClient`; the
 * service uses only v3, which Powertools traces with `captureAWSv3Client`),
 * with the `semver` it loads to check the v2 SDK's version; and the plugins that
 * describe an EC2 instance, an ECS container or an Elastic Beanstalk
 * environment (`AWSXRay.config`), which a Lambda function is not. The SDK
 * requires them all as it loads; left out, each traced cold start is about
 * 4 ms shorter (bench/cold-start.ts's traced handler, 31 interleaved rounds).
 */
export const leaveOutUnusedXRayParts: esbuild.Plugin = {
  name: 'leave-out-unused-x-ray-parts',
  setup(build) {
    const fromXRay = (importer: string) => importer.split(path.sep).join('/').includes('/node_modules/aws-xray-sdk-core/');
    const standIns: Record<string, string> = {
      'patchers/aws_p':
        "const notBundled = () => { throw new Error('aws-xray-sdk-core: the AWS SDK v2 patcher is not bundled (infra/constructs/bundling.ts); trace an SDK v3 client with captureAWSv3Client'); };\n" +
        'module.exports = { captureAWS: notBundled, captureAWSClient: notBundled };',
      plugin:
        "module.exports = { getData() { throw new Error('aws-xray-sdk-core: the EC2, ECS and Elastic Beanstalk plugins are not bundled (infra/constructs/bundling.ts): a Lambda function is none of them'); }, originName: undefined };",
    };
    build.onResolve({ filter: /\/patchers\/aws_p$/ }, (args) => (fromXRay(args.importer) ? { path: 'patchers/aws_p', namespace: 'x-ray-stand-in' } : undefined));
    build.onResolve({ filter: /\/segments\/plugins\/(ec2|ecs|elastic_beanstalk)_plugin$/ }, (args) => (fromXRay(args.importer) ? { path: 'plugin', namespace: 'x-ray-stand-in' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'x-ray-stand-in' }, (args) => ({ contents: standIns[args.path]!, loader: 'js' }));
  },
};

/**
 * The esbuild options of every function's bundle, into `outdir`: ESM for
 * Node 24, minified, with source maps (the mappings only, their sources
 * relative to the project), split into chunks (see the top of this file),
 * Node's modules required ({@link requireNodeBuiltins}), the parts of
 * aws-xray-sdk-core the service never runs left out ({@link leaveOutUnusedXRayParts}), and
 * shared/stack-traces.ts injected ahead of the handler. That module maps a
 * stack through the chunks' maps when the stack is made, instead of Node's
 * `--enable-source-maps`, which reads and parses every chunk's map as the
 * chunk loads: without it, each function imported 6 to 10 ms faster (the
 * API 112.7 to 103.2 ms, the nightly job 81.5 to 75.6 ms, the medians of one
 * run of 25 interleaved rounds), and so did the SDK-only handler.
 *
 * Nothing is left out: the AWS SDK v3 is bundled (ESM, tree-shaken, minified),
 * not taken from the Lambda runtime. Chosen by init time (bench/cold-start.ts,
 * against a handler that only makes a DynamoDB client, bundled the same way):
 * loading the runtime's SDK is its CommonJS files one by one, every client whole,
 * and the jobs imported in 1.55-1.75x that handler that way against 1.35-1.55x
 * bundled. It also pins the SDK to package-lock.json's versions, the ones the
 * tests ran. Splitting and the plugin took a further fifth to nearly a third
 * off each function's import (the nightly job 137 to 102 ms, the API 181 to 127
 * ms, in one run of eleven interleaved rounds).
 */
export function esbuildOptionsFor(entry: string, outdir: string): esbuild.BuildOptions & { outdir: string } {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    outdir,
    splitting: true,
    entryNames: 'index',
    // Beside index.mjs, not in a folder: a module that finds its files by import.meta.url finds them the same from a chunk.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [],
    plugins: [requireNodeBuiltins, leaveOutUnusedXRayParts],
    // Ahead of the handler: stacks source-mapped when made, not every chunk's map parsed as it loads.
    inject: [STACK_TRACES],
    // Some CommonJS dependencies call require(), and so does the plugin's stand-in for a Node module: give each file one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

/**
 * A source map's `sources`, made relative to the project (`shared/api/children.ts`,
 * `node_modules/zod/...`) rather than to the folder it was built in, so that a
 * stack in Lambda names the project's files (shared/stack-traces.ts prints them
 * as the map has them).
 */
function withProjectSources(mapFile: string): void {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
  // A plugin's module (`node-builtin:fs`) is named by its namespace, not a path: left as it is.
  const isPath = (source: string) => !/^[\w-]+:/.test(source);
  map.sources = map.sources.map((source) => (isPath(source) ? path.relative(PROJECT_ROOT, path.resolve(path.dirname(mapFile), source)).split(path.sep).join('/') : source));
  writeFileSync(mapFile, JSON.stringify(map));
}

/** What {@link bundleFunction} made. */
export interface FunctionBundle {
  /** The file Lambda imports ({@link BUNDLE_ENTRY_FILE} in the bundle's folder). */
  entryFile: string;
  metafile: esbuild.Metafile;
}

/**
 * Bundles the function whose entry is `entry` into `outdir` ({@link esbuildOptionsFor}),
 * and copies each of its assets beside it.
 */
export async function bundleFunction(entry: string, outdir: string, assets: readonly FunctionAsset[] = []): Promise<FunctionBundle> {
  const result = await esbuild.build({ ...esbuildOptionsFor(entry, outdir), metafile: true });
  for (const output of Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.mjs'))) withProjectSources(`${path.resolve(PROJECT_ROOT, output)}.map`);
  for (const asset of assets) {
    const from = 'module' in asset ? path.join(PROJECT_ROOT, 'node_modules', asset.module) : path.join(PROJECT_ROOT, asset.source);
    copyFileSync(from, path.join(outdir, asset.bundled));
  }
  return { entryFile: path.join(outdir, BUNDLE_ENTRY_FILE), metafile: result.metafile };
}

/**
 * The output files a cold start loads: the entry and, transitively, the chunks it imports
 * statically (the dynamically imported ones wait for their import), as the metafile names them
 * (relative to {@link PROJECT_ROOT}).
 */
export function filesLoadedAtStart(bundle: FunctionBundle): string[] {
  const outputs = bundle.metafile.outputs;
  const loaded = new Set<string>();
  const next = [path.relative(PROJECT_ROOT, bundle.entryFile)];
  for (let file = next.pop(); file !== undefined; file = next.pop()) {
    const output = outputs[file];
    if (loaded.has(file) || !output) continue;
    loaded.add(file);
    next.push(...output.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path));
  }
  return [...loaded];
}
