/**
 * The benchmark at national scale: every figure of the nightly job, the
 * monthly snapshot and the API against the bare DynamoDB operation that is its
 * physical limit, measured in the same run (these machines are shared and
 * noisy: ratios hold where absolute times wander).
 *
 *   npm run bench -- --children 20000      nightly, monthly, API, cold start at N
 *   npm run bench -- --growth              nightly and monthly at 1,000, 10,000 and 100,000 (the due items of 1,000)
 *   npm run bench -- --children 100000 --only nightly   the nightly job at N as the main run draws it, kept by N
 *   npm run bench -- --only cost           a month's AWS bill at three sizes (bench/cost.ts; also in the main run)
 *
 * A synthetic register (bench/register.ts) is loaded into a fresh DynamoDB
 * Local through the project's own import (shared/jobs/import-register.ts:
 * batched, in parallel). Each job and each bare operation runs in a fresh
 * process of its own (bench/national-worker.ts), as a Lambda does. Results go
 * to bench/results.json (each kind of run keeps its own section) and
 * bench/RESULTS.md, written from it. Bounded: it stops itself after 25 minutes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, QueryCommand, TransactWriteItemsCommand, type AttributeValue, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withoutSdkLogger } from '#shared/aws-clients';
import { addWorkingDays } from '#shared/domain/calendar/working-days';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { emptyRecords, type Child, type ChildRecords } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { importRegister } from '#shared/jobs/import-register';
import type { RegisterImport } from '#shared/store/ports';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { createTableInput, keys } from '#shared/store/table-design';
import { localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { loadOrCreateSigningKey, signLocalToken } from '#infra/local/local-auth';
import { startSesLocal } from '#infra/local/ses-local';
import { freePort } from '../test/support/ports';
import { measureColdStart } from './cold-start';
import { costLines, measureCost } from './cost';
import { documentLines, measureDocument } from './document';
import { importLines, measureImport } from './import';
import { closedLoop, type LoadResult } from './load';
import { startApiServer } from '#infra/local/api-process';
import { seeded, syntheticChild, syntheticRecords } from './register';
import { writeResultsMarkdown, type Results } from './results';
import { median } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_JSON = path.join(HERE, 'results.json');
const TSX = path.join(HERE, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    children: { type: 'string', default: '20000' },
    growth: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    'api-seconds': { type: 'string', default: '10' },
    seed: { type: 'string', default: '20251201' },
    /**
     * Measure only these parts (nightly, monthly, api, cold-start), print them, and write no results. `cost` (a month's
     * AWS bill, measured on a register of its own, also part of the main run), `document`
     * (the committee's Word document, at the demo register's size and at --children) and `import` (a 903 set of
     * --children moved in, against the bare bulk write) need no loaded register: alone, they load none, and each
     * keeps its own section of the results.
     */
    only: { type: 'string' },
  },
});
const ONLY = values.only === undefined ? undefined : new Set(values.only.split(','));
const wanted = (part: string) => ONLY === undefined || ONLY.has(part);
const CHILDREN = Number(values.children);
const ROUNDS = Number(values.rounds);
const API_SECONDS = Number(values['api-seconds']);
/** The register stands as on this working day; the nightly rounds run on it and the days after. */
const AS_OF = '2025-06-30';
const HISTORY_FROM = '2022-07-01';
const MONTH = '2025-05';
const HORIZON = DEFAULT_TIMESCALE_POLICY.dueSoonWorkingDays;
const GROWTH_STEPS = [1_000, 10_000, 100_000];
/** In the growth run, children after the first thousand have nothing due in any round's horizon, so the nightly work is fixed. */
const GROWTH_DUE_CHILDREN = 1_000;
const API_CLIENTS = 32;
/**
 * Rounds of each API route and its bare calls: three, so that the ratio is the middle round's. With two it was
 * their mean, and one spiky round moved it: in one run the GET's rounds were 2.82x and 1.89x, where runs
 * either side of it gave 1.58x and 1.69x.
 */
const API_ROUNDS = 3;
/** A full scan is stopped after this long: past it, "at most job / this" is the figure. */
const FULL_SCAN_LIMIT_SECONDS = 90;
const TIME_LIMIT_MS = 25 * 60 * 1000;
/** The register the cost benchmark measures its units on: Bridgend's size (the units of a request do not grow with it; a job's are per child). */
const COST_CHILDREN = 480;

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Stand {
  dynamoDb: string;
  ses: string;
  table: string;
}

/** One operation in a fresh process: the job's real handler or the bare DynamoDB operation. */
async function measure(stand: Stand, operation: string, args: string[] = []): Promise<{ ms: number; items: number; maxRssMb: number } & Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    [TSX, path.join(HERE, 'national-worker.ts'), operation, '--dynamodb', stand.dynamoDb, '--ses', stand.ses, '--table', stand.table, ...args],
    { maxBuffer: 1 << 20, timeout: 10 * 60 * 1000 },
  );
  const line = stdout.trim().split('\n').pop()!;
  return JSON.parse(line);
}

// ---------------------------------------------------------------------------
// Loading the register
// ---------------------------------------------------------------------------

interface Loaded {
  children: number;
  records: number;
  items: number;
  seconds: number;
  /** Children looked after now: the ones a CER can be written for. */
  lookedAfter: string[];
}

/** Loads children [loaded.children, upTo) in batches, each batch's writes in parallel. */
async function load(importer: RegisterImport, random: () => number, loaded: Loaded, upTo: number, quietAfter: number | undefined): Promise<void> {
  const lastDueBy = addWorkingDays(addWorkingDays(AS_OF, ROUNDS), HORIZON);
  const start = performance.now();
  const BATCH = 1_000;
  let inFlight: Promise<void> = Promise.resolve();
  for (let from = loaded.children; from < upTo; from += BATCH) {
    const batch: { child: Child; records: ChildRecords }[] = [];
    for (let index = from; index < Math.min(upTo, from + BATCH); index += 1) {
      const child = syntheticChild(index, random, AS_OF);
      const history = () => syntheticRecords({ random, asOf: AS_OF, historyFrom: HISTORY_FROM, newId: () => crypto.randomUUID() });
      let records = history();
      if (quietAfter !== undefined && index >= quietAfter) {
        // A child whose next timescale falls after every round's horizon: drawn again until one is.
        for (let attempt = 0; openTimescales(records, DEFAULT_TIMESCALE_POLICY, AS_OF).some((t) => t.dueDate <= lastDueBy); attempt += 1) {
          records = attempt < 50 ? history() : emptyRecords();
        }
      }
      batch.push({ child, records });
      loaded.records += Object.values(records).reduce((n, list) => n + list.length, 0);
      if (records.careEpisodes.some((e) => e.endDate === undefined)) loaded.lookedAfter.push(child.childId);
    }
    // One batch writes while the next is drawn: DynamoDB Local, not this process, should be the limit.
    await inFlight;
    inFlight = importRegister(
      { importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => new Date(`${AS_OF}T12:00:00Z`), actor: 'bench', write: { concurrency: 12 } },
      batch,
    ).then((summary) => {
      loaded.items += summary.items;
      loaded.children += batch.length;
    });
  }
  await inFlight;
  loaded.seconds += (performance.now() - start) / 1000;
  log(`loaded ${loaded.children.toLocaleString('en-GB')} children, ${loaded.records.toLocaleString('en-GB')} records, ${loaded.items.toLocaleString('en-GB')} items (${(loaded.items / loaded.seconds).toFixed(0)} items/s)`);
}

// ---------------------------------------------------------------------------
// The jobs against their bare operations
// ---------------------------------------------------------------------------

interface Paired {
  system: number[];
  bare: number[];
  ratio: number[];
}
const paired = (): Paired => ({ system: [], bare: [], ratio: [] });
const summaryOf = (p: Paired) => ({ systemMs: round1(median(p.system)), bareMs: round1(median(p.bare)), ratio: round3(median(p.ratio)), rounds: p.system.length });

/** Empties the digest ledger (the job's and the bare floor's) of a day, so that the day can be measured again. */
async function forgetDigests(stand: Stand, day: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint: stand.dynamoDb, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  for (const partition of [`DIGEST#${day}`, `BENCH-LEDGER#${day}#before`, `BENCH-LEDGER#${day}#after`]) {
    const keysOf: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: stand.table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: partition } }, ProjectionExpression: 'PK, SK', ExclusiveStartKey: start }),
      );
      keysOf.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    for (let i = 0; i < keysOf.length; i += 25) {
      let pending: { DeleteRequest: { Key: Record<string, AttributeValue> } }[] = keysOf.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      while (pending.length) {
        const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [stand.table]: pending } }));
        pending = (UnprocessedItems?.[stand.table] ?? []) as typeof pending;
      }
    }
  }
  client.destroy();
}

/** Runs the operations one after another, starting at a different one each round; answers in the order given. */
async function inTurn<T extends readonly (() => Promise<unknown>)[]>(round: number, operations: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = new Array(operations.length);
  for (let k = 0; k < operations.length; k += 1) {
    const i = (round + k) % operations.length;
    results[i] = await operations[i]!();
  }
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

async function measureNightly(stand: Stand, scanRounds: number, loadedItems: number) {
  const vsQuery = paired();
  const vsFloor = paired();
  const vsScan = paired();
  let due = 0;
  let digests = 0;
  let tableItems = 0;
  let units = { readUnits: 0, writeUnits: 0 };
  let scanComplete = true;
  for (let r = 0; r < ROUNDS; r += 1) {
    // Each round is another working day, so that the ledger has sent nothing yet.
    const asOf = addWorkingDays(AS_OF, r);
    const dueBy = addWorkingDays(asOf, HORIZON);
    // A day the ledgers have not seen, even when an earlier step of the growth run used it.
    await forgetDigests(stand, asOf);
    // Whatever runs second reads a warmer DynamoDB Local: the order of the job and the due-date query turns each round.
    // The job runs between two runs of its floor, and its floor is their mean: taking turns among three, the job ran
    // before its floor in two rounds of three, and the first of the two was up to twice as slow here.
    // The day's digests, for the floor to send, built in a process of their own: the floor's starts as cold as the job's.
    const digestsFile = path.join(os.tmpdir(), `bench-digests-${process.pid}-${asOf}.json`);
    await measure(stand, 'digests', ['--date', asOf, '--due-by', dueBy, '--digests', digestsFile]);
    const floorBefore = await measure(stand, 'bare-digests', ['--date', asOf, '--due-by', dueBy, '--ledger', 'before', '--digests', digestsFile]);
    const [bare, job] = await inTurn(r, [
      () => measure(stand, 'due-query', ['--due-by', dueBy]),
      () => measure(stand, 'nightly', ['--date', asOf]),
    ] as const);
    const floorAfter = await measure(stand, 'bare-digests', ['--date', asOf, '--due-by', dueBy, '--ledger', 'after', '--digests', digestsFile]);
    rmSync(digestsFile, { force: true });
    if (job['failed']) throw new Error(`the nightly job failed ${job['failed']} digests`);
    for (const floor of [floorBefore, floorAfter]) {
      if (floor['sent'] !== job['sent']) throw new Error(`the bare sends reached ${floor['sent']} recipients, the job ${job['sent']}`);
    }
    const floor = { ms: (floorBefore.ms + floorAfter.ms) / 2 };
    vsQuery.bare.push(bare.ms);
    vsQuery.system.push(job.ms);
    vsQuery.ratio.push(job.ms / bare.ms);
    vsFloor.bare.push(floor.ms);
    vsFloor.system.push(job.ms);
    vsFloor.ratio.push(job.ms / floor.ms);
    due = job.items;
    digests = job['sent']!;
    units = { readUnits: job['readUnits'] ?? 0, writeUnits: job['writeUnits'] ?? 0 };
    if (r < scanRounds) {
      const scan = await measure(stand, 'full-scan', ['--limit-seconds', String(FULL_SCAN_LIMIT_SECONDS)]);
      tableItems = loadedItems;
      scanComplete = scanComplete && scan['complete'] === 1;
      vsScan.bare.push(scan.ms);
      vsScan.system.push(job.ms);
      vsScan.ratio.push(job.ms / scan.ms);
    }
    log(
      `nightly ${asOf}: job ${job.ms.toFixed(0)} ms (${job.items} due, ${job['sent']} digests), bare due query ${bare.ms.toFixed(0)} ms (${bare.items} items), ` +
        `bare query and sends ${floorBefore.ms.toFixed(0)} ms before it, ${floorAfter.ms.toFixed(0)} ms after`,
    );
  }
  return {
    dueTimescales: due,
    digests,
    tableItems,
    /** What one run consumed, as DynamoDB Local reported it. */
    units,
    vsDueQuery: summaryOf(vsQuery),
    vsQueryAndSends: summaryOf(vsFloor),
    // A scan stopped at its limit took longer than that: the job's ratio to it is at most the one given.
    vsFullScan: { ...summaryOf(vsScan), scanComplete },
  };
}

async function measureMonthly(stand: Stand, rounds: number) {
  const vsScan = paired();
  const rss: number[] = [];
  let items = 0;
  let units = { readUnits: 0, writeUnits: 0 };
  for (let r = 0; r < rounds; r += 1) {
    const [bare, job] = await inTurn(r, [() => measure(stand, 'register-query'), () => measure(stand, 'monthly', ['--month', MONTH])] as const);
    vsScan.bare.push(bare.ms);
    vsScan.system.push(job.ms);
    vsScan.ratio.push(job.ms / bare.ms);
    rss.push(job.maxRssMb);
    items = bare.items;
    units = { readUnits: job['readUnits'] ?? 0, writeUnits: job['writeUnits'] ?? 0 };
    log(`monthly ${MONTH}: job ${job.ms.toFixed(0)} ms (${job.items} children, peak ${job.maxRssMb} MB), bare register-index queries ${bare.ms.toFixed(0)} ms (${bare.items} items)`);
  }
  return { itemsRead: items, units, vsRegisterRead: summaryOf(vsScan), peakRssMb: Math.max(...rss) };
}

// ---------------------------------------------------------------------------
// The API under load against the bare DynamoDB calls its routes make
// ---------------------------------------------------------------------------

function call(agent: Agent, url: string, method: string, token: string, body?: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      url,
      { method, agent, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`${method} answered ${status}: ${Buffer.concat(chunks).toString().slice(0, 200)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The items of a child's partition a write reads, as the bare client sees them. */
async function queryPartition(client: DynamoDBClient, table: string, childId: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': { S: keys.childPartition(childId) }, ':prefix': { S: keys.childFilePrefix } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** What one CER's write commits, found by reading a child's partition before and after the route writes one. */
async function probeWrite(client: DynamoDBClient, table: string, post: (childId: string) => Promise<void>, childId: string) {
  const before = new Map((await queryPartition(client, table, childId)).map((item) => [item['SK']!.S!, JSON.stringify(item)]));
  await post(childId);
  const after = new Map((await queryPartition(client, table, childId)).map((item) => [item['SK']!.S!, JSON.stringify(item)]));
  let puts = 0;
  for (const [sk, item] of after) if (before.get(sk) !== item) puts += 1;
  let deletes = 0;
  for (const sk of before.keys()) if (!after.has(sk)) deletes += 1;
  // The audit entry is outside the file's prefix: one more put.
  return { puts: puts + 1, deletes };
}

async function measureApi(stand: Stand, loaded: Loaded) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iro-bench-'));
  const api = await startApiServer({ dynamoDb: stand.dynamoDb, table: stand.table, dataDir, throttle: false });
  const token = await signLocalToken(await loadOrCreateSigningKey(dataDir), { email: 'admin@example.org', roles: ['admin'] });
  const agent = new Agent({ keepAlive: true, maxSockets: API_CLIENTS });
  // Bare, but without the SDK's logger, as the API's client: the floor is the least the calls cost.
  const client = withoutSdkLogger(new DynamoDBClient({ endpoint: stand.dynamoDb, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 }));
  const today = todayInLondon(new Date());
  const cer = { type: 'CER', heldOn: today, childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: true };
  // A child's CERs on different days, a day earlier each time: the API refuses a second CER held the same day (409).
  const cersOf = new Map<string, number>();
  const postCer = (childId: string) => {
    const earlier = cersOf.get(childId) ?? 0;
    cersOf.set(childId, earlier + 1);
    return call(agent, `${api.url}/children/${childId}/meetings`, 'POST', token, { ...cer, heldOn: addDays(today, -earlier) });
  };
  // Disjoint children for the route and for the bare calls, so that each sees files of the same size grow the same way.
  const pool = loaded.lookedAfter.slice(0, 4_000);
  const routeChildren = pool.filter((_, i) => i % 2 === 0);
  const bareChildren = pool.filter((_, i) => i % 2 === 1);
  const probes = [];
  for (const childId of routeChildren.slice(-5)) probes.push(await probeWrite(client, stand.table, postCer, childId));
  const shape = { puts: Math.round(median(probes.map((p) => p.puts))), deletes: Math.round(median(probes.map((p) => p.deletes))) };
  log(`a CER's write commits ${shape.puts} puts and ${shape.deletes} deletes (median of ${probes.length} probes)`);

  const options = { clients: API_CLIENTS, seconds: API_SECONDS, maxRequests: 50_000 };
  const pick = (list: readonly string[], worker: number, n: number) => list[(worker + API_CLIENTS * n) % list.length]!;
  const bareGet = (worker: number, n: number) => queryPartition(client, stand.table, pick(bareChildren, worker, n)).then(() => undefined);
  const routeGet = (worker: number, n: number) => call(agent, `${api.url}/children/${pick(routeChildren, worker, n)}`, 'GET', token);
  // The bare write: the same read, then one transaction of the same shape (the profile on its version, the meeting, the audit entry, due entries replaced).
  const lastDue = new Map<string, string[]>();
  const bareWrite = async (worker: number, n: number) => {
    const childId = pick(bareChildren, worker, n);
    const items = await queryPartition(client, stand.table, childId);
    const profile = items.find((item) => item['SK']!.S === 'CHILD')!;
    const dueTemplate = items.find((item) => item['itemType']?.S === 'due');
    const version = Number(profile['version']!.N);
    const id = crypto.randomUUID();
    const pk = { S: keys.childPartition(childId) };
    const newDue = Array.from({ length: Math.max(0, shape.puts - 3) }, (_, i) => `CHILD#DUE#BENCH#${id}#${i}`);
    const transact: TransactWriteItem[] = [
      { Put: { TableName: stand.table, Item: { ...profile, version: { N: String(version + 1) } }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': { N: String(version) } } } },
      { Put: { TableName: stand.table, Item: { PK: pk, SK: { S: `CHILD#MEETING#${id}` }, itemType: { S: 'MEETING' }, meetingId: { S: id }, ...Object.fromEntries(Object.entries(cer).map(([k, v]) => [k, typeof v === 'boolean' ? { BOOL: v } : { S: v }])) } } },
      { Put: { TableName: stand.table, Item: { PK: pk, SK: { S: `AUDIT#${new Date().toISOString()}#${id}` }, itemType: { S: 'audit' }, actor: { S: 'admin@example.org' }, action: { S: 'recorded a meeting' } } } },
      ...newDue.map((sk) => ({ Put: { TableName: stand.table, Item: { ...(dueTemplate ?? profile), SK: { S: sk } } } })),
      ...(lastDue.get(childId) ?? []).slice(0, shape.deletes).map((sk) => ({ Delete: { TableName: stand.table, Key: { PK: pk, SK: { S: sk } } } })),
    ];
    await client.send(new TransactWriteItemsCommand({ TransactItems: transact }));
    lastDue.set(childId, newDue);
  };
  const routeWrite = (worker: number, n: number) => postCer(pick(routeChildren, worker, n));

  // Warm both up first (the JIT, the connections, DynamoDB Local's own), then measure.
  const warmUp = { clients: API_CLIENTS, seconds: 3, maxRequests: 5_000 };
  for (const phase of [bareGet, routeGet, bareWrite, routeWrite]) {
    const { errors, errorSamples } = await closedLoop(warmUp, phase);
    if (errors > 0) log(`warm-up: ${errors} errors (${errorSamples.join('; ')})`);
  }
  const rounds: Record<string, LoadResult[]> = { bareGet: [], routeGet: [], bareWrite: [], routeWrite: [] };
  for (let r = 0; r < API_ROUNDS; r += 1) {
    const [bareGets, routeGets] = await inTurn(r, [() => closedLoop(options, bareGet), () => closedLoop(options, routeGet)] as const);
    const [bareWrites, routeWrites] = await inTurn(r, [() => closedLoop(options, bareWrite), () => closedLoop(options, routeWrite)] as const);
    rounds['bareGet']!.push(bareGets);
    rounds['routeGet']!.push(routeGets);
    rounds['bareWrite']!.push(bareWrites);
    rounds['routeWrite']!.push(routeWrites);
    log(`API round ${r + 1}: ${Object.entries(rounds).map(([k, v]) => `${k} p99 ${v[r]!.p99Ms.toFixed(1)} ms ${v[r]!.perSecond.toFixed(0)}/s`).join(', ')}`);
  }
  api.child.kill('SIGTERM');
  agent.destroy();
  client.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  const combine = (list: LoadResult[]) => ({
    requests: list.reduce((n, l) => n + l.requests, 0),
    errors: list.reduce((n, l) => n + l.errors, 0),
    errorSamples: list.flatMap((l) => l.errorSamples).slice(0, 3),
    p50Ms: round1(median(list.map((l) => l.p50Ms))),
    p99Ms: round1(median(list.map((l) => l.p99Ms))),
    perSecond: round1(median(list.map((l) => l.perSecond))),
  });
  const route = (system: LoadResult[], bare: LoadResult[]) => {
    const s = combine(system);
    const b = combine(bare);
    return { system: s, bare: b, p99Ratio: round3(median(system.map((l, i) => l.p99Ms / bare[i]!.p99Ms))) };
  };
  return {
    clients: API_CLIENTS,
    secondsPerRound: API_SECONDS,
    rounds: API_ROUNDS,
    writeShape: shape,
    getChild: route(rounds['routeGet']!, rounds['bareGet']!),
    postMeeting: route(rounds['routeWrite']!, rounds['bareWrite']!),
  };
}

// ---------------------------------------------------------------------------

function machine() {
  return {
    date: new Date().toISOString().slice(0, 10),
    cpus: `${os.availableParallelism()} x ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => round1(l)),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const about = machine();
  // The parts that keep a section of their own in the results: measured alone, their section replaced, the rest kept.
  const keepSection = <K extends 'document' | 'import' | 'cost'>(section: K, value: Results[K]) => {
    const previous = (() => {
      try {
        return JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Results;
      } catch {
        return {} as Results;
      }
    })();
    const results: Results = { ...previous, [section]: value };
    writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
    writeResultsMarkdown(results);
    log(`wrote the ${section} section of bench/results.json and bench/RESULTS.md`);
    ONLY?.delete(section);
  };
  if (ONLY?.has('document')) {
    log('the committee’s Word document');
    const measurements = await measureDocument([480, CHILDREN]);
    for (const line of documentLines(measurements)) console.log(line);
    keepSection('document', { machine: about, measurements });
  }
  if (ONLY?.has('import')) {
    log(`moving a register of ${CHILDREN.toLocaleString('en-GB')} children in from 903 files`);
    const measurement = await measureImport(CHILDREN);
    for (const line of importLines(measurement)) console.log(line);
    keepSection('import', { machine: about, measurement });
  }
  if ((ONLY === undefined && !values.growth) || ONLY?.has('cost')) {
    log('a month of ordinary work, priced');
    const measurement = await measureCost(COST_CHILDREN);
    for (const line of costLines(measurement)) console.log(line);
    keepSection('cost', { machine: about, measurement });
  }
  if (ONLY !== undefined && ONLY.size === 0) return;
  const [dynamoDb, ses] = await Promise.all([startDynamoDbLocal({ port: await freePort() }), startSesLocal({ port: await freePort() })]);
  const stop = async () => {
    await Promise.all([dynamoDb.stop(), ses.stop()]);
  };
  const deadline = setTimeout(() => {
    console.error(`bench: over ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
    void stop().finally(() => process.exit(2));
  }, TIME_LIMIT_MS);
  try {
    const stand: Stand = { dynamoDb: dynamoDb.endpoint, ses: ses.endpoint, table: 'bench' };
    const raw = localDynamoDbClient(dynamoDb.endpoint);
    await raw.send(new CreateTableCommand(createTableInput(stand.table)));
    const { importer } = dynamoDbStores(DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), stand.table);
    const random = seeded(Number(values.seed));
    const loaded: Loaded = { children: 0, records: 0, items: 0, seconds: 0, lookedAfter: [] };
    const previous: Partial<Results> = (() => {
      try {
        return JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Partial<Results>;
      } catch {
        return {};
      }
    })();

    if (values.growth) {
      const steps = [];
      for (const n of GROWTH_STEPS) {
        await load(importer, random, loaded, n, GROWTH_DUE_CHILDREN);
        const scanRounds = n >= 50_000 ? 1 : ROUNDS;
        const nightly = await measureNightly(stand, scanRounds, loaded.items);
        const monthly = await measureMonthly(stand, scanRounds);
        steps.push({ children: n, records: loaded.records, items: loaded.items, loadSeconds: round1(loaded.seconds), nightly, monthly });
      }
      const results: Results = { ...(previous as Results), growth: { machine: about, seconds: round1((performance.now() - started) / 1000), steps } };
      writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
      writeResultsMarkdown(results);
    } else if (ONLY) {
      await load(importer, random, loaded, CHILDREN, undefined);
      const parts = {
        ...(wanted('nightly') ? { nightly: await measureNightly(stand, ROUNDS, loaded.items) } : {}),
        ...(wanted('monthly') ? { monthly: await measureMonthly(stand, ROUNDS) } : {}),
        ...(wanted('api') ? { api: await measureApi(stand, loaded) } : {}),
        ...(wanted('cold-start') ? { coldStart: await measureColdStart() } : {}),
      };
      console.log(JSON.stringify(parts, null, 2));
      if (parts.nightly && ONLY.size === 1) {
        // A nightly job at another size than the main run's is kept, by its size: the target at 100,000 is held to it.
        const results: Results = {
          ...(previous as Results),
          nightlyAt: { ...(previous as Results).nightlyAt, [String(CHILDREN)]: { machine: about, children: CHILDREN, items: loaded.items, nightly: parts.nightly } },
        };
        writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
        writeResultsMarkdown(results);
      }
    } else {
      await load(importer, random, loaded, CHILDREN, undefined);
      const nightly = await measureNightly(stand, ROUNDS, loaded.items);
      const monthly = await measureMonthly(stand, ROUNDS);
      log('the API under load');
      const api = await measureApi(stand, loaded);
      log('cold starts');
      const coldStart = await measureColdStart();
      const results: Results = {
        ...(previous as Results),
        main: {
          machine: about,
          seconds: round1((performance.now() - started) / 1000),
          children: CHILDREN,
          records: loaded.records,
          items: loaded.items,
          lookedAfter: loaded.lookedAfter.length,
          load: { seconds: round1(loaded.seconds), itemsPerSecond: round1(loaded.items / loaded.seconds) },
          nightly,
          monthly,
          api,
          coldStart,
        },
      };
      writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
      writeResultsMarkdown(results);
    }
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s${ONLY ? "" : "; wrote bench/results.json and bench/RESULTS.md"}`);
  } finally {
    clearTimeout(deadline);
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
