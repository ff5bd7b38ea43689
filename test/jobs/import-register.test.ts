import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyRecords, type ChildRecords } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { importRegister } from '#shared/jobs/import-register';
import { DynamoDbBulkImport } from '#shared/store/dynamodb/bulk-import';
import { dynamoDbStores, type Stores } from '#shared/store/dynamodb/stores';
import { ReferenceTakenError } from '#shared/store/errors';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import { aChild, asStored } from '../support/children';
import { createTestTable, type TestTable } from '../support/dynamodb';

const NOW = new Date('2026-11-23T09:00:00Z');

/** In care since October, one CER held: the next CER, its recommendations and the mid-point review are open. */
function inCareWithOneCer(): ChildRecords {
  return {
    ...emptyRecords(),
    careEpisodes: [{ episodeId: randomUUID(), startDate: '2026-10-01' }],
    meetings: [
      {
        meetingId: randomUUID(),
        type: 'CER',
        heldOn: '2026-10-27',
        status: 'held',
        childParticipated: true,
        advocacyOffered: true,
        advocacyProvided: false,
        qaAuditCompleted: true,
      },
    ],
  };
}

describe('importRegister', () => {
  let table: TestTable;
  let stores: Stores;
  const deps = () => ({ importer: stores.importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => NOW, actor: 'migration@example.org' });

  beforeAll(async () => {
    table = await createTestTable();
    stores = dynamoDbStores(table.documentClient, table.tableName);
  });

  it('leaves each file as the records API would: version 1, the records, the open timescales, an audit entry', async () => {
    const child = aChild();
    const records = inCareWithOneCer();

    const summary = await importRegister(deps(), [{ child, records }]);

    const file = await stores.reads.loadChildFile(child.childId);
    expect(summary.children).toBe(1);
    expect(file?.child).toEqual({ ...child, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), version: 1 });
    expect(file?.records.careEpisodes).toEqual(records.careEpisodes);
    expect(file?.records.meetings).toEqual(records.meetings);
    expect(file?.due).toEqual(expect.arrayContaining(openTimescales(records, DEFAULT_TIMESCALE_POLICY, '2026-11-23')));
    expect(file?.due).toHaveLength(3);
    expect(await stores.reads.listAudit(child.childId)).toEqual([expect.objectContaining({ actor: 'migration@example.org', action: 'imported', childId: child.childId })]);
  });

  it('puts the imported timescales where the nightly job and the lists find them', async () => {
    const child = aChild({ iroEmail: `iro.${randomUUID()}@example.org` });

    await importRegister(deps(), [{ child, records: inCareWithOneCer() }]);

    const everyone = await stores.reads.listDue([{ all: true }], '2027-12-31');
    const theIros = await stores.reads.listDue([{ iroEmail: child.iroEmail }], '2027-12-31');
    expect(everyone.filter((entry) => entry.childId === child.childId).map((entry) => entry.kind).sort()).toEqual(['CER', 'MIDPOINT', 'RECOMMENDATIONS']);
    expect(theIros.map((entry) => entry.reference)).toEqual([child.reference, child.reference, child.reference]);
    const page = await stores.reads.listChildren([{ iroEmail: child.iroEmail }], { owner: 'test', status: 'looked-after', limit: 10 });
    expect(page.items.map((c) => c.childId)).toEqual([child.childId]);
  });

  it('writes a register larger than one batch, every child whole', async () => {
    const register = Array.from({ length: 40 }, () => ({ child: aChild(), records: inCareWithOneCer() }));

    const summary = await importRegister({ ...deps(), write: { concurrency: 4 } }, register);

    // Each child: profile, reference, episode, meeting, three due entries, audit entry.
    expect(summary.items).toBe(40 * 8);
    expect(summary.requests).toBe(Math.ceil((40 * 8) / 25));
    for (const { child } of register) expect((await stores.reads.loadChildFile(child.childId))?.records.meetings).toHaveLength(1);
  });

  it('leaves an imported child writable through the ordinary write path, its case reference still unique', async () => {
    const child = aChild();
    await importRegister(deps(), [{ child, records: inCareWithOneCer() }]);
    const file = (await stores.reads.loadChildFile(child.childId))!;
    const other = asStored(aChild({ reference: child.reference }), NOW.toISOString());
    const audit = { auditId: randomUUID(), at: NOW.toISOString(), actor: 'a@example.org', action: 'x', recordType: 'child', recordId: 'x', changes: [] };

    await stores.writes.commit({
      child: { ...file.child, version: 2 },
      expectedVersion: 1,
      previousChild: file.child,
      status: { lookedAfter: true, registered: false },
      records: [],
      due: file.due,
      previousDue: file.due,
      audit: { ...audit, childId: child.childId },
    });
    const duplicate = stores.writes.commit({ child: other, status: { lookedAfter: false, registered: false }, records: [], due: [], previousDue: [], audit: { ...audit, childId: other.childId } });

    await expect(duplicate).rejects.toBeInstanceOf(ReferenceTakenError);
    expect((await stores.reads.loadChildFile(child.childId))?.child.version).toBe(2);
  });

  it('writes again what DynamoDB leaves unprocessed, until every item is in', async () => {
    const mocked = DynamoDBDocumentClient.from(localDynamoDbClient(table.endpoint));
    const mock = mockClient(mocked);
    let first = true;
    mock.on(BatchWriteCommand).callsFake(async (input: { RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> }) => {
      const requests = input.RequestItems[table.tableName]!;
      // The first time, DynamoDB writes only the first item and hands the rest back.
      const [now, later] = first ? [requests.slice(0, 1), requests.slice(1)] : [requests, []];
      first = false;
      await table.documentClient.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: now } }));
      return { UnprocessedItems: later.length ? { [table.tableName]: later } : {} };
    });
    const child = aChild();

    const summary = await importRegister({ ...deps(), importer: new DynamoDbBulkImport({ client: mocked, tableName: table.tableName }) }, [{ child, records: inCareWithOneCer() }]);

    mock.restore();
    expect(summary.requests).toBe(2);
    expect((await stores.reads.loadChildFile(child.childId))?.due).toHaveLength(3);
  });

  it('fails, rather than reporting success, when DynamoDB keeps items unprocessed', async () => {
    const mocked = DynamoDBDocumentClient.from(localDynamoDbClient(table.endpoint));
    const mock = mockClient(mocked);
    mock.on(BatchWriteCommand).callsFake(async (input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));

    const attempt = importRegister(
      { ...deps(), importer: new DynamoDbBulkImport({ client: mocked, tableName: table.tableName }), write: { maxAttempts: 4, baseDelayMs: 1 } },
      [{ child: aChild(), records: inCareWithOneCer() }],
    );

    await expect(attempt).rejects.toThrow(/8 items unwritten after 4 tries/);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(4);
    mock.restore();
  });
});
