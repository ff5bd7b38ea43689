/**
 * How every read and write of a child's file is made. A read answers 404 for
 * a child outside the caller's scope, exactly as for one that does not exist.
 * A write reads the file, asks `shared/domain/access.ts` whether the caller may
 * make it, checks `If-Match`, lets the use case decide the change, works out
 * the child's open timescales afresh, and commits it all (records, due-date
 * index, audit entry, late-booking notices, idempotent answer) in one
 * transaction. When another write got there first, it reads again and
 * retries, so no update is lost.
 */
import { createHash } from 'node:crypto';
import pRetry from 'p-retry';
import { canReadChild, may, type Action, type Caller } from '#shared/domain/access';
import { emptyRecords, statusOf, type CalendarDate, type ChildRecords } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { ChildNotFoundError, ConflictError, ForbiddenError, PreconditionFailedError, ServiceUnavailableError, ValidationError } from '#shared/errors';
import type { ApiRequest, ApiResponse } from '#shared/http/types';
import { todayOf, type Clock, type IdGenerator } from '#shared/api/ports';
import { IdempotencyKeyUsedError, StaleChildError } from '#shared/store/errors';
import type { LateBookingNotice } from '#shared/domain/digest';
import type { AuditEntry, ChildFile, ChildReads, ChildWrites, LateBookingNoticeKey, ReadEntry, ReadLog, RecordRemoval, RecordWrite, StoredChild } from '#shared/store/ports';
import { RECORD_KINDS } from '#shared/store/table-design';

/** What the use cases on a child's file need. */
export interface ChildFileDeps {
  reads: ChildReads;
  writes: ChildWrites;
  /** Where every read of a child's file is recorded. */
  readLog: ReadLog;
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
  /** Records removed as entered in error. */
  removals?: RecordRemoval[];
  audit: Pick<AuditEntry, 'action' | 'recordType' | 'recordId' | 'changes' | 'reason'>;
  /** A booking made or moved late: noticed in the next nightly digest of the child's IRO and team manager. */
  notices?: LateBookingNotice[];
  /** Notices of a booking no longer late as it was noticed (moved, cancelled, removed). */
  withdrawnNotices?: LateBookingNoticeKey[];
  /** The answer, given the profile as committed. */
  respond: (child: StoredChild) => ApiResponse;
}

/** What a use case knows when it decides. */
export interface DecideContext {
  today: CalendarDate;
  now: string;
  caller: Caller;
}

/** The write a caller asks to make, as the access module judges it: the action, and the fields it sets. */
export interface WriteAccess {
  action: Action;
  fields?: readonly string[];
}

/** The ETag of a child's file: its version. */
export const etagOf = (child: StoredChild): string => `"${child.version}"`;

/** The reads and writes of children's files, on the given stores. */
export function childFiles(deps: ChildFileDeps) {
  const maxAttempts = deps.maxAttempts ?? 12;

  /** The child's file if the caller may read it; otherwise 404, whether it exists or not. */
  async function readFile(caller: Caller, childId: string): Promise<ChildFile> {
    const file = await deps.reads.loadChildFile(childId);
    if (!file || !canReadChild(caller, file.child)) throw new ChildNotFoundError();
    return file;
  }

  /**
   * The child's file for a read route: {@link readFile}, then the read
   * recorded (who, when, which route, which request) before anything is
   * answered. A refused read records nothing (the API logs it).
   */
  async function readRecorded(request: { caller: Caller; requestId: string }, childId: string, operationId: string): Promise<ChildFile> {
    const file = await readFile(request.caller, childId);
    await recordRead(deps.readLog, { childId, at: deps.clock.now().toISOString(), reader: request.caller.email, operationId, requestId: request.requestId });
    return file;
  }

  /** The file, when the caller may make this write to it: 404 outside their scope, 403 where they may read but not write. */
  async function writableFile(caller: Caller, childId: string, access: WriteAccess): Promise<ChildFile> {
    const file = await readFile(caller, childId);
    if (!may(caller, access.action, file.child, access.fields)) throw new ForbiddenError('Your role may not make this change to this child’s records.');
    return file;
  }

  /** Makes a write to an existing child, retrying when the child changed underneath it. */
  async function change(
    request: ApiRequest<{ params: { childId: string }; query: unknown; body: unknown }>,
    access: WriteAccess,
    decide: (file: ChildFile, context: DecideContext) => Decision,
  ): Promise<ApiResponse> {
    const { childId } = request.params;
    const ifMatch = request.headers['if-match'];
    // Scope first, so that a replayed answer is never given to someone who may no longer write here.
    return idempotent(request, async () => void (await writableFile(request.caller, childId, access)), async (idempotency) => {
      const attempt = async () => {
        const file = await writableFile(request.caller, childId, access);
        if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(file.child)) throw new PreconditionFailedError();
        const context = contextOf(request.caller);
        const decision = decide(file, context);
        const child: StoredChild = { ...(decision.child ?? file.child), updatedAt: context.now, version: file.child.version + 1 };
        const records = applyWrites(file.records, decision.records, decision.removals);
        const response = withEtag(decision.respond(child), child);
        await deps.writes.commit({
          child,
          status: statusOf(records, context.today),
          expectedVersion: file.child.version,
          previousChild: file.child,
          records: decision.records,
          ...(decision.removals ? { removals: decision.removals } : {}),
          due: openTimescales(records, deps.policy, context.today),
          previousDue: file.due,
          audit: auditEntry(decision.audit, childId, context),
          ...(idempotency ? { idempotency: { ...idempotency, ...answerOf(response) } } : {}),
          ...(decision.notices?.length ? { notices: decision.notices } : {}),
          ...(decision.withdrawnNotices?.length ? { withdrawnNotices: decision.withdrawnNotices } : {}),
        });
        return response;
      };
      try {
        return await pRetry(attempt, {
          retries: maxAttempts - 1,
          minTimeout: 10,
          maxTimeout: 400,
          randomize: true,
          // With If-Match the client asked for that version only: no silent retry.
          shouldRetry: ({ error }) => error instanceof StaleChildError && ifMatch === undefined,
        });
      } catch (error) {
        if (!(error instanceof StaleChildError)) throw error;
        if (ifMatch !== undefined) throw new PreconditionFailedError({ cause: error });
        throw new ServiceUnavailableError(1, { cause: error });
      }
    });
  }

  /** Makes a new child's file. */
  async function create(request: ApiRequest, decide: (context: DecideContext) => Decision & { child: StoredChild }): Promise<ApiResponse> {
    return idempotent(request, async () => undefined, async (idempotency) => {
      const context = contextOf(request.caller);
      const decision = decide(context);
      const child = decision.child;
      const records = applyWrites(emptyRecords(), decision.records);
      const response = withEtag(decision.respond(child), child);
      await deps.writes.commit({
        child,
        status: statusOf(records, context.today),
        records: decision.records,
        due: openTimescales(records, deps.policy, context.today),
        previousDue: [],
        audit: auditEntry(decision.audit, child.childId, context),
        ...(idempotency ? { idempotency: { ...idempotency, ...answerOf(response) } } : {}),
      });
      return response;
    });
  }

  function contextOf(caller: Caller): DecideContext {
    return { today: todayOf(deps.clock), now: deps.clock.now().toISOString(), caller };
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
      .update(JSON.stringify([request.params ?? null, request.body ?? null]))
      .digest('base64url');
    const replay = async (): Promise<ApiResponse | undefined> => {
      const stored = await deps.reads.getIdempotentAnswer(request.caller.email, key);
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

  return { readFile, readRecorded, change, create };
}

/** Records a read; 503 when it cannot be, so that no read is answered unrecorded. */
export async function recordRead(readLog: ReadLog, entry: ReadEntry): Promise<void> {
  try {
    await readLog.record(entry);
  } catch (error) {
    throw new ServiceUnavailableError(1, { message: 'The read could not be recorded; please retry shortly.', cause: error });
  }
}

/** The records as they will be after the writes and removals: each write adds a record or replaces the one with its id. */
export function applyWrites(records: ChildRecords, writes: readonly RecordWrite[], removals: readonly RecordRemoval[] = []): ChildRecords {
  const next = { ...records } as { -readonly [K in keyof ChildRecords]: ChildRecords[K][number][] };
  for (const { collection, recordId } of removals) {
    const idField = RECORD_KINDS[collection].idField;
    (next[collection] as unknown[]) = (next[collection] as unknown as Record<string, unknown>[]).filter((existing) => existing[idField] !== recordId);
  }
  for (const { collection, record } of writes) {
    const idField = RECORD_KINDS[collection].idField;
    const id = (record as unknown as Record<string, unknown>)[idField];
    const list = (next[collection] as unknown as Record<string, unknown>[]).filter((existing) => existing[idField] !== id);
    (next[collection] as unknown[]) = [...list, record];
  }
  return next;
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
