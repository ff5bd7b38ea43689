/**
 * {@link ChildrenStore} on the single table described in `table-design.ts`.
 * A change to a child is one TransactWriteItems call: the profile (guarded by
 * its version), the records, the due-date index entries, the audit entry and,
 * for an idempotent POST, its remembered answer.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { initialsOf, type ChildRecords } from '#shared/domain/records';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import {
  IdempotencyKeyUsedError,
  ReferenceTakenError,
  StaleChildError,
  type AuditEntry,
  type ChildChange,
  type ChildStatus,
  type DueEntry,
  type ListScope,
  type Page,
  type ChildFile,
  type ChildrenStore,
  type IdempotentAnswer,
  type RecordWrite,
  type ImportedFile,
  type ImportOptions,
  type StoredChild,
} from './children-store';
import {
  CHILDREN_INDEX,
  DUE_DATE_INDEX,
  END_OF_DAY,
  INDEXES,
  IRO_INDEX,
  RECORD_KINDS,
  REGISTER_INDEX,
  TABLE_KEY,
  TEAM_MANAGER_INDEX,
  keys,
  shardOf,
  type IndexDesign,
  type RecordCollection,
} from './table-design';

type Item = Record<string, unknown>;
/** DynamoDB's limit of items in one BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;
/** Shards of the register index read at once by {@link DynamoDbChildrenStore.eachChildFile}. */
export const REGISTER_READERS = 16;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
const TRANSACTION_LIMIT = 100;

/** What rebuilding one child's due-date index entries found and did. */
export interface DueRebuild {
  /** Entries already exactly as the records make them. */
  kept: number;
  /** Open timescales that had no entry. */
  added: number;
  /** Entries present but not as the records make them (another date, a stale copy of the profile): rewritten. */
  corrected: number;
  /** Entries of no open timescale: deleted. */
  removed: number;
  /** Profile and record items given the register index attributes they lacked. */
  registerKeysAdded: number;
}

/** Names what an item holds; not `type`, which a meeting's own record uses. */
const ITEM_TYPE = 'itemType';

/** Attributes that belong to the table's design, not to the record. */
const DESIGN_ATTRIBUTES = new Set<string>([TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ITEM_TYPE, ...INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])]);

const RECORD_PREFIXES = Object.entries(RECORD_KINDS).map(([collection, { word }]) => ({
  collection: collection as RecordCollection,
  prefix: `CHILD#${word}#`,
}));
const DUE_PREFIX = 'CHILD#DUE#';
const COLLECTION_OF_WORD = new Map(Object.entries(RECORD_KINDS).map(([collection, { word }]) => [word as string, collection as RecordCollection]));

/** How {@link DynamoDbChildrenStore.commit} retries a transaction DynamoDB cancelled only because another was on the same items. */
export interface CommitRetryOptions {
  /** Tries in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * A transaction cancelled by another transaction on the same items (or
 * throttled), with no condition failing: nothing was written, and the same
 * transaction may simply be sent again. The SDK does not retry these itself.
 */
export function isTransactionConflict(error: unknown): error is TransactionCanceledException {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError') && codes.every((code) => code === 'None' || code === 'TransactionConflict' || code === 'ThrottlingError');
}

export class DynamoDbChildrenStore implements ChildrenStore {
  private readonly retry: Required<CommitRetryOptions>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    retry: CommitRetryOptions = {},
  ) {
    this.retry = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 400, sleep: (ms) => sleep(ms), ...retry };
  }

  async commit(change: ChildChange): Promise<void> {
    const { child } = change;
    // Each transact item's failure means something different: remember which is which.
    const failures: ((() => Error) | undefined)[] = [];
    const items: TransactItem[] = [];
    const add = (item: TransactItem, failure?: () => Error) => {
      items.push(item);
      failures.push(failure);
    };

    add(
      {
        Put: {
          TableName: this.tableName,
          Item: { ...childItem(child), ...change.status },
          ...(change.expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': change.expectedVersion } }),
        },
      },
      () => new StaleChildError(child.childId),
    );
    const previous = change.previousChild;
    const referenceChanged = previous !== undefined && keys.reference(previous.reference).PK !== keys.reference(child.reference).PK;
    if (change.expectedVersion === undefined || referenceChanged) {
      add(
        {
          Put: {
            TableName: this.tableName,
            Item: referenceItem(child),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        () => new ReferenceTakenError(child.reference),
      );
      if (referenceChanged && previous !== undefined) {
        add({ Delete: { TableName: this.tableName, Key: keys.reference(previous.reference) } });
      }
    }
    for (const write of change.records) add({ Put: { TableName: this.tableName, Item: recordItem(child.childId, write) } });
    // Only the due-date index entries that changed are written: most writes change one or none.
    const dueKeys = new Set(change.due.map((timescale) => dueKey(child.childId, timescale).SK));
    const before = new Map(change.previousDue.map((timescale) => [dueKey(child.childId, timescale).SK, timescale]));
    const everyEntryStale = previous === undefined || DUE_ENTRY_FIELDS.some((field) => previous[field] !== child[field]);
    for (const timescale of change.previousDue) {
      const key = dueKey(child.childId, timescale);
      if (!dueKeys.has(key.SK)) add({ Delete: { TableName: this.tableName, Key: key } });
    }
    for (const timescale of change.due) {
      const unchanged = sameTimescale(before.get(dueKey(child.childId, timescale).SK), timescale);
      if (everyEntryStale || !unchanged) add({ Put: { TableName: this.tableName, Item: dueItem(child, timescale) } });
    }
    add({ Put: { TableName: this.tableName, Item: auditItem(change.audit) } });
    if (change.idempotency) {
      add(
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.idempotency(change.idempotency.caller, change.idempotency.key), itemType: 'idempotency', ...change.idempotency },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        () => new IdempotencyKeyUsedError(),
      );
    }

    try {
      await this.sendTransaction(items);
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failedAt = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
        // A used idempotency key means "this request was already made": that answer wins over any other conflict.
        const idempotencyAt = change.idempotency ? items.length - 1 : -1;
        const failed = failedAt.includes(idempotencyAt) ? idempotencyAt : failedAt[0];
        const failure = failed === undefined ? undefined : failures[failed];
        if (failure) throw failure();
      }
      throw error;
    }
  }

  /**
   * Sends one transaction, sending it again (with full jitter under an
   * exponentially growing cap) while DynamoDB cancels it only for another
   * transaction on the same items. Its conditions still guard every retry: a
   * write that got there first makes it fail its version check instead.
   */
  private async sendTransaction(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!isTransactionConflict(error) || attempt >= this.retry.maxAttempts) throw error;
        await this.retry.sleep(Math.random() * Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt));
      }
    }
  }

  /**
   * Writes whole new files at speed, for moving a register in from a case
   * system into an empty table (and for the benchmarks): BatchWriteItem, 25
   * items a request, `concurrency` requests at once, what DynamoDB leaves
   * unprocessed tried again with backoff. Unlike {@link commit} nothing is
   * conditional, so it is for children not yet in the table (or the same files
   * again); it resolves only when every item is written.
   */
  async importFiles(files: readonly ImportedFile[], options: ImportOptions = {}): Promise<{ items: number; requests: number }> {
    const { concurrency = 8, maxAttempts = 10, baseDelayMs = 25 } = options;
    const items: Item[] = [];
    for (const file of files) {
      const { child } = file;
      items.push({ ...childItem(child), ...file.status });
      items.push(referenceItem(child));
      for (const write of file.records) items.push(recordItem(child.childId, write));
      for (const timescale of file.due) items.push(dueItem(child, timescale));
      items.push(auditItem(file.audit));
    }
    const batches: Item[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) batches.push(items.slice(i, i + BATCH_WRITE_LIMIT));
    let requests = 0;
    const writeBatch = async (batch: Item[]) => {
      let pending = batch.map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > 1) {
          if (attempt > maxAttempts) throw new Error(`DynamoDB left ${pending.length} items unwritten after ${maxAttempts} tries`);
          // Full jitter under an exponentially growing cap.
          await sleep(Math.random() * Math.min(2000, baseDelayMs * 2 ** attempt));
        }
        const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        requests += 1;
        pending = (UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    };
    let next = 0;
    let failed = false;
    const workers = Array.from({ length: Math.min(concurrency, batches.length) }, async () => {
      try {
        // Once one batch has failed for good, the others take no new batch: the caller hears at once.
        for (let batch = batches[next++]; batch && !failed; batch = batches[next++]) await writeBatch(batch);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
    await Promise.all(workers);
    return { items: items.length, requests };
  }

  async loadChildFile(childId: string): Promise<ChildFile | undefined> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.childPartition(childId), ':prefix': keys.childFilePrefix },
      ConsistentRead: true,
    });
    let child: StoredChild | undefined;
    const records: { [C in RecordCollection]: ChildRecords[C][number][] } = {
      careEpisodes: [],
      placementChanges: [],
      strategyDiscussions: [],
      registrations: [],
      meetings: [],
    };
    const due: OpenTimescale[] = [];
    for (const item of items) {
      const sk = String(item[TABLE_KEY.sortKey]);
      if (sk === 'CHILD') {
        child = profileOf(item);
      } else if (sk.startsWith(DUE_PREFIX)) {
        due.push({
          kind: item['kind'],
          dueDate: item['dueDate'],
          countedFrom: item['countedFrom'],
          statutory: item['statutory'],
        } as OpenTimescale);
      } else {
        const match = RECORD_PREFIXES.find(({ prefix }) => sk.startsWith(prefix));
        if (match) (records[match.collection] as unknown[]).push(withoutDesign(item));
      }
    }
    return child ? { child, records, due } : undefined;
  }

  async getChild(childId: string): Promise<StoredChild | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.child(childId), ConsistentRead: true }));
    return Item ? profileOf(Item) : undefined;
  }

  async listAudit(childId: string): Promise<AuditEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.childPartition(childId), ':prefix': keys.auditPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => withoutDesign(item) as unknown as AuditEntry);
  }

  async getIdempotentAnswer(caller: string, key: string): Promise<IdempotentAnswer | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(caller, key), ConsistentRead: true }),
    );
    return Item ? (withoutDesign(Item) as unknown as IdempotentAnswer) : undefined;
  }

  async listChildren(
    scope: ListScope,
    options: { status?: 'looked-after' | 'registered' | 'closed'; limit: number; start?: Item },
  ): Promise<Page<StoredChild & ChildStatus>> {
    const filter = statusFilter(options.status);
    const [index, partition] = scopeIndex(scope);
    if (partition !== undefined) {
      // One partition of the IRO's or team manager's index, from where the last page ended.
      const sortKey = index.sortKey;
      const page = await this.pageOf(
        {
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: `#pk = :pk AND begins_with(#sk, :prefix)`,
          ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': sortKey, ...filter.names },
          ExpressionAttributeValues: { ':pk': partition, ':prefix': 'CHILD#', ...filter.values },
          ...(filter.expression ? { FilterExpression: filter.expression } : {}),
        },
        options.limit,
        options.start,
      );
      return page;
    }
    // Everyone: the children index's shards one after another; the cursor says which shard.
    let shard = typeof options.start?.['shard'] === 'number' ? options.start['shard'] : 0;
    let start = options.start?.['key'] as Item | undefined;
    const items: (StoredChild & ChildStatus)[] = [];
    while (shard < CHILDREN_INDEX.shards && items.length < options.limit) {
      const page = await this.pageOf(
        {
          TableName: this.tableName,
          IndexName: CHILDREN_INDEX.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': CHILDREN_INDEX.partitionKey, ...filter.names },
          ExpressionAttributeValues: { ':pk': keys.listShard(shard), ...filter.values },
          ...(filter.expression ? { FilterExpression: filter.expression } : {}),
        },
        options.limit - items.length,
        start,
      );
      items.push(...page.items);
      if (page.next) {
        start = page.next;
      } else {
        shard += 1;
        start = undefined;
      }
    }
    return { items, ...(shard < CHILDREN_INDEX.shards ? { next: { shard, ...(start ? { key: start } : {}) } } : {}) };
  }

  async listDue(scope: ListScope, dueBy: string): Promise<DueEntry[]> {
    const [index, partition] = scopeIndex(scope);
    const queries =
      partition !== undefined
        ? [
            {
              TableName: this.tableName,
              IndexName: index.name,
              KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
              ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
              ExpressionAttributeValues: { ':pk': partition, ':from': 'DUE#', ':to': `DUE#${dueBy}${END_OF_DAY}` },
            },
          ]
        : Array.from({ length: DUE_DATE_INDEX.shards }, (_, shard) => ({
            TableName: this.tableName,
            IndexName: DUE_DATE_INDEX.name,
            KeyConditionExpression: '#pk = :pk AND #sk <= :to',
            ExpressionAttributeNames: { '#pk': DUE_DATE_INDEX.partitionKey, '#sk': DUE_DATE_INDEX.sortKey },
            ExpressionAttributeValues: { ':pk': keys.dueShard(shard), ':to': `${dueBy}${END_OF_DAY}` },
          }));
    const pages = await Promise.all(queries.map((query) => this.queryAll(query)));
    return pages
      .flat()
      .map((item) => dueEntryOf(item))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind));
  }

  /**
   * Every child's profile and records, one child at a time, for the monthly
   * figures: one query a shard of the register index, the shards in parallel,
   * page by page. A shard holds each child's items together, so a child is
   * handed to `visit` as soon as its last item is read and the register is
   * never held whole; the audit trail, the due-date entries and the ledgers are
   * not in the index, so they are never read.
   */
  async eachChildFile(visit: (file: { child: StoredChild; records: ChildRecords }) => void): Promise<{ children: number; requests: number }> {
    let requests = 0;
    let children = 0;
    const readShard = async (shard: number) => {
      let partition: string | undefined;
      let child: StoredChild | undefined;
      let records = emptyRecords();
      const handOn = () => {
        // Records whose profile is not (yet) in the index are a write still arriving: left for the next read.
        if (child) {
          visit({ child, records: records as unknown as ChildRecords });
          children += 1;
        }
        child = undefined;
        records = emptyRecords();
      };
      let start: Item | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: REGISTER_INDEX.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': REGISTER_INDEX.partitionKey },
            ExpressionAttributeValues: { ':pk': keys.registerShard(shard) },
            ExclusiveStartKey: start,
          }),
        );
        requests += 1;
        for (const item of page.Items ?? []) {
          const itemPartition = String(item[TABLE_KEY.partitionKey]);
          if (itemPartition !== partition) {
            handOn();
            partition = itemPartition;
          }
          if (item[ITEM_TYPE] === 'child') {
            child = profileOf(item);
          } else {
            const collection = COLLECTION_OF_WORD.get(String(item[ITEM_TYPE]));
            if (collection) records[collection].push(withoutDesign(item));
          }
        }
        start = page.LastEvaluatedKey;
      } while (start);
      handOn();
    };
    let nextShard = 0;
    // A few shards at a time, so that the pages in memory stay few however many shards there are.
    const readers = Array.from({ length: Math.min(REGISTER_READERS, REGISTER_INDEX.shards) }, async () => {
      for (let shard = nextShard++; shard < REGISTER_INDEX.shards; shard = nextShard++) await readShard(shard);
    });
    await Promise.all(readers);
    return { children, requests };
  }

  /**
   * Rewrites one child's due-date index entries to be exactly those its
   * records make (`openTimescalesOf`, the engine and policy the API uses):
   * adds the missing, rewrites the wrong, deletes the stale, and gives its
   * profile and records any register index attributes they lack. It reads the
   * child's file consistently and writes in a transaction guarded by the
   * profile's version, which it moves on (so a write to the child made from a
   * file read before the repair is retried by the API on the repaired file);
   * a child changed meanwhile is read again. Nothing is written when nothing
   * is wrong, or with `dryRun`. Undefined for a child with no profile.
   */
  async rebuildDueEntries(
    childId: string,
    openTimescalesOf: (file: { child: StoredChild; records: ChildRecords }) => OpenTimescale[],
    options: { dryRun?: boolean; maxAttempts?: number } = {},
  ): Promise<DueRebuild | undefined> {
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      const items = await this.queryAll({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.childPartition(childId), ':prefix': keys.childFilePrefix },
        ConsistentRead: true,
      });
      const profileItem = items.find((item) => item[TABLE_KEY.sortKey] === 'CHILD');
      if (!profileItem) return undefined;
      const child = profileOf(profileItem);
      const records = emptyRecords();
      const present = new Map<string, Item>();
      const unindexed: Item[] = [];
      for (const item of items) {
        const sk = String(item[TABLE_KEY.sortKey]);
        if (sk.startsWith(DUE_PREFIX)) {
          present.set(sk, item);
          continue;
        }
        const match = RECORD_PREFIXES.find(({ prefix }) => sk.startsWith(prefix));
        if (match) records[match.collection].push(withoutDesign(item));
        if (sk !== 'CHILD' && !match) continue;
        const expected = registerKeys(childId, sk);
        if (item['registerShard'] !== expected['registerShard'] || item['registerSort'] !== expected['registerSort']) unindexed.push(item);
      }
      const wanted = new Map<string, Item>();
      for (const timescale of openTimescalesOf({ child, records: records as unknown as ChildRecords })) {
        const item = dueItem(child, timescale);
        wanted.set(String(item[TABLE_KEY.sortKey]), item);
      }

      const result: DueRebuild = { kept: 0, added: 0, corrected: 0, removed: 0, registerKeysAdded: unindexed.length };
      const writes: TransactItem[] = [];
      for (const [sk, item] of wanted) {
        const existing = present.get(sk);
        if (existing && canonical(existing) === canonical(item)) {
          result.kept += 1;
          continue;
        }
        if (existing) result.corrected += 1;
        else result.added += 1;
        writes.push({ Put: { TableName: this.tableName, Item: item } });
      }
      for (const sk of present.keys()) {
        if (wanted.has(sk)) continue;
        result.removed += 1;
        writes.push({ Delete: { TableName: this.tableName, Key: { PK: keys.childPartition(childId), SK: sk } } });
      }
      for (const item of unindexed) {
        if (item[TABLE_KEY.sortKey] === 'CHILD') continue; // the profile's are set with its version, below
        const sk = String(item[TABLE_KEY.sortKey]);
        const { registerShard, registerSort } = registerKeys(childId, sk);
        writes.push({
          Update: {
            TableName: this.tableName,
            Key: { PK: keys.childPartition(childId), SK: sk },
            UpdateExpression: 'SET registerShard = :shard, registerSort = :sort',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':shard': registerShard, ':sort': registerSort },
          },
        });
      }
      const profileUnindexed = unindexed.some((item) => item[TABLE_KEY.sortKey] === 'CHILD');
      if ((writes.length === 0 && !profileUnindexed) || options.dryRun) return result;

      try {
        // Each transaction moves the version on from the one read (or the one the last moved it to): any write meanwhile fails it.
        let version = child.version;
        for (let start = 0; start === 0 || start < writes.length; start += TRANSACTION_LIMIT - 1) {
          const profileRegister = registerKeys(childId, 'CHILD');
          const guard: TransactItem = {
            Update: {
              TableName: this.tableName,
              Key: keys.child(childId),
              UpdateExpression: 'SET version = :next, registerShard = :shard, registerSort = :sort',
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: {
                ':version': version,
                ':next': version + 1,
                ':shard': profileRegister['registerShard'],
                ':sort': profileRegister['registerSort'],
              },
            },
          };
          await this.client.send(new TransactWriteCommand({ TransactItems: [guard, ...writes.slice(start, start + TRANSACTION_LIMIT - 1)] }));
          version += 1;
        }
        return result;
      } catch (error) {
        const changedMeanwhile =
          error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        if (!changedMeanwhile || attempt >= maxAttempts) throw error;
        await sleep(Math.random() * Math.min(400, 10 * 2 ** attempt));
      }
    }
  }

  /** Up to `limit` items of a query, reading on past pages the filter emptied. */
  private async pageOf(input: QueryCommandInput, limit: number, start: Item | undefined): Promise<Page<StoredChild & ChildStatus>> {
    const items: (StoredChild & ChildStatus)[] = [];
    let startKey = start;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []).map((item) => withoutDesign(item) as unknown as StoredChild & ChildStatus));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return { items, ...(startKey ? { next: startKey } : {}) };
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function scopeIndex(scope: ListScope): [IndexDesign, string | undefined] {
  if ('iroEmail' in scope) return [IRO_INDEX, keys.iroKey(scope.iroEmail)];
  if ('teamManagerEmail' in scope) return [TEAM_MANAGER_INDEX, keys.teamManagerKey(scope.teamManagerEmail)];
  return [CHILDREN_INDEX, undefined];
}

interface Filter {
  expression: string | undefined;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function statusFilter(status: 'looked-after' | 'registered' | 'closed' | undefined): Filter {
  switch (status) {
    case 'looked-after':
      return { expression: '#lookedAfter = :true', names: { '#lookedAfter': 'lookedAfter' }, values: { ':true': true } };
    case 'registered':
      return { expression: '#registered = :true', names: { '#registered': 'registered' }, values: { ':true': true } };
    case 'closed':
      return {
        expression: '#lookedAfter = :false AND #registered = :false',
        names: { '#lookedAfter': 'lookedAfter', '#registered': 'registered' },
        values: { ':false': false },
      };
    default:
      return { expression: undefined, names: {}, values: {} };
  }
}

function dueEntryOf(item: Item): DueEntry {
  return {
    kind: item['kind'],
    dueDate: item['dueDate'],
    countedFrom: item['countedFrom'],
    statutory: item['statutory'],
    childId: item['childId'],
    reference: item['reference'],
    initials: item['initials'],
    iroEmail: item['iroEmail'],
    teamName: item['teamName'],
    teamManagerEmail: item['teamManagerEmail'],
  } as DueEntry;
}

function childItem(child: StoredChild): Item {
  return {
    ...keys.child(child.childId),
    itemType: 'child',
    ...child,
    iroKey: keys.iroKey(child.iroEmail),
    iroSort: keys.scopedChildSort(child.reference, child.childId),
    tmKey: keys.teamManagerKey(child.teamManagerEmail),
    tmSort: keys.scopedChildSort(child.reference, child.childId),
    listShard: keys.listShard(shardOf(child.childId, CHILDREN_INDEX.shards)),
    listSort: keys.scopedChildSort(child.reference, child.childId),
    ...registerKeys(child.childId, 'CHILD'),
  };
}

/** Puts a profile or a record in the register index, beside the rest of its child's file. */
function registerKeys(childId: string, sortKey: string): Item {
  return { registerShard: keys.registerShard(shardOf(childId, REGISTER_INDEX.shards)), registerSort: keys.registerSort(childId, sortKey) };
}

/** An item as JSON with its attributes (and theirs) in name order: equal items, equal text. */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Item).filter(([, inner]) => inner !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, inner]) => [k, sorted(inner)]))
        : v;
  return JSON.stringify(sorted(value));
}

function emptyRecords(): { [C in RecordCollection]: unknown[] } {
  return { careEpisodes: [], placementChanges: [], strategyDiscussions: [], registrations: [], meetings: [] };
}

/** The profile fields a due-date index entry copies: when one changes, every entry is rewritten. */
const DUE_ENTRY_FIELDS = ['reference', 'givenName', 'familyName', 'iroEmail', 'teamName', 'teamManagerEmail'] as const;

function sameTimescale(a: OpenTimescale | undefined, b: OpenTimescale): boolean {
  return (
    a !== undefined &&
    a.kind === b.kind &&
    a.dueDate === b.dueDate &&
    a.statutory === b.statutory &&
    a.countedFrom.event === b.countedFrom.event &&
    a.countedFrom.date === b.countedFrom.date &&
    a.countedFrom.recordId === b.countedFrom.recordId
  );
}

const dueKey = (childId: string, timescale: OpenTimescale) => keys.due(childId, timescale.kind, timescale.countedFrom.recordId);

/**
 * A due-date index entry carries what the nightly email and the timescales
 * list need (case reference, initials, who is responsible), never the name.
 */
function dueItem(child: StoredChild, timescale: OpenTimescale): Item {
  const { childId } = child;
  return {
    ...dueKey(childId, timescale),
    itemType: 'due',
    childId,
    kind: timescale.kind,
    dueDate: timescale.dueDate,
    countedFrom: timescale.countedFrom,
    statutory: timescale.statutory,
    reference: child.reference,
    initials: initialsOf(child),
    iroEmail: child.iroEmail,
    teamName: child.teamName,
    teamManagerEmail: child.teamManagerEmail,
    dueShard: keys.dueShard(shardOf(childId, DUE_DATE_INDEX.shards)),
    dueOn: keys.dueOn(timescale.dueDate, childId, timescale.kind),
    iroKey: keys.iroKey(child.iroEmail),
    iroSort: keys.scopedDueSort(timescale.dueDate, childId, timescale.kind),
    tmKey: keys.teamManagerKey(child.teamManagerEmail),
    tmSort: keys.scopedDueSort(timescale.dueDate, childId, timescale.kind),
  };
}

function recordItem(childId: string, write: RecordWrite): Item {
  const recordId = String((write.record as unknown as Item)[RECORD_KINDS[write.collection].idField]);
  const key = keys.record(childId, write.collection, recordId);
  return { ...key, itemType: RECORD_KINDS[write.collection].word, ...write.record, ...registerKeys(childId, key.SK) };
}

function referenceItem(child: StoredChild): Item {
  return { ...keys.reference(child.reference), itemType: 'reference', childId: child.childId };
}

function auditItem(audit: AuditEntry): Item {
  return { ...keys.audit(audit.childId, audit.at, audit.auditId), itemType: 'audit', ...audit };
}

/** The profile alone: the status flags are derived from the records, kept on the item for the list filters. */
function profileOf(item: Item): StoredChild {
  const { lookedAfter: _lookedAfter, registered: _registered, ...profile } = withoutDesign(item);
  return profile as unknown as StoredChild;
}

function withoutDesign(item: Item): Item {
  const result: Item = {};
  for (const [name, value] of Object.entries(item)) if (!DESIGN_ATTRIBUTES.has(name)) result[name] = value;
  return result;
}
