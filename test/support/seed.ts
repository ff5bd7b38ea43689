/** Puts a register straight into the store, as the records API would have left it (for the jobs' tests). */
import { randomUUID } from 'node:crypto';
import type { Child, ChildRecords } from '#shared/domain/records';
import type { RecordWrite } from '#shared/store/children-store';
import type { DynamoDbChildrenStore } from '#shared/store/dynamodb-children-store';
import type { RecordCollection } from '#shared/store/table-design';

export async function seedRegister(store: DynamoDbChildrenStore, register: readonly { child: Child; records: ChildRecords }[]): Promise<void> {
  const at = '2025-01-01T09:00:00.000Z';
  await Promise.all(
    register.map(async ({ child, records }) => {
      const writes = (Object.entries(records) as [RecordCollection, readonly object[]][]).flatMap(([collection, list]) =>
        list.map((record) => ({ collection, record }) as RecordWrite),
      );
      // A transaction holds at most 100 items: write a long history in several.
      const batches = Math.max(1, Math.ceil(writes.length / 90));
      for (let batch = 0; batch < batches; batch += 1) {
        await store.commit({
          child: { ...child, createdAt: at, updatedAt: at, version: batch + 1 },
          ...(batch === 0 ? {} : { expectedVersion: batch, previousChild: { ...child, createdAt: at, updatedAt: at, version: batch } }),
          status: { lookedAfter: false, registered: false },
          records: writes.slice(batch * 90, (batch + 1) * 90),
          due: [],
          previousDue: [],
          audit: { auditId: randomUUID(), childId: child.childId, at, actor: 'seed', action: 'seeded', recordType: 'child', recordId: child.childId, changes: [] },
        });
      }
    }),
  );
}
