/**
 * How every write to a child's file is made: read the file, check the
 * caller's scope and `If-Match`, let the use case decide the change, work out
 * the child's open timescales afresh, and commit it all (records, due-date
 * index, audit entry, idempotent answer) in one transaction. When another
 * write got there first, it reads again and retries, so no update is lost.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { canReadChild, canWriteChild, type Caller } from '#shared/domain/access';
import type { CalendarDate, ChildRecords } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ServiceUnavailableError,
  ValidationError,
} from '#shared/errors';
import type { ApiRequest, ApiResponse } from '#shared/http/types';
import {
  IdempotencyKeyUsedError,
  ReferenceTakenError,
  StaleChildError,
  type AuditEntry,
  type ChildFile,
  type ChildStatus,
  type ChildrenStore,
  type RecordWrite,
  type StoredChild,
} from '#shared/store/children-store';
import { RECORD_KINDS } from '#shared/store/table-design';
import { todayOf, type Clock, type IdGenerator } from './ports';

export interface ChildFileDeps {
  store: ChildrenStore;
  clock: Clock;
  newId: IdGenerator;
  policy: TimescalePolicy;
  /** How many times a write is tried when other writes keep getting there first. */
  maxAttempts?: number;
}

/** What a use case decides a write is. */
export interface Decision {
  /** The profile after the change, when the change touches it. */
  child?: StoredChild;
  records: RecordWrite[];
  audit: Pick<AuditEntry, 'action' | 'recordType' | 'recordId' | 'changes'>;
  /** The answer, given the profile as committed. */
  respond: (child: StoredChild) => ApiResponse;
}

export interface DecideContext {
  today: CalendarDate;
  now: string;
  caller: Caller;
}

/** The ETag of a child's file: its version. */
export const etagOf = (child: StoredChild): string => `"${child.version}"`;

export function childFiles(deps: ChildFileDeps) {
  const maxAttempts = deps.maxAttempts ?? 12;

  /** The child's file if the caller may read it; otherwise 404, whether it exists or not. */
  async function readFile(request: ApiRequest, childId: string): Promise<ChildFile> {
    if (!isRecordId(childId)) throw ValidationError.of('childId', 'is not a child id');
    const file = await deps.store.loadChildFile(childId);
    if (!file || !canReadChild(request.caller, file.child)) throw new NotFoundError('No child with this id.');
    return file;
  }

  /** Makes a write to an existing child, retrying when the child changed underneath it. */
  async function change(
    request: ApiRequest,
    childId: string,
    decide: (file: ChildFile, context: DecideContext) => Decision,
    /** Who may make this write; by default the child's IRO and admins. */
    mayWrite: (caller: Caller, child: StoredChild) => boolean = canWriteChild,
  ): Promise<ApiResponse> {
    const writableFile = async () => {
      const file = await readFile(request, childId);
      if (!mayWrite(request.caller, file.child)) throw new ForbiddenError('Your role may not change this child’s records.');
      return file;
    };
    // Scope first, so that a replayed answer is never given to someone who may no longer write here.
    return idempotent(request, async () => void (await writableFile()), async (idempotency) => {
      for (let attempt = 1; ; attempt += 1) {
        const file = await writableFile();
        const ifMatch = request.headers['if-match'];
        if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(file.child)) throw new PreconditionFailedError();

        const now = deps.clock.now();
        const context: DecideContext = { today: todayOf(deps.clock), now: now.toISOString(), caller: request.caller };
        const decision = decide(file, context);
        const child: StoredChild = {
          ...(decision.child ?? file.child),
          updatedAt: context.now,
          version: file.child.version + 1,
        };
        const records = applyWrites(file.records, decision.records);
        const response = withEtag(decision.respond(child), child);
        try {
          await deps.store.commit({
            child,
            status: statusOf(records, context.today),
            expectedVersion: file.child.version,
            previousChild: file.child,
            records: decision.records,
            due: openTimescales(records, deps.policy, context.today),
            previousDue: file.due,
            audit: auditEntry(decision.audit, childId, context),
            ...(idempotency ? { idempotency: { ...idempotency, ...answerOf(response) } } : {}),
          });
          return response;
        } catch (error) {
          if (!(error instanceof StaleChildError)) throw asConflict(error);
          // With If-Match the client asked for that version only: no silent retry.
          if (ifMatch !== undefined) throw new PreconditionFailedError();
          if (attempt >= maxAttempts) throw new ServiceUnavailableError(1, { cause: error });
          // Full jitter under an exponentially growing cap, so that colliding writers spread out.
          await sleep(Math.random() * Math.min(400, 10 * 2 ** attempt));
        }
      }
    });
  }

  /** Makes a new child's file. */
  async function create(request: ApiRequest, decide: (context: DecideContext) => Decision & { child: StoredChild }): Promise<ApiResponse> {
    return idempotent(request, async () => undefined, async (idempotency) => {
      const now = deps.clock.now();
      const context: DecideContext = { today: todayOf(deps.clock), now: now.toISOString(), caller: request.caller };
      const decision = decide(context);
      const child = decision.child;
      const records = applyWrites(EMPTY_RECORDS, decision.records);
      const response = withEtag(decision.respond(child), child);
      await deps.store
        .commit({
          child,
          status: statusOf(records, context.today),
          records: decision.records,
          due: openTimescales(records, deps.policy, context.today),
          previousDue: [],
          audit: auditEntry(decision.audit, child.childId, context),
          ...(idempotency ? { idempotency: { ...idempotency, ...answerOf(response) } } : {}),
        })
        .catch((error: unknown) => {
          throw asConflict(error);
        });
      return response;
    });
  }

  /**
   * Runs a POST at most once per `Idempotency-Key` (per caller): a retry gets
   * the first answer again; the same key with another request is refused.
   */
  async function idempotent(
    request: ApiRequest,
    authorize: () => Promise<void>,
    run: (idempotency: { caller: string; key: string; requestHash: string } | undefined) => Promise<ApiResponse>,
  ): Promise<ApiResponse> {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return run(undefined);
    if (!/^[\w.:-]{1,128}$/.test(key)) throw ValidationError.of('Idempotency-Key', 'must be 1 to 128 letters, digits or . _ : -');
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.pathParameters, request.body ?? null]))
      .digest('base64url');
    const replay = async (): Promise<ApiResponse | undefined> => {
      const stored = await deps.store.getIdempotentAnswer(request.caller.email, key);
      if (!stored) return undefined;
      if (stored.requestHash !== requestHash) {
        throw new ConflictError([{ field: 'Idempotency-Key', reason: 'was used with a different request' }]);
      }
      return { status: stored.status, body: stored.body, headers: { ...stored.headers, 'idempotent-replayed': 'true' } };
    };
    await authorize();
    const earlier = await replay();
    if (earlier) return earlier;
    try {
      return await run({ caller: request.caller.email, key, requestHash });
    } catch (error) {
      if (error instanceof IdempotencyKeyUsedError) {
        const answer = await replay();
        if (answer) return answer;
      }
      throw error;
    }
  }

  return { readFile, change, create };
}

const EMPTY_RECORDS: ChildRecords = { careEpisodes: [], placementChanges: [], strategyDiscussions: [], registrations: [], meetings: [] };

/** The records as they will be after the writes: each write adds a record or replaces the one with its id. */
export function applyWrites(records: ChildRecords, writes: readonly RecordWrite[]): ChildRecords {
  const next = { ...records } as { -readonly [K in keyof ChildRecords]: ChildRecords[K][number][] };
  for (const { collection, record } of writes) {
    const idField = RECORD_KINDS[collection].idField;
    const id = (record as unknown as Record<string, unknown>)[idField];
    const list = (next[collection] as unknown as Record<string, unknown>[]).filter((existing) => existing[idField] !== id);
    (next[collection] as unknown[]) = [...list, record];
  }
  return next;
}

/** Whether the child is looked after and on the register now. */
export function statusOf(records: ChildRecords, today: CalendarDate): ChildStatus {
  const openOn = (period: { startDate: string; endDate?: string }) =>
    period.startDate <= today && (period.endDate === undefined || period.endDate > today);
  return { lookedAfter: records.careEpisodes.some(openOn), registered: records.registrations.some(openOn) };
}

/** A reference another child holds is the client's problem, named by field. */
function asConflict(error: unknown): unknown {
  if (error instanceof ReferenceTakenError) {
    return new ConflictError([{ field: 'reference', reason: 'another child already has this case reference' }]);
  }
  return error;
}

function auditEntry(audit: Decision['audit'], childId: string, context: DecideContext): AuditEntry {
  return { auditId: crypto.randomUUID(), childId, at: context.now, actor: context.caller.email, ...audit };
}

function withEtag(response: ApiResponse, child: StoredChild): ApiResponse {
  return { ...response, headers: { etag: etagOf(child), ...response.headers } };
}

function answerOf(response: ApiResponse) {
  return { status: response.status, body: response.body ?? null, headers: response.headers ?? {} };
}

export const isRecordId = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
