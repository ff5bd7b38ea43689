import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChildRecords } from '#shared/domain/records';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import { DynamoDbCommit } from '#shared/store/dynamodb/commit';
import { DynamoDbQueries } from '#shared/store/dynamodb/queries';
import { DynamoDbRegisterReader } from '#shared/store/dynamodb/register-reader';
import { ReferenceTakenError, StaleChildError } from '#shared/store/errors';
import type { AuditEntry, StoredChild } from '#shared/store/ports';
import { aChild, asStored } from '../support/children';
import { createTestTable, type TestTable } from '../support/dynamodb';

/** A child as the create use case would store it; each call has its own id and reference. */
function aStoredChild(overrides: Partial<StoredChild> = {}): StoredChild {
  return { ...asStored(aChild(), '2026-11-23T09:14:03.120Z'), ...overrides };
}

/** The audit entry that records the creation of `child`. */
function creationOf(child: StoredChild): AuditEntry {
  return {
    auditId: randomUUID(),
    childId: child.childId,
    at: child.createdAt,
    actor: child.iroEmail,
    action: 'child.created',
    recordType: 'child',
    recordId: child.childId,
    changes: [
      { field: 'reference', to: child.reference },
      { field: 'givenName', to: child.givenName },
    ],
  };
}

describe('DynamoDbCommit and DynamoDbQueries', () => {
  let table: TestTable;
  let writes: DynamoDbCommit;
  let reads: DynamoDbQueries;

  /** Every item of the test table, whatever its key. */
  async function everyItem(): Promise<Record<string, unknown>[]> {
    const { Items } = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
    return Items ?? [];
  }

  /** Records a new child as the create use case does: the profile, its reference and its audit entry, all at once. */
  function createChild(child: StoredChild, audit: AuditEntry): Promise<void> {
    return writes.commit({ child, status: { lookedAfter: false, registered: false }, records: [], due: [], previousDue: [], audit });
  }

  beforeAll(async () => {
    table = await createTestTable();
    const tableRef = { client: table.documentClient, tableName: table.tableName };
    writes = new DynamoDbCommit(tableRef);
    reads = new DynamoDbQueries(tableRef);
  });

  it('reads back a created child exactly as it was stored', async () => {
    const child = aStoredChild();

    await createChild(child, creationOf(child));

    expect((await reads.loadChildFile(child.childId))?.child).toEqual(child);
  });

  it('reads undefined for an id no child has', async () => {
    const unknownId = randomUUID();

    const found = (await reads.loadChildFile(unknownId))?.child;

    expect(found).toBeUndefined();
  });

  it('refuses a second child with a taken reference and writes nothing of it', async () => {
    const first = aStoredChild({ reference: 'C-104233' });
    await createChild(first, creationOf(first));
    const second = aStoredChild({ reference: 'C-104233', givenName: 'Grace', familyName: 'Hopper' });
    const before = await everyItem();

    const attempt = createChild(second, creationOf(second));

    await expect(attempt).rejects.toBeInstanceOf(ReferenceTakenError);
    await expect(attempt).rejects.toMatchObject({ reference: 'C-104233' });
    const after = await everyItem();
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length);
    expect(after.filter((item) => item['PK'] === `CHILD#${second.childId}`)).toEqual([]);
    expect((await reads.loadChildFile(second.childId))?.child).toBeUndefined();
    expect(await reads.listAudit(second.childId)).toEqual([]);
  });

  it('lists the audit entry written with a created child', async () => {
    const child = aStoredChild();
    const creation = creationOf(child);

    await createChild(child, creation);

    expect(await reads.listAudit(child.childId)).toEqual([creation]);
  });

  it('keeps one child’s audit trail apart from another’s', async () => {
    const mine = aStoredChild();
    const theirs = aStoredChild();
    await createChild(mine, creationOf(mine));
    await createChild(theirs, creationOf(theirs));

    const trail = await reads.listAudit(mine.childId);

    expect(trail.map((entry) => entry.childId)).toEqual([mine.childId]);
  });

  it('reads back a child’s records and open timescales as written, a meeting’s own type included', async () => {
    const child = aStoredChild();
    await createChild(child, creationOf(child));
    const meeting = {
      meetingId: randomUUID(),
      type: 'CER' as const,
      heldOn: '2026-10-27',
      status: 'held' as const,
      childParticipated: true,
      advocacyOffered: false,
      advocacyProvided: false,
      qaAuditCompleted: true,
    };
    const episode = { episodeId: randomUUID(), startDate: '2026-10-01' };
    const fromCer = { event: 'CER', date: '2026-10-27', recordId: meeting.meetingId } as const;
    const due: OpenTimescale[] = [
      { kind: 'CER', dueDate: '2027-01-27', countedFrom: fromCer, rule: 'secondCer', statutory: true },
      {
        kind: 'MIDPOINT',
        dueDate: '2026-12-11',
        countedFrom: fromCer,
        rule: 'midpoint',
        halfwayTo: '2027-01-27',
        booking: { meetingId: randomUUID(), bookedFor: '2026-12-14', lateReason: 'the family could not come sooner' },
        statutory: false,
      },
    ];

    await writes.commit({
      child: { ...child, version: 2 },
      expectedVersion: 1,
      previousChild: child,
      status: { lookedAfter: true, registered: false },
      records: [
        { collection: 'careEpisodes', record: episode },
        { collection: 'meetings', record: meeting },
      ],
      due,
      previousDue: [],
      audit: { ...creationOf(child), auditId: randomUUID(), action: 'meeting.recorded' },
    });
    const file = await reads.loadChildFile(child.childId);

    expect(file?.records.meetings).toEqual([meeting]);
    expect(file?.records.careEpisodes).toEqual([episode]);
    expect(file?.due).toEqual(due);
    expect(file?.child.version).toBe(2);
  });

  it('refuses a change computed from a version that is no longer current, and writes nothing of it', async () => {
    const child = aStoredChild();
    await createChild(child, creationOf(child));
    const before = await everyItem();

    const stale = writes.commit({
      child: { ...child, givenName: 'Grace', version: 2 },
      expectedVersion: 0,
      previousChild: child,
      status: { lookedAfter: false, registered: false },
      records: [],
      due: [],
      previousDue: [],
      audit: { ...creationOf(child), auditId: randomUUID() },
    });

    await expect(stale).rejects.toBeInstanceOf(StaleChildError);
    expect(await everyItem()).toEqual(before);
  });

  it('moves a child’s open timescales to the new IRO’s list when the child is reallocated, and keeps the entries that did not change as they were', async () => {
    const child = aStoredChild();
    await createChild(child, creationOf(child));
    const due: OpenTimescale[] = [{ kind: 'CER', dueDate: '2026-12-01', countedFrom: { event: 'CARE_EPISODE_START', date: '2026-11-02', recordId: randomUUID() }, rule: 'firstCer', statutory: true }];
    const change = (from: StoredChild, to: StoredChild, previousDue: typeof due) =>
      writes.commit({
        child: to,
        expectedVersion: from.version,
        previousChild: from,
        status: { lookedAfter: true, registered: false },
        records: [],
        due,
        previousDue,
        audit: { ...creationOf(child), auditId: randomUUID() },
      });
    const v2 = { ...child, version: 2 };
    await change(child, v2, []);
    const written = await everyItem();

    const v3 = { ...v2, version: 3 };
    await change(v2, v3, due);
    const unchanged = (await everyItem()).filter((item) => String(item['SK']).startsWith('CHILD#DUE#'));
    const v4 = { ...v3, iroEmail: 'iro.two@example.org', version: 4 };
    await change(v3, v4, due);

    expect(unchanged).toEqual(written.filter((item) => String(item['SK']).startsWith('CHILD#DUE#')));
    expect((await reads.listDue([{ iroEmail: 'iro.two@example.org' }], '2026-12-31')).map((entry) => entry.childId)).toEqual([child.childId]);
    expect((await reads.listDue([{ iroEmail: child.iroEmail }], '2026-12-31')).map((entry) => entry.childId)).not.toContain(child.childId);
  });
});

describe('DynamoDbRegisterReader.eachChildFile', () => {
  it('hands every child’s profile and records on once, whole, and nothing else of the table', async () => {
    const table = await createTestTable();
    const tableRef = { client: table.documentClient, tableName: table.tableName };
    const writes = new DynamoDbCommit(tableRef);
    const reads = new DynamoDbQueries(tableRef);
    const register = new DynamoDbRegisterReader(tableRef);
    const children = Array.from({ length: 30 }, () => aStoredChild());
    for (const child of children) {
      const meetings = Array.from({ length: 3 }, (_, n) => ({
        meetingId: randomUUID(),
        type: 'CER' as const,
        heldOn: `2025-0${n + 1}-10`,
        status: 'held' as const,
        childParticipated: true,
        advocacyOffered: false,
        advocacyProvided: false,
        qaAuditCompleted: true,
      }));
      await writes.commit({
        child,
        status: { lookedAfter: true, registered: false },
        records: [{ collection: 'careEpisodes', record: { episodeId: randomUUID(), startDate: '2024-12-02' } }, ...meetings.map((record) => ({ collection: 'meetings' as const, record }))],
        due: [{ kind: 'CER', dueDate: '2025-09-10', countedFrom: { event: 'CER', date: '2025-03-10', recordId: meetings[2]!.meetingId }, rule: 'laterCer', statutory: true }],
        previousDue: [],
        audit: creationOf(child),
      });
    }

    const seen: { child: StoredChild; records: ChildRecords }[] = [];
    const summary = await register.eachChildFile((file) => seen.push(file));

    expect(summary.children).toBe(30);
    expect(seen.map((file) => file.child.childId).sort()).toEqual(children.map((child) => child.childId).sort());
    for (const file of seen) {
      const stored = await reads.loadChildFile(file.child.childId);
      expect(file.child).toEqual(stored?.child);
      expect(file.records).toEqual(stored?.records);
    }
  });
});
