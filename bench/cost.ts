/**
 * What a month of ordinary work costs on AWS, from measured units: the API's
 * routes and the jobs run here against DynamoDB Local with every call asking
 * for its consumed capacity (bench/capacity.ts), their own time and the bytes
 * they log counted; the stack synthesized to count what is billed by the
 * month (alarms, metrics, the key); then bench/cost-model.ts prices the
 * ordinary month of three sizes of council.
 *
 *   npm run bench -- --only cost [--children 2000]
 *
 * The register is the benchmark's synthetic one (bench/register.ts), loaded
 * without the meter; each route is called in turn on children of the kind it
 * is for, one request at a time, so that the units, time and log bytes between
 * two snapshots are that request's. Function times are DynamoDB Local's (a Java
 * process on the same two cores), far slower than DynamoDB's: the Lambda line
 * is an upper bound.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { dynamoDbPlugins } from '#shared/aws-clients';
import { addWorkingDays, isWorkingDay } from '#shared/domain/calendar/working-days';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import type { Child, ChildRecords } from '#shared/domain/records';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { importRegister } from '#shared/jobs/import-register';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { createTableInput, RETENTION_DAYS } from '#shared/store/table-design';
import { localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { createLocalApiServer } from '#infra/local/http-adapter';
import { loadOrCreateSigningKey, signLocalToken, verifyLocalToken } from '#infra/local/local-auth';
import { localFunctionEnv } from '#infra/local/settings';
import { startSesLocal } from '#infra/local/ses-local';
import { buildApp } from '#infra/app';
import { PROJECT_ROOT } from '#infra/constructs/bundling';
import { aChildBody } from '../test/support/children';
import { builtPage, testApp } from '../test/support/cdk-app';
import { freePort } from '../test/support/ports';
import { CapacityMeter, indexesOf, itemSize, type CapacityTotals } from './capacity';
import { COST_TARGETS_GBP, MONTH, PRICES, SIZES, YEARS_IN_USE, fmt, gbp, monthOfWork, monthlyBill, type CostLine, type CouncilSize, type Measured, type UnitOfWork } from './cost-model';
import { seeded, syntheticChild, syntheticRecords } from './register';
import { median } from './stats';

/** Requests measured a route (each on another child); the figure is their mean. */
const SAMPLES = 12;
/** The Lambda platform's own lines an invocation (START, END, REPORT), about. */
const PLATFORM_LOG_BYTES = 330;
/** The API's access log line (infra/constructs/api.ts's format), about. */
const ACCESS_LOG_BYTES = 420;

/** Who makes the measured requests. */
const ACTOR = 'admin@example.org';

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * Keeps the functions' logs (stdout) off the terminal from `hold()` to `release()`, and counts the bytes written
 * between `start()` and `stop()`: what one request or run logs.
 */
class LogCounter {
  bytes = 0;
  private counting = false;
  private readonly original = process.stdout.write.bind(process.stdout);
  hold(): void {
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (this.counting) this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  }
  release(): void {
    process.stdout.write = this.original;
  }
  start(): void {
    this.bytes = 0;
    this.counting = true;
  }
  stop(): void {
    this.counting = false;
  }
}

interface Sample extends UnitOfWork {
  indexWritesByItem: Record<string, number>;
  indexWriteUnitsReported: number;
  unreported: number;
}

type RouteUnit = UnitOfWork & { indexShare: number; indexWriteUnits: number; unreported: number; indexWritesByItem: Record<string, number> };

function unitOf(samples: Sample[]): RouteUnit {
  const mean = (f: (s: Sample) => number) => samples.reduce((n, s) => n + f(s), 0) / samples.length;
  const writeUnits = mean((s) => s.writeUnits);
  const byItem: Record<string, number> = {};
  for (const sample of samples) for (const [name, n] of Object.entries(sample.indexWritesByItem)) byItem[name] = (byItem[name] ?? 0) + n / samples.length;
  return {
    indexWritesByItem: byItem,
    readUnits: mean((s) => s.readUnits),
    writeUnits,
    ms: median(samples.map((s) => s.ms)),
    logBytes: mean((s) => s.logBytes),
    indexShare: writeUnits === 0 ? 0 : mean((s) => s.indexWriteUnitsReported) / writeUnits,
    indexWriteUnits: mean((s) => s.indexWriteUnitsReported),
    unreported: samples.reduce((n, s) => n + s.unreported, 0),
  };
}

export interface CostMeasurement {
  children: number;
  routes: Record<string, RouteUnit>;
  jobs: { nightly: UnitOfWork & { children: number; digests: number }; monthly: UnitOfWork & { children: number } };
  measured: Measured;
  bills: { size: string; children: number; lines: CostLine[]; totalUsd: number; totalGbp: number; dominant: string; targetGbp?: number }[];
  /** The routes' write units of England's month, by where they go: the table, and each kind of item's index copies. */
  writesByPlace: Record<string, number>;
  /** Design choices priced at England's size: what each costs a month, or saves, as measured. */
  choices: { choice: string; usdEngland: number; decision: string }[];
}

/** The design choices the cost table weighs, priced at England's size against the bill as built. */
function choicesPriced(measured: Measured, englandUsd: number, readKeysRepeatedBytes: number): CostMeasurement['choices'] {
  const england = SIZES.at(-1)!;
  const total = (m: Measured) => monthlyBill(england, m).reduce((n, line) => n + line.usd, 0);
  const line = (item: string) => monthlyBill(england, measured).find((l) => l.item === item)!.usd;
  const places = writesByPlace(england, measured.routes as Record<string, RouteUnit>);
  const allWrites = Object.values(places).reduce((a, b) => a + b, 0);
  const profileCopies = ['profile IroIndex', 'profile TeamManagerIndex', 'profile ChildrenIndex'].reduce((n, place) => n + (places[place] ?? 0), 0);
  const readLogYear = (12 * monthOfWork(england).requests['GET /children/{childId}']! * measured.readLogBytesPerRead) / 1024 ** 3;
  return [
    {
      choice: 'Remembered answers (Idempotency-Key) kept for ever, not 7 days: each holds a copy of the child’s file as answered',
      usdEngland: total({ ...measured, idempotencyRetentionDays: 365 * YEARS_IN_USE }) - englandUsd,
      decision: 'changed: they expire after 7 days (the table’s time to live)',
    },
    {
      choice: 'A read’s entry storing its keys again (the child’s id, the time, the request id)',
      usdEngland: total({ ...measured, readLogBytesPerRead: measured.readLogBytesPerRead + readKeysRepeatedBytes }) - englandUsd,
      decision: `changed: they are the entry’s keys, stored once (${Math.round(readKeysRepeatedBytes)} bytes of ${Math.round(measured.readLogBytesPerRead + readKeysRepeatedBytes)} an entry)`,
    },
    {
      choice: 'The read log, each further year kept beyond six (storage and point-in-time recovery)',
      usdEngland: readLogYear * (PRICES.dynamoDb.storageGbMonth + PRICES.dynamoDb.pitrGbMonth),
      decision: 'changed: entries expire after six years, the limitation period for a claim of misuse',
    },
    {
      choice: 'A child’s profile copied whole into the IRO, team manager and children indexes, rewritten by every write for its version',
      usdEngland: profileCopies * PRICES.dynamoDb.writeRequestUnit,
      decision: `kept: ${((100 * profileCopies) / allWrites).toFixed(0)}% of the routes’ write units; projecting fewer attributes would move every list to a second read`,
    },
    {
      choice: 'One log line a request (and the API’s access log)',
      usdEngland: line('CloudWatch Logs'),
      decision: 'kept: the request line is the only record of refused reads and 5xx answers',
    },
    {
      choice: 'Tracing every function with X-Ray (default sampling)',
      usdEngland: line('X-Ray tracing'),
      decision: measured.tracing ? 'kept: a slow route or job can be found in production' : 'not deployed yet',
    },
  ];
}

/** A month's route write units at `size`, by place: `table`, then `<item kind> <index>` for the index copies. */
function writesByPlace(size: CouncilSize, routes: Record<string, RouteUnit>): Record<string, number> {
  const places: Record<string, number> = {};
  for (const [route, count] of Object.entries(monthOfWork(size).requests)) {
    const unit = routes[route]!;
    places['table'] = (places['table'] ?? 0) + count * (unit.writeUnits - unit.indexWriteUnits);
    // The reported index units, shared out as the meter's reading of the items written shares them.
    const attributed = Object.values(unit.indexWritesByItem).reduce((a, b) => a + b, 0);
    if (attributed === 0 && unit.indexWriteUnits > 0) places['indexes, not attributed'] = (places['indexes, not attributed'] ?? 0) + count * unit.indexWriteUnits;
    for (const [place, n] of Object.entries(unit.indexWritesByItem)) places[place] = (places[place] ?? 0) + (count * unit.indexWriteUnits * n) / attributed;
  }
  return Object.fromEntries(Object.entries(places).sort((a, b) => b[1] - a[1]));
}

export async function measureCost(children: number): Promise<CostMeasurement> {
  const today = todayInLondon(new Date());
  const [dynamoDb, ses] = await Promise.all([startDynamoDbLocal({ port: await freePort() }), startSesLocal({ port: await freePort() })]);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iro-cost-'));
  const meter = new CapacityMeter({ attributeIndexWrites: true, endpoint: dynamoDb.endpoint });
  const logs = new LogCounter();
  try {
    const table = 'cost';
    const raw = localDynamoDbClient(dynamoDb.endpoint);
    await raw.send(new CreateTableCommand(createTableInput(table)));
    Object.assign(process.env, localFunctionEnv({ tableName: table, region: 'eu-west-2', dynamoDbEndpoint: dynamoDb.endpoint, sesEndpoint: ses.endpoint }), {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });

    // The register, as it stands today, written without the meter.
    log(`loading ${fmt(children)} children`);
    const random = seeded(20261206);
    const register: { child: Child; records: ChildRecords }[] = [];
    for (let index = 0; index < children; index += 1) {
      register.push({
        child: syntheticChild(index, random, today),
        records: syntheticRecords({ random, asOf: today, historyFrom: addDays(today, -3 * 365), newId: () => crypto.randomUUID() }),
      });
    }
    const { importer } = dynamoDbStores(DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), table);
    await importRegister({ importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => new Date(), actor: 'bench', write: { concurrency: 12 } }, register);
    const lookedAfter = register.filter(({ records }) => records.careEpisodes.some((e) => e.endDate === undefined)).map(({ child }) => child.childId);
    const registered = register.filter(({ records }) => records.registrations.some((r) => r.endDate === undefined)).map(({ child }) => child.childId);
    const neither = register
      .filter(({ child }) => !lookedAfter.includes(child.childId) && !registered.includes(child.childId))
      .map(({ child }) => child.childId);
    log(`${fmt(lookedAfter.length)} looked after, ${fmt(registered.length)} registered, ${fmt(neither.length)} neither`);

    // From here on, every client the handlers make is metered, and what they log is counted, not shown.
    dynamoDbPlugins.push(meter.plugin());
    logs.hold();
    const { handler } = await import('#functions/api/handler');
    const key = await loadOrCreateSigningKey(dataDir);
    const server = createLocalApiServer({ handler: (event, context) => handler(event, context), verifyToken: async (token) => verifyLocalToken(key, token), throttle: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = await signLocalToken(key, { email: ACTOR, roles: ['admin'] });

    const call = async (method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const response = await fetch(`${api}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };
    /** One request, measured: its units, time and log bytes, and its answer. */
    const attempt = async (method: string, route: string, body?: unknown): Promise<Sample & { status: number; answer: Record<string, unknown> }> => {
      const before = meter.snapshot();
      logs.start();
      const start = performance.now();
      const answer = await call(method, route, body).finally(() => logs.stop());
      return { ...sampleOf(meter.since(before), performance.now() - start, logs.bytes), status: answer.status, answer: answer.body };
    };
    /** One request, measured; a refusal stops the benchmark (the body says why). */
    const measured = async (method: string, route: string, body?: unknown) => {
      const sample = await attempt(method, route, body);
      if (sample.status >= 300) throw new Error(`${method} ${route} answered ${sample.status}: ${JSON.stringify(sample.answer).slice(0, 400)}`);
      return sample;
    };

    const routes: Record<string, Sample[]> = {};
    const add = (name: string, sample: Sample) => (routes[name] ??= []).push(sample);
    const heldCer = { type: 'CER', heldOn: today, childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: true };
    const bookFor = addWorkingDays(today, 10);
    log('measuring the routes');
    for (let i = 0; i < SAMPLES; i += 1) {
      const child = lookedAfter[i]!;
      const other = lookedAfter[SAMPLES + i]!;
      const cp = registered[i % registered.length]!;
      const free = neither[i % neither.length]!;
      add('GET /children/{childId}', await measured('GET', `/children/${child}`));
      add('GET /children', await measured('GET', '/children'));
      add('GET /timescales', await measured('GET', `/timescales`));
      add('POST /children', await measured('POST', '/children', aChildBody()));
      // A booking, and its outcome recorded once held: the late reason only where the booking is past its due date.
      // A booking past its due date is refused (409, naming lateReason) until it says why: then it is made again with a reason, as a client would.
      const inTime = await attempt('POST', `/children/${child}/meetings`, { status: 'booked', type: 'CER', bookedFor: bookFor });
      const late = inTime.status === 409 && JSON.stringify(inTime.answer).includes('lateReason');
      const booked = late ? await measured('POST', `/children/${child}/meetings`, { status: 'booked', type: 'CER', bookedFor: bookFor, lateReason: 'the family’s availability' }) : inTime;
      if (booked.status >= 300) throw new Error(`booking a CER answered ${booked.status}: ${JSON.stringify(booked.answer).slice(0, 400)}`);
      add('POST /children/{childId}/meetings (booked)', booked);
      const meetingId = String((booked.answer['meeting'] as Record<string, unknown> | undefined)?.['meetingId'] ?? booked.answer['meetingId']);
      add(
        'PATCH /children/{childId}/meetings/{meetingId} (held)',
        await measured('PATCH', `/children/${child}/meetings/${meetingId}`, { status: 'held', heldOn: today, childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: true }),
      );
      add('POST /children/{childId}/meetings (held)', await measured('POST', `/children/${other}/meetings`, heldCer));
      add('POST /children/{childId}/care-episodes', await measured('POST', `/children/${free}/care-episodes`, { startDate: today }));
      const change = await measured('POST', `/children/${other}/placement-changes`, { date: today, unplanned: false });
      add('POST /children/{childId}/placement-changes', change);
      const changeId = String((change.answer['placementChange'] as Record<string, unknown> | undefined)?.['placementChangeId'] ?? change.answer['placementChangeId']);
      add('PATCH a record (a correction)', await measured('PATCH', `/children/${other}/placement-changes/${changeId}`, { unplanned: true }));
      add('POST /children/{childId}/strategy-discussions', await measured('POST', `/children/${cp}/strategy-discussions`, { date: today }));
    }

    log('the jobs');
    const nightlyDay = isWorkingDay(today) ? today : addWorkingDays(today, 1);
    const { handler: nightly } = await import('#functions/nightly-timescales/handler');
    const nightlyBefore = meter.snapshot();
    logs.start();
    let start = performance.now();
    const summary = await nightly({ date: nightlyDay }).finally(() => logs.stop());
    const nightlySample = sampleOf(meter.since(nightlyBefore), performance.now() - start, logs.bytes);
    const { handler: monthly } = await import('#functions/monthly-snapshot/handler');
    const month = addDays(today, -31).slice(0, 7);
    const monthlyBefore = meter.snapshot();
    logs.start();
    start = performance.now();
    await monthly({ month, force: true }).finally(() => logs.stop());
    const monthlySample = sampleOf(meter.since(monthlyBefore), performance.now() - start, logs.bytes);
    for (let i = 0; i < SAMPLES; i += 1) {
      add('GET /snapshots/{month}', await measured('GET', `/snapshots/${month}`));
      if (i < 3) add('GET /reports/annual', await measured('GET', `/reports/annual?year=${Number(month.slice(0, 4)) - (Number(month.slice(5)) < 4 ? 1 : 0)}`));
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));

    log('what the table holds');
    const stored = await storedBytes(raw, table);
    const page = builtPage();
    const pageFiles = filesUnder(page.outDir);
    const template = Template.fromStack(buildApp(testApp(), { pageDir: page.outDir }).stack);
    const perChild = (s: Sample): UnitOfWork => ({ readUnits: s.readUnits / children, writeUnits: s.writeUnits / children, ms: s.ms / children, logBytes: s.logBytes / children });
    const zero: UnitOfWork = { readUnits: 0, writeUnits: 0, ms: 0, logBytes: 0 };
    // The service's own functions (each names its Powertools service), not CDK's page-deployment function.
    const functions = (
      Object.values(template.findResources('AWS::Lambda::Function')) as {
        Properties: { MemorySize?: number; TracingConfig?: { Mode?: string }; Description?: string; Environment?: { Variables?: Record<string, unknown> } };
      }[]
    ).filter((f) => f.Properties.Environment?.Variables?.['POWERTOOLS_SERVICE_NAME'] !== undefined);
    const memory = (match: RegExp) => functions.find((f) => match.test(f.Properties.Description ?? ''))?.Properties.MemorySize ?? 1024;
    const measuredFigures: Measured = {
      routes: Object.fromEntries(Object.entries(routes).map(([name, samples]) => [name, unitOf(samples)])),
      nightlyPerChild: perChild(nightlySample),
      nightlyFixed: zero,
      monthlyPerChild: perChild(monthlySample),
      monthlyFixed: zero,
      documentMs: 5_000,
      storedBytesPerChild: stored.fileBytes / children,
      auditBytesPerWrite: stored.auditBytesPerItem,
      readLogBytesPerRead: stored.readBytesPerItem,
      idempotencyBytesPerPost: stored.idempotencyBytesPerItem,
      readLogRetentionMonths: Math.round(RETENTION_DAYS.readLog / MONTH.days),
      idempotencyRetentionDays: RETENTION_DAYS.idempotency,
      pageBytes: pageFiles.bytes,
      pageFiles: pageFiles.count,
      stack: {
        alarms: Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length,
        customMetrics: customMetricCount(),
        kmsKeys: Object.keys(template.findResources('AWS::KMS::Key')).length,
      },
      accessLogBytesPerRequest: ACCESS_LOG_BYTES,
      platformLogBytesPerInvocation: PLATFORM_LOG_BYTES,
      memoryMb: { api: memory(/API|api/), jobs: memory(/nightly|Nightly/), document: memory(/Word document/) },
      tracing: functions.length > 0 && functions.every((f) => f.Properties.TracingConfig?.Mode === 'Active'),
    };
    const bills = SIZES.map((size) => {
      const lines = monthlyBill(size, measuredFigures);
      const totalUsd = lines.reduce((n, line) => n + line.usd, 0);
      const dominant = [...lines].sort((a, b) => b.usd - a.usd)[0]!.item;
      return { size: size.name, children: size.lookedAfter + size.registered, lines, totalUsd, totalGbp: gbp(totalUsd), dominant, ...(COST_TARGETS_GBP[size.name] ? { targetGbp: COST_TARGETS_GBP[size.name] } : {}) };
    });
    return {
      children,
      routes: measuredFigures.routes as CostMeasurement['routes'],
      jobs: { nightly: { ...nightlySample, children, digests: summary.sent.length }, monthly: { ...monthlySample, children } },
      measured: measuredFigures,
      bills,
      writesByPlace: writesByPlace(SIZES.at(-1)!, measuredFigures.routes as Record<string, RouteUnit>),
      choices: choicesPriced(measuredFigures, bills.at(-1)!.totalUsd, stored.readKeysRepeatedBytes),
    };
  } finally {
    logs.release();
    dynamoDbPlugins.length = 0;
    meter.destroy();
    await Promise.all([dynamoDb.stop(), ses.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function sampleOf(used: CapacityTotals, ms: number, logBytes: number): Sample {
  return {
    readUnits: used.readUnits,
    writeUnits: used.writeUnits + used.indexWriteUnitsReported,
    indexWritesByItem: used.indexWritesByItem,
    indexWriteUnitsReported: used.indexWriteUnitsReported,
    unreported: used.unreported,
    ms,
    logBytes,
  };
}

/** The table's bytes as DynamoDB bills storage (each item's size and 100 bytes; each index's copy too), by kind. */
async function storedBytes(client: ReturnType<typeof localDynamoDbClient>, table: string) {
  let fileBytes = 0;
  const audit: number[] = [];
  const reads: number[] = [];
  const answers: number[] = [];
  /** What a read's entry held before it stopped storing its keys again: the child's id, the time and the request id. */
  const repeated: number[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const bytes = (itemSize(item) + 100) * (1 + indexesOf(item).length);
      const pk = item['PK']?.S ?? '';
      const sk = item['SK']?.S ?? '';
      if (pk.startsWith('READS#')) {
        reads.push(bytes);
        const [at = '', requestId = ''] = sk.split('#');
        const childId = pk.startsWith('READS#LISTS#') ? undefined : pk.slice('READS#'.length);
        repeated.push((childId ? 'childId'.length + childId.length : 0) + 'at'.length + at.length + 'requestId'.length + requestId.length);
      }
      else if (pk.startsWith('IDEMPOTENCY#')) answers.push(bytes);
      // The audit entries the measured requests made, not the import's (one a child, listing its whole history).
      else if (sk.startsWith('AUDIT#') && item['actor']?.S === ACTOR) audit.push(bytes);
      if (pk.startsWith('CHILD#') || pk.startsWith('REFERENCE#')) fileBytes += bytes;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const mean = (list: number[]) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0);
  return { fileBytes, auditBytesPerItem: mean(audit), readBytesPerItem: mean(reads), readKeysRepeatedBytes: mean(repeated), idempotencyBytesPerItem: mean(answers) };
}

function filesUnder(dir: string): { bytes: number; count: number } {
  let bytes = 0;
  let count = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(dir, entry));
    if (stat.isFile() && !entry.endsWith('.map')) {
      bytes += stat.size;
      count += 1;
    }
  }
  return { bytes, count };
}

/** The custom metrics the functions publish: each name in their source once (the service is its one dimension). */
function customMetricCount(): number {
  const names = new Set<string>();
  for (const dir of readdirSync(path.join(PROJECT_ROOT, 'functions'))) {
    const file = path.join(PROJECT_ROOT, 'functions', dir, 'handler.ts');
    if (!existsSync(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/addMetric\(\s*'(\w+)'/g)) names.add(`${dir}:${match[1]}`);
  }
  return names.size;
}

/** The cost section's lines for bench/RESULTS.md. */
export function costLines(m: CostMeasurement): string[] {
  const usd = (n: number) => (n < 0.005 ? '$0.00' : `$${n.toFixed(2)}`);
  const lines = [
    '| item | ' + m.bills.map((b) => `${b.size} (${fmt(b.children)} children)`).join(' | ') + ' |',
    '| --- | ' + m.bills.map(() => '---').join(' | ') + ' |',
  ];
  for (const [i, line] of m.bills[0]!.lines.entries()) {
    lines.push(`| ${line.item} | ${m.bills.map((b) => `${usd(b.lines[i]!.usd)} (${b.lines[i]!.basis})`).join(' | ')} |`);
  }
  lines.push(`| **a month, all in** | ${m.bills.map((b) => `**£${b.totalGbp.toFixed(2)}** ($${b.totalUsd.toFixed(2)})`).join(' | ')} |`);
  lines.push(`| target | ${m.bills.map((b) => (b.targetGbp ? `under £${b.targetGbp}: ${b.totalGbp < b.targetGbp ? 'met' : '**not met**'}` : '(none)')).join(' | ')} |`);
  lines.push(`| the largest line | ${m.bills.map((b) => b.dominant).join(' | ')} |`);
  return lines;
}

export function routeLines(m: CostMeasurement): string[] {
  const lines = ['| route or job | read units | write units (of which indexes) | function time | log bytes |', '| --- | --- | --- | --- | --- |'];
  for (const [route, unit] of Object.entries(m.routes)) {
    lines.push(`| ${route} | ${unit.readUnits.toFixed(1)} | ${unit.writeUnits.toFixed(1)} (${Math.round(unit.indexShare * 100)}%) | ${unit.ms.toFixed(0)} ms | ${unit.logBytes.toFixed(0)} |`);
  }
  const { nightly, monthly } = m.jobs;
  lines.push(`| nightly job, ${fmt(nightly.children)} children (${nightly.digests} digests) | ${nightly.readUnits.toFixed(1)} | ${nightly.writeUnits.toFixed(1)} | ${nightly.ms.toFixed(0)} ms | ${nightly.logBytes.toFixed(0)} |`);
  lines.push(`| monthly snapshot, ${fmt(monthly.children)} children | ${monthly.readUnits.toFixed(1)} | ${monthly.writeUnits.toFixed(1)} | ${monthly.ms.toFixed(0)} ms | ${monthly.logBytes.toFixed(0)} |`);
  return lines;
}


if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const m = await measureCost(Number(process.argv[2] ?? 480));
  for (const line of [...routeLines(m), '', ...costLines(m)]) console.log(line);
  const total = Object.values(m.writesByPlace).reduce((a, b) => a + b, 0);
  console.log(Object.entries(m.writesByPlace).map(([place, n]) => `${place} ${((100 * n) / total).toFixed(1)}%`).join(', '));
  console.log(JSON.stringify(m.measured, null, 1).slice(0, 3000));
}
