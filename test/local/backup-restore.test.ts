/**
 * `npm run backup` and `npm run restore` round-trip the demo register: loaded
 * through the HTTP API into a table in DynamoDB Local, backed up with the
 * command, restored with the command into a fresh table, and every item of
 * the two compared byte for byte in DynamoDB's wire JSON (scanned with the
 * low-level client). A truncated or altered file is refused and writes
 * nothing; a table that holds items is refused unless `--replace`.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, DescribeTableCommand, PutItemCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { createTableInput } from '#shared/store/table-design';
import { loadDemo } from '#infra/local/demo';
import { DEFAULT_DEMO_SEED, planDemoRegister, type DemoChild, type DemoShapes } from '#infra/local/demo-register';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import {
  BACKUP_FORMAT,
  BackupFileError,
  RestoreRefusedError,
  backupTable,
  countItems,
  itemLine,
  readBackupFile,
  restoreTable,
  scanEveryItem,
  type Item,
} from '#infra/scripts/table-backup';
import { useApi } from '../api/harness';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEED = DEFAULT_DEMO_SEED;
const TODAY = todayInLondon(new Date());

/**
 * The demo register as `npm run demo` makes it (its seed, today), as far as
 * the first child of each profile and each shape of record the generator
 * makes (all are in its first block of 48: looked after, registered, both,
 * ceased, de-registered, not registered, awaiting an ICPC; corrections,
 * removals, disputes, a transfer-in, enquiries under way…), with its IRO
 * directory, bookings and 24 month-end snapshots. The full 480 children take
 * over four minutes to load through the API on this 2-core machine;
 * `BACKUP_TEST_CHILDREN=480` runs the test at full size.
 */
const CHILDREN = process.env['BACKUP_TEST_CHILDREN'] ? Number(process.env['BACKUP_TEST_CHILDREN']) : (() => {
  const block = planDemoRegister({ seed: SEED, today: TODAY, children: 48 }).children;
  const firstOf = (has: (child: DemoChild) => boolean) => 1 + block.findIndex(has);
  const profiles = [...new Set(block.map((child) => child.profile))].map((profile) => firstOf((child) => child.profile === profile));
  const shapes = (Object.keys(block[0]!.shapes) as (keyof DemoShapes)[]).filter((shape) => block.some((child) => child.shapes[shape] > 0)).map((shape) => firstOf((child) => child.shapes[shape] > 0));
  return Math.max(...profiles, ...shapes);
})();

/**
 * An item with every kind of attribute value, the ones JSON and the document
 * client lose: numbers beyond a double's precision, binary, each kind of
 * set, empty strings, nested lists and maps.
 */
const EVERY_KIND: Item = {
  PK: { S: 'BACKUP-TEST#every-kind' },
  SK: { S: 'ITEM' },
  empty: { S: '' },
  unicode: { S: 'Zoë — “quoted” \u2028 \\ / \u{1F600}' },
  precise: { N: '12345678901234567890123456789012345678' },
  tiny: { N: '0.00000000000000000000000000000000000001' },
  negative: { N: '-1.5' },
  binary: { B: new Uint8Array([0, 1, 2, 253, 254, 255]) },
  emptyBinary: { B: new Uint8Array([]) },
  strings: { SS: ['b', 'a', ''] },
  numbers: { NS: ['3', '1.25', '-2', '99999999999999999999999999999999999999'] },
  binaries: { BS: [new Uint8Array([9]), new Uint8Array([0, 0])] },
  yes: { BOOL: true },
  no: { BOOL: false },
  nothing: { NULL: true },
  list: { L: [{ S: '' }, { N: '0' }, { L: [] }, { M: { z: { NULL: true }, a: { B: new Uint8Array([7]) } } }] },
  map: { M: { b: { N: '2' }, a: { SS: ['x'] }, nested: { M: {} } } },
};

const run = promisify(execFile);
const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

// At full size a restore takes tens of seconds on this machine: more than the default 30 s a test.
describe('backing up and restoring the demo register', { timeout: 300_000 }, () => {
  const api = useApi();
  let client: DynamoDBClient;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let backupFile: string;
  const figures: Record<string, number | string> = {};

  /** The command, as the README gives it, against DynamoDB Local; answers its printed summary. */
  async function command(script: 'backup' | 'restore', ...args: string[]): Promise<any> {
    const { stdout } = await run(tsx, [path.join(ROOT, 'infra', 'scripts', `${script}.ts`), ...args], { env, cwd: ROOT });
    return JSON.parse(stdout);
  }
  /** The command's failure: its exit code and what it said. */
  async function refusal(script: 'restore', ...args: string[]): Promise<{ code: number; stderr: string }> {
    const error = await run(tsx, [path.join(ROOT, 'infra', 'scripts', `${script}.ts`), ...args], { env, cwd: ROOT }).then(
      () => undefined,
      (caught: { code: number; stderr: string }) => caught,
    );
    expect(error, `${script} should have failed`).toBeDefined();
    return { code: error!.code, stderr: error!.stderr };
  }
  /** Every item of a table as canonical wire JSON lines, sorted. */
  const linesOf = async (tableName: string) => (await scanEveryItem(client, tableName)).map(itemLine).sort();
  const freshTable = async () => {
    const tableName = `restore-${randomUUID()}`;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return tableName;
  };
  const tableExists = (tableName: string) =>
    client.send(new DescribeTableCommand({ TableName: tableName })).then(
      () => true,
      (error: unknown) => (error instanceof ResourceNotFoundException ? false : Promise.reject(error)),
    );
  /** A copy of the backup with `change` made to its text. */
  const altered = (name: string, change: (text: string) => string) => {
    const file = path.join(dir, name);
    writeFileSync(file, change(readFileSync(backupFile, 'utf8')));
    return file;
  };

  beforeAll(async () => {
    client = localDynamoDbClient(api.table.endpoint);
    dir = mkdtempSync(path.join(tmpdir(), 'backup-test-'));
    env = { ...process.env, DYNAMODB_PORT: new URL(api.table.endpoint).port, TABLE_NAME: api.table.tableName };
    let started = performance.now();
    const demo = await loadDemo({ apiUrl: api.baseUrl, key: api.key, today: TODAY, children: CHILDREN, seed: SEED, concurrency: 8 });
    figures['demo load s'] = ((performance.now() - started) / 1000).toFixed(1);
    expect(demo.failures).toEqual([]);
    await client.send(new PutItemCommand({ TableName: api.table.tableName, Item: EVERY_KIND }));

    backupFile = path.join(dir, 'backup.jsonl');
    started = performance.now();
    const backedUp = await command('backup', '--out', backupFile);
    figures['backup command s'] = ((performance.now() - started) / 1000).toFixed(1);
    figures['backup s'] = backedUp.seconds;
    figures['items'] = backedUp.items;
    figures['bytes'] = backedUp.bytes;
  }, 600_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    client?.destroy();
    console.info(`backup/restore of the demo register (${CHILDREN} children): ${JSON.stringify(figures)}`);
  });

  it('writes a header, then one item a line, every item of the table', async () => {
    const [headerLine, ...rest] = readFileSync(backupFile, 'utf8').split('\n');
    const header = JSON.parse(headerLine!);
    const lines = rest.slice(0, -1);

    expect(header).toMatchObject({ format: BACKUP_FORMAT, version: 1, table: api.table.tableName, items: lines.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Date.parse(header.takenAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(rest.at(-1)).toBe('');
    expect(lines.length).toBeGreaterThan(CHILDREN * 10);
    expect(lines).toEqual(await linesOf(api.table.tableName));
    // The kinds JSON loses are there as DynamoDB's wire JSON has them.
    const everyKind = JSON.parse(lines.find((line) => line.includes('BACKUP-TEST#every-kind'))!);
    expect(everyKind.precise).toEqual({ N: '12345678901234567890123456789012345678' });
    expect(everyKind.binary).toEqual({ B: Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64') });
    expect(everyKind.empty).toEqual({ S: '' });
    expect(everyKind.strings).toEqual({ SS: ['', 'a', 'b'] });
  });

  it('restores into a fresh table every item byte for byte, and that table backs up to the same checksum', async () => {
    const target = `restored-${randomUUID()}`;
    const started = performance.now();

    // Into a table that is not there: the command makes it, as npm start would.
    const restored = await command('restore', '--from', backupFile, '--table', target);
    figures['restore command s'] = ((performance.now() - started) / 1000).toFixed(1);
    figures['restore s'] = restored.seconds;

    expect(restored).toMatchObject({ table: target, items: figures['items'], deleted: 0 });
    expect(await linesOf(target)).toEqual(await linesOf(api.table.tableName));
    const again = await backupTable(client, target, path.join(dir, 'again.jsonl'));
    const original = await readBackupFile(backupFile);
    expect(again.sha256).toBe(original.header.sha256);
    expect(readFileSync(path.join(dir, 'again.jsonl'), 'utf8').split('\n').slice(1)).toEqual(readFileSync(backupFile, 'utf8').split('\n').slice(1));
  });

  it('refuses a truncated file, one cut at a line end, an altered one and one that is not a backup, writing nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['cut mid-line', altered('cut.jsonl', (text) => text.slice(0, Math.floor(text.length / 2))), /cut short \(no line end\): the file is truncated/],
      ['cut at a line end', altered('short.jsonl', (text) => text.split('\n').slice(0, -2).join('\n') + '\n'), /the header says \d+ items but the file holds \d+: it is truncated/],
      ['a number altered', altered('altered.jsonl', (text) => text.replace('"N":"12345678901234567890123456789012345678"', '"N":"12345678901234567890123456789012345679"')), /its checksum does not match/],
      ['not a backup', altered('other.jsonl', () => 'PK,SK\nCHILD#1,CHILD\n'), /its first line is not a backup header/],
      ['empty', altered('empty.jsonl', () => ''), /no header line/],
    ];
    for (const [what, file, message] of cases) {
      const target = await freshTable();
      const error = await readBackupFile(file).then(
        (backup) => restoreTable(client, target, backup),
        (caught: unknown) => caught,
      );
      expect(error, what).toBeInstanceOf(BackupFileError);
      expect((error as Error).message, what).toMatch(message);
      expect((error as Error).message, what).toContain('nothing was restored');
      expect(await countItems(client, target), what).toBe(0);
    }
    // The command says so, exits 1, and does not even make the table it was given.
    const target = `never-made-${randomUUID()}`;
    const { code, stderr } = await refusal('restore', '--from', path.join(dir, 'short.jsonl'), '--table', target);
    expect(code).toBe(1);
    expect(stderr).toMatch(/short\.jsonl is not a whole backup, so nothing was restored: the header says \d+ items but the file holds \d+: it is truncated/);
    expect(await tableExists(target)).toBe(false);
  });

  it('refuses a table that holds items unless --replace, which deletes them first', async () => {
    const target = await freshTable();
    const stray = { PK: { S: 'STRAY' }, SK: { S: 'ITEM' }, note: { S: 'not in the backup' } };
    await client.send(new PutItemCommand({ TableName: target, Item: stray }));

    const refused = await restoreTable(client, target, await readBackupFile(backupFile)).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(RestoreRefusedError);
    expect((refused as Error).message).toMatch(/is not empty, so nothing was restored: .*--replace/);
    expect(await linesOf(target)).toEqual([itemLine(stray)]);

    const replaced = await restoreTable(client, target, await readBackupFile(backupFile), { replace: true });
    expect(replaced).toMatchObject({ items: figures['items'], deleted: 1 });
    expect(await linesOf(target)).toEqual(await linesOf(api.table.tableName));
  });

  it('writes the file whole or not at all: a backup of a table that is not there leaves no file, and none beside it', async () => {
    const file = path.join(dir, 'missing.jsonl');
    const before = readdirSync(dir);

    const error = await backupTable(client, `missing-${randomUUID()}`, file).catch((caught: unknown) => caught);

    expect((error as Error).message).toMatch(/there is no table/);
    expect(readdirSync(dir)).toEqual(before);
  });
});
