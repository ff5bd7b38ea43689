/**
 * `npm run demo`: loads a synthetic register (see `demo-register.ts`) into
 * the stack `npm start` runs, through its HTTP API, as the demo users would
 * record it: an admin records each child, their IRO the rest, the team
 * manager their responses.
 *
 *   npm run demo -- [--children 480] [--seed 1] [--concurrency 8]
 *
 * PORT and DATA_DIR name the running stack, as for `npm start`. Children go
 * `--concurrency` at a time, each child's requests in order. Every POST
 * carries an `Idempotency-Key` made from the seed, so running it again
 * creates nothing twice: a child already loaded is skipped, one a previous
 * run left half-done is finished. A PATCH sent again sets the same values
 * again; a DELETE sent again (a record already removed as entered in error)
 * answers 404, which counts as done. A child recorded by a run on another day
 * (whose dates differ) answers 409, and is skipped too.
 *
 * Once a child's history is in, their IRO books the meetings due in the next
 * few weeks as `planDemoBookings` says, from the child's open timescales:
 * each booking keyed by the seed, the reference and the kind. A timescale
 * already booked is left as it is, and a 409 (a run that booked it
 * differently, or a booking now late) counts as done.
 *
 * Before the month ends are snapshotted, the admin puts every demo IRO in the
 * IRO directory (`PUT /iros/{email}`, `DEMO_IRO_DIRECTORY`), so that the
 * snapshots count the caseload per full-time IRO; run again, each entry is
 * replaced by the same (200), never created twice.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pMap from 'p-map';
import pRetry from 'p-retry';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { monthsEndingWith, shiftMonth } from '#shared/domain/year-month';
import type { CalendarDate } from '#shared/domain/records';
import type { TimescaleKind } from '#shared/domain/timescales/types';
import {
  DEFAULT_DEMO_CHILDREN,
  DEFAULT_DEMO_SEED,
  DEMO_ADMIN,
  DEMO_BOOKING_HORIZON,
  DEMO_IRO_DIRECTORY,
  iroOf,
  planDemoBookings,
  planDemoRegister,
  type DemoBookingFate,
  type DemoChild,
  type DemoRegister,
  type DemoRequest,
  type DemoUser,
} from '#infra/local/demo-register';
import { loadOrCreateSigningKey, signLocalToken, type LocalSigningKey } from '#infra/local/local-auth';
import { localSettings } from '#infra/local/settings';

export interface LoadDemoOptions {
  /** The running API, e.g. `http://127.0.0.1:3000`. */
  apiUrl: string;
  /** The signing key the API trusts (the one in its DATA_DIR). */
  key: LocalSigningKey;
  today: CalendarDate;
  children?: number;
  seed?: number;
  /** How many children are loaded at once. */
  concurrency?: number;
  /** Told after each child. */
  onProgress?: (progress: DemoProgress) => void;
  /** How many month ends before today's month to snapshot, so the reports have history (default 24). */
  snapshotMonths?: number;
}

export interface DemoProgress {
  childrenDone: number;
  children: number;
  requests: number;
  failures: number;
}

/** A request the API refused (or could not answer) when it should have succeeded. */
export interface DemoFailure {
  reference: string;
  /** The request's index among the child's requests; the child's bookings come after them. */
  step: number;
  method: string;
  path: string;
  status: number;
  body: string;
}

export interface DemoSummary {
  seed: number;
  today: CalendarDate;
  /** What the generator planned. */
  planned: DemoRegister['counts'];
  /** Children recorded by this run. */
  created: number;
  /** Children a previous run recorded in full (or on another day), left as they were. */
  alreadyLoaded: number;
  /** Children a previous run left half-done, finished by this one. */
  resumed: number;
  /** Requests of the histories sent (bookings are counted in `bookings`), records created, records updated, records removed as entered in error, answers replayed from an Idempotency-Key. */
  requests: number;
  records: number;
  updates: number;
  removed: number;
  replayed: number;
  failures: DemoFailure[];
  /** IROs this run added to the directory, and those whose entry it replaced (already there). */
  iros: { created: number; replaced: number };
  /** Months snapshotted by this run, and months that already had a snapshot (kept as they were). */
  snapshots: { created: number; existing: number };
  /** The meetings booked in time and booked late, and those due within {@link DEMO_BOOKING_HORIZON} working days (or breached) with nothing booked, as this run leaves them. */
  bookings: DemoBookingCounts;
  elapsedMs: number;
}

export interface DemoBookingCounts {
  /** Booked for the due date or before it. */
  inTime: number;
  /** Booked after the due date, each with its reason. */
  late: number;
  /** Nothing booked. */
  notBooked: number;
  /** Bookings this run made (not replayed, not there already). */
  made: number;
}

/** The API could not be reached, or does not trust our tokens. */
export class DemoApiUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DemoApiUnavailableError';
  }
}

interface Answer {
  status: number;
  body: any;
  text: string;
  replayed: boolean;
}

const RETRIES = 3;

/** An answer worth asking again for (a 5xx, a 429): the last one is kept when the tries run out. */
class RetryableAnswer extends Error {
  constructor(readonly answer: Answer) {
    super(`the API answered ${answer.status}`);
  }
}

/** A small client for the API: one token per demo user, retries on 5xx and dropped connections. */
function apiClient(apiUrl: string, tokens: Map<string, string>) {
  async function send(method: string, path: string, caller: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(caller)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const attempt = async (): Promise<Answer> => {
      const response = await fetch(`${apiUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      const answer = { status: response.status, body: parseJson(text), text, replayed: response.headers.get('idempotent-replayed') === 'true' };
      if (response.status >= 500 || response.status === 429) throw new RetryableAnswer(answer);
      return answer;
    };
    try {
      // Retrying is safe: a POST carries its Idempotency-Key, and a PATCH sets the same values again.
      return await pRetry(attempt, { retries: RETRIES - 1, minTimeout: 200, randomize: true });
    } catch (error) {
      if (error instanceof RetryableAnswer) return error.answer;
      return { status: 0, body: undefined, text: describeError(error), replayed: false };
    }
  }
  return { send };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** `path` with its placeholders replaced by the ids saved so far. */
function resolvePath(path: string, ids: ReadonlyMap<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`no id saved as ${name} for ${path}`);
    return encodeURIComponent(id);
  });
}

/**
 * Loads the demo register into a running API. Resolves with what it did;
 * refusals are in `failures`, not thrown. Throws {@link DemoApiUnavailableError}
 * when the API cannot be reached or refuses our tokens.
 */
export async function loadDemo(options: LoadDemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const register = planDemoRegister({ seed, today: options.today, children: options.children ?? DEFAULT_DEMO_CHILDREN });
  const tokens = new Map<string, string>();
  await Promise.all(
    register.users.map(async (user) => tokens.set(user.email, await signLocalToken(options.key, { email: user.email, roles: user.roles }))),
  );
  const api = apiClient(options.apiUrl.replace(/\/$/, ''), tokens);
  await checkApi(api, options.apiUrl);

  const summary: DemoSummary = {
    seed,
    today: options.today,
    planned: register.counts,
    created: 0,
    alreadyLoaded: 0,
    resumed: 0,
    requests: 0,
    records: 0,
    updates: 0,
    removed: 0,
    replayed: 0,
    failures: [],
    iros: { created: 0, replaced: 0 },
    snapshots: { created: 0, existing: 0 },
    bookings: { inTime: 0, late: 0, notBooked: 0, made: 0 },
    elapsedMs: 0,
  };

  // The references already recorded, read once, the first time a child answers 409.
  let existing: Promise<Map<string, string>> | undefined;
  const existingReferences = () => (existing ??= listReferences(api));

  /** Sends one request; answers its answer (a 200 or a 201 when it succeeded), recording a failure when it did not. */
  async function step(child: DemoChild, index: number, ids: Map<string, string>): Promise<Answer | undefined> {
    const request = child.requests[index]!;
    const path = resolvePath(request.path, ids);
    const answer = await api.send(request.method, path, request.caller, request.body, request.idempotencyKey);
    summary.requests += 1;
    if (request.method === 'DELETE' && (answer.status === 200 || answer.status === 404)) {
      // A DELETE carries no Idempotency-Key. Sent again once the record is gone
      // (a retry after an answer that was lost), it answers 404: the record is
      // already removed as entered in error, so the request is done. (The child
      // is there, and the record was: this child's earlier requests succeeded.)
      summary.removed += 1;
      return { ...answer, status: 200 };
    }
    if (answer.status === 201 || answer.status === 200) {
      if (answer.replayed) summary.replayed += 1;
      else if (answer.status === 201) summary.records += 1;
      else summary.updates += 1;
      save(request, answer, ids);
      return answer;
    }
    if (!(index === 0 && answer.status === 409)) fail(child, index, path, answer);
    return answer;
  }

  function fail(child: DemoChild, index: number, path: string, answer: Answer): void {
    const request = child.requests[index]!;
    summary.failures.push({ reference: child.reference, step: index, method: request.method, path, status: answer.status, body: answer.text.slice(0, 500) });
  }

  /** Sends the child's requests; answers the child's id when their history is all in (and this run's to book). */
  async function loadChild(child: DemoChild): Promise<string | undefined> {
    const ids = new Map<string, string>();
    const first = (await step(child, 0, ids))!;
    let from = 1;
    if (first.status === 409) {
      // Recorded by another run whose dates (or seed) differ: leave it as it is, bookings and all.
      if ((await existingReferences()).has(child.reference)) summary.alreadyLoaded += 1;
      else fail(child, 0, '/children', first);
      return undefined;
    }
    if (first.status !== 201) return undefined;
    const childId = ids.get('childId')!;
    if (first.replayed) {
      // Recorded by an earlier run: every write since made one version (a POST,
      // a PATCH and a DELETE alike: one request, one write), so the version
      // says how many of the child's requests are in.
      const file = await api.send('GET', `/children/${encodeURIComponent(childId)}`, DEMO_ADMIN);
      const version = Number(file.body?.version);
      if (file.status !== 200 || !Number.isInteger(version)) {
        fail(child, 0, `/children/${childId}`, file);
        return undefined;
      }
      // (Its bookings, made after its history, only add to the version.)
      if (version >= child.requests.length) {
        summary.alreadyLoaded += 1;
        return childId;
      }
      // Replay the earlier POSTs for their ids (they create nothing, and answer
      // the id even of a record removed since); their PATCHes and DELETEs are in.
      for (let i = 1; i < version; i += 1) {
        if (child.requests[i]!.method === 'POST' && (await step(child, i, ids))?.status !== 201) return undefined;
      }
      summary.resumed += 1;
      from = version;
    } else {
      summary.created += 1;
    }
    for (let i = from; i < child.requests.length; i += 1) {
      const answer = await step(child, i, ids);
      // Later requests build on this one: stop this child at its first refusal.
      if (answer?.status !== 200 && answer?.status !== 201) return undefined;
    }
    return childId;
  }

  /** Books the child's meetings due soon as the plan says, and counts each open timescale it covers. */
  async function bookChild(child: DemoChild, childId: string): Promise<void> {
    const iro = iroOf(child);
    const path = `/children/${encodeURIComponent(childId)}/timescales?asOf=${options.today}`;
    const read = await api.send('GET', path, iro);
    if (read.status !== 200) {
      bookingFailure(child, 0, 'GET', path, read);
      return;
    }
    const open = read.body.timescales as { kind: TimescaleKind; dueDate: CalendarDate; stage?: string; booking?: { bookedFor: CalendarDate; lateReason?: string } }[];
    for (const [i, decision] of planDemoBookings(seed, child, options.today, open).entries()) {
      const booked = open.find((timescale) => timescale.kind === decision.kind && timescale.dueDate === decision.dueDate)?.booking;
      if (booked) {
        // Booked already (by an earlier run, or by hand): counted as it stands.
        countBooking(booked.lateReason !== undefined || booked.bookedFor > decision.dueDate ? 'late' : 'in-time');
        continue;
      }
      const { request } = decision;
      if (!request) {
        countBooking('not-booked');
        continue;
      }
      const meetings = resolvePath(request.path, new Map([['childId', childId]]));
      const answer = await api.send(request.method, meetings, request.caller, request.body, request.idempotencyKey);
      if (answer.status === 201 && !answer.replayed) summary.bookings.made += 1;
      // A 409: booked differently by an earlier run under this key, or late now: done either way.
      if (answer.status === 201 || answer.status === 409) countBooking(decision.fate);
      else bookingFailure(child, i + 1, request.method, meetings, answer);
    }
  }

  function countBooking(fate: DemoBookingFate): void {
    if (fate === 'in-time') summary.bookings.inTime += 1;
    else if (fate === 'late') summary.bookings.late += 1;
    else summary.bookings.notBooked += 1;
  }

  /** A refusal while booking: its step is after the child's requests (0 the read of their timescales, then each booking). */
  function bookingFailure(child: DemoChild, n: number, method: string, path: string, answer: Answer): void {
    summary.failures.push({ reference: child.reference, step: child.requests.length + n, method, path, status: answer.status, body: answer.text.slice(0, 500) });
  }

  let done = 0;
  await pMap(
    register.children,
    async (child) => {
      const childId = await loadChild(child);
      if (childId !== undefined) await bookChild(child, childId);
      done += 1;
      options.onProgress?.({ childrenDone: done, children: register.children.length, requests: summary.requests, failures: summary.failures.length });
    },
    { concurrency: Math.max(1, options.concurrency ?? 8) },
  );
  summary.iros = await putIroDirectory(api, summary);
  summary.snapshots = await snapshotMissingMonths(api, monthsEndingWith(shiftMonth(options.today.slice(0, 7), -1), options.snapshotMonths ?? 24), summary);
  summary.elapsedMs = Date.now() - started;
  return summary;
}

function save(request: DemoRequest, answer: Answer, ids: Map<string, string>): void {
  if (!request.saveId) return;
  const id = answer.body?.[request.saveId.field];
  if (typeof id === 'string') ids.set(request.saveId.as, id);
}

async function checkApi(api: ReturnType<typeof apiClient>, apiUrl: string): Promise<void> {
  const answer = await api.send('GET', '/openapi.json', DEMO_ADMIN);
  if (answer.status === 0) {
    throw new DemoApiUnavailableError(`cannot reach the API at ${apiUrl} (${answer.text}). Is \`npm start\` running, with the same PORT?`);
  }
  if (answer.status === 401) {
    throw new DemoApiUnavailableError(`the API at ${apiUrl} refuses our token: use the DATA_DIR that \`npm start\` uses, so that we sign with its key.`);
  }
  if (answer.status !== 200) throw new DemoApiUnavailableError(`the API at ${apiUrl} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
}

/** Puts every demo IRO in the IRO directory, as the admin: created (201), or replaced by the same entry (200). */
async function putIroDirectory(api: ReturnType<typeof apiClient>, summary: DemoSummary): Promise<DemoSummary['iros']> {
  const counts = { created: 0, replaced: 0 };
  for (const { email, ...entry } of DEMO_IRO_DIRECTORY) {
    const path = `/iros/${encodeURIComponent(email)}`;
    const answer = await api.send('PUT', path, DEMO_ADMIN, entry);
    if (answer.status === 201) counts.created += 1;
    else if (answer.status === 200) counts.replaced += 1;
    else summary.failures.push({ reference: '-', step: 0, method: 'PUT', path, status: answer.status, body: answer.text.slice(0, 500) });
  }
  return counts;
}

/**
 * Snapshots each month that has none yet, as the monthly job would have at
 * each month end had the register been recorded as it happened; a month
 * already snapshotted is left as it is (an admin's POST would add a revision).
 */
async function snapshotMissingMonths(
  api: ReturnType<typeof apiClient>,
  months: readonly string[],
  summary: DemoSummary,
): Promise<DemoSummary['snapshots']> {
  const listed = await api.send('GET', '/snapshots', DEMO_ADMIN);
  if (listed.status !== 200) throw new Error(`GET /snapshots answered ${listed.status}: ${listed.text.slice(0, 200)}`);
  const existing = new Set((listed.body.snapshots as { month: string }[]).map((snapshot) => snapshot.month));
  const missing = months.filter((month) => !existing.has(month));
  for (const month of missing) {
    const answer = await api.send('POST', `/snapshots/${month}`, DEMO_ADMIN);
    if (answer.status !== 201) {
      summary.failures.push({ reference: '-', step: 0, method: 'POST', path: `/snapshots/${month}`, status: answer.status, body: answer.text.slice(0, 500) });
    }
  }
  return { created: missing.length, existing: months.length - missing.length };
}

/** Every child's reference and id, a page at a time. */
async function listReferences(api: ReturnType<typeof apiClient>): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const query = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.send('GET', `/children${query}`, DEMO_ADMIN);
    if (page.status !== 200) throw new Error(`GET /children answered ${page.status}: ${page.text.slice(0, 200)}`);
    for (const child of page.body.children as { reference: string; childId: string }[]) references.set(child.reference, child.childId);
    cursor = page.body.cursor;
  } while (cursor);
  return references;
}

// ---------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------

const usage = 'usage: npm run demo -- [--children 480] [--seed 1] [--concurrency 8]   (PORT and DATA_DIR as for npm start)';

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be a whole number, at least ${min}\n${usage}`);
  return value;
}

const count = (n: number) => n.toLocaleString('en-GB');

function printSummary(summary: DemoSummary, apiUrl: string): void {
  const { planned } = summary;
  const { shapes } = planned;
  const lines = [
    '',
    `Demo register loaded into ${apiUrl} in ${(summary.elapsedMs / 1000).toFixed(1)} s (seed ${summary.seed}, today ${summary.today})`,
    `  children  ${count(planned.children)}: ${count(summary.created)} created, ${count(summary.alreadyLoaded)} already loaded, ${count(summary.resumed)} finished from a previous run`,
    `            as generated: ${count(planned.lookedAfter)} looked after, ${count(planned.registered)} on the register (${count(planned.both)} both), ${count(planned.closed)} neither`,
    `            ${count(shapes.strategyDiscussions)} strategy discussions (${count(shapes.endedWithoutConference)} ended without a conference, ${count(shapes.underWay)} under way), ${count(shapes.icpcsLastYear)} ICPCs in the last year, ${count(shapes.transferIns)} transfer-in`,
    `            ${count(shapes.legalStatusChanges)} changes of legal status, ${count(shapes.categoryChanges)} of category, ${count(shapes.corrections)} dates corrected, ${count(shapes.removals)} records removed as entered in error, ${count(shapes.disputes)} case disputes (${count(shapes.disputesResolved)} resolved)`,
    `  records   ${count(summary.records)} created, ${count(summary.updates)} updated, ${count(summary.removed)} removed, ${count(summary.replayed)} replayed (already there)`,
    `  IROs      ${count(summary.iros.created)} added to the IRO directory, ${count(summary.iros.replaced)} already in it`,
    `  snapshots ${count(summary.snapshots.created)} months snapshotted, ${count(summary.snapshots.existing)} already had one`,
    `  bookings  ${count(summary.bookings.inTime)} booked in time, ${count(summary.bookings.late)} booked late (each with its reason), ${count(summary.bookings.notBooked)} due within ${DEMO_BOOKING_HORIZON} working days or breached with nothing booked; ${count(summary.bookings.made)} booked by this run`,
    `  requests  ${count(summary.requests)} sent, ${count(summary.failures.length)} failed`,
  ];
  console.log(lines.join('\n'));
  if (summary.failures.length > 0) {
    console.log('\nFirst failures:');
    for (const failure of summary.failures.slice(0, 5)) {
      console.log(`  ${failure.reference} step ${failure.step}: ${failure.method} ${failure.path} -> ${failure.status} ${failure.body}`);
    }
  }
}

function printUsers(users: readonly DemoUser[]): void {
  // The token command must sign with the same key as the stack: pass the same DATA_DIR.
  const env = process.env['DATA_DIR'] ? `DATA_DIR=${process.env['DATA_DIR']} ` : '';
  const width = Math.max(...users.map((user) => user.email.length));
  console.log('\nDemo users (a token for each):');
  for (const user of users) {
    const roles = user.roles.map((role) => `--role ${role}`).join(' ');
    console.log(`  ${user.email.padEnd(width)}  ${user.description}`);
    console.log(`  ${''.padEnd(width)}  ${env}npm run --silent token -- --email ${user.email} ${roles}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      children: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const children = wholeNumber('children', values.children, DEFAULT_DEMO_CHILDREN, 0);
  const seed = wholeNumber('seed', values.seed, DEFAULT_DEMO_SEED, 0);
  const concurrency = wholeNumber('concurrency', values.concurrency, 8, 1);
  const settings = localSettings();
  const apiUrl = `http://127.0.0.1:${settings.apiPort}`;
  const key = await loadOrCreateSigningKey(settings.dataDir);
  const today = todayInLondon(new Date());

  console.log(`Loading ${count(children)} demo children into ${apiUrl} (seed ${seed}, today ${today}, ${concurrency} at a time)…`);
  let reported = 0;
  const summary = await loadDemo({
    apiUrl,
    key,
    today,
    children,
    seed,
    concurrency,
    onProgress: (progress) => {
      const tenth = Math.floor((progress.childrenDone * 10) / Math.max(1, progress.children));
      if (tenth > reported || progress.childrenDone === progress.children) {
        reported = tenth;
        console.log(`  ${count(progress.childrenDone)}/${count(progress.children)} children, ${count(progress.requests)} requests, ${progress.failures} failed`);
      }
    },
  });
  printSummary(summary, apiUrl);
  printUsers(planDemoRegister({ seed, today, children: 0 }).users);
  process.exitCode = summary.failures.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
