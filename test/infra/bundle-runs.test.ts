/**
 * The deployed bundles answer, not only import: the API's and the document
 * function's, made by bundleFunction as the stack makes them (chunks, Node's
 * modules required through the bundle's own `require`, assets beside them), run
 * in a plain Node process: the API against DynamoDB Local, with tracing off and
 * on; the document function rendering a year's Word document, its WebAssembly
 * and fonts found beside its chunks. A chunk that a request needs and the
 * bundle lacks, or a Node module the stand-in hands over wrongly, fails here
 * rather than in Lambda.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, functionEntry } from '#infra/constructs/bundling';
import { REPORT_CHARTS } from '#shared/domain/report-charts';
import { CHART_ASSETS } from '#shared/report-document/chart-assets';
import { anAnnualReport } from '../support/annual-report';
import { aChildBody } from '../support/children';
import { readDocx } from '../support/docx';
import { createTestTable, type TestTable } from '../support/dynamodb';

/** Imports the bundle, sends it the events in turn (each may use `<childId>`, the id the first answer gave), prints the answers. */
const RUN = `
const { handler } = await import(process.argv[1]);
const events = JSON.parse(process.argv[2]);
const answers = [];
let childId;
for (const event of events) {
  const text = JSON.stringify(event).replaceAll('<childId>', childId ?? '');
  const answer = await handler(JSON.parse(text), { awsRequestId: 'bundle-test', functionName: 'api', getRemainingTimeInMillis: () => 29000 });
  if (answer.statusCode === 201) childId = JSON.parse(answer.body).childId;
  answers.push({ status: answer.statusCode, body: answer.body === undefined ? undefined : JSON.parse(answer.body) });
}
process.stdout.write(JSON.stringify(answers));
`;

function event(method: string, rawPath: string, routePath: string, body?: unknown) {
  const routeKey = `${method} ${routePath}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    pathParameters: rawPath.includes('<childId>') ? { childId: '<childId>' } : undefined,
    requestContext: {
      requestId: `bundle-${method}`,
      routeKey,
      domainName: 'api.example.org',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { email: 'admin@example.org', 'cognito:groups': '[admin]' }, scopes: [] } },
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bundle-test' },
    },
  };
}

/** What the API's bundle answered each event, and the lines it logged. */
interface ApiRun {
  answers: { status: number; body: Record<string, unknown> }[];
  logs: Record<string, unknown>[];
}

describe("the API's bundle, run", () => {
  let table: TestTable;
  let entryFile: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-runs-'));
  beforeAll(async () => {
    table = await createTestTable();
    ({ entryFile } = await bundleFunction(functionEntry('api'), dir));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the bundle in a plain Node process, as deployed (no NODE_OPTIONS), against the test's table unless told. */
  function runApi(events: unknown[], env: Record<string, string>): ApiRun {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', RUN, pathToFileURL(entryFile).href, JSON.stringify(events)], {
      env: {
        PATH: process.env['PATH'] ?? '',
        TABLE_NAME: table.tableName,
        AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
        AWS_REGION: 'eu-west-2',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        ANNUAL_DOCUMENT_FUNCTION_NAME: 'bundle-test-document',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_TRACE_ENABLED: 'false',
        ...env,
      },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`the bundle exited ${run.status}: ${run.stderr}`);
    // Powertools writes warnings and errors to stderr, the rest to stdout; the answers come last.
    // (With tracing on, the X-Ray SDK writes lines of its own there, which are not JSON: not the service's logs.)
    const lines = `${run.stderr}\n${run.stdout}`.split('\n').filter((line) => line.startsWith('{') || line.startsWith('['));
    return { answers: JSON.parse(lines.at(-1)!) as ApiRun['answers'], logs: lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it.each([
    ['off', { POWERTOOLS_TRACE_ENABLED: 'false' }],
    // As in Lambda, bar the daemon: nothing listens on its port, and a segment with no trace is ignored.
    ['on', { POWERTOOLS_TRACE_ENABLED: 'true', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:9' }],
  ])('creates a child and reads it back, tracing %s', (tracing, tracingEnv) => {
    const events = [event('POST', '/children', '/children', aChildBody({ reference: `BUNDLE-${tracing}` })), event('GET', '/children/<childId>', '/children/{childId}'), event('GET', '/nowhere', '/nowhere')];
    const { answers, logs } = runApi(events, tracingEnv);
    const [created, read, unknown] = answers;
    expect(created!.status).toBe(201);
    expect(read!.status).toBe(200);
    expect(read!.body).toMatchObject({ childId: created!.body['childId'], reference: `BUNDLE-${tracing}` });
    expect(unknown!.status).toBe(404);
    expect(logs).toEqual([]);
  });

  it("traces a refused request as the caller's error, a failure as the function's fault with its exception, and no answer", async () => {
    // The X-Ray daemon, as Lambda runs it beside the function: each closed subsegment arrives as one datagram, a header line then the document.
    const daemon = createSocket('udp4');
    const documents: Record<string, unknown>[] = [];
    daemon.on('message', (datagram) => documents.push(JSON.parse(datagram.toString('utf8').split('\n')[1]!) as Record<string, unknown>));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const handlers = () => documents.filter((document) => document['name'] === '## index.handler');
    try {
      const events = [
        event('POST', '/children', '/children', aChildBody({ reference: 'BUNDLE-TRACED' })),
        event('POST', '/children', '/children', { reference: 'BUNDLE-REFUSED' }),
        // No request context: our code fails on it (a bug), answered 500.
        { version: '2.0', routeKey: 'GET /children', rawPath: '/children' },
      ];
      const { answers } = runApi(events, {
        POWERTOOLS_TRACE_ENABLED: 'true',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
        // Lambda's: the invocation's trace, sampled.
        _X_AMZN_TRACE_ID: 'Root=1-6754a3b2-5c1d2e3f4a5b6c7d8e9f0a1b;Parent=53995c3f42cd8ad8;Sampled=1',
        _HANDLER: 'index.handler',
        LAMBDA_TASK_ROOT: '/var/task',
      });
      expect(answers.map((answer) => answer.status)).toEqual([201, 400, 500]);
      for (let waited = 0; handlers().length < 3 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      daemon.close();
    }

    const [created, refused, failed] = handlers();
    expect(created).not.toHaveProperty('error');
    expect(created).not.toHaveProperty('fault');
    // The child's record was written, traced as DynamoDB's call within the request's.
    expect(documents).toContainEqual(expect.objectContaining({ name: 'DynamoDB', parent_id: created!['id'], aws: expect.objectContaining({ operation: 'TransactWriteItems' }) }));
    expect(refused).toMatchObject({ error: true });
    expect(refused).not.toHaveProperty('fault');
    expect(refused).not.toHaveProperty('cause');
    expect(failed).toMatchObject({ fault: true, cause: { exceptions: [expect.objectContaining({ type: 'TypeError' })] } });
    // No answer is in a trace: a child's record (the reference stands in for it) never reaches X-Ray.
    expect(JSON.stringify(documents)).not.toContain('BUNDLE-TRACED');
  });

  it("logs a failure's stack in the project's own files, mapped when the stack is made", () => {
    // An event API Gateway never sends (no request context): our code fails on it, a bug, answered 500 and logged with its stack.
    const { answers, logs } = runApi([{ version: '2.0', routeKey: 'GET /children', rawPath: '/children' }], {});

    expect(answers[0]!.status).toBe(500);
    const stack = String((logs.find((line) => line['message'] === 'request failed')?.['error'] as { stack?: string } | undefined)?.stack);
    const frames = stack.split('\n').filter((line) => line.startsWith('    at '));
    expect(stack).toMatch(/^TypeError: /);
    // Our code and middy's, by the files they were written in, named as written: no frame left in a chunk.
    expect(frames[0], stack).toMatch(/^ {4}at request \(shared\/http\/http-api\.ts:\d+:\d+\)$/);
    expect(frames.some((frame) => /\(node_modules\/@middy\/core\/index\.js:\d+:\d+\)$/.test(frame)), stack).toBe(true);
    expect(frames.filter((frame) => frame.includes('.mjs:')), stack).toEqual([]);
  });
});

describe("the document function's bundle, run", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-runs-document-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a year’s Word document, every chart drawn', async () => {
    const { entryFile } = await bundleFunction(functionEntry('annual-document'), dir, Object.values(CHART_ASSETS));
    const run =
      'const { handler } = await import(process.argv[1]); ' +
      'const answer = await handler({ report: JSON.parse(process.argv[2]) }); process.stdout.write(answer.document);';
    const base64 = execFileSync(process.execPath, ['--input-type=module', '-e', run, pathToFileURL(entryFile).href, JSON.stringify(anAnnualReport())], {
      // As deployed, bar the tracer (tested with the API above).
      env: { PATH: process.env['PATH'] ?? '', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_LOG_LEVEL: 'ERROR' },
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
    const pictures = readDocx(Buffer.from(base64, 'base64')).body.flatMap((block) => (block.kind === 'paragraph' ? block.pictures : []));
    // From the assets beside it: under tmpdir no node_modules is there to fall back on.
    expect(pictures).toHaveLength(REPORT_CHARTS.length);
  }, 60_000);
});
