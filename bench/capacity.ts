/**
 * What a benchmark's DynamoDB calls cost in capacity units: a client plugin
 * that asks every call for its consumed capacity (`ReturnConsumedCapacity:
 * INDEXES`, the table's and each index's units) and adds up the answers.
 *
 *   const meter = new CapacityMeter();
 *   dynamoDbPlugins.push(meter.plugin());   // before the handlers make their clients
 *   const before = meter.snapshot(); …; meter.since(before)
 *
 * DynamoDB Local answers with the units DynamoDB would bill: a read 4 KB a
 * unit (half for an eventually consistent one), a write 1 KB a unit in the
 * table and in each index the item is in, a transaction's items twice (its
 * index writes too). A call that answers with none is counted in
 * `unreported`. With `attributeIndexWrites` the meter also says which items
 * the index units were spent on (a child's profile, a due-date entry, a
 * record), by reading each item a transaction writes before it is written,
 * outside the meter: only the cost benchmark, which times nothing to the
 * millisecond, turns that on.
 */
import { type AttributeValue, type ConsumedCapacity, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Pluggable } from '@smithy/types';
import { INDEXES } from '#shared/store/table-design';

/** Capacity units, summed. `calls` by operation name. */
export interface CapacityTotals {
  readUnits: number;
  /** Writes to the table itself, transactions counted twice, as billed. */
  writeUnits: number;
  /** Writes to the global secondary indexes, as DynamoDB Local reported them. */
  indexWriteUnitsReported: number;
  /**
   * With `attributeIndexWrites`: the index writes of transactions by what was written and where (`profile IroIndex`,
   * `due DueDateIndex`, `record RegisterIndex`…), worked out by the meter as standard writes; their shares apportion
   * the reported units.
   */
  indexWritesByItem: Record<string, number>;
  /** Calls whose answer carried no consumed capacity at all. */
  unreported: number;
  calls: Record<string, number>;
}

const empty = (): CapacityTotals => ({ readUnits: 0, writeUnits: 0, indexWriteUnitsReported: 0, indexWritesByItem: {}, unreported: 0, calls: {} });

/** An item as text, its attributes (and its maps' keys) in order: two items are the same if these are. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
    .join(',')}}`;
}

/** What an item is, for {@link CapacityTotals.indexWritesByItem}: a child's profile, a due-date entry, a record, or another. */
function kindOf(item: Record<string, AttributeValue>): string {
  const sk = item['SK']?.S ?? '';
  if (sk === 'CHILD') return 'profile';
  if (sk.startsWith('CHILD#DUE#')) return 'due';
  if (sk.startsWith('CHILD#')) return 'record';
  return 'other';
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/** An attribute value's size as DynamoDB counts it (UTF-8 bytes of strings, numbers' digits roughly, 1 byte a boolean or null, 3 bytes a list or map). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (value.NS) return value.NS.reduce((n, s) => n + valueSize({ N: s }), 0);
  if (value.L) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueSize(v), 0);
  return 0;
}

/** An item's size: each attribute's name and value. */
export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + valueSize(value), 0);
}

/** The indexes an item is in: those whose partition and sort key attributes it has. */
export function indexesOf(item: Record<string, AttributeValue> | undefined): string[] {
  if (!item) return [];
  return INDEXES.filter((index) => item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined).map((index) => index.name);
}

/**
 * Index writes (standard writes, a KB a unit) for one item written: in an index before and after with the same keys, one write (none if
 * nothing changed); with other keys, a delete and a put; in only one of the two, a put or a delete.
 */
function indexWrites(before: Record<string, AttributeValue> | undefined, after: Record<string, AttributeValue> | undefined): Record<string, number> {
  const units = (item: Record<string, AttributeValue>) => Math.max(1, Math.ceil(itemSize(item) / 1024));
  const writes: Record<string, number> = {};
  if (before && after && canonical(before) === canonical(after)) return writes;
  for (const index of INDEXES) {
    const was = indexesOf(before).includes(index.name);
    const is = indexesOf(after).includes(index.name);
    const sameKeys = was && is && canonical([before![index.partitionKey], before![index.sortKey]]) === canonical([after![index.partitionKey], after![index.sortKey]]);
    const name = `${kindOf((after ?? before)!)} ${index.name}`;
    if (was && (!is || !sameKeys)) writes[name] = (writes[name] ?? 0) + units(before!);
    if (is) writes[name] = (writes[name] ?? 0) + units(after!);
  }
  return writes;
}

/** An item in DynamoDB's attribute-value form, whether it came so or as a document client's plain values. */
function asAttributes(item: Record<string, unknown>): Record<string, AttributeValue> {
  const pk = item['PK'];
  if (pk !== null && typeof pk === 'object' && 'S' in pk) return item as Record<string, AttributeValue>;
  return marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
}

export class CapacityMeter {
  private readonly totals = empty();
  private lookup: DynamoDBClient | undefined;

  constructor(private readonly options: { attributeIndexWrites?: boolean; endpoint?: string } = {}) {}

  /** A plugin for a DynamoDB (or document) client: every call asks for, and is counted by, its consumed capacity. */
  plugin(): Pluggable<any, any> {
    return {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            const operation = String(context['commandName'] ?? 'unknown');
            const input = args.input as Record<string, unknown>;
            input['ReturnConsumedCapacity'] = 'INDEXES';
            const attributed = this.options.attributeIndexWrites && operation === 'TransactWriteItemsCommand' ? await this.transactionIndexWrites(input) : {};
            const result = await next(args);
            this.add(operation, (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity, attributed);
            return result;
          },
          // Before the document client's own middleware marshalls the input: the field is the same name either way.
          { step: 'initialize', priority: 'high', name: 'capacityMeter', override: true },
        );
      },
    };
  }

  snapshot(): CapacityTotals {
    return structuredClone(this.totals);
  }

  /** What was consumed since `before` (a snapshot). */
  since(before: CapacityTotals): CapacityTotals {
    const now = this.totals;
    const difference = (now: Record<string, number>, then: Record<string, number>) =>
      Object.fromEntries(Object.entries(now).flatMap(([name, n]) => (n - (then[name] ?? 0) > 0 ? [[name, n - (then[name] ?? 0)]] : [])));
    return {
      readUnits: now.readUnits - before.readUnits,
      writeUnits: now.writeUnits - before.writeUnits,
      indexWriteUnitsReported: now.indexWriteUnitsReported - before.indexWriteUnitsReported,
      indexWritesByItem: difference(now.indexWritesByItem, before.indexWritesByItem),
      unreported: now.unreported - before.unreported,
      calls: difference(now.calls, before.calls),
    };
  }

  destroy(): void {
    this.lookup?.destroy();
  }

  private add(operation: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, attributed: Record<string, number>): void {
    this.totals.calls[operation] = (this.totals.calls[operation] ?? 0) + 1;
    for (const [name, units] of Object.entries(attributed)) this.totals.indexWritesByItem[name] = (this.totals.indexWritesByItem[name] ?? 0) + units;
    const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (list.length === 0) this.totals.unreported += 1;
    for (const entry of list) {
      const indexes = Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      // `Table` is the table's own share when the answer breaks it down; otherwise the whole is the table's.
      const table = entry.Table?.CapacityUnits ?? (entry.CapacityUnits ?? 0) - indexes;
      if (WRITES.has(operation)) {
        this.totals.writeUnits += table;
        this.totals.indexWriteUnitsReported += indexes;
      } else {
        this.totals.readUnits += table + indexes;
      }
    }
  }

  /** The index writes a transaction's items make, as standard writes, by item and index, reading each item first. */
  private async transactionIndexWrites(input: Record<string, unknown>): Promise<Record<string, number>> {
    this.lookup ??= new DynamoDBClient({
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      region: process.env['AWS_REGION'] ?? 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    type Action = { Put?: { TableName: string; Item: Record<string, AttributeValue> }; Delete?: { TableName: string; Key: Record<string, AttributeValue> }; Update?: { TableName: string; Key: Record<string, AttributeValue> } };
    const units: Record<string, number> = {};
    for (const action of (input['TransactItems'] ?? []) as Action[]) {
      const target = action.Put ?? action.Delete ?? action.Update;
      if (!target) continue;
      // A document client's items are plain values until its own middleware, which runs after this one, marshalls them.
      const put = action.Put ? asAttributes(action.Put.Item) : undefined;
      const key = put ? { PK: put['PK']!, SK: put['SK']! } : asAttributes((action.Delete ?? action.Update)!.Key);
      const { Item: before } = await this.lookup.send(new GetItemCommand({ TableName: target.TableName, Key: key, ConsistentRead: true }));
      // An update's result is not known before it runs: its item as it was stands for it (the same indexes, about the same size).
      const after = put ?? (action.Delete ? undefined : before);
      for (const [name, n] of Object.entries(indexWrites(before, after))) units[name] = (units[name] ?? 0) + n;
    }
    return units;
  }
}
