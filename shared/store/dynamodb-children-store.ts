/**
 * {@link ChildrenStore} on the single table described in `table-design.ts`.
 * A change to a child is one TransactWriteItems call: the profile (guarded by
 * its version), the records, the due-date index entries, the audit entry and,
 * for an idempotent POST, its remembered answer.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  ScanCommand,
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
  type StoredChild,
} from './children-store';
import {
  CHILDREN_INDEX,
  DUE_DATE_INDEX,
  END_OF_DAY,
  INDEXES,
  IRO_INDEX,
  RECORD_KINDS,
  TABLE_KEY,
  TEAM_MANAGER_INDEX,
  keys,
  shardOf,
  type IndexDesign,
  type RecordCollection,
} from './table-design';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

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

export class DynamoDbChildrenStore implements ChildrenStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
            Item: { ...keys.reference(child.reference), itemType: 'reference', childId: child.childId },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        () => new ReferenceTakenError(child.reference),
      );
      if (referenceChanged && previous !== undefined) {
        add({ Delete: { TableName: this.tableName, Key: keys.reference(previous.reference) } });
      }
    }
    for (const write of change.records) {
      const recordId = String((write.record as unknown as Item)[RECORD_KINDS[write.collection].idField]);
      add({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.record(child.childId, write.collection, recordId), itemType: RECORD_KINDS[write.collection].word, ...write.record },
        },
      });
    }
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
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
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
   * Every child's profile and records, for the monthly figures: one parallel
   * scan of the table (the register's size in pages, never a read per child),
   * leaving the audit trail, the due-date entries and the ledgers out.
   */
  async readRegister(segments = 4): Promise<{ files: { child: StoredChild; records: ChildRecords }[]; requests: number }> {
    const files = new Map<string, { child?: StoredChild; records: { [C in RecordCollection]: unknown[] } }>();
    const types = ['child', ...Object.values(RECORD_KINDS).map((kind) => kind.word)];
    let requests = 0;
    const fileOf = (partition: string) => {
      let file = files.get(partition);
      if (!file) {
        file = { records: { careEpisodes: [], placementChanges: [], strategyDiscussions: [], registrations: [], meetings: [] } };
        files.set(partition, file);
      }
      return file;
    };
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        let start: Item | undefined;
        do {
          const page = await this.client.send(
            new ScanCommand({
              TableName: this.tableName,
              Segment: segment,
              TotalSegments: segments,
              FilterExpression: `#type IN (${types.map((_, i) => `:t${i}`).join(', ')})`,
              ExpressionAttributeNames: { '#type': ITEM_TYPE },
              ExpressionAttributeValues: Object.fromEntries(types.map((type, i) => [`:t${i}`, type])),
              ExclusiveStartKey: start,
            }),
          );
          requests += 1;
          for (const item of page.Items ?? []) {
            const file = fileOf(String(item[TABLE_KEY.partitionKey]));
            if (item[ITEM_TYPE] === 'child') {
              file.child = profileOf(item);
            } else {
              const collection = COLLECTION_OF_WORD.get(String(item[ITEM_TYPE]));
              if (collection) file.records[collection].push(withoutDesign(item));
            }
          }
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
    const complete = [...files.values()].filter((file) => file.child !== undefined);
    return { files: complete.map((file) => ({ child: file.child!, records: file.records as unknown as ChildRecords })), requests };
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
  };
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
