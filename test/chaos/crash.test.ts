/**
 * The crash test (issue 19): clients write through the local API as real
 * clients do while the API is killed (SIGKILL) and restarted, and DynamoDB
 * Local is stopped normally and restarted once and killed (SIGKILL) and
 * restarted once; then, with everything quiet, every write answered 2xx must
 * be there exactly once.
 *
 * The API runs in a process of its own (`infra/local/api-process.ts`), on a
 * fixed port so that a restarted API answers on the same URL, over its own
 * DynamoDB Local on a data folder (not in memory) and the SES emulator.
 * Several clients, each an IRO with children of their own, write a mix of
 * the requests the service takes: children, care episodes, placement
 * changes, CERs, strategy discussions, case disputes, and corrections and
 * removals with `If-Match`. Every POST carries an `Idempotency-Key`, and a
 * client sends the same request again (the same key) after a connection
 * error or a 5xx until it is answered. A PATCH or DELETE answered 412 after a
 * retry whose first attempt may have landed is decided by reading the child
 * (and, for a removal, its audit trail) again: landed, it counts as done
 * ("confirmed by re-read"); not landed, it is made again on the file as read.
 *
 * DynamoDB Local answers a transaction a few milliseconds before its SQLite
 * COMMIT has run (`test/chaos/dynamodb-local-durability.test.ts`), so its own
 * SIGKILL can lose writes it acknowledged; deployed DynamoDB is durable once
 * it answers. Those losses are counted apart: a write is at risk from the
 * SIGKILL when it was answered after the normal stop before the kill and its
 * last attempt was sent before the kill (a normal stop loses nothing, so
 * everything committed before it is safe, and a write sent after the kill
 * was committed after the restart). Any other acknowledged write
 * missing is lost by the API, and that must be none.
 *
 * Afterwards: each acknowledged write's audit entry is there exactly once (no
 * duplicate from a retried POST: every audit entry is one of the ledger's);
 * each child's records are exactly those the ledger says; each child's version
 * equals its audit trail's length (every write is one transaction of one audit
 * entry and one version); the due-date index check finds nothing to repair;
 * and a nightly run sends each recipient one digest.
 *
 * Each kill falls the instant a seeded number (10 to 40) of answers has come
 * since the last restart, so that every stretch has writes in flight
 * whatever the machine's speed. A cycle is three API kills and DynamoDB
 * Local's normal stop and its kill, in a seeded order; no API kill falls
 * between DynamoDB Local's clean restart and its kill. One cycle by default,
 * about two minutes here; `CHAOS_MINUTES=<n>` runs cycles until the clients
 * have written for n minutes; `CHAOS_SEED=<n>` replays the choices (not the
 * timing). The figures go to `test-output/chaos-summary.json`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, isWorkingDay } from '#shared/domain/calendar/working-days';
import { timescalePolicyFromJson } from '#shared/domain/timescales/policy-override';
import { runNightlyTimescales } from '#shared/jobs/nightly-timescales';
import { mulberry32 } from '#infra/local/demo-register';
import { rebuildDueIndex } from '#shared/jobs/rebuild-due-index';
import { SesMailer } from '#shared/mail/mailer';
import type { AuditEntry } from '#shared/store/ports';
import { dynamoDbStores, type Stores } from '#shared/store/dynamodb/stores';
import { startApiServer, type RunningApiServer } from '#infra/local/api-process';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal, type RunningDynamoDb } from '#infra/local/dynamodb-local';
import { loadOrCreateSigningKey, signLocalToken } from '#infra/local/local-auth';
import { signalDynamoDbLocal } from '../support/dynamodb-local-signals';
import { freePort } from '../support/ports';
import { emailsFrom, emulatorSesClient } from '../support/ses';

const MINUTES = Number(process.env['CHAOS_MINUTES'] ?? 0);
/** Cycles of kills are run until the clients have written this long: one cycle by default, about two minutes in all here. */
const LOAD_MS = MINUTES * 60_000;
const SEED = Number(process.env['CHAOS_SEED'] ?? Date.now() % 2 ** 31);
const CLIENTS = Number(process.env['CHAOS_CLIENTS'] ?? 6);
/** The longest a kill waits for its seeded number of answers (on a machine so slow that they do not come). */
const GAP_CAP_MS = 45_000;
/** A request not answered in this long is taken as not answered (and sent again). */
const REQUEST_TIMEOUT_MS = 60_000;
/** A request still not answered after this long, retries and all, fails the test: the API never came back. */
const GIVE_UP_MS = 4 * 60_000;
const TABLE = 'iro-timescales';
/** The audit actions that make a record (or a child): a second of one is a POST applied twice. */
const CREATED = /\.(created|recorded|started|booked|booked-late)$/;
const RUN = randomUUID().slice(0, 8);

/** mulberry32 (the demo register's), seeded, so that a seed replays the clients' choices. */
const seeded = mulberry32;

const now = () => performance.now();

/** A refusal as the summary may print it: the status, the code and the fields named, never the reasons (which may quote a date of birth). */
const refusal = (answer: { status: number; body: any }): string =>
  `${answer.status} ${answer.body?.error?.code ?? ''} ${(answer.body?.error?.problems ?? []).map((p: { field: string }) => p.field).join(', ')}`.trim();

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

interface Answer {
  status: number;
  body: any;
  text: string;
  etag: string | null;
  replayed: boolean;
}

/** A write answered 2xx (or, after a 412, found landed by a re-read), as the client's ledger keeps it. */
interface Write {
  client: number;
  op: 'create-child' | 'create' | 'patch' | 'remove';
  what: string;
  childId: string;
  recordId: string;
  /** How the audit entry of exactly this write is known. */
  matches: (entry: AuditEntry) => boolean;
  attempts: number;
  /** When its last attempt was sent, and answered (performance.now()). */
  sentAt: number;
  answeredAt: number;
  how: 'answered' | 'replayed' | 'confirmed';
}

interface ChildModel {
  childId: string;
  reference: string;
  etag: string;
  episode?: { id: string; startDate: string };
  placements: Map<string, { date: string; datesUsed: Set<string> }>;
  cers: Map<string, { heldOn: string; recommendationsSentOn?: string }>;
  cerDays: Set<string>;
  discussions: Map<string, { date: string }>;
  disputes: Map<string, { startedOn: string; resolvedOn?: string }>;
  gone: boolean;
}

const stats = {
  requests: 0,
  retriedRequests: 0,
  extraAttempts: 0,
  connectionErrors: 0,
  serverErrors: 0,
  replayed: 0,
  confirmedByReread: 0,
  reappliedAfter412: 0,
  vanished: 0,
  refused: [] as string[],
};

const ledger: Write[] = [];
/** Set when the kills and restarts fail: the clients stop retrying. */
let abandoned = false;
const events: { at: number; what: string }[] = [];
/** The stretches in which an acknowledged write is at risk from DynamoDB Local's own SIGKILL: from its normal stop to its kill. */
const atRiskWindows: { from: number; killedAt: number }[] = [];

describe('the crash test', () => {
  let dataDir: string;
  let dynamoDbPort: number;
  let apiPort: number;
  let dynamoDb: RunningDynamoDb | undefined;
  let api: RunningApiServer | undefined;
  let stores: Stores;
  let documentClient: DynamoDBDocumentClient;
  let apiUrl: string;
  let adminToken: string;
  const startedAt = Date.now();
  const ses = inject('sesEndpoint');

  const startDynamoDb = async () => {
    dynamoDb = await startDynamoDbLocal({ port: dynamoDbPort, dataDir: path.join(dataDir, 'dynamodb') });
  };
  const startApi = async () => {
    api = await startApiServer({ dynamoDb: `http://127.0.0.1:${dynamoDbPort}`, table: TABLE, dataDir, port: apiPort, ses, logLevel: 'CRITICAL', quiet: true });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'iro-chaos-'));
    [dynamoDbPort, apiPort] = [await freePort(), await freePort()];
    await startDynamoDb();
    await ensureTable(dynamoDb!.endpoint, TABLE);
    await startApi();
    apiUrl = api!.url;
    documentClient = DynamoDBDocumentClient.from(localDynamoDbClient(dynamoDb!.endpoint), { marshallOptions: { removeUndefinedValues: true } });
    stores = dynamoDbStores(documentClient, TABLE);
    adminToken = await signLocalToken(await loadOrCreateSigningKey(dataDir), { email: 'admin@example.org', roles: ['admin'] });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await dynamoDb?.stop();
    documentClient?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  /** One attempt: the answer, or the connection error that stood in its way. */
  async function once(method: string, route: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | { error: string }> {
    try {
      const response = await fetch(`${apiUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text, etag: response.headers.get('etag'), replayed: response.headers.get('idempotent-replayed') === 'true' };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { error: cause?.code ?? (error as Error).name };
    }
  }

  /** Sends the same request until it is answered, as a client does: after a connection error or a 5xx, again after a pause. */
  async function untilAnswered(
    method: string,
    route: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ answer: Answer; attempts: number; sentAt: number; answeredAt: number }> {
    const giveUpAt = now() + GIVE_UP_MS;
    stats.requests += 1;
    for (let attempt = 1; ; attempt += 1) {
      const sentAt = now();
      const result = await once(method, route, token, body, headers);
      if ('status' in result && result.status < 500) {
        if (attempt > 1) {
          stats.retriedRequests += 1;
          stats.extraAttempts += attempt - 1;
        }
        return { answer: result, attempts: attempt, sentAt, answeredAt: now() };
      }
      if ('error' in result) stats.connectionErrors += 1;
      else stats.serverErrors += 1;
      if (abandoned) throw new Error(`${method} ${route}: the test gave up (a kill or restart failed)`);
      if (now() > giveUpAt) {
        throw new Error(`${method} ${route} was not answered in ${GIVE_UP_MS} ms: ${'error' in result ? result.error : `${result.status} ${result.text}`}; the API said: ${api?.output()}`);
      }
      await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
    }
  }

  it(
    'keeps every write it answered 2xx, once, through API crashes and DynamoDB Local restarts',
    async () => {
      const today = todayInLondon(new Date());
      const key = await loadOrCreateSigningKey(dataDir);
      const teamManagers = [`tm-a-${RUN}@example.org`, `tm-b-${RUN}@example.org`];
      const random = seeded(SEED);
      const loadStartedAt = now();
      let running = true;

      // Answers since the last restart: each kill falls the instant a seeded number of them has come.
      let answers = 0;
      let pending: { after: number; run: () => void; skip: () => void } | undefined;
      const onAnswer = () => {
        answers += 1;
        if (pending && answers >= pending.after) {
          const { run } = pending;
          pending = undefined;
          run();
        }
      };
      /** Runs `action` (its signal sent before its first await) at the `after`th answer since the last restart, or after GAP_CAP_MS. */
      const atAnswer = (after: number, action: () => Promise<void>) =>
        new Promise<void>((resolve, reject) => {
          const run = () => {
            clearTimeout(timer);
            action().then(resolve, reject);
          };
          const timer = setTimeout(() => {
            if (pending?.run === run) {
              pending = undefined;
              run();
            }
          }, GAP_CAP_MS);
          const skip = () => {
            clearTimeout(timer);
            resolve();
          };
          pending = { after, run, skip };
          if (answers >= after) {
            pending = undefined;
            run();
          }
        });
      const restarted = (what: string) => {
        answers = 0;
        events.push({ at: now(), what });
      };

      // The conductor: a cycle is three API kills and DynamoDB Local's normal stop followed by its kill, in a seeded
      // order; no API kill falls between DynamoDB Local's clean restart and its kill, so that what is lost there is its alone.
      let apiKills = 0;
      let cleanStops = 0;
      let dynamoDbKills = 0;
      let cycles = 0;
      const conductor = (async () => {
        try {
          do {
            cycles += 1;
            const steps: ('api' | 'dynamodb')[] = ['api', 'api', 'api', 'dynamodb'];
            steps.splice(Math.floor(random() * 4), 0, ...steps.splice(3, 1));
            for (const step of steps) {
              const after = () => 10 + Math.floor(random() * 30);
              const pause = () => 200 + Math.floor(random() * 1_300);
              if (step === 'api') {
                await atAnswer(after(), async () => {
                  events.push({ at: now(), what: 'API SIGKILL' });
                  await api!.kill();
                });
                if (!running) return;
                apiKills += 1;
                await sleep(pause());
                await startApi();
                restarted('API restarted');
                continue;
              }
              let stoppedAt = 0;
              await atAnswer(after(), async () => {
                events.push({ at: now(), what: 'DynamoDB Local SIGTERM' });
                await signalDynamoDbLocal(dynamoDb!, 'SIGTERM');
                stoppedAt = now();
              });
              if (!running) return;
              cleanStops += 1;
              await sleep(pause());
              await startDynamoDb();
              restarted('DynamoDB Local restarted');
              await atAnswer(after(), async () => {
                // Every write answered since the normal stop and sent before this instant is at risk from this kill.
                atRiskWindows.push({ from: stoppedAt, killedAt: now() });
                events.push({ at: now(), what: 'DynamoDB Local SIGKILL' });
                await signalDynamoDbLocal(dynamoDb!, 'SIGKILL');
              });
              if (!running) return;
              dynamoDbKills += 1;
              await sleep(pause());
              await startDynamoDb();
              restarted('DynamoDB Local restarted');
            }
          } while (now() < loadStartedAt + LOAD_MS);
          // A last stretch of writes, on a quiet API.
          await atAnswer(20, async () => undefined);
        } catch (error) {
          abandoned = true;
          throw error;
        } finally {
          running = false;
        }
      })();

      const clients = Array.from({ length: CLIENTS }, async (_, index) => {
        const rng = seeded(SEED + 7919 * (index + 1));
        const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
        const between = (from: string, to: string): string => {
          const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
          return addDays(from, Math.floor(rng() * (span + 1)));
        };
        const iro = `iro-${index + 1}-${RUN}@example.org`;
        const token = await signLocalToken(key, { email: iro, roles: ['iro'] });
        const teamManager = teamManagers[index % teamManagers.length]!;
        const children: ChildModel[] = [];
        let counter = 0;
        const unique = () => `${RUN}-${index + 1}-${(counter += 1)}`;

        const record = (write: Omit<Write, 'client'>) => {
          ledger.push({ client: index, ...write });
          if (write.how !== 'confirmed') onAnswer();
        };

        /** The child as the server has it now, the client's picture of it made again from that. */
        const reread = async (child: ChildModel): Promise<Answer | undefined> => {
          const { answer } = await untilAnswered('GET', `/children/${child.childId}`, token);
          if (answer.status === 404) {
            child.gone = true;
            return undefined;
          }
          if (answer.status !== 200) throw new Error(`GET /children/${child.childId}: ${refusal(answer)}`);
          const file = answer.body;
          child.etag = answer.etag!;
          const open = file.careEpisodes.find((episode: { endDate?: string }) => episode.endDate === undefined);
          child.episode = open ? { id: open.episodeId, startDate: open.startDate } : undefined;
          const placements = new Map<string, { date: string; datesUsed: Set<string> }>();
          for (const change of file.placementChanges) {
            placements.set(change.placementChangeId, { date: change.date, datesUsed: child.placements.get(change.placementChangeId)?.datesUsed ?? new Set([change.date]) });
          }
          child.placements = placements;
          child.cers = new Map(
            file.meetings
              .filter((meeting: { type: string; status: string }) => meeting.type === 'CER' && meeting.status === 'held')
              .map((meeting: { meetingId: string; heldOn: string; recommendationsSentOn?: string }) => [
                meeting.meetingId,
                { heldOn: meeting.heldOn, ...(meeting.recommendationsSentOn ? { recommendationsSentOn: meeting.recommendationsSentOn } : {}) },
              ]),
          );
          for (const cer of child.cers.values()) child.cerDays.add(cer.heldOn);
          child.discussions = new Map(file.strategyDiscussions.map((d: { strategyDiscussionId: string; date: string }) => [d.strategyDiscussionId, { date: d.date }]));
          child.disputes = new Map(
            file.disputes.map((d: { disputeId: string; startedOn: string; resolvedOn?: string }) => [d.disputeId, { startedOn: d.startedOn, ...(d.resolvedOn ? { resolvedOn: d.resolvedOn } : {}) }]),
          );
          return answer;
        };

        /** A POST with an Idempotency-Key, sent until answered. */
        const post = async (child: ChildModel | undefined, route: string, body: Record<string, unknown>, what: string, idField: string) => {
          const { answer, attempts, sentAt, answeredAt } = await untilAnswered('POST', route, token, body, { 'idempotency-key': unique() });
          if (answer.status === 201) {
            if (answer.replayed) stats.replayed += 1;
            const recordId = String(answer.body[idField]);
            const childId = child?.childId ?? recordId;
            record({
              op: child ? 'create' : 'create-child',
              what,
              childId,
              recordId,
              matches: (entry) => entry.recordId === recordId && CREATED.test(entry.action),
              attempts,
              sentAt,
              answeredAt,
              how: answer.replayed ? 'replayed' : 'answered',
            });
            if (child) child.etag = answer.etag!;
            return answer;
          }
          if (answer.status === 404 && child) {
            stats.vanished += 1;
            await reread(child);
            return undefined;
          }
          if (answer.status === 400 && child) {
            // Refused because what the client built on is gone? A care episode lost to
            // DynamoDB Local's SIGKILL leaves the child's later dates outside care. That
            // loss is counted where the episode's own write is; this refusal follows from it.
            const assumed = child.episode?.id;
            await reread(child);
            if (child.gone || child.episode?.id !== assumed) {
              stats.vanished += 1;
              return undefined;
            }
          }
          stats.refused.push(`POST ${what}: ${refusal(answer)}`);
          return undefined;
        };

        /**
         * A correction or removal with If-Match, sent until answered. A 412 is read
         * again: landed (an earlier attempt went through, unanswered), it is done;
         * not landed (the ETag was stale), it is made again on the file as it is.
         */
        const change = async (
          child: ChildModel,
          method: 'PATCH' | 'DELETE',
          route: string,
          body: Record<string, unknown>,
          what: string,
          recordId: string,
          matches: (entry: AuditEntry) => boolean,
          landed: (file: any) => boolean,
        ): Promise<boolean> => {
          let unanswered = false;
          for (let round = 0; round < 5; round += 1) {
            const { answer, attempts, sentAt, answeredAt } = await untilAnswered(method, route, token, body, { 'if-match': child.etag });
            unanswered ||= attempts > 1;
            if (answer.status === 200) {
              record({ op: method === 'PATCH' ? 'patch' : 'remove', what, childId: child.childId, recordId, matches, attempts, sentAt, answeredAt, how: 'answered' });
              child.etag = answer.etag!;
              return true;
            }
            if (answer.status === 412 || answer.status === 404) {
              const file = await reread(child);
              if (!file) {
                stats.vanished += 1;
                return false;
              }
              // Landed? The child's file says, and for a removal its audit trail (an admin's read) names this removal's own reason.
              let found = landed(file.body);
              if (found && method === 'DELETE') {
                const audit = (await untilAnswered('GET', `/children/${child.childId}/audit`, adminToken)).answer;
                found = audit.status === 200 && audit.body.entries.some((entry: AuditEntry) => matches(entry));
              }
              if (found && unanswered) {
                stats.confirmedByReread += 1;
                const at = now();
                record({ op: method === 'PATCH' ? 'patch' : 'remove', what, childId: child.childId, recordId, matches, attempts, sentAt: at, answeredAt: at, how: 'confirmed' });
                return true;
              }
              if (answer.status === 404 || found) {
                // The record is not there to change (its creation lost to DynamoDB Local's SIGKILL), or it changed without us: nothing to make.
                stats.vanished += 1;
                return false;
              }
              stats.reappliedAfter412 += 1;
              continue;
            }
            stats.refused.push(`${method} ${what}: ${refusal(answer)}`);
            return false;
          }
          stats.refused.push(`${method} ${what}: still 412 after five re-reads`);
          return false;
        };

        const createChild = async () => {
          const reference = `CHAOS-${unique()}`;
          const body = {
            reference,
            givenName: pick(['Ada', 'Bo', 'Cass', 'Dev', 'Eli', 'Fen']),
            familyName: pick(['Example', 'Sample', 'Testing', 'Invented']),
            dateOfBirth: addDays('2008-01-01', Math.floor(rng() * 4_000)),
            gender: pick(['female', 'male', 'not-stated']),
            iroEmail: iro,
            teamName: teamManager.startsWith('tm-a') ? 'Chaos Team A' : 'Chaos Team B',
            teamManagerEmail: teamManager,
          };
          const answer = await post(undefined, '/children', body, 'child', 'childId');
          if (!answer) return;
          children.push({
            childId: answer.body.childId,
            reference,
            etag: answer.etag!,
            placements: new Map(),
            cers: new Map(),
            cerDays: new Set(),
            discussions: new Map(),
            disputes: new Map(),
            gone: false,
          });
        };

        const actions = (child: ChildModel): [number, () => Promise<unknown>][] => {
          const base = `/children/${child.childId}`;
          const list: [number, () => Promise<unknown>][] = [];
          const episode = child.episode;
          if (!episode) {
            list.push([6, async () => {
              const startDate = addDays(today, -30 - Math.floor(rng() * 470));
              const answer = await post(child, `${base}/care-episodes`, { startDate }, 'care episode', 'episodeId');
              if (answer) child.episode = { id: answer.body.episodeId, startDate };
            }]);
          } else {
            list.push([3, async () => {
              const date = between(episode.startDate, today);
              const answer = await post(child, `${base}/placement-changes`, { date, unplanned: rng() < 0.3 }, 'placement change', 'placementChangeId');
              if (answer) child.placements.set(answer.body.placementChangeId, { date, datesUsed: new Set([date]) });
            }]);
            const heldOn = between(episode.startDate, today);
            if (!child.cerDays.has(heldOn)) {
              list.push([3, async () => {
                child.cerDays.add(heldOn);
                const body = { type: 'CER', heldOn, childParticipated: rng() < 0.7, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: rng() < 0.5 };
                const answer = await post(child, `${base}/meetings`, body, 'CER', 'meetingId');
                if (answer) child.cers.set(answer.body.meetingId, { heldOn });
              }]);
            }
          }
          list.push([2, async () => {
            const date = addDays(today, -Math.floor(rng() * 60));
            const answer = await post(child, `${base}/strategy-discussions`, { date }, 'strategy discussion', 'strategyDiscussionId');
            if (answer) child.discussions.set(answer.body.strategyDiscussionId, { date });
          }]);
          list.push([1, async () => {
            const startedOn = addDays(today, -Math.floor(rng() * 200));
            const answer = await post(child, `${base}/disputes`, { startedOn, stage: pick(['informal', 'formal']), raisedBy: 'IRO' }, 'case dispute', 'disputeId');
            if (answer) child.disputes.set(answer.body.disputeId, { startedOn });
          }]);
          if (child.placements.size > 0 && episode) {
            const [id, placement] = pick([...child.placements]);
            const date = between(episode.startDate, today);
            if (!placement.datesUsed.has(date)) {
              list.push([2, async () => {
                placement.datesUsed.add(date);
                const done = await change(
                  child, 'PATCH', `${base}/placement-changes/${id}`, { date }, 'placement change corrected', id,
                  (entry) => entry.recordId === id && entry.changes.some((c) => c.field === 'date' && c.to === date),
                  (file) => file.placementChanges.some((p: { placementChangeId: string; date: string }) => p.placementChangeId === id && p.date === date),
                );
                if (done) placement.date = date;
              }]);
            }
            list.push([1, async () => {
              const reason = `Entered in error (chaos ${unique()})`;
              const done = await change(
                child, 'DELETE', `${base}/placement-changes/${id}`, { reason }, 'placement change removed', id,
                (entry) => entry.recordId === id && entry.action.endsWith('.removed') && entry.reason === reason,
                (file) => !file.placementChanges.some((p: { placementChangeId: string }) => p.placementChangeId === id),
              );
              if (done) child.placements.delete(id);
            }]);
          }
          if (child.cers.size > 0) {
            const [id, cer] = pick([...child.cers]);
            const chairEmail = `chair-${unique()}@example.org`;
            list.push([2, async () => {
              const sentOn = cer.recommendationsSentOn ? undefined : between(cer.heldOn, today);
              const body = { chairEmail, ...(sentOn ? { recommendationsSentOn: sentOn } : {}) };
              const done = await change(
                child, 'PATCH', `${base}/meetings/${id}`, body, 'CER corrected', id,
                (entry) => entry.recordId === id && entry.changes.some((c) => c.field === 'chairEmail' && c.to === chairEmail),
                (file) => file.meetings.some((m: { meetingId: string; chairEmail?: string }) => m.meetingId === id && m.chairEmail === chairEmail),
              );
              if (done && sentOn) cer.recommendationsSentOn = sentOn;
            }]);
          }
          if (child.disputes.size > 0) {
            const [id, dispute] = pick([...child.disputes]);
            const outcome = `Agreed with the service (note ${unique()})`;
            list.push([1, async () => {
              const resolvedOn = dispute.resolvedOn ?? between(dispute.startedOn, today);
              const done = await change(
                child, 'PATCH', `${base}/disputes/${id}`, { resolvedOn, outcome }, 'case dispute resolved', id,
                (entry) => entry.recordId === id && entry.changes.some((c) => c.field === 'outcome' && c.to === outcome),
                (file) => file.disputes.some((d: { disputeId: string; outcome?: string }) => d.disputeId === id && d.outcome === outcome),
              );
              if (done) dispute.resolvedOn = resolvedOn;
            }]);
          }
          if (child.discussions.size > 0) {
            const [id] = pick([...child.discussions]);
            list.push([1, async () => {
              const reason = `Recorded against the wrong child (chaos ${unique()})`;
              const done = await change(
                child, 'DELETE', `${base}/strategy-discussions/${id}`, { reason }, 'strategy discussion removed', id,
                (entry) => entry.recordId === id && entry.action.endsWith('.removed') && entry.reason === reason,
                (file) => !file.strategyDiscussions.some((d: { strategyDiscussionId: string }) => d.strategyDiscussionId === id),
              );
              if (done) child.discussions.delete(id);
            }]);
          }
          return list;
        };

        while (running) {
          const live = children.filter((child) => !child.gone);
          if (live.length < 2 || rng() < 0.1) {
            await createChild();
            continue;
          }
          const child = pick(live);
          const choices = actions(child);
          let roll = rng() * choices.reduce((sum, [weight]) => sum + weight, 0);
          const chosen = choices.find(([weight]) => (roll -= weight) < 0) ?? choices[0]!;
          await chosen[1]();
        }
        return children;
      });

      // A client that fails stops the conductor (no kill or restart after it); a conductor that fails stops the clients.
      const clientsDone = Promise.all(clients).catch((error: unknown) => {
        running = false;
        const waiting = pending;
        pending = undefined;
        waiting?.skip();
        throw error;
      });
      const [clientsEnded, conductorEnded] = await Promise.allSettled([clientsDone, conductor]);
      if (conductorEnded.status === 'rejected') throw conductorEnded.reason;
      if (clientsEnded.status === 'rejected') throw clientsEnded.reason;
      const everyChild = clientsEnded.value.flat();
      const loadEndedAt = now();

      // Everything quiet: read every child's file and audit trail straight from the table.
      const atRisk = (write: Write) => atRiskWindows.some((window) => write.answeredAt > window.from && write.sentAt < window.killedAt);
      const byChild = groupBy(ledger, (write) => write.childId);
      const lost: Write[] = [];
      const duplicated: string[] = [];
      const unledgered: string[] = [];
      const versionMismatches: string[] = [];
      const recordMismatches: string[] = [];
      for (const [childId, writes] of byChild) {
        const [file, audit] = await Promise.all([stores.reads.loadChildFile(childId), stores.reads.listAudit(childId)]);
        const matched = new Set<AuditEntry>();
        for (const write of writes) {
          const found = audit.filter(write.matches);
          found.forEach((entry) => matched.add(entry));
          if (found.length === 0) lost.push(write);
          if (found.length > 1) duplicated.push(`${write.what} ${write.recordId}: ${found.length} audit entries`);
        }
        for (const entry of audit) if (!matched.has(entry)) (CREATED.test(entry.action) ? duplicated : unledgered).push(`${entry.action} ${entry.recordId}`);
        if (!file) continue;
        if (file.child.version !== audit.length) versionMismatches.push(`${childId}: version ${file.child.version}, ${audit.length} audit entries`);
        // The records the ledger says the child has: those created and not removed, unless lost.
        const lostIds = new Set(lost.filter((write) => write.childId === childId && write.op === 'create').map((write) => write.recordId));
        const expected = new Set<string>();
        for (const write of [...writes].sort((a, b) => a.answeredAt - b.answeredAt)) {
          if (write.op === 'create' && !lostIds.has(write.recordId)) expected.add(write.recordId);
          if (write.op === 'remove' && !lost.includes(write)) expected.delete(write.recordId);
        }
        const held = new Set(
          [...file.records.careEpisodes.map((r) => r.episodeId), ...file.records.placementChanges.map((r) => r.placementChangeId), ...file.records.meetings.map((r) => r.meetingId),
            ...file.records.strategyDiscussions.map((r) => r.strategyDiscussionId), ...file.records.disputes.map((r) => r.disputeId)],
        );
        const missing = [...expected].filter((id) => !held.has(id));
        const extra = [...held].filter((id) => !expected.has(id));
        if (missing.length > 0 || extra.length > 0) recordMismatches.push(`${childId}: missing ${missing.join(', ') || 'none'}; not in the ledger ${extra.join(', ') || 'none'}`);
      }
      // Each case reference names the one child the API answered for it.
      const references = everyChild.map((child) => child.reference);
      const idsByReference = await stores.reads.childIdsByReference(references);
      const lostChildren = new Set(lost.filter((write) => write.op === 'create-child').map((write) => write.childId));
      const referenceMismatches = everyChild.filter((child) => !lostChildren.has(child.childId) && idsByReference.get(child.reference) !== child.childId).map((child) => child.reference);

      const lostToStandIn = lost.filter(atRisk);
      const lostByApi = lost.filter((write) => !atRisk(write));
      const windowWrites = ledger.filter(atRisk).length;

      // The due-date index: nothing to repair.
      const policy = timescalePolicyFromJson(process.env['TIMESCALE_POLICY']);
      const check = await rebuildDueIndex({ reads: stores.reads, repair: stores.repair, policy, asOf: todayInLondon(new Date()), dryRun: true });

      // A nightly run on a working day with due timescales: one digest a recipient, or named as could-have-two.
      let asOf = today;
      while (!isWorkingDay(asOf)) asOf = addDays(asOf, 1);
      const sender = `chaos-${RUN}@example.org`;
      const nightlyDeps = {
        reads: stores.reads,
        ledger: stores.ledger,
        mailer: new SesMailer(emulatorSesClient()),
        sender,
        horizonWorkingDays: policy.dueSoonWorkingDays,
        log: () => undefined,
        newRunId: () => randomUUID(),
      };
      const nightly = await runNightlyTimescales(nightlyDeps, asOf);
      const again = await runNightlyTimescales(nightlyDeps, asOf);
      const due = await stores.reads.listDue([{ all: true }], addWorkingDays(asOf, policy.dueSoonWorkingDays));
      const expectedRecipients = new Set(due.flatMap((entry) => [entry.iroEmail, entry.teamManagerEmail]));
      const emails = await emailsFrom(sender);
      const digestsTo = new Map<string, number>();
      for (const email of emails) for (const to of email.destination.to) digestsTo.set(to, (digestsTo.get(to) ?? 0) + 1);
      const couldHaveTwo = new Set([...nightly.unrecorded, ...nightly.takenOver, ...again.unrecorded, ...again.takenOver]);
      const notOnce = [...expectedRecipients].filter((recipient) => digestsTo.get(recipient) !== 1 && !couldHaveTwo.has(recipient));
      const strangers = [...digestsTo.keys()].filter((recipient) => !expectedRecipients.has(recipient));

      const seconds = Math.round((Date.now() - startedAt) / 1000);
      const summary = {
        seed: SEED,
        clients: CLIENTS,
        cycles,
        loadSeconds: Math.round((loadEndedAt - loadStartedAt) / 1000),
        seconds,
        writesAcknowledged: ledger.filter((write) => write.how !== 'confirmed').length,
        byKind: Object.fromEntries([...groupBy(ledger, (write) => write.op)].map(([op, writes]) => [op, writes.length])),
        children: everyChild.length,
        ...stats,
        lostByApi: lostByApi.length,
        lostToDynamoDbLocalSigkill: lostToStandIn.length,
        acknowledgedInTheSigkillWindows: windowWrites,
        apiKills,
        dynamoDbLocalCleanRestarts: cleanStops,
        dynamoDbLocalSigkills: dynamoDbKills,
        duplicated,
        unledgered,
        versionMismatches,
        recordMismatches,
        referenceMismatches,
        dueIndexCheck: { children: check.children, kept: check.kept, childrenRepaired: check.childrenRepaired },
        nightly: { asOf, timescales: nightly.timescales, sent: nightly.sent.length, secondRunSent: again.sent.length, recipients: expectedRecipients.size, couldHaveTwo: [...couldHaveTwo], notOnce, strangers },
        events: events.map((event) => `${((event.at - loadStartedAt) / 1000).toFixed(1)}s ${event.what}`),
      };
      mkdirSync('test-output', { recursive: true });
      writeFileSync('test-output/chaos-summary.json', `${JSON.stringify(summary, null, 2)}\n`);
      console.info(
        `crash test: ${summary.writesAcknowledged} writes acknowledged (${Object.entries(summary.byKind).map(([op, n]) => `${n} ${op}`).join(', ')}) ` +
          `by ${CLIENTS} clients to ${everyChild.length} children in ${summary.loadSeconds} s; ${stats.retriedRequests} requests retried ` +
          `(${stats.extraAttempts} attempts more: ${stats.connectionErrors} connection errors, ${stats.serverErrors} 5xx), ${stats.replayed} POSTs answered by replay, ` +
          `${stats.confirmedByReread} PATCH/DELETE confirmed by re-read after a 412, ${stats.reappliedAfter412} made again after a 412; ` +
          `lost by the API: ${lostByApi.length}; lost to DynamoDB Local's SIGKILL (apart): ${lostToStandIn.length} of ${windowWrites} acknowledged in its window; ` +
          `API kills: ${apiKills}; DynamoDB Local restarts: ${cleanStops + dynamoDbKills} (${cleanStops} after a normal stop, ${dynamoDbKills} after SIGKILL); ` +
          `due-date index check: ${check.childrenRepaired} of ${check.children} children to repair; ` +
          `nightly (${asOf}): ${nightly.sent.length} digests to ${expectedRecipients.size} recipients, ${notOnce.length} not exactly once, could have two: ${couldHaveTwo.size}; ` +
          `seed ${SEED}; ${seconds} s in all.`,
      );
      if (lostToStandIn.length > 0) console.info(`lost to DynamoDB Local's SIGKILL: ${lostToStandIn.map((write) => `${write.what} (answered ${((write.answeredAt - loadStartedAt) / 1000).toFixed(1)} s in)`).join('; ')}`);

      expect(stats.refused, 'requests refused that the clients meant to be good').toEqual([]);
      // A record found gone, or a refusal excused by one, only follows a loss to the stand-in's SIGKILL.
      if (lostToStandIn.length === 0) expect(stats.vanished, 'records gone with nothing lost to DynamoDB Local').toBe(0);
      expect(lostByApi.map((write) => `${write.what} ${write.recordId} (${write.how}, ${((write.answeredAt - loadStartedAt) / 1000).toFixed(1)} s in)`)).toEqual([]);
      expect(duplicated).toEqual([]);
      expect(versionMismatches).toEqual([]);
      expect(recordMismatches).toEqual([]);
      expect(referenceMismatches).toEqual([]);
      expect(check.childrenRepaired).toBe(0);
      expect(apiKills).toBe(3 * cycles);
      expect(cleanStops).toBe(cycles);
      expect(dynamoDbKills).toBe(cycles);
      expect(nightly.failed).toEqual([]);
      expect(nightly.sent.length).toBeGreaterThan(0);
      expect(again.sent).toEqual([]);
      expect(notOnce).toEqual([]);
      expect(strangers).toEqual([]);
    },
    LOAD_MS + 10 * 60_000,
  );
});
