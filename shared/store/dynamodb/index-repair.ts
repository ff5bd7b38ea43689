/**
 * {@link DueIndexRepair} on DynamoDB: rewrites one child's due-date index
 * entries to be exactly those its records make (the engine and policy the API
 * uses, handed in): adds the missing, rewrites the wrong, deletes the stale,
 * and gives its profile and records any register index attributes they lack
 * (a table made before that index). It reads the child's file consistently
 * and writes in transactions guarded by the profile's version, which it moves
 * on (so a write to the child made from a file read before the repair is
 * retried by the API on the repaired file); a child changed meanwhile is read
 * again. Nothing is written when nothing is wrong, or with `dryRun`.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import type { ChildFileRecords, DueIndexRepair, DueRebuild } from '#shared/store/ports';
import { REGISTER_INDEX, TABLE_KEY, keys, registerIndexKeys } from '#shared/store/table-design';
import { childFileItems, guarded, type TableRef } from '#shared/store/dynamodb/table';
import { decodeChildFile, dueItem, partOf, type Item } from '#shared/store/dynamodb/item-codec';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
const TRANSACTION_LIMIT = 100;

/** The child changed between the read and the repair: read it again. */
class ChangedMeanwhile extends Error {}

/** See {@link DueIndexRepair}. */
export class DynamoDbDueIndexRepair implements DueIndexRepair {
  constructor(private readonly table: TableRef) {}

  async rebuildDueEntries(
    childId: string,
    openTimescalesOf: (file: ChildFileRecords) => OpenTimescale[],
    options: { dryRun?: boolean; maxAttempts?: number } = {},
  ): Promise<DueRebuild | undefined> {
    return pRetry(() => this.rebuildOnce(childId, openTimescalesOf, options.dryRun ?? false), {
      retries: (options.maxAttempts ?? 5) - 1,
      minTimeout: 10,
      maxTimeout: 400,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof ChangedMeanwhile,
    }).catch((error: unknown) => {
      throw error instanceof ChangedMeanwhile ? error.cause : error;
    });
  }

  private async rebuildOnce(childId: string, openTimescalesOf: (file: ChildFileRecords) => OpenTimescale[], dryRun: boolean): Promise<DueRebuild | undefined> {
    const { tableName } = this.table;
    const items = await childFileItems(this.table, childId);
    const file = decodeChildFile(items);
    if (!file) return undefined;
    const { child, records } = file;
    const present = new Map(file.dueItems.map((item) => [String(item[TABLE_KEY.sortKey]), item]));
    const unindexed = items.filter((item) => {
      const part = partOf(item).kind;
      if (part !== 'profile' && part !== 'record') return false;
      const expected = registerIndexKeys(childId, String(item[TABLE_KEY.sortKey]));
      return Object.entries(expected).some(([attribute, value]) => item[attribute] !== value);
    });
    const wanted = new Map(openTimescalesOf({ child, records }).map((timescale) => {
      const item = dueItem(child, timescale);
      return [String(item[TABLE_KEY.sortKey]), item] as const;
    }));

    const result: DueRebuild = { kept: 0, added: 0, corrected: 0, removed: 0, registerKeysAdded: unindexed.length };
    const writes: TransactItem[] = [];
    for (const [sk, item] of wanted) {
      const existing = present.get(sk);
      if (existing && canonical(existing) === canonical(item)) {
        result.kept += 1;
        continue;
      }
      result[existing ? 'corrected' : 'added'] += 1;
      writes.push({ Put: { TableName: tableName, Item: item } });
    }
    for (const sk of present.keys()) {
      if (wanted.has(sk)) continue;
      result.removed += 1;
      writes.push({ Delete: { TableName: tableName, Key: { [TABLE_KEY.partitionKey]: keys.childPartition(childId), [TABLE_KEY.sortKey]: sk } } });
    }
    for (const item of unindexed) {
      if (partOf(item).kind === 'profile') continue; // the profile's are set with its version, below
      const sk = String(item[TABLE_KEY.sortKey]);
      const register = registerIndexKeys(childId, sk);
      writes.push({
        Update: {
          TableName: tableName,
          Key: { [TABLE_KEY.partitionKey]: keys.childPartition(childId), [TABLE_KEY.sortKey]: sk },
          UpdateExpression: 'SET #shard = :shard, #sort = :sort',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#shard': REGISTER_INDEX.partitionKey, '#sort': REGISTER_INDEX.sortKey },
          ExpressionAttributeValues: { ':shard': register[REGISTER_INDEX.partitionKey], ':sort': register[REGISTER_INDEX.sortKey] },
        },
      });
    }
    const profileUnindexed = unindexed.some((item) => partOf(item).kind === 'profile');
    if ((writes.length === 0 && !profileUnindexed) || dryRun) return result;

    // Each transaction moves the version on from the one read (or the one the last moved it to): any write meanwhile fails it.
    let version = child.version;
    const profileRegister = registerIndexKeys(childId, keys.profileSort);
    for (let start = 0; start === 0 || start < writes.length; start += TRANSACTION_LIMIT - 1) {
      const guard: TransactItem = {
        Update: {
          TableName: tableName,
          Key: keys.child(childId),
          UpdateExpression: 'SET version = :next, #shard = :shard, #sort = :sort',
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: { '#shard': REGISTER_INDEX.partitionKey, '#sort': REGISTER_INDEX.sortKey },
          ExpressionAttributeValues: {
            ':version': version,
            ':next': version + 1,
            ':shard': profileRegister[REGISTER_INDEX.partitionKey],
            ':sort': profileRegister[REGISTER_INDEX.sortKey],
          },
        },
      };
      try {
        await guarded(this.table.client.send(new TransactWriteCommand({ TransactItems: [guard, ...writes.slice(start, start + TRANSACTION_LIMIT - 1)] })));
      } catch (error) {
        const changed = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        if (changed) throw new ChangedMeanwhile('The child changed during its repair', { cause: error });
        throw error;
      }
      version += 1;
    }
    return result;
  }
}

/** An item as JSON with its attributes (and theirs) in name order: equal items, equal text. */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Item)
              .filter(([, inner]) => inner !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, inner]) => [k, sorted(inner)]),
          )
        : v;
  return JSON.stringify(sorted(value));
}
