/**
 * The port the use cases write children through. `dynamodb-children-store.ts`
 * implements it on DynamoDB; tests use that against DynamoDB Local.
 */
import type { Child } from '#shared/domain/records';

/** A child as stored: the record plus when it changed and its version for optimistic locking. */
export interface StoredChild extends Child {
  createdAt: string;
  updatedAt: string;
  version: number;
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

export interface ChildrenStore {
  /** Stores a new child with its audit entry, all or nothing. Throws {@link ReferenceTakenError}. */
  createChild(child: StoredChild, audit: AuditEntry): Promise<void>;
  getChild(childId: string): Promise<StoredChild | undefined>;
  listAudit(childId: string): Promise<AuditEntry[]>;
}

/** Another child already holds this case reference. */
export class ReferenceTakenError extends Error {
  constructor(readonly reference: string) {
    super('Another child already has this case reference.');
    this.name = 'ReferenceTakenError';
  }
}
