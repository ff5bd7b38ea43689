/**
 * The ports the use cases and jobs keep and read the service's data through,
 * one a job, and the records they pass. The DynamoDB adapters in
 * `shared/store/dynamodb/` implement them (`dynamoDbStores` builds them all);
 * tests run those against DynamoDB Local.
 */
import type { Caller, ListScope } from '#shared/domain/access';
import type { MonthlyFigures } from '#shared/domain/figures';
import type { CalendarDate, Child, ChildRecords, ChildStatus, RecordCollection } from '#shared/domain/records';
import type { IroDirectoryEntry } from '#shared/domain/iro-directory';
import type { LateBookingNotice } from '#shared/domain/digest';
import type { OpenTimescale } from '#shared/domain/timescales/types';

/** A child's profile as stored: the record, when it changed, and its version. */
export interface StoredChild extends Child {
  createdAt: string;
  updatedAt: string;
  /** Goes up by one with every write to the child's file: the ETag, and the optimistic lock. */
  version: number;
}

/** A child's profile and records: what the engine and the figures need of one child. */
export interface ChildFileRecords {
  child: StoredChild;
  records: ChildRecords;
}

/** Everything kept about one child but the audit trail, read in one query. */
export interface ChildFile extends ChildFileRecords {
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
  /** The fields that changed, old and new; `from` is absent for a new record, `to` for a removed one. */
  changes: { field: string; from?: unknown; to?: unknown }[];
  /** Why a record was removed as entered in error. */
  reason?: string;
}

/** One read of a child's file, or of a list: who, when, by which route, in which request. */
export interface ReadEntry {
  /** The child whose file was read; absent for a list. */
  childId?: string;
  at: string;
  /** The caller's email. */
  reader: string;
  /** The route read by (its operationId). */
  operationId: string;
  requestId: string;
  /** A list's filters, as the query gave them (never a child's name). */
  filters?: Record<string, string | number>;
}

/** The period a read log is asked for: Europe/London days, both ends included. */
export interface ReadPeriod {
  from?: CalendarDate;
  to?: CalendarDate;
}

/**
 * Who read what, kept apart from the change audit (see
 * `shared/store/table-design.ts`): a plain write a read, never in a child's
 * write transaction.
 */
export interface ReadLog {
  /** Records one read: in the child's read log, or, with no `childId`, in the day's list reads. */
  record(entry: ReadEntry): Promise<void>;
  /** A child's reads in the period, oldest first. */
  listReads(childId: string, period?: ReadPeriod): Promise<ReadEntry[]>;
}

/** A record to create or replace in a child's file. */
export interface RecordWrite {
  collection: RecordCollection;
  record: ChildRecords[RecordCollection][number];
}

/** A record to remove from a child's file (entered in error). */
export interface RecordRemoval {
  collection: RecordCollection;
  recordId: string;
}

/** The status filter of a children list. */
export type ChildStatusFilter = 'looked-after' | 'registered' | 'closed';

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
  /** Records removed as entered in error. */
  removals?: RecordRemoval[];
  /** The child's open timescales after the change (the whole set). */
  due: OpenTimescale[];
  /** The open timescales before it, so that the ones closed can be removed. */
  previousDue: OpenTimescale[];
  audit: AuditEntry;
  /** Remember the answer to an idempotent POST with the change. */
  idempotency?: IdempotentAnswer;
  /** Bookings made or moved late: filed under the day they were made, for the next nightly digest. */
  notices?: LateBookingNotice[];
  /** Notices filed earlier whose booking is no longer late as it was (moved, cancelled, removed): withdrawn. */
  withdrawnNotices?: LateBookingNoticeKey[];
}

/** Which late-booking notice: the day it was filed under, the child and the meeting. */
export type LateBookingNoticeKey = Pick<LateBookingNotice, 'bookedOn' | 'childId' | 'meetingId'>;

/** An open timescale as the due-date index holds it, with who is responsible and the case reference. */
export interface DueEntry extends OpenTimescale {
  childId: string;
  reference: string;
  initials: string;
  iroEmail: string;
  teamName: string;
  teamManagerEmail: string;
}

/** A child as a list gives it: the profile and its status. */
export type ListedChild = StoredChild & ChildStatus;

/** One page of a list, and the cursor of the next (absent on the last page). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** How a children list is read: a page at a time, its cursor bound to the caller, the scope and the filter it was made for. */
export interface ChildListOptions {
  /** Who asks: a cursor made for one caller is refused for another. */
  owner: string;
  status?: ChildStatusFilter;
  limit: number;
  /** A cursor this store gave for the same owner, scope and status. */
  cursor?: string;
}

/**
 * Commits the writes of the records API: one transaction a change.
 */
export interface ChildWrites {
  /**
   * Commits a change to a child's file in one transaction.
   * @throws StaleChildError when the child changed since `expectedVersion` (or already exists, for a new one).
   * @throws ReferenceTakenError when the (new) reference belongs to another child.
   * @throws IdempotencyKeyUsedError when the idempotency key was used meanwhile.
   */
  commit(change: ChildChange): Promise<void>;
}

/** The reads of the records API and the nightly job. */
export interface ChildReads {
  /** The child's profile, records and open timescales, read consistently. */
  loadChildFile(childId: string): Promise<ChildFile | undefined>;
  /** The child's audit trail, oldest first. */
  listAudit(childId: string): Promise<AuditEntry[]>;
  /** The ids of the children with these case references (whatever their letter case), by reference as given; one not found is absent. */
  childIdsByReference(references: readonly string[]): Promise<Map<string, string>>;
  /** The remembered answer to an idempotent POST. */
  getIdempotentAnswer(caller: string, key: string): Promise<IdempotentAnswer | undefined>;
  /**
   * A page of the children in the scope (each part's children by case
   * reference, a child in two parts listed once).
   * @throws InvalidCursorError when the cursor is not one this store gave for this owner, scope and status.
   */
  listChildren(scope: readonly ListScope[], options: ChildListOptions): Promise<Page<ListedChild>>;
  /** Every open timescale in the scope due on or before `dueBy`, soonest first, each once. */
  listDue(scope: readonly ListScope[], dueBy: CalendarDate): Promise<DueEntry[]>;
  /** The late-booking notices filed under each of these days (the nightly job reads `lateBookingDays` of `shared/domain/digest.ts`). */
  listLateBookings(days: readonly CalendarDate[]): Promise<LateBookingNotice[]>;
}

/** A new child's whole file and its consequences, as an import writes it (no version to check). */
export type ImportedFile = Pick<ChildChange, 'child' | 'status' | 'records' | 'due' | 'audit'>;

/** How a bulk import writes. */
export interface ImportOptions {
  /** Write requests in flight at once. */
  concurrency?: number;
  /** Tries of a batch whose items DynamoDB keeps leaving unprocessed, before the import fails. */
  maxAttempts?: number;
  /** The first wait before a batch is sent again (it doubles, randomised). */
  baseDelayMs?: number;
}

/** Moves a register in at speed: whole new files, not a transaction a child. */
export interface RegisterImport {
  /**
   * Writes the files; resolves only when every item is written.
   * @throws ImportIncompleteError when DynamoDB keeps leaving items unwritten.
   */
  importFiles(files: readonly ImportedFile[], options?: ImportOptions): Promise<{ items: number; requests: number }>;
}

/** Reads the whole register a child at a time, for the monthly figures. */
export interface RegisterReader {
  /** Hands every child's profile and records to `visit`, one child at a time (never the whole register at once). */
  eachChildFile(visit: (file: ChildFileRecords) => void): Promise<{ children: number; requests: number }>;
}

/** What rebuilding one child's due-date index entries found and did. */
export interface DueRebuild {
  /** Entries already exactly as the records make them. */
  kept: number;
  /** Open timescales that had no entry. */
  added: number;
  /** Entries present but not as the records make them (another date, a stale copy of the profile): rewritten. */
  corrected: number;
  /** Entries of no open timescale: deleted. */
  removed: number;
  /** Profile and record items given the register index attributes they lacked. */
  registerKeysAdded: number;
}

/** Repairs the due-date index from the records, a child at a time. */
export interface DueIndexRepair {
  /**
   * Rewrites one child's due-date index entries to be exactly those
   * `openTimescalesOf` makes of its records, guarded by the child's version.
   * Undefined for a child with no profile.
   */
  rebuildDueEntries(
    childId: string,
    openTimescalesOf: (file: ChildFileRecords) => OpenTimescale[],
    options?: { dryRun?: boolean; maxAttempts?: number },
  ): Promise<DueRebuild | undefined>;
}

/** A month's figures as stored: immutable, one per revision. */
export interface Snapshot {
  month: string;
  revision: number;
  createdAt: string;
  /** Who or what made it: the scheduled job, or the admin who forced a new revision. */
  createdBy: string;
  /**
   * The basis the figures were counted on (`FIGURES_BASIS` of figures.ts when taken;
   * 1 for a snapshot stored before bases were recorded). A snapshot is never
   * rewritten: a forced revision counts on the basis of its day.
   */
  basis: number;
  /** The settings in force when it was taken that its figures' wording names (15 for a snapshot stored before they were recorded). */
  settings: SnapshotSettings;
  figures: MonthlyFigures;
}

/** The settings a snapshot's figures were counted with, that their wording names ("ICPCs held within 15 working days"). */
export interface SnapshotSettings {
  icpcWorkingDays: number;
}

/** A month that has a snapshot, and its latest revision. */
export interface SnapshotSummary {
  month: string;
  latestRevision: number;
  createdAt: string;
}

/** Keeps the monthly snapshots. */
export interface SnapshotStore {
  /**
   * Stores the month's first snapshot, or with `force` a new revision; answers what is stored now and whether it is new.
   * @throws SnapshotContendedError when other runs kept storing revisions first.
   */
  save(snapshot: Omit<Snapshot, 'revision'>, options: { force: boolean }): Promise<{ snapshot: Snapshot; created: boolean }>;
  /** A month's latest revision, or the one asked for. */
  get(month: string, revision?: number): Promise<Snapshot | undefined>;
  /** The months that have a snapshot. */
  list(): Promise<SnapshotSummary[]>;
}

/**
 * A claim's outcome. `taken-over`: claimed, but from a stale claim of a run
 * that stopped between claiming and recording (crashed, killed, timed out).
 * That run may have sent the digest before it stopped: the recipient could
 * receive two. `unknown`: not claimed, because an earlier send's outcome is
 * unknown (SES may have accepted it); `claimed-unknown`: claimed over such an
 * entry, as asked (`takeUnknown`), so the recipient could receive two.
 */
export type ClaimResult = 'claimed' | 'taken-over' | 'claimed-unknown' | 'already-sent' | 'busy' | 'unknown';

/**
 * A digest's status in the ledger: `sending` (claimed), `sent` (SES
 * accepted it), `failed` (SES refused it, or it never left: the next run
 * that day claims it again) or `unknown` (SES may have accepted it: no run
 * claims it again unless asked to resend it).
 */
export type LedgerStatus = 'sending' | 'sent' | 'failed' | 'unknown';

/** A recipient's digest of a day, as the ledger holds it. */
export interface LedgerEntry {
  recipient: string;
  status: LedgerStatus;
  runId: string;
  messageId?: string;
  reason?: string;
}

/** The ledger of the nightly digests: one entry a recipient a day. */
export interface DigestLedger {
  /**
   * Takes the recipient's digest for the day unless it was sent, another run
   * holds a fresh claim, or its outcome is unknown (taken only with
   * `takeUnknown`: a person's deliberate resend).
   */
  claim(date: CalendarDate, recipient: string, runId: string, options?: { takeUnknown?: boolean }): Promise<ClaimResult>;
  /** Records that SES accepted the digest. */
  markSent(date: CalendarDate, recipient: string, runId: string, messageId: string): Promise<void>;
  /** Records that the digest was definitely not sent (a later run that day tries again). */
  markFailed(date: CalendarDate, recipient: string, runId: string, reason: string): Promise<void>;
  /** Records that the send's outcome is unknown: SES may have accepted it, so no later run sends it again unseen. */
  markUnknown(date: CalendarDate, recipient: string, runId: string, reason: string): Promise<void>;
  /** Every recipient's entry of a day. */
  entriesOf(date: CalendarDate): Promise<LedgerEntry[]>;
}

/** A calendar feed as stored: its owner as they were when they made it, and when. */
export interface StoredCalendarFeed {
  /** The feed's owner: their email and the roles they had when they made it (the feed's scope is theirs). */
  owner: Caller;
  createdAt: string;
}

/**
 * Keeps each person's one calendar feed, by the SHA-256 of its URL's secret
 * (the secret itself is never stored).
 */
export interface CalendarFeedStore {
  /**
   * Makes `secretHash` the owner's one feed: their old feed, if any, is
   * deleted in the same transaction, so the old URL stops working as the new
   * one starts.
   * @throws StoreBusyError when other changes to the owner's feed kept landing first.
   */
  replaceFeed(owner: Caller, secretHash: string, createdAt: string): Promise<void>;
  /**
   * Revokes the owner's feed; answers whether there was one.
   * @throws StoreBusyError when other changes to the owner's feed kept landing first.
   */
  revokeFeed(ownerEmail: string): Promise<boolean>;
  /** The current feed whose secret hashes to this, read consistently (a revoked or replaced one is gone at once). */
  findFeedBySecretHash(secretHash: string): Promise<StoredCalendarFeed | undefined>;
}

/** An IRO's directory entry as stored: the entry, and who last changed it, and when. */
export interface StoredIroEntry extends IroDirectoryEntry {
  updatedAt: string;
  /** The admin who last put it. */
  updatedBy: string;
}

/** Keeps the IRO directory the admins maintain: one entry an IRO, by their lower-case email. */
export interface IroDirectory {
  /** Creates the entry of its email, or replaces the one there (wholly); answers it as stored, and whether it was new. */
  put(entry: IroDirectoryEntry, by: string, at: string): Promise<{ entry: StoredIroEntry; created: boolean }>;
  /** One IRO's entry, read consistently. */
  get(email: string): Promise<StoredIroEntry | undefined>;
  /** Every entry, by email. */
  list(): Promise<StoredIroEntry[]>;
}
