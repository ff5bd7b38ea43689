/**
 * `npm run import` as a council's engineer runs it, against DynamoDB Local:
 * a dry run of bad files lists every problem and writes nothing; a real run
 * of them stops before writing; an import killed half-way and run again
 * leaves exactly what one whole run leaves.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSynthetic903Set } from '../../bench/ssda903-set';
import { createTestTable, type TestTable } from '../support/dynamodb';

/** Runs the import's command line against a table; resolves with its output once it ends (or is killed by `killWhen`). */
function runImport(table: TestTable, args: string[], killWhen?: (output: string) => boolean): Promise<{ code: number | null; signal: string | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/scripts/import.ts', ...args], {
    env: { ...process.env, DYNAMODB_PORT: new URL(table.endpoint).port, TABLE_NAME: table.tableName, IMPORT_ACTOR: 'import test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const read = (chunk: Buffer) => {
    output += chunk.toString();
    if (killWhen?.(output) && child.exitCode === null) child.kill('SIGKILL');
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
}

async function itemsOf(table: TestTable): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The register as the table holds it: profiles, records, case references and due-date entries, without when and how often they were written. */
async function registerOf(table: TestTable): Promise<string[]> {
  const items = await itemsOf(table);
  return items
    .filter((item) => !String(item['SK']).startsWith('AUDIT#'))
    .map(({ createdAt, updatedAt, version, ...item }) => {
      void [createdAt, updatedAt, version];
      return JSON.stringify(item, Object.keys(item).sort());
    })
    .sort();
}

describe('npm run import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every problem of bad files on a dry run as file:line: column: reason, and writes nothing', async () => {
    const table = await createTestTable();

    const dry = await runImport(table, ['--dir', 'test/import/903-bad', '--dry-run']);

    expect(dry.code).toBe(1);
    expect(dry.output).toContain('episodes.csv:2: DEC: before DECOM (2024-04-01)');
    expect(dry.output).toContain('episodes.csv:3: CHILD: no child C-3 in children.csv');
    expect(dry.output).toContain('episodes.csv:5: DECOM: overlaps the episode from 2024-01-01 (line 4), which is still open');
    expect(dry.output).toContain('reviews.csv:2: REVIEW_CODE: is not a 903 participation code (PN0 to PN7): "PN9"');
    expect(dry.output).toContain('children.csv:3: DOB: must be a real date written dd/mm/yyyy');
    expect(dry.output).not.toMatch(/Dee|Eli|Fay|Gus|Hal|Ivy/);
    expect(await itemsOf(table)).toEqual([]);

    const real = await runImport(table, ['--dir', 'test/import/903-bad']);
    expect(real.code).toBe(1);
    expect(real.output).toContain('Nothing written: 9 problems.');
    expect(await itemsOf(table)).toEqual([]);
  });

  it('leaves exactly the register of one whole run after a run killed half-way and run again', { timeout: 240_000 }, async () => {
    writeSynthetic903Set(dir, 800, '2026-12-06');
    const [whole, interrupted] = await Promise.all([createTestTable(), createTestTable()]);

    const once = await runImport(whole, ['--dir', dir, '--batch', '50']);
    expect(once.code, once.output).toBe(0);
    const killed = await runImport(interrupted, ['--dir', dir, '--batch', '50'], (output) => /imported (3|4|5)\d\d of/.test(output));
    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect(await registerOf(interrupted)).not.toEqual(await registerOf(whole));
    const again = await runImport(interrupted, ['--dir', dir, '--batch', '50']);
    expect(again.code, again.output).toBe(0);

    expect(await registerOf(interrupted)).toEqual(await registerOf(whole));
    expect(once.output).toMatch(/children {2}800 new, 0 got something new, 0 unchanged/);
  });
});
