/**
 * The cost benchmark's meter (bench/capacity.ts), against DynamoDB Local: it
 * adds up the units DynamoDB Local reports, a transaction's index writes
 * included (twice, as its items' are), and says which items and indexes they
 * went to, agreeing with what DynamoDB Local reports of the same item written
 * singly.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { CapacityMeter } from '../../bench/capacity';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

/** A metered document client on the test table, as the handlers' clients are metered in the benchmark. */
function metered(meter: CapacityMeter): DynamoDBDocumentClient {
  const client = localDynamoDbClient(table.endpoint);
  client.middlewareStack.use(meter.plugin());
  return DynamoDBDocumentClient.from(client);
}

/** A profile-like item in three indexes (IRO, team manager, children), about 1.5 KB: two units in each. */
const profile = (id: string) => ({
  PK: `CHILD#${id}`,
  SK: 'CHILD',
  iroKey: 'IRO#iro.one@example.org',
  iroSort: `CHILD#C-1#${id}`,
  tmKey: 'TM#tm.north@example.org',
  tmSort: `CHILD#C-1#${id}`,
  listShard: 'CHILDREN#01',
  listSort: `CHILD#C-1#${id}`,
  padding: 'x'.repeat(1_300),
});

describe('the capacity meter', () => {
  it('adds up the units DynamoDB Local reports for single writes and reads', async () => {
    const meter = new CapacityMeter();
    const client = metered(meter);
    const id = randomUUID();

    await client.send(new PutCommand({ TableName: table.tableName, Item: profile(id) }));
    await client.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CHILD#${id}` }, ConsistentRead: true }));

    const used = meter.snapshot();
    expect(used.writeUnits).toBe(2);
    expect(used.indexWriteUnitsReported).toBe(6);
    expect(used.readUnits).toBe(1);
    expect(used.calls).toEqual({ PutItemCommand: 1, QueryCommand: 1 });
    expect(used.unreported).toBe(0);
  });

  it('counts a transaction’s index writes twice, and attributes them to the item and index as a single write reports them', async () => {
    const single = new CapacityMeter();
    const estimating = new CapacityMeter({ attributeIndexWrites: true, endpoint: table.endpoint });
    const [a, b] = [randomUUID(), randomUUID()];

    await metered(single).send(new PutCommand({ TableName: table.tableName, Item: profile(a) }));
    await metered(estimating).send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table.tableName, Item: profile(b) } }, { Put: { TableName: table.tableName, Item: { PK: `CHILD#${b}`, SK: 'AUDIT#1' } } }] }),
    );

    const reported = single.snapshot();
    const estimated = estimating.snapshot();
    expect(estimated.indexWriteUnitsReported).toBe(2 * reported.indexWriteUnitsReported);
    expect(estimated.indexWritesByItem).toEqual({ 'profile IroIndex': 2, 'profile TeamManagerIndex': 2, 'profile ChildrenIndex': 2 });
    expect(Object.values(estimated.indexWritesByItem).reduce((a, b) => a + b, 0)).toBe(reported.indexWriteUnitsReported);
    // The table's units, a transaction's twice: the profile's two and the audit entry's one.
    expect(estimated.writeUnits).toBe(2 * (2 + 1));
    estimating.destroy();
  });

  it('counts nothing in an index for an item written again unchanged, and a delete and a put for one whose index key moved', async () => {
    const meter = new CapacityMeter({ attributeIndexWrites: true, endpoint: table.endpoint });
    const client = metered(meter);
    const id = randomUUID();
    await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table.tableName, Item: profile(id) } }] }));
    const first = meter.snapshot();

    await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table.tableName, Item: profile(id) } }] }));
    const unchanged = meter.since(first);
    const second = meter.snapshot();
    await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table.tableName, Item: { ...profile(id), iroKey: 'IRO#iro.two@example.org' } } }] }));
    const moved = meter.since(second);

    expect(unchanged.indexWritesByItem).toEqual({});
    // The IRO index: the old entry deleted and the new put, two units each; the other two indexes: changed in place.
    expect(moved.indexWritesByItem).toEqual({ 'profile IroIndex': 2 + 2, 'profile TeamManagerIndex': 2, 'profile ChildrenIndex': 2 });
    meter.destroy();
  });
});
