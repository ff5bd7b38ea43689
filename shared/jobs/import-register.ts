/**
 * Loading a register in bulk: children with their records as a case system
 * holds them, written as the records API would have left them (the status
 * flags, the open timescales in the due-date index, an audit entry each) but
 * in batches rather than a transaction a child. For an empty table, or to load
 * the same files again; never for children already being written to.
 */
import { randomUUID } from 'node:crypto';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { statusOf, type Child, type ChildRecords } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { ImportedFile, ImportOptions, RecordWrite, RegisterImport } from '#shared/store/ports';
import type { RecordCollection } from '#shared/domain/records';

/** What loading a register needs: the store's bulk writer, the timescale policy, the clock and who loads it. */
export interface ImportDeps {
  importer: RegisterImport;
  policy: TimescalePolicy;
  now: () => Date;
  /** Who the audit trail says loaded the files. */
  actor: string;
  /** How the store writes: requests in flight at once, tries of what DynamoDB leaves unprocessed. */
  write?: ImportOptions;
}

/** What a load wrote: how many children, table items and DynamoDB requests. */
export interface ImportSummary {
  children: number;
  items: number;
  requests: number;
}

/** Every record of a child's file as a write of its collection. */
export function recordWritesOf(records: ChildRecords): RecordWrite[] {
  return (Object.entries(records) as [RecordCollection, readonly object[]][]).flatMap(([collection, list]) =>
    list.map((record) => ({ collection, record }) as RecordWrite),
  );
}

/** The file of one child as it is written: version 1, open timescales as of today. */
export function importedFile(child: Child, records: ChildRecords, policy: TimescalePolicy, now: Date, actor: string): ImportedFile {
  const at = now.toISOString();
  const today = todayInLondon(now);
  return {
    child: { ...child, createdAt: at, updatedAt: at, version: 1 },
    status: statusOf(records, today),
    records: recordWritesOf(records),
    due: openTimescales(records, policy, today),
    audit: { auditId: randomUUID(), childId: child.childId, at, actor, action: 'imported', recordType: 'child', recordId: child.childId, changes: [] },
  };
}

/** Loads a register of children and their records in bulk, each as a new file with its open timescales. */
export async function importRegister(deps: ImportDeps, register: readonly { child: Child; records: ChildRecords }[]): Promise<ImportSummary> {
  const now = deps.now();
  const files = register.map(({ child, records }) => importedFile(child, records, deps.policy, now, deps.actor));
  const { items, requests } = await deps.importer.importFiles(files, deps.write ?? {});
  return { children: files.length, items, requests };
}
