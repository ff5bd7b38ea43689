/**
 * Backing up a table to a file and restoring it, every item byte for byte
 * (`npm run backup`, `npm run restore`: infra/scripts/backup.ts and
 * restore.ts are their command lines).
 *
 * The file is JSON Lines. The first line is a header: the format and its
 * version, the table's name, the item count, when it was taken, and the
 * SHA-256 of every byte after the header's line. Then one item a line, in
 * DynamoDB's own wire JSON (AttributeValue form, as `aws dynamodb scan`
 * prints it: `{"PK":{"S":"CHILD#…"},"version":{"N":"3"},…}`), read with the
 * low-level client, never the document client: numbers stay the strings
 * DynamoDB holds (no rounding through a JavaScript number), binary is
 * base64, sets stay sets and empty strings stay empty. Each line is
 * canonical (attribute names and set members sorted) and the lines are
 * sorted by key, so the same table always gives the same item lines and the
 * same checksum: a restored table backs up to the very file it came from,
 * apart from the header's name and time.
 *
 * The backup holds the table in memory while it sorts it: right for a local
 * table. A deployed table has point-in-time recovery and on-demand backups
 * (README, "When something goes wrong: recovery").
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import pMap from 'p-map';
import { TABLE_KEY } from '#shared/store/table-design';

export const BACKUP_FORMAT = 'iro-timescales-table-backup';
export const BACKUP_VERSION = 1;

/** The file's first line. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** The table it was taken from. */
  table: string;
  /** How many item lines follow. */
  items: number;
  /** When the scan began (ISO 8601). */
  takenAt: string;
  /** SHA-256, hex, of every byte after the header's line. */
  sha256: string;
}

export type Item = Record<string, AttributeValue>;

/** A backup file that cannot be trusted: truncated, altered, or not a backup at all. Nothing is written. */
export class BackupFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file} is not a whole backup, so nothing was restored: ${problem}`);
    this.name = 'BackupFileError';
  }
}

/** A restore that would overwrite what is there, or has nowhere to go. Nothing is written. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

// ---------------------------------------------------------------------------
// Wire JSON
// ---------------------------------------------------------------------------

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** One attribute value in DynamoDB's wire JSON, canonical: map keys and set members sorted, binary as base64. */
function wire(value: AttributeValue): unknown {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: [...value.SS].sort(byCodeUnit) };
  if (value.NS !== undefined) return { NS: [...value.NS].sort(byCodeUnit) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64).sort(byCodeUnit) };
  if (value.L !== undefined) return { L: value.L.map(wire) };
  if (value.M !== undefined) return { M: wireMap(value.M) };
  throw new Error(`an attribute value of a kind this backup does not know: ${JSON.stringify(Object.keys(value))}`);
}

function wireMap(map: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(map).sort(byCodeUnit).map((name) => [name, wire(map[name]!)]));
}

/** An item as one line of the file: canonical wire JSON. */
export function itemLine(item: Item): string {
  return JSON.stringify(wireMap(item));
}

function fromWire(value: any): AttributeValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length !== 1) throw new Error(`not an attribute value: ${JSON.stringify(value)?.slice(0, 80)}`);
  const [kind] = Object.keys(value) as [string];
  const inner = value[kind];
  const strings = (name: string) => {
    if (!Array.isArray(inner) || !inner.every((member) => typeof member === 'string')) throw new Error(`${name} must be a list of strings`);
    return inner as string[];
  };
  switch (kind) {
    case 'S':
    case 'N':
      if (typeof inner !== 'string') throw new Error(`${kind} must be a string`);
      return kind === 'S' ? { S: inner } : { N: inner };
    case 'B':
      if (typeof inner !== 'string') throw new Error('B must be base64');
      return { B: bytesOf(inner) };
    case 'BOOL':
      if (typeof inner !== 'boolean') throw new Error('BOOL must be true or false');
      return { BOOL: inner };
    case 'NULL':
      if (inner !== true) throw new Error('NULL must be true');
      return { NULL: true };
    case 'SS':
      return { SS: strings('SS') };
    case 'NS':
      return { NS: strings('NS') };
    case 'BS':
      return { BS: strings('BS').map(bytesOf) };
    case 'L':
      if (!Array.isArray(inner)) throw new Error('L must be a list');
      return { L: inner.map(fromWire) };
    case 'M':
      return { M: itemFromWire(inner) };
    default:
      throw new Error(`unknown attribute type ${kind}`);
  }
}

function itemFromWire(map: unknown): Item {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error('not a map of attributes');
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, fromWire(value)]));
}

/** The item's key as a string that sorts the lines (PK, then SK). */
const sortKeyOf = (item: Item) => `${item[TABLE_KEY.partitionKey]?.S ?? ''}\u0000${item[TABLE_KEY.sortKey]?.S ?? ''}`;

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------------------
// Reading the table
// ---------------------------------------------------------------------------

/** Every item of the table, by a consistent parallel scan (`segments` at once), unsorted. */
export async function scanEveryItem(client: DynamoDBClient, tableName: string, segments = 4): Promise<Item[]> {
  const pages = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: Item[] = [];
      let start: Item | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: segments, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    }),
  );
  return pages.flat();
}

/** How many items the table holds, counted by a consistent parallel scan. */
export async function countItems(client: DynamoDBClient, tableName: string, segments = 4): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let count = 0;
      let start: Item | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: segments, ConsistentRead: true, Select: 'COUNT', ExclusiveStartKey: start }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return count;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function assertTableExists(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw new RestoreRefusedError(`there is no table ${tableName}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Backup
// ---------------------------------------------------------------------------

export interface BackupSummary extends BackupHeader {
  file: string;
  bytes: number;
  ms: number;
}

/**
 * Writes every item of the table to `file` (a temporary file beside it,
 * renamed over it once whole, so a backup cut short never leaves a file that
 * looks like one). Answers the header and the file's size.
 */
export async function backupTable(client: DynamoDBClient, tableName: string, file: string, options: { segments?: number; now?: () => Date } = {}): Promise<BackupSummary> {
  const started = performance.now();
  await assertTableExists(client, tableName);
  const takenAt = (options.now ?? (() => new Date()))().toISOString();
  const items = await scanEveryItem(client, tableName, options.segments ?? 4);
  const lines = items.map((item) => ({ key: sortKeyOf(item), line: itemLine(item) })).sort((a, b) => byCodeUnit(a.key, b.key));
  const body = lines.map(({ line }) => `${line}\n`).join('');
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, table: tableName, items: lines.length, takenAt, sha256: sha256(body) };
  const content = `${JSON.stringify(header)}\n${body}`;
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, content, { flush: true });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { ...header, file, bytes: Buffer.byteLength(content), ms: performance.now() - started };
}

// ---------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------

export interface CheckedBackup {
  header: BackupHeader;
  items: Item[];
}

/**
 * Reads a backup and checks it is whole before anything is written: the
 * header, the count of item lines, the checksum over every byte after the
 * header, and each line an item with its key. Throws {@link BackupFileError}
 * saying what is wrong.
 */
export async function readBackupFile(file: string): Promise<CheckedBackup> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    throw new BackupFileError(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const fail = (problem: string): never => {
    throw new BackupFileError(file, problem);
  };
  const newline = content.indexOf(0x0a);
  if (newline < 0) fail('it has no header line (is it empty, or cut short?)');
  let header: BackupHeader;
  try {
    header = JSON.parse(content.subarray(0, newline).toString('utf8')) as BackupHeader;
  } catch {
    return fail(`its first line is not a backup header (expected {"format":"${BACKUP_FORMAT}",…})`);
  }
  if (header?.format !== BACKUP_FORMAT) fail(`its first line is not a backup header (expected {"format":"${BACKUP_FORMAT}",…})`);
  if (header.version !== BACKUP_VERSION) fail(`it is format version ${String(header.version)}; this restore reads version ${BACKUP_VERSION}`);
  if (!Number.isSafeInteger(header.items) || header.items < 0 || typeof header.sha256 !== 'string') fail('its header has no item count or checksum');
  const body = content.subarray(newline + 1);
  const text = body.toString('utf8');
  const lines = text === '' ? [] : text.split('\n');
  if (lines.length > 0 && lines.at(-1) !== '') fail(`its last line is cut short (no line end): the file is truncated`);
  if (lines.length > 0) lines.pop();
  if (lines.length !== header.items) fail(`the header says ${header.items} items but the file holds ${lines.length}${lines.length < header.items ? ': it is truncated' : ''}`);
  const actual = sha256(body);
  if (actual !== header.sha256) fail(`its checksum does not match the header's (SHA-256 ${actual}, header ${header.sha256}): it was altered or damaged`);
  const items = lines.map((line, i) => {
    try {
      const item = itemFromWire(JSON.parse(line));
      if (item[TABLE_KEY.partitionKey]?.S === undefined || item[TABLE_KEY.sortKey]?.S === undefined) throw new Error(`no ${TABLE_KEY.partitionKey} and ${TABLE_KEY.sortKey}`);
      return item;
    } catch (error) {
      return fail(`line ${i + 2} is not an item: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return { header, items };
}

export interface RestoreOptions {
  /** Delete every item the table holds first; without it a table that holds any item is refused. */
  replace?: boolean;
  /** Batches written at once. */
  concurrency?: number;
  /** Tries of a batch's unprocessed items before giving up. */
  maxTries?: number;
}

export interface RestoreSummary {
  table: string;
  items: number;
  /** Items deleted first (`replace`). */
  deleted: number;
  ms: number;
}

/**
 * Loads a checked backup into an existing table, which must be empty unless
 * `replace` (then every item it holds is deleted first): BatchWriteItem 25
 * items at a time, unprocessed items retried with backoff, then the table's
 * count checked against the header's.
 */
export async function restoreTable(client: DynamoDBClient, tableName: string, backup: CheckedBackup, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const started = performance.now();
  await assertTableExists(client, tableName);
  const { Items: present = [] } = await client.send(new ScanCommand({ TableName: tableName, Limit: 1, ConsistentRead: true }));
  let deleted = 0;
  if (present.length > 0) {
    if (!options.replace) {
      throw new RestoreRefusedError(
        `the table ${tableName} is not empty, so nothing was restored: restore into an empty table (--table <new name>), or pass --replace to delete every item it holds first`,
      );
    }
    const keys = (await scanEveryItem(client, tableName)).map((item) => ({ [TABLE_KEY.partitionKey]: item[TABLE_KEY.partitionKey]!, [TABLE_KEY.sortKey]: item[TABLE_KEY.sortKey]! }));
    await writeAll(client, tableName, keys.map((Key) => ({ DeleteRequest: { Key } })), options);
    deleted = keys.length;
  }
  await writeAll(client, tableName, backup.items.map((Item) => ({ PutRequest: { Item } })), options);
  const count = await countItems(client, tableName);
  if (count !== backup.header.items) throw new Error(`restored ${backup.header.items} items into ${tableName}, but it now holds ${count}: something else is writing to it`);
  return { table: tableName, items: count, deleted, ms: performance.now() - started };
}

/** Writes the requests 25 at a time, several batches at once, retrying each batch's unprocessed items with backoff. */
async function writeAll(client: DynamoDBClient, tableName: string, requests: WriteRequest[], options: RestoreOptions): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  const maxTries = options.maxTries ?? 10;
  await pMap(
    batches,
    async (batch) => {
      let pending = batch;
      for (let tries = 1; pending.length > 0; tries += 1) {
        const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = UnprocessedItems?.[tableName] ?? [];
        if (pending.length === 0) return;
        if (tries >= maxTries) throw new Error(`${pending.length} items were still unprocessed after ${tries} tries of a batch: the table is throttling; run the restore again with --replace`);
        // Full jitter, 50 ms doubling to at most 5 s.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5_000, 50 * 2 ** tries)));
      }
    },
    { concurrency: options.concurrency ?? 4 },
  );
}
