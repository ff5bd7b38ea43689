/**
 * Rebuilding the due-date index from the records, against DynamoDB Local: on
 * a sound index it changes nothing, byte for byte; on a damaged one it puts
 * back exactly what the records make; `--check` only reports; it gives items
 * the register index attributes they lack; and the command runs.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { type AttributeValue, DeleteItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { importRegister } from '#shared/jobs/import-register';
import { rebuildDueIndex } from '#shared/jobs/rebuild-due-index';
import { dynamoDbStores, type Stores } from '#shared/store/dynamodb/stores';
import { DUE_DATE_INDEX, keys, shardOf } from '#shared/store/table-design';
import { seeded, seededUuid, syntheticChild, syntheticRecords } from '../../bench/register';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import { createTestTable, type TestTable } from '../support/dynamodb';

const AS_OF = '2026-11-23';
const NOW = new Date(`${AS_OF}T09:00:00Z`);
const CHILDREN = 60;
const ROOT = path.resolve(import.meta.dirname, '..', '..');

type RawItem = Record<string, AttributeValue>;

/** Every item of the table whose sort key starts so, as DynamoDB holds it (raw attribute values), in key order. */
async function rawItems(table: TestTable, prefix: string): Promise<RawItem[]> {
  const client = localDynamoDbClient(table.endpoint);
  const items: RawItem[] = [];
  let start: RawItem | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).filter((item) => item['SK']?.S?.startsWith(prefix)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a['PK']!.S}|${a['SK']!.S}`.localeCompare(`${b['PK']!.S}|${b['SK']!.S}`));
}

/** The due-date index as text: each item's attributes in name order, so equal items are equal text. */
async function dueIndexText(table: TestTable): Promise<string> {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sorted(v)]))
        : value;
  return (await rawItems(table, 'CHILD#DUE#')).map((item) => JSON.stringify(sorted(item))).join('\n');
}

describe('rebuilding the due-date index', () => {
  let table: TestTable;
  let stores: Stores;
  let live: string;
  const rebuild = (options: { dryRun?: boolean } = {}) => rebuildDueIndex({ reads: stores.reads, repair: stores.repair, policy: DEFAULT_TIMESCALE_POLICY, asOf: AS_OF, pageSize: 25, ...options });

  /** A seeded synthetic register (the benchmarks'), loaded as the records API leaves files: its live index. */
  beforeEach(async () => {
    table = await createTestTable();
    stores = dynamoDbStores(table.documentClient, table.tableName);
    const random = seeded(20261123);
    const register = Array.from({ length: CHILDREN }, (_, index) => ({
      child: syntheticChild(index, random, AS_OF),
      records: syntheticRecords({ random, asOf: AS_OF, historyFrom: '2023-01-01', newId: () => seededUuid(random) }),
    }));
    await importRegister({ importer: stores.importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => NOW, actor: 'test' }, register);
    live = await dueIndexText(table);
  });

  it('keeps every entry of a sound index: the index after is the live one, byte for byte', async () => {
    const entries = live.split('\n').length;
    expect(entries).toBeGreaterThan(CHILDREN); // a real register: most children have several open timescales

    const summary = await rebuild();

    expect(summary).toMatchObject({ children: CHILDREN, kept: entries, added: 0, corrected: 0, removed: 0, registerKeysAdded: 0, childrenRepaired: 0 });
    expect(await dueIndexText(table)).toBe(live);
  });

  it('repairs a damaged index: missing entries back, a bogus one gone, a wrong date and a stale copy put right', async () => {
    const client = localDynamoDbClient(table.endpoint);
    const due = await rawItems(table, 'CHILD#DUE#');
    // Three entries lost.
    for (const item of due.slice(0, 3)) {
      await client.send(new DeleteItemCommand({ TableName: table.tableName, Key: { PK: item['PK']!, SK: item['SK']! } }));
    }
    // One entry's date changed, everywhere it is indexed by date.
    const moved = due[10]!;
    const [, childId, kind] = moved['dueOn']!.S!.split('#') as [string, string, string];
    await client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { PK: moved['PK']!, SK: moved['SK']! },
        UpdateExpression: 'SET dueDate = :date, dueOn = :dueOn, iroSort = :sort, tmSort = :sort',
        ExpressionAttributeValues: {
          ':date': { S: '2020-01-06' },
          ':dueOn': { S: keys.dueOn('2020-01-06', childId, kind) },
          ':sort': { S: keys.scopedDueSort('2020-01-06', childId, kind) },
        },
      }),
    );
    // One entry naming an IRO the child no longer has.
    const stale = due[20]!;
    await client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { PK: stale['PK']!, SK: stale['SK']! },
        UpdateExpression: 'SET iroEmail = :iro, iroKey = :key',
        ExpressionAttributeValues: { ':iro': { S: 'gone@example.org' }, ':key': { S: keys.iroKey('gone@example.org') } },
      }),
    );
    // A bogus entry, of a timescale no record makes, where the nightly job would find it.
    const victim = String(moved['PK']!.S).slice('CHILD#'.length);
    const bogusRecord = randomUUID();
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.due(victim, 'ICPC', bogusRecord),
          itemType: 'due',
          childId: victim,
          kind: 'ICPC',
          dueDate: '2026-11-24',
          countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2026-11-02', recordId: bogusRecord },
          statutory: true,
          dueShard: keys.dueShard(shardOf(victim, DUE_DATE_INDEX.shards)),
          dueOn: keys.dueOn('2026-11-24', victim, 'ICPC'),
        },
      }),
    );
    expect(await dueIndexText(table)).not.toBe(live);

    const summary = await rebuild();

    expect(summary).toMatchObject({ children: CHILDREN, added: 3, corrected: 2, removed: 1, kept: due.length - 5, registerKeysAdded: 0 });
    expect(summary.childrenRepaired).toBeGreaterThanOrEqual(2);
    expect(summary.childrenRepaired).toBeLessThanOrEqual(5);
    expect(await dueIndexText(table)).toBe(live);
    // Idempotent: a second run finds nothing to do.
    expect(await rebuild()).toMatchObject({ added: 0, corrected: 0, removed: 0, childrenRepaired: 0, kept: due.length });
    // The repaired child is still writable through the ordinary path: its version moved on with the repair.
    expect((await stores.reads.loadChildFile(victim))!.child.version).toBe(2);
  });

  it('with --check reports what it would change and writes nothing', async () => {
    const [first] = await rawItems(table, 'CHILD#DUE#');
    await localDynamoDbClient(table.endpoint).send(new DeleteItemCommand({ TableName: table.tableName, Key: { PK: first!['PK']!, SK: first!['SK']! } }));
    const damaged = await dueIndexText(table);

    expect(await rebuild({ dryRun: true })).toMatchObject({ dryRun: true, added: 1, removed: 0, corrected: 0, childrenRepaired: 1 });
    expect(await dueIndexText(table)).toBe(damaged);
  });

  it('gives profiles and records the register index attributes they lack, so the monthly figures count them again', async () => {
    const client = localDynamoDbClient(table.endpoint);
    const unindexed = (await rawItems(table, 'CHILD')).filter((item) => item['registerShard'] !== undefined).slice(0, 40);
    for (const item of unindexed) {
      await client.send(
        new UpdateItemCommand({ TableName: table.tableName, Key: { PK: item['PK']!, SK: item['SK']! }, UpdateExpression: 'REMOVE registerShard, registerSort' }),
      );
    }
    const before = await stores.register.eachChildFile(() => undefined);
    expect(before.children).toBeLessThan(CHILDREN);

    const summary = await rebuild();

    expect(summary.registerKeysAdded).toBe(unindexed.length);
    expect((await stores.register.eachChildFile(() => undefined)).children).toBe(CHILDREN);
    expect(await dueIndexText(table)).toBe(live);
  });

  it('runs as `npm run rebuild:due-index` against a DynamoDB Local table (DYNAMODB_PORT, TABLE_NAME)', async () => {
    const env = { ...process.env, DYNAMODB_PORT: new URL(table.endpoint).port, TABLE_NAME: table.tableName };
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const script = path.join(ROOT, 'infra', 'scripts', 'rebuild-due-index.ts');
    const { stdout } = await promisify(execFile)(tsx, [script, '--check', '--as-of', AS_OF], { env, cwd: ROOT });
    expect(JSON.parse(stdout)).toMatchObject({ table: table.tableName, asOf: AS_OF, dryRun: true, children: CHILDREN, childrenRepaired: 0 });
  });
});
