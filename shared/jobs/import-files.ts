/**
 * Moving a council's register in from its files (`shared/import/ssda903.ts`
 * makes each child's file): a child not yet in the table is written whole
 * through the store's bulk import; a child already there (found by case
 * reference) gets only what is new or changed, committed as the API commits
 * a change, a transaction at a time. Either way the open timescales are
 * worked out by the engine exactly as the API does.
 *
 * A rerun creates nothing twice: a record matches one already in the file by
 * its id (the import makes the same id from the same row) or, for one entered
 * through the API, by its kind and dates. An import killed half-way and run
 * again finishes the children it left part-written: their ids are the same,
 * so what was written is written over, not added to. The import never
 * removes a record, nor changes a child's details or allocation.
 */
import { randomUUID } from 'node:crypto';
import pMap from 'p-map';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { statusOf, type ChildRecords, type RecordCollection } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { importedId, type ImportedChild } from '#shared/import/ssda903';
import { importedFile } from '#shared/jobs/import-register';
import { StaleChildError } from '#shared/store/errors';
import type { ChildFile, ChildReads, ChildWrites, RecordWrite, RegisterImport, StoredChild } from '#shared/store/ports';
import { RECORD_KINDS } from '#shared/store/table-design';

/** What an import from files needs: the store's reads, commits and bulk import, the policy, a clock and who runs it. */
export interface FileImportDeps {
  reads: Pick<ChildReads, 'childIdsByReference' | 'loadChildFile'>;
  writes: ChildWrites;
  importer: RegisterImport;
  policy: TimescalePolicy;
  now: () => Date;
  /** Who the audit trail says imported the files. */
  actor: string;
}

/** How an import runs. */
export interface FileImportOptions {
  /** Work out what would be written, and write nothing. */
  dryRun?: boolean;
  /** Children a batch (the progress is told after each). */
  batchSize?: number;
  /** Children looked up or committed at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What an import wrote (or, dry, would write). */
export interface FileImportSummary {
  dryRun: boolean;
  children: { created: number; updated: number; unchanged: number };
  records: { created: number; corrected: number; unchanged: number };
}

/** Records a transaction carries at most, leaving room in DynamoDB's 100 items for the profile, the due-date entries and the audit. */
const RECORDS_A_COMMIT = 40;

/** How many times a child's change is worked out again when the child changed meanwhile. */
const STALE_ATTEMPTS = 3;

/** The fields that say which record a row is, for a record entered through the API (with an id of its own). */
const NATURAL_KEYS: { [C in RecordCollection]: (record: ChildRecords[C][number]) => string } = {
  careEpisodes: (r) => r.startDate,
  placementChanges: (r) => r.date,
  strategyDiscussions: (r) => r.date,
  registrations: (r) => r.startDate,
  meetings: (r) => `${r.type}|${r.status}|${r.status === 'booked' ? r.bookedFor : r.heldOn}`,
  transferIns: (r) => r.notifiedOn,
  disputes: (r) => `${r.startedOn}|${r.stage}`,
};

const COLLECTIONS = Object.keys(NATURAL_KEYS) as RecordCollection[];

type AnyRecord = ChildRecords[RecordCollection][number];
const idOf = (collection: RecordCollection, record: AnyRecord): string => String((record as unknown as Record<string, unknown>)[RECORD_KINDS[collection].idField]);

/** A value as JSON with its keys in order, to compare two records whatever order their fields were set in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** A record with its ids, and the meetings it names, as the file already has them. */
function remapped(collection: RecordCollection, record: AnyRecord, ids: ReadonlyMap<string, string>): AnyRecord {
  const to = (id: string | undefined) => (id === undefined ? undefined : (ids.get(id) ?? id));
  const copy = { ...(record as object), [RECORD_KINDS[collection].idField]: to(idOf(collection, record)) } as Record<string, unknown>;
  if (collection === 'registrations') {
    const registration = record as ChildRecords['registrations'][number];
    if (registration.registeredAtMeetingId) copy['registeredAtMeetingId'] = to(registration.registeredAtMeetingId);
    if (registration.deregisteredAtMeetingId) copy['deregisteredAtMeetingId'] = to(registration.deregisteredAtMeetingId);
    if (registration.categoryChanges) copy['categoryChanges'] = registration.categoryChanges.map((change) => (change.atMeetingId ? { ...change, atMeetingId: to(change.atMeetingId) } : change));
  }
  return copy as unknown as AnyRecord;
}

/** What the files add to or change in a child's file: the writes, and how many records were already there as they are. */
export function changesFor(existing: ChildRecords, imported: ChildRecords): { writes: (RecordWrite & { created: boolean })[]; unchanged: number } {
  // Which existing record each imported one is: by id, else by kind and dates.
  const ids = new Map<string, string>();
  for (const collection of COLLECTIONS) {
    const mine = existing[collection] as readonly AnyRecord[];
    const byId = new Set(mine.map((record) => idOf(collection, record)));
    const byKey = new Map(mine.map((record) => [(NATURAL_KEYS[collection] as (r: AnyRecord) => string)(record), idOf(collection, record)]));
    for (const record of imported[collection] as readonly AnyRecord[]) {
      const id = idOf(collection, record);
      if (byId.has(id)) continue;
      const match = byKey.get((NATURAL_KEYS[collection] as (r: AnyRecord) => string)(record));
      if (match !== undefined) ids.set(id, match);
    }
  }
  const writes: (RecordWrite & { created: boolean })[] = [];
  let unchanged = 0;
  for (const collection of COLLECTIONS) {
    const mine = new Map((existing[collection] as readonly AnyRecord[]).map((record) => [idOf(collection, record), record]));
    for (const record of imported[collection] as readonly AnyRecord[]) {
      const wanted = remapped(collection, record, ids);
      const before = mine.get(idOf(collection, wanted));
      if (before !== undefined && canonical(before) === canonical(wanted)) unchanged += 1;
      else writes.push({ collection, record: wanted, created: before === undefined } as RecordWrite & { created: boolean });
    }
  }
  return { writes, unchanged };
}

/** The child's records with these written over them (by id) or added. */
function withWrites(records: ChildRecords, writes: readonly RecordWrite[]): ChildRecords {
  const result = { ...records } as { [C in RecordCollection]: AnyRecord[] };
  for (const write of writes) {
    const list = [...(result[write.collection] as AnyRecord[])];
    const index = list.findIndex((record) => idOf(write.collection, record) === idOf(write.collection, write.record));
    if (index >= 0) list[index] = write.record;
    else list.push(write.record);
    (result as Record<RecordCollection, AnyRecord[]>)[write.collection] = list;
  }
  return result as unknown as ChildRecords;
}

/** Imports the children of a plan: new ones whole, existing ones what is new. */
export async function importChildren(deps: FileImportDeps, children: readonly ImportedChild[], options: FileImportOptions = {}): Promise<FileImportSummary> {
  const { dryRun = false, batchSize = 200, concurrency = 8 } = options;
  const summary: FileImportSummary = { dryRun, children: { created: 0, updated: 0, unchanged: 0 }, records: { created: 0, corrected: 0, unchanged: 0 } };
  const now = deps.now();
  const today = todayInLondon(now);

  /** A child already in the table: what the files add, committed a transaction at a time. */
  const update = async (first: ChildFile, imported: ImportedChild): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const file = attempt === 1 ? first : await deps.reads.loadChildFile(first.child.childId);
      if (file === undefined) throw new Error(`child ${first.child.childId} was removed while it was imported`);
      const { writes, unchanged } = changesFor(file.records, imported.records);
      try {
        if (!dryRun) await commitInParts(file, writes);
      } catch (error) {
        if (error instanceof StaleChildError && attempt < STALE_ATTEMPTS) continue;
        throw error;
      }
      summary.records.unchanged += unchanged;
      summary.records.created += writes.filter((write) => write.created).length;
      summary.records.corrected += writes.filter((write) => !write.created).length;
      if (writes.length === 0) summary.children.unchanged += 1;
      else summary.children.updated += 1;
      return;
    }
  };

  const commitInParts = async (file: ChildFile, writes: readonly RecordWrite[]): Promise<void> => {
    let child: StoredChild = file.child;
    let records = file.records;
    let due = file.due;
    for (let start = 0; start < writes.length; start += RECORDS_A_COMMIT) {
      const part = writes.slice(start, start + RECORDS_A_COMMIT).map(({ collection, record }) => ({ collection, record }) as RecordWrite);
      records = withWrites(records, part);
      const at = deps.now().toISOString();
      const next: StoredChild = { ...child, version: child.version + 1, updatedAt: at };
      const nextDue = openTimescales(records, deps.policy, today);
      await deps.writes.commit({
        child: next,
        expectedVersion: child.version,
        previousChild: child,
        status: statusOf(records, today),
        records: part,
        due: nextDue,
        previousDue: due,
        audit: {
          auditId: randomUUID(),
          childId: child.childId,
          at,
          actor: deps.actor,
          action: 'imported',
          recordType: 'child',
          recordId: child.childId,
          changes: part.map(({ collection, record }) => ({ field: `${collection}/${idOf(collection, record)}`, to: record })),
        },
      });
      child = next;
      due = nextDue;
    }
  };

  let done = 0;
  for (let start = 0; start < children.length; start += batchSize) {
    const batch = children.slice(start, start + batchSize);
    const found = await deps.reads.childIdsByReference(batch.map((imported) => imported.child.reference));
    // A reference whose child has no file is a new child an earlier run was killed while writing: written again, whole.
    const existing = await pMap(batch, async (imported) => {
      const childId = found.get(imported.child.reference);
      return childId === undefined ? undefined : deps.reads.loadChildFile(childId);
    }, { concurrency });
    const fresh = batch.flatMap((imported, index) => (existing[index] === undefined ? [{ imported, childId: found.get(imported.child.reference) }] : []));
    if (fresh.length > 0) {
      const files = fresh.map(({ imported, childId }) =>
        importedFile({ childId: childId ?? importedId(imported.child.reference, 'child'), ...imported.child }, imported.records, deps.policy, now, deps.actor),
      );
      if (!dryRun) await deps.importer.importFiles(files);
      summary.children.created += fresh.length;
      summary.records.created += files.reduce((sum, file) => sum + file.records.length, 0);
    }
    await pMap(batch, (imported, index) => {
      const file = existing[index];
      return file === undefined ? undefined : update(file, imported);
    }, { concurrency });
    done += batch.length;
    options.onProgress?.(done, children.length);
  }
  return summary;
}
