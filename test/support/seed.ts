/** Puts a register straight into the store in bulk, for the jobs' tests: the records alone, no open timescales. */
import { randomUUID } from 'node:crypto';
import type { Child, ChildRecords } from '#shared/domain/records';
import { recordWritesOf } from '#shared/jobs/import-register';
import type { RegisterImport } from '#shared/store/ports';
import { asStored } from './children';

export async function seedRegister(importer: RegisterImport, register: readonly { child: Child; records: ChildRecords }[]): Promise<void> {
  const at = '2025-01-01T09:00:00.000Z';
  await importer.importFiles(
    register.map(({ child, records }) => ({
      child: asStored(child, at),
      status: { lookedAfter: false, registered: false },
      records: recordWritesOf(records),
      due: [],
      audit: { auditId: randomUUID(), childId: child.childId, at, actor: 'seed', action: 'seeded', recordType: 'child', recordId: child.childId, changes: [] },
    })),
  );
}
