/**
 * The IRO directory on DynamoDB Local: an entry an IRO by email, put whole,
 * answering whether it was new, keeping who put it and when, and listed by
 * email from its one partition, in no index.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIroDirectory } from '#shared/store/dynamodb/iro-directory';
import { INDEXES } from '#shared/store/table-design';
import { createTestTable, type TestTable } from '../support/dynamodb';

const ADMIN = 'admin@example.org';
const OTHER_ADMIN = 'admin.two@example.org';
const MONDAY = '2025-04-07T09:00:00.000Z';
const TUESDAY = '2025-04-08T10:30:00.000Z';

describe('DynamoDbIroDirectory', () => {
  let table: TestTable;
  let directory: DynamoDbIroDirectory;

  beforeEach(async () => {
    table = await createTestTable();
    directory = new DynamoDbIroDirectory({ client: table.documentClient, tableName: table.tableName });
  });

  it('creates an entry, answering that it was new, and reads it back with who put it and when', async () => {
    const put = await directory.put({ email: 'iro01@example.org', name: 'Avery Stone', fte: 0.6, activeFrom: '2023-04-01' }, ADMIN, MONDAY);

    expect(put).toEqual({
      created: true,
      entry: { email: 'iro01@example.org', name: 'Avery Stone', fte: 0.6, activeFrom: '2023-04-01', updatedAt: MONDAY, updatedBy: ADMIN },
    });
    expect(await directory.get('iro01@example.org')).toEqual(put.entry);
  });

  it('replaces an entry wholly, answering that it was not new: an end date set, then taken away again', async () => {
    await directory.put({ email: 'iro01@example.org', name: 'Avery Stone', fte: 1, activeFrom: '2023-04-01' }, ADMIN, MONDAY);

    const left = await directory.put({ email: 'iro01@example.org', name: 'Avery Stone', fte: 1, activeFrom: '2023-04-01', activeTo: '2024-10-31' }, OTHER_ADMIN, TUESDAY);
    const back = await directory.put({ email: 'iro01@example.org', name: 'Avery Stone-Hart', fte: 0.8, activeFrom: '2023-04-01' }, ADMIN, TUESDAY);

    expect(left.created).toBe(false);
    expect(left.entry).toMatchObject({ activeTo: '2024-10-31', updatedBy: OTHER_ADMIN, updatedAt: TUESDAY });
    expect(back.created).toBe(false);
    expect(await directory.get('iro01@example.org')).toEqual({
      email: 'iro01@example.org',
      name: 'Avery Stone-Hart',
      fte: 0.8,
      activeFrom: '2023-04-01',
      updatedAt: TUESDAY,
      updatedBy: ADMIN,
    });
  });

  it('answers undefined for an IRO not in the directory', async () => {
    expect(await directory.get('nobody@example.org')).toBeUndefined();
  });

  it('lists every entry by email, whatever order they were put in, and an empty directory as none', async () => {
    expect(await directory.list()).toEqual([]);
    for (const email of ['iro10@example.org', 'a.iro@example.org', 'iro02@example.org']) {
      await directory.put({ email, name: 'An IRO', fte: 1, activeFrom: '2023-04-01' }, ADMIN, MONDAY);
    }

    const listed = await directory.list();

    expect(listed.map((entry) => entry.email)).toEqual(['a.iro@example.org', 'iro02@example.org', 'iro10@example.org']);
  });

  it('keeps the directory out of every index: no entry carries an index key', async () => {
    await directory.put({ email: 'iro01@example.org', name: 'Avery Stone', fte: 1, activeFrom: '2023-04-01' }, ADMIN, MONDAY);

    const { Items } = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));

    const indexKeys = INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]);
    expect(Items).toHaveLength(1);
    expect(Object.keys(Items![0]!).filter((name) => indexKeys.includes(name))).toEqual([]);
    expect(Items![0]).toMatchObject({ PK: 'IROS', SK: 'IRO#iro01@example.org', itemType: 'iro' });
  });
});
