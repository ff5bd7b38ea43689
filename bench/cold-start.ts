/**
 * Benchmark: each Lambda's bundle size and the time to import it in a fresh
 * Node process (the part of a cold start the code decides), against the
 * least a handler that talks to DynamoDB can import.
 *
 *   npx tsx bench/cold-start.ts [runs]
 *   COLD_START_NODE=/path/to/node24 npx tsx bench/cold-start.ts   # time under another node
 *   npx tsx bench/cold-start.ts --packages   # no timing: what each bundle is made of
 *
 * Each function in functions/ and four baselines are bundled into a
 * temporary folder, by the very function the CDK stack bundles with
 * (bundleFunction in infra/constructs/bundling.ts), so a baseline gets
 * whatever the functions get: `dynamodb-client-only`, a handler that makes a
 * DynamoDB document client and nothing else (the SDK's own floor, bundled as
 * the functions are); `dynamodb-client-only-one-file`, the same handler
 * bundled as every function was when the target was set (CDK's
 * NodejsFunction: one file, Node's modules imported), the handler the issue
 * measured; `dynamodb-client-traced`, the first with the service's tracer
 * capturing the client (shared/tracing.ts: the tracer's own share,
 * aws-xray-sdk-core and all); and an empty handler (`export const handler =
 * async () => ({})`: node's own ESM start-up). The size is what a cold start
 * loads, index.mjs and the chunks it imports (not the source maps; the tracer's
 * chunks, imported where tracing is on, not counted); `allBytes` every chunk.
 * The import time is measured in a new `node`
 * process per run, with the function's base environment (as deployed: no
 * NODE_OPTIONS, the bundles map their own stacks), the variables the
 * handlers read at import, and Lambda's own (AWS_EXECUTION_ENV,
 * LAMBDA_TASK_ROOT, the X-Ray daemon's address), so that the tracer is on, as
 * deployed; nothing is sent anywhere. Runs interleave the bundles round by
 * round so machine load hits them alike. The API's bundle, once imported, is
 * also sent one request ({@link FIRST_REQUEST}), timed apart: what its first
 * caller waits besides the import, so that work put off until a request needs
 * it is seen, not hidden.
 *
 * Target: each function imports in at most {@link TARGET_RATIO_TO_SDK_ONLY}
 * times the issue's SDK-only handler ({@link SDK_ONLY_ONE_FILE}), the median
 * of the runs' ratios (each run's function against the same round's handler).
 * The ratio to the SDK-only handler bundled as the functions are is printed
 * beside it: the same bundling took that handler's import down further than the
 * functions' (its only code is the SDK's), so it is the stricter reading: the
 * tracer alone takes about 1.2x of it, and each function's own code the rest. The committee's
 * document function has a budget of its own ({@link OWN_TARGETS}). The bytes
 * are information, not a target: a user feels init time, not bytes (the
 * bundles test keeps only a generous ceiling, against an accidental huge
 * dependency). Modules the bundling leaves external, if any, are listed per
 * bundle: their size is not in `bytes`, but the import loads them, from
 * node_modules (a symlink in the temporary folder), which may not be the
 * Lambda runtime's copy.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import {
  LAMBDA_BASE_ENVIRONMENT,
  PROJECT_ROOT,
  bundleFunction,
  esbuildOptionsFor,
  filesLoadedAtStart,
  functionEntry,
  type FunctionBundle,
} from '#infra/constructs/bundling';
import { median } from './stats';

export interface ColdStartResult {
  /** The folder under functions/, or `empty-handler` for the baseline. */
  name: string;
  /** What a cold start loads: index.mjs and the chunks it imports, minified, without their source maps. */
  bytes: number;
  /** Every chunk of the bundle, those only a dynamic import loads too. */
  allBytes: number;
  importMsMedian: number;
  /** Each run's time, in the order run. */
  importMsRuns: number[];
  /** Packages the bundle imports but does not contain (not counted in `bytes`; loaded from node_modules when timed). */
  external: string[];
  /** The API's alone: its first request's time, after each import ({@link FIRST_REQUEST}), in the order run. */
  firstRequestMsRuns?: number[];
  firstRequestMsMedian?: number;
}

export const EMPTY_HANDLER = 'empty-handler';
/** The least a handler that talks to DynamoDB imports: the SDK's client and document client, one made. */
export const SDK_ONLY_HANDLER = 'dynamodb-client-only';
/** {@link SDK_ONLY_HANDLER} with the service's tracer capturing its client: against it, the tracer's own import cost. */
export const TRACED_SDK_HANDLER = 'dynamodb-client-traced';
/**
 * {@link SDK_ONLY_HANDLER} bundled as every function was when the target was set (CDK's NodejsFunction:
 * one file, Node's own modules imported): the handler the issue measured at "about 133 ms".
 */
export const SDK_ONLY_ONE_FILE = 'dynamodb-client-only-one-file';
/** The baselines, not functions: no target of their own. */
export const BASELINES: readonly string[] = [SDK_ONLY_HANDLER, SDK_ONLY_ONE_FILE, TRACED_SDK_HANDLER, EMPTY_HANDLER];
/**
 * Rounds a measurement takes by default. An import's time here moves by a fifth from run to run (the machine is
 * shared): eleven rounds once put a build of the API at 1.06x the issue's handler, and 31 rounds of the same bundles at 1.37x.
 * A round of every bundle takes about two seconds.
 */
export const DEFAULT_RUNS = 21;
/** Each function's import, at most this many times {@link SDK_ONLY_ONE_FILE}'s in the same run. */
export const TARGET_RATIO_TO_SDK_ONLY = 1.2;
/**
 * A function whose budget is its own: the committee's document function carries docx, Vega and Vega-Lite (1.2 MB)
 * so that the API need not; it is invoked a few times a year, never on a request's critical path but that one.
 */
export const OWN_TARGETS: Readonly<Record<string, { bytes: number; importMs: number }>> = { 'annual-document': { bytes: 2_000_000, importMs: 1_000 } };

/**
 * The median of the runs' ratios of `row`'s import to `baseline`'s, run by run
 * (the runs interleave round by round, so the i-th of each ran side by side).
 */
export function importRatio(row: { importMsRuns: readonly number[] }, baseline: { importMsRuns: readonly number[] }): number {
  return median(row.importMsRuns.map((ms, i) => ms / baseline.importMsRuns[i]!));
}

/**
 * Whether a function's import is on target: its own budget, or at most {@link TARGET_RATIO_TO_SDK_ONLY} times
 * `reference`'s, the issue's SDK-only handler ({@link SDK_ONLY_ONE_FILE}).
 */
export function importOnTarget(row: ColdStartResult, reference: ColdStartResult): boolean {
  const own = OWN_TARGETS[row.name];
  return own ? row.bytes < own.bytes && row.importMsMedian < own.importMs : importRatio(row, reference) <= TARGET_RATIO_TO_SDK_ONLY;
}

/** What the handlers read at import, plus a region and dummy credentials; nothing is called. */
const IMPORT_ENV: Record<string, string> = {
  TABLE_NAME: 'cold-start-bench',
  SENDER_EMAIL: 'bench@example.org',
  AWS_REGION: 'eu-west-2',
  AWS_DEFAULT_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench-secret',
  AWS_SESSION_TOKEN: 'bench-token',
  AWS_LAMBDA_FUNCTION_NAME: 'cold-start-bench',
  ANNUAL_DOCUMENT_FUNCTION_NAME: 'cold-start-bench-document',
  // What Lambda sets, so that the Tracer is on (it turns itself off without AWS_EXECUTION_ENV) and
  // aws-xray-sdk-core starts as in Lambda (LAMBDA_TASK_ROOT): an import sends nothing to the daemon.
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  LAMBDA_TASK_ROOT: '/var/task',
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
  AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  _HANDLER: 'index.handler',
  POWERTOOLS_SERVICE_NAME: 'cold-start-bench',
};

const IMPORT_SCRIPT =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(`\\n${performance.now() - t}\\n`);';

/**
 * The request the API's bundle is sent once imported, and timed: what a cold
 * start costs its first caller besides the import, where work put off until
 * it is needed (a route's schemas, the first error's handling) shows. A CER
 * whose date does not exist, from an admin, refused 400 by the validation
 * before any DynamoDB call, so that no database is needed; traced, as in
 * Lambda (a sampled trace; the daemon's port has no listener, as an import's).
 */
export const FIRST_REQUEST = {
  functionName: 'api',
  status: 400,
  event: {
    version: '2.0',
    routeKey: 'POST /children/{childId}/meetings',
    rawPath: '/children/6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b/meetings',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'CER', heldOn: '2026-02-30', childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: true }),
    isBase64Encoded: false,
    pathParameters: { childId: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b' },
    requestContext: {
      requestId: 'cold-start-bench',
      routeKey: 'POST /children/{childId}/meetings',
      domainName: 'api.example.org',
      authorizer: { jwt: { claims: { email: 'admin@example.org', 'cognito:groups': '[admin]' }, scopes: [] } },
      http: { method: 'POST', path: '/children/6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b/meetings', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold-start-bench' },
    },
  },
  env: { _X_AMZN_TRACE_ID: 'Root=1-6754a3b2-5c1d2e3f4a5b6c7d8e9f0a1b;Parent=53995c3f42cd8ad8;Sampled=1' },
};

const FIRST_REQUEST_SCRIPT =
  'const t = performance.now(); const { handler } = await import(process.argv[1]); const imported = performance.now(); ' +
  "const answer = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'cold-start-bench', functionName: 'api', getRemainingTimeInMillis: () => 29000 }); " +
  'const answered = performance.now(); ' +
  'if (answer.statusCode !== Number(process.argv[3])) throw new Error(`answered ${answer.statusCode}: ${answer.body}`); ' +
  'process.stdout.write(`\\n${imported - t} ${answered - imported}\\n`);';

export function functionNames(): string[] {
  return readdirSync(path.join(PROJECT_ROOT, 'functions'))
    .filter((name) => statSync(functionEntry(name), { throwIfNoEntry: false })?.isFile())
    .sort();
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  allBytes: number;
  external: string[];
}

/** A bundle's build: where, and esbuild's account of it. */
type Built = Bundle & { metafile: esbuild.Metafile; loadedAtStart: string[] };

/**
 * Bundles one entry as the stack does (bundleFunction), into `<dir>/<name>/`;
 * with `oneFile`, as the stack did before (NodejsFunction: one file, Node's
 * modules imported), for {@link SDK_ONLY_ONE_FILE}.
 */
export async function buildBundle(name: string, entry: string, dir: string, oneFile = false): Promise<Built> {
  const outdir = path.join(dir, name);
  let bundle: FunctionBundle;
  if (oneFile) {
    const { splitting: _splitting, chunkNames: _chunks, entryNames: _entries, outExtension: _ext, plugins: _plugins, inject: _inject, outdir: _outdir, ...options } = esbuildOptionsFor(entry, outdir);
    const entryFile = path.join(outdir, 'index.mjs');
    bundle = { entryFile, metafile: (await esbuild.build({ ...options, outfile: entryFile, metafile: true })).metafile };
  } else {
    bundle = await bundleFunction(entry, outdir);
  }
  const loadedAtStart = filesLoadedAtStart(bundle);
  const outputs = bundle.metafile.outputs;
  const external = [
    ...new Set(loadedAtStart.flatMap((file) => outputs[file]!.imports).filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path))),
  ].sort();
  const size = (files: string[]) => files.reduce((sum, file) => sum + statSync(path.join(PROJECT_ROOT, file)).size, 0);
  return {
    name,
    file: bundle.entryFile,
    bytes: size(loadedAtStart),
    allBytes: size(Object.keys(outputs).filter((file) => file.endsWith('.mjs'))),
    external,
    metafile: bundle.metafile,
    loadedAtStart,
  };
}

/** Bytes of what a cold start loads of a bundle, by the package (or project folder) they come from, largest first. */
export function packageSizes(bundle: Built): [string, number][] {
  const sizes = new Map<string, number>();
  for (const file of bundle.loadedAtStart) {
    for (const [input, { bytesInOutput }] of Object.entries(bundle.metafile.outputs[file]?.inputs ?? {})) {
      const inPackage = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = inPackage ? inPackage[1]! : input.split('/').slice(0, 2).join('/');
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

async function printPackages(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cold-start-'));
  try {
    for (const name of functionNames()) {
      const bundle = await buildBundle(name, functionEntry(name), dir);
      const top = packageSizes(bundle).slice(0, 10);
      console.log(`${name}: ${bundle.bytes.toLocaleString('en-GB')} bytes loaded at start, ${bundle.allBytes.toLocaleString('en-GB')} in all; external: ${bundle.external.join(' ') || '-'}`);
      for (const [key, bytes] of top) console.log(`  ${(bytes / 1000).toFixed(1).padStart(7)} KB  ${key}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import's time, in a fresh process; with `request`, also that request's, sent to the handler once imported. */
function importOnce(node: string, file: string, request?: typeof FIRST_REQUEST): Promise<{ importMs: number; firstRequestMs?: number }> {
  return new Promise((resolve, reject) => {
    const args = request
      ? ['--input-type=module', '-e', FIRST_REQUEST_SCRIPT, pathToFileURL(file).href, JSON.stringify(request.event), String(request.status)]
      : ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href];
    const child = spawn(node, args, {
      cwd: path.dirname(file),
      // A clean environment: not this process's (tsx's loader must not be inherited).
      env: { PATH: process.env['PATH'] ?? '', HOME: os.tmpdir(), ...LAMBDA_BASE_ENVIRONMENT, ...IMPORT_ENV, ...request?.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const [importMs, firstRequestMs] = stdout.trim().split('\n').at(-1)!.split(' ').map(Number);
      if (code !== 0 || !Number.isFinite(importMs) || (request && !Number.isFinite(firstRequestMs))) reject(new Error(`importing ${file} failed (exit ${code}): ${stderr}${stdout}`));
      else resolve({ importMs: importMs!, ...(request ? { firstRequestMs: firstRequestMs! } : {}) });
    });
  });
}

/**
 * Builds every function's bundle and the baselines', then imports each
 * `runs` times (default {@link DEFAULT_RUNS}) in fresh node processes, one process at a time,
 * round by round. The last four are the baselines: a handler that only makes a
 * DynamoDB document client (the SDK's own share), the same bundled in one file
 * (the issue's), the first traced (the tracer's), then the empty handler. `node` is the node binary that imports (default: the
 * one running this; Lambda runs Node 24).
 */
export async function measureColdStart(options: { runs?: number; node?: string } = {}): Promise<ColdStartResult[]> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const node = options.node ?? process.execPath;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cold-start-'));
  try {
    // External packages resolve from the project's node_modules, as they would from the runtime's.
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    mkdirSync(path.join(dir, 'src'));
    const emptyEntry = path.join(dir, 'src', 'empty-handler.ts');
    writeFileSync(emptyEntry, 'export const handler = async () => ({});\n');

    const sdkEntry = path.join(dir, 'src', `${SDK_ONLY_HANDLER}.ts`);
    writeFileSync(
      sdkEntry,
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n" +
        'const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async () => ({ ok: client !== undefined });\n',
    );
    const tracedEntry = path.join(dir, 'src', `${TRACED_SDK_HANDLER}.ts`);
    writeFileSync(
      tracedEntry,
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n" +
        `import { traced } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared', 'tracing.ts'))};\n` +
        'const client = DynamoDBDocumentClient.from(traced(new DynamoDBClient({})));\nexport const handler = async () => ({ ok: client !== undefined });\n',
    );

    const bundles: Bundle[] = [];
    for (const name of functionNames()) bundles.push(await buildBundle(name, functionEntry(name), dir));
    bundles.push(await buildBundle(SDK_ONLY_HANDLER, sdkEntry, dir));
    bundles.push(await buildBundle(SDK_ONLY_ONE_FILE, sdkEntry, dir, true));
    bundles.push(await buildBundle(TRACED_SDK_HANDLER, tracedEntry, dir));
    bundles.push(await buildBundle(EMPTY_HANDLER, emptyEntry, dir));

    const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    const firstRequests: number[] = [];
    for (let round = 0; round < runs; round += 1) {
      for (const bundle of bundles) {
        const request = bundle.name === FIRST_REQUEST.functionName ? FIRST_REQUEST : undefined;
        const { importMs, firstRequestMs } = await importOnce(node, bundle.file, request);
        times.get(bundle.name)!.push(importMs);
        if (firstRequestMs !== undefined) firstRequests.push(firstRequestMs);
      }
    }
    return bundles.map(({ name, bytes, allBytes, external }) => {
      const importMsRuns = times.get(name)!;
      const firstRequest = name === FIRST_REQUEST.functionName ? { firstRequestMsRuns: firstRequests, firstRequestMsMedian: median(firstRequests) } : {};
      return { name, bytes, allBytes, importMsMedian: median(importMsRuns), importMsRuns, external, ...firstRequest };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(results: readonly ColdStartResult[], nodeVersion: string): void {
  const empty = results.find((r) => r.name === EMPTY_HANDLER)!;
  const sdkOnly = results.find((r) => r.name === SDK_ONLY_HANDLER)!;
  const reference = results.find((r) => r.name === SDK_ONLY_ONE_FILE)!;
  const rows = results.map((r) => ({
    name: r.name,
    bytes: r.bytes.toLocaleString('en-GB'),
    kb: (r.bytes / 1000).toFixed(1),
    median: r.importMsMedian.toFixed(1),
    vsReference: `x${importRatio(r, reference).toFixed(2)}`,
    vsSdk: `x${importRatio(r, sdkOnly).toFixed(2)}`,
    vsEmpty: `x${(r.importMsMedian / empty.importMsMedian).toFixed(2)} (+${(r.importMsMedian - empty.importMsMedian).toFixed(1)})`,
    range: `${Math.min(...r.importMsRuns).toFixed(1)}-${Math.max(...r.importMsRuns).toFixed(1)}`,
    ok: BASELINES.includes(r.name) ? '' : importOnTarget(r, reference) ? 'yes' : 'NO',
    external: r.external.join(' ') || '-',
  }));
  const headers = {
    name: 'bundle',
    bytes: 'bytes',
    kb: 'KB',
    median: 'import ms',
    vsReference: 'vs one-file SDK-only',
    vsSdk: 'vs SDK-only',
    vsEmpty: 'vs empty (ms)',
    range: 'range ms',
    ok: 'on target',
    external: 'external (size not counted)',
  };
  const columns = Object.keys(headers) as (keyof typeof headers)[];
  const widths = columns.map((c) => Math.max(headers[c].length, ...rows.map((row) => row[c].length)));
  const line = (cells: Record<string, string>) => columns.map((c, i) => cells[c]!.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
  const runs = empty.importMsRuns.length;
  const own = Object.entries(OWN_TARGETS).map(([name, target]) => `${name} < ${target.importMs} ms`);
  console.log(
    `\n${runs} runs each, interleaved; node ${nodeVersion}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}.` +
      ` "vs": the median of the runs' ratios to ${SDK_ONLY_ONE_FILE} (the issue's handler) or ${SDK_ONLY_HANDLER} (bundled as the functions are) in the same round.` +
      ` Target: import <= ${TARGET_RATIO_TO_SDK_ONLY}x ${SDK_ONLY_ONE_FILE}${own.length ? ` (${own.join(', ')})` : ''}; bytes (what a cold start loads) are information.`,
  );
  for (const r of results.filter((row) => row.firstRequestMsMedian !== undefined)) {
    console.log(`${r.name}: its first request after the import (${FIRST_REQUEST.event.routeKey}, refused ${FIRST_REQUEST.status} before any DynamoDB call), median ${r.firstRequestMsMedian!.toFixed(1)} ms.`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--packages') {
  await printPackages();
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = process.argv[2] === undefined ? DEFAULT_RUNS : Number(process.argv[2]);
  const node = process.env['COLD_START_NODE'] || process.execPath;
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  printTable(await measureColdStart({ runs, node }), nodeVersion);
}
