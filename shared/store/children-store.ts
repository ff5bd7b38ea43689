/**
 * The port the use cases keep children's files through.
 * `dynamodb-children-store.ts` implements it on DynamoDB; tests run that
 * against DynamoDB Local.
 */
import type { Child, ChildRecords } from '#shared/domain/records';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import type { RecordCollection } from './table-design';

/** A child's profile as stored: the record, when it changed, and its version. */
export interface StoredChild extends Child {
  createdAt: string;
  updatedAt: string;
  /** Goes up by one with every write to the child's file: the ETag, and the optimistic lock. */
  version: number;
}

/** Everything kept about one child but the audit trail, read in one query. */
export interface ChildFile {
  child: StoredChild;
  records: ChildRecords;
  /** The open timescales as the due-date index holds them now. */
  due: OpenTimescale[];
}

/** One entry of a child's audit trail: who did what to which record, and when. */
export interface AuditEntry {
  auditId: string;
  childId: string;
  at: string;
  actor: string;
  action: string;
  recordType: string;
  recordId: string;
  /** The fields that changed, old and new; `from` is absent for a new record. */
  changes: { field: string; from?: unknown; to?: unknown }[];
}

/** A record to create or replace in a child's file. */
export interface RecordWrite {
  collection: RecordCollection;
  record: ChildRecords[RecordCollection][number];
}

/** One write to a child's file and all its consequences, committed together or not at all. */
export interface ChildChange {
  /** The profile after the change; its `version` is one more than `expectedVersion`. */
  child: StoredChild;
  /** What the records make of the child after the change (for the list filters). */
  status: ChildStatus;
  /** The version the change was computed from; `undefined` for a new child. */
  expectedVersion?: number;
  /** The profile as it was read; absent for a new child. */
  previousChild?: StoredChild;
  records: RecordWrite[];
  /** The child's open timescales after the change (the whole set). */
  due: OpenTimescale[];
  /** The open timescales before it, so that the ones closed can be removed. */
  previousDue: OpenTimescale[];
  audit: AuditEntry;
  /** Remember the answer to an idempotent POST with the change. */
  idempotency?: IdempotentAnswer;
}

/** A new child's whole file and its consequences, as an import writes it (no version to check). */
export type ImportedFile = Pick<ChildChange, 'child' | 'status' | 'records' | 'due' | 'audit'>;

/** How a bulk import writes. */
export interface ImportOptions {
  /** Write requests in flight at once. */
  concurrency?: number;
  /** Tries of a batch whose items DynamoDB keeps leaving unprocessed, before the import fails. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

/** The first answer to a POST that carried an `Idempotency-Key`. */
export interface IdempotentAnswer {
  caller: string;
  key: string;
  /** A digest of the request, so the same key with another request is refused. */
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Whose children a list covers: an IRO's, a team manager's, or everyone's. */
export type ListScope = { iroEmail: string } | { teamManagerEmail: string } | { all: true };

/** One page of a list, and where the next starts (opaque; absent on the last page). */
export interface Page<T> {
  items: T[];
  next?: Record<string, unknown>;
}

/** What a child's records make of them now: in care, on the register, both or neither. */
export interface ChildStatus {
  lookedAfter: boolean;
  registered: boolean;
}

/** An open timescale as the due-date index holds it, with who is responsible and the case reference. */
export interface DueEntry extends OpenTimescale {
  childId: string;
  reference: string;
  initials: string;
  iroEmail: string;
  teamName: string;
  teamManagerEmail: string;
}

export interface ChildrenStore {
  /**
   * Commits a change to a child's file in one transaction.
   * @throws StaleChildError when the child changed since `expectedVersion` (or already exists, for a new one).
   * @throws ReferenceTakenError when the (new) reference belongs to another child.
   * @throws IdempotencyKeyUsedError when the idempotency key was used meanwhile.
   */
  commit(change: ChildChange): Promise<void>;
  /** The child's profile, records and open timescales, read consistently. */
  loadChildFile(childId: string): Promise<ChildFile | undefined>;
  getChild(childId: string): Promise<StoredChild | undefined>;
  listAudit(childId: string): Promise<AuditEntry[]>;
  getIdempotentAnswer(caller: string, key: string): Promise<IdempotentAnswer | undefined>;
  /** A page of the children in scope, by case reference. */
  listChildren(scope: ListScope, options: { status?: 'looked-after' | 'registered' | 'closed'; limit: number; start?: Record<string, unknown> }): Promise<Page<StoredChild & ChildStatus>>;
  /** Every open timescale in scope due on or before `dueBy`, soonest first. */
  listDue(scope: ListScope, dueBy: string): Promise<DueEntry[]>;
}

/** Another child already holds this case reference. */
export class ReferenceTakenError extends Error {
  constructor(readonly reference: string) {
    super('Another child already has this case reference.');
    this.name = 'ReferenceTakenError';
  }
}

/** The child's file changed since it was read: read again and recompute. */
export class StaleChildError extends Error {
  constructor(readonly childId: string) {
    super('The child changed while this write was being made.');
    this.name = 'StaleChildError';
  }
}

/** The idempotency key was claimed by another request meanwhile. */
export class IdempotencyKeyUsedError extends Error {
  constructor() {
    super('The idempotency key was used by another request meanwhile.');
    this.name = 'IdempotencyKeyUsedError';
  }
}
