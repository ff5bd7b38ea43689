/**
 * {@link ChildReads} on DynamoDB: a child's file in one consistent query, its
 * audit trail, an idempotent answer, the two lists, and the late-booking
 * notices of a few days. A list's scope is the union of its parts (an IRO's
 * children and their team's, say), each one index partition read in turn;
 * a child in two parts is listed once. The cursors are made and checked here,
 * and nowhere else: a cursor names the caller, the scope and the filter it was
 * made for, and its position must lie inside its part's own partition, so
 * that no edited cursor reads elsewhere.
 */
import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** DynamoDB's limit of keys in one BatchGetItem. */
const BATCH_GET_LIMIT = 100;
import type { ListScope } from '#shared/domain/access';
import type { CalendarDate } from '#shared/domain/records';
import { InvalidCursorError } from '#shared/store/errors';
import type { LateBookingNotice } from '#shared/domain/digest';
import type { AuditEntry, ChildFile, ChildListOptions, ChildReads, ChildStatusFilter, DueEntry, IdempotentAnswer, ListedChild, Page } from '#shared/store/ports';
import {
  CHILDREN_INDEX,
  DUE_DATE_INDEX,
  END_OF_DAY,
  IRO_INDEX,
  TABLE_KEY,
  TEAM_MANAGER_INDEX,
  keys,
  type IndexDesign,
} from '#shared/store/table-design';
import { childFileItems, guarded, queryAll, type TableRef } from '#shared/store/dynamodb/table';
import { decodeChildFile, dueEntryOf, lateBookingNoticeOf, listedChildOf, timescaleOf, withoutDesign, type Item } from '#shared/store/dynamodb/item-codec';

/** Where a list stopped: which part of the scope, and where in it. */
interface Position {
  part: number;
  /** For everyone's children: the children index's shard. */
  shard?: number;
  /** DynamoDB's LastEvaluatedKey within the part (and shard). */
  key?: Item;
}

interface CursorBody {
  owner: string;
  scope: readonly ListScope[];
  status?: ChildStatusFilter;
  position: Position;
}

/** See {@link ChildReads}. */
export class DynamoDbQueries implements ChildReads {
  constructor(private readonly table: TableRef) {}

  async loadChildFile(childId: string): Promise<ChildFile | undefined> {
    const file = decodeChildFile(await childFileItems(this.table, childId));
    return file && { child: file.child, records: file.records, due: file.dueItems.map(timescaleOf) };
  }

  async childIdsByReference(references: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const byKey = new Map(references.map((reference) => [keys.reference(reference).PK, reference]));
    const all = [...byKey.keys()];
    for (let start = 0; start < all.length; start += BATCH_GET_LIMIT) {
      let wanted: Record<string, unknown>[] = all.slice(start, start + BATCH_GET_LIMIT).map((pk) => ({ PK: pk, SK: keys.reference('').SK }));
      // What DynamoDB leaves unprocessed is asked for again, with a pause that grows.
      for (let attempt = 0; wanted.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
        const answer = await guarded(
          this.table.client.send(new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: wanted, ConsistentRead: true, ProjectionExpression: 'PK, childId' } } })),
        );
        for (const item of answer.Responses?.[this.table.tableName] ?? []) found.set(byKey.get(item['PK'] as string)!, item['childId'] as string);
        wanted = (answer.UnprocessedKeys?.[this.table.tableName]?.Keys ?? []) as Record<string, unknown>[];
        if (attempt >= 10 && wanted.length > 0) throw new Error(`DynamoDB left ${wanted.length} case references unread after ${attempt + 1} tries`);
      }
    }
    return found;
  }

  async listAudit(childId: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.childPartition(childId), ':prefix': keys.auditPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => withoutDesign(item) as unknown as AuditEntry);
  }

  async getIdempotentAnswer(caller: string, key: string): Promise<IdempotentAnswer | undefined> {
    const { Item } = await guarded(
      this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.idempotency(caller, key), ConsistentRead: true })),
    );
    return Item ? (withoutDesign(Item) as unknown as IdempotentAnswer) : undefined;
  }

  async listChildren(scope: readonly ListScope[], options: ChildListOptions): Promise<Page<ListedChild>> {
    let position: Position = options.cursor === undefined ? { part: 0 } : decodeCursor(options.cursor, options, scope);
    const items: ListedChild[] = [];
    while (position.part < scope.length && items.length < options.limit) {
      const part = scope[position.part]!;
      const query = childrenQuery(this.table.tableName, part, position.shard ?? 0, options.status, scope.slice(0, position.part));
      const page = await this.pageOf(query, options.limit - items.length, position.key);
      items.push(...page.items.map(listedChildOf));
      position = page.next ? { ...position, key: page.next } : nextPartOrShard(position, part);
    }
    const more = position.part < scope.length;
    return { items, ...(more ? { cursor: encodeCursor({ owner: options.owner, scope, ...(options.status ? { status: options.status } : {}), position }) } : {}) };
  }

  async listDue(scope: readonly ListScope[], dueBy: CalendarDate): Promise<DueEntry[]> {
    const pages = await Promise.all(scope.flatMap((part) => dueQueries(this.table.tableName, part, dueBy)).map((query) => queryAll(this.table, query)));
    // A child in two parts (the caller is their IRO and their team manager) has its entries in both.
    const entries = new Map(pages.flat().map((item) => [`${item[TABLE_KEY.partitionKey]}|${item[TABLE_KEY.sortKey]}`, dueEntryOf(item)]));
    return [...entries.values()].sort(
      (a, b) => a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind),
    );
  }

  async listLateBookings(days: readonly CalendarDate[]): Promise<LateBookingNotice[]> {
    const pages = await Promise.all(
      days.map((day) =>
        queryAll(this.table, {
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.noticePartition(day), ':prefix': keys.lateBookingPrefix },
        }),
      ),
    );
    return pages.flat().map(lateBookingNoticeOf);
  }

  /** Up to `limit` items of a query from `start`, reading on past pages the filter emptied. */
  private async pageOf(input: QueryCommandInput, limit: number, start: Item | undefined): Promise<{ items: Item[]; next?: Item }> {
    const items: Item[] = [];
    let startKey = start;
    do {
      const page = await guarded(this.table.client.send(new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: startKey })));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return { items, ...(startKey ? { next: startKey } : {}) };
  }
}

/** The index a part of a scope is read from, and its partition (none for everyone's: the children index's shards). */
function indexOf(part: ListScope): [IndexDesign, string | undefined] {
  if ('iroEmail' in part) return [IRO_INDEX, keys.iroKey(part.iroEmail)];
  if ('teamManagerEmail' in part) return [TEAM_MANAGER_INDEX, keys.teamManagerKey(part.teamManagerEmail)];
  return [CHILDREN_INDEX, undefined];
}

/** The next shard of everyone's children, or the next part of the scope. */
function nextPartOrShard(position: Position, part: ListScope): Position {
  const shard = (position.shard ?? 0) + 1;
  if ('all' in part && shard < CHILDREN_INDEX.shards) return { part: position.part, shard };
  return { part: position.part + 1 };
}

/** A filter as DynamoDB takes it: an expression and its names and values. */
interface Filter {
  conditions: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function statusFilter(status: ChildStatusFilter | undefined): Filter {
  switch (status) {
    case 'looked-after':
      return { conditions: ['#lookedAfter = :true'], names: { '#lookedAfter': 'lookedAfter' }, values: { ':true': true } };
    case 'registered':
      return { conditions: ['#registered = :true'], names: { '#registered': 'registered' }, values: { ':true': true } };
    case 'closed':
      return {
        conditions: ['#lookedAfter = :false', '#registered = :false'],
        names: { '#lookedAfter': 'lookedAfter', '#registered': 'registered' },
        values: { ':false': false },
      };
    default:
      return { conditions: [], names: {}, values: {} };
  }
}

/** Leaves out the children an earlier part of the scope listed already. */
function notInEarlierParts(earlier: readonly ListScope[]): Filter {
  const filter: Filter = { conditions: [], names: {}, values: {} };
  earlier.forEach((part, index) => {
    const [field, email] = 'iroEmail' in part ? ['iroEmail', part.iroEmail] : 'teamManagerEmail' in part ? ['teamManagerEmail', part.teamManagerEmail] : [];
    if (field === undefined) return;
    filter.conditions.push(`#earlier${index} <> :earlier${index}`);
    filter.names[`#earlier${index}`] = field;
    filter.values[`:earlier${index}`] = email;
  });
  return filter;
}

function childrenQuery(tableName: string, part: ListScope, shard: number, status: ChildStatusFilter | undefined, earlier: readonly ListScope[]): QueryCommandInput {
  const [index, partition] = indexOf(part);
  const filters = [statusFilter(status), notInEarlierParts(earlier)];
  const conditions = filters.flatMap((filter) => filter.conditions);
  const names = Object.assign({ '#pk': index.partitionKey }, ...filters.map((filter) => filter.names)) as Record<string, string>;
  const values = Object.assign({}, ...filters.map((filter) => filter.values)) as Record<string, unknown>;
  return {
    TableName: tableName,
    IndexName: index.name,
    ...(partition === undefined
      ? { KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': keys.listShard(shard), ...values } }
      : {
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.scopedChildPrefix, ...values },
        }),
    ExpressionAttributeNames: partition === undefined ? names : { ...names, '#sk': index.sortKey },
    ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
  };
}

function dueQueries(tableName: string, part: ListScope, dueBy: CalendarDate): QueryCommandInput[] {
  const [index, partition] = indexOf(part);
  if (partition !== undefined) {
    return [
      {
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: { ':pk': partition, ':from': keys.scopedDuePrefix, ':to': `${keys.scopedDuePrefix}${dueBy}${END_OF_DAY}` },
      },
    ];
  }
  return Array.from({ length: DUE_DATE_INDEX.shards }, (_, shard) => ({
    TableName: tableName,
    IndexName: DUE_DATE_INDEX.name,
    KeyConditionExpression: '#pk = :pk AND #sk <= :to',
    ExpressionAttributeNames: { '#pk': DUE_DATE_INDEX.partitionKey, '#sk': DUE_DATE_INDEX.sortKey },
    ExpressionAttributeValues: { ':pk': keys.dueShard(shard), ':to': `${dueBy}${END_OF_DAY}` },
  }));
}

const encodeCursor = (body: CursorBody) => Buffer.from(JSON.stringify(body)).toString('base64url');

/** The position a cursor holds, when this store made it for this owner, scope and status; otherwise {@link InvalidCursorError}. */
function decodeCursor(text: string, options: ChildListOptions, scope: readonly ListScope[]): Position {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorBody;
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const valid =
    typeof body === 'object' && body !== null &&
    body.owner === options.owner &&
    JSON.stringify(body.scope) === JSON.stringify(scope) &&
    body.status === options.status &&
    positionInScope(body.position, scope);
  if (!valid) throw new InvalidCursorError();
  return body.position;
}

/** Whether a position lies inside its part's own partition, so a forged one cannot read elsewhere. */
function positionInScope(position: unknown, scope: readonly ListScope[]): position is Position {
  if (typeof position !== 'object' || position === null) return false;
  const { part, shard, key, ...rest } = position as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof part !== 'number' || !Number.isInteger(part) || part < 0 || part >= scope.length) return false;
  const [index, partition] = indexOf(scope[part]!);
  if (partition === undefined) {
    const at = shard ?? 0;
    if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at >= CHILDREN_INDEX.shards) return false;
    return key === undefined || isChildKey(key, index, keys.listShard(at));
  }
  return shard === undefined && (key === undefined || isChildKey(key, index, partition));
}

/** A LastEvaluatedKey of a profile in this partition of this index, and nothing else. */
function isChildKey(value: unknown, index: IndexDesign, partition: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const key = value as Record<string, unknown>;
  const sort = key[index.sortKey];
  return (
    Object.keys(key).length === 4 &&
    key[index.partitionKey] === partition &&
    typeof key[TABLE_KEY.partitionKey] === 'string' && /^CHILD#[0-9a-f-]{36}$/.test(key[TABLE_KEY.partitionKey] as string) &&
    key[TABLE_KEY.sortKey] === keys.profileSort &&
    typeof sort === 'string' && sort.startsWith(keys.scopedChildPrefix)
  );
}
