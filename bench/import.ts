/**
 * Benchmark: moving a register in from 903 files (`npm run import`), against
 * the bare bulk write of the very same items, both measured in this run on
 * one DynamoDB Local (each into a table of its own). The import's time is all
 * of it: reading and checking the files, finding which children are already
 * there, working out every child's open timescales, and writing. The bare
 * write is the items alone, handed straight to BatchWriteItem, once before
 * the import and once after it (the mean of the two). Target: the
 * import takes at most 1.5 times the bare write.
 *
 *   npm run bench -- --only import                  20,000 children (--children N for another size)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { readImportFiles } from '#shared/import/read-files';
import { DEFAULT_IMPORT_SETTINGS, importedId, planImport } from '#shared/import/ssda903';
import { importChildren } from '#shared/jobs/import-files';
import { importedFile } from '#shared/jobs/import-register';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { createTableInput } from '#shared/store/table-design';
import { localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { freePort } from '../test/support/ports';
import { writeSynthetic903Set } from './ssda903-set';

/** At most this many times the bare bulk write of the same items. */
export const IMPORT_TARGET_RATIO = 1.5;

/** One measurement of the import against the bare write. */
export interface ImportMeasurement {
  children: number;
  rows: number;
  items: number;
  bareSeconds: number;
  importSeconds: number;
  /** The files' rows a second, through the whole import. */
  rowsPerSecond: number;
  ratio: number;
}

/** Imports a synthetic set of `children` and writes the same items bare, on a fresh DynamoDB Local. */
export async function measureImport(children: number): Promise<ImportMeasurement> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  try {
    const today = todayInLondon(new Date());
    const { rows } = writeSynthetic903Set(dir, children, today);
    const raw = localDynamoDbClient(dynamoDb.endpoint);
    const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    for (const table of ['bare-before', 'import', 'bare-after']) await raw.send(new CreateTableCommand(createTableInput(table)));
    const stores = dynamoDbStores(client, 'import');

    // The bare write: the items the import writes, made beforehand (not timed), handed straight to the bulk writer.
    const plan = planImport(readImportFiles(dir).files, DEFAULT_IMPORT_SETTINGS, today);
    const now = new Date();
    const files = plan.children.map((imported) =>
      importedFile({ childId: importedId(imported.child.reference, 'child'), ...imported.child }, imported.records, DEFAULT_TIMESCALE_POLICY, now, 'bench'),
    );
    // Bare before the import and again after it, the mean of the two: DynamoDB Local warms up, and its tables grow, as it goes.
    const bareWrite = async (table: string) => {
      const began = performance.now();
      const { items } = await dynamoDbStores(client, table).importer.importFiles(files);
      return { items, seconds: (performance.now() - began) / 1000 };
    };
    const before = await bareWrite('bare-before');

    // The import, all of it: the files read and checked, the children looked for, the timescales worked out, the writes.
    const started = performance.now();
    const planned = planImport(readImportFiles(dir).files, DEFAULT_IMPORT_SETTINGS, today);
    if (planned.problems.length > 0) throw new Error(`the synthetic set has ${planned.problems.length} problems`);
    await importChildren(
      { reads: stores.reads, writes: stores.writes, importer: stores.importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => new Date(), actor: 'bench' },
      planned.children,
    );
    const importSeconds = (performance.now() - started) / 1000;
    const after = await bareWrite('bare-after');
    const items = before.items;
    const bareSeconds = (before.seconds + after.seconds) / 2;
    return {
      children,
      rows,
      items,
      bareSeconds: Math.round(bareSeconds * 10) / 10,
      importSeconds: Math.round(importSeconds * 10) / 10,
      rowsPerSecond: Math.round(rows / importSeconds),
      ratio: Math.round((importSeconds / bareSeconds) * 100) / 100,
    };
  } finally {
    await dynamoDb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The measurement as lines to print, against the target. */
export function importLines(m: ImportMeasurement): string[] {
  const n = (x: number) => x.toLocaleString('en-GB');
  return [
    `${n(m.children)} children, ${n(m.rows)} rows, ${n(m.items)} items`,
    `  bare bulk write of the same items: ${m.bareSeconds} s (${n(Math.round(m.items / m.bareSeconds))} items a second)`,
    `  import, files to table:            ${m.importSeconds} s (${n(m.rowsPerSecond)} rows a second)`,
    `  import / bare: ${m.ratio}x; target at most ${IMPORT_TARGET_RATIO}x: ${m.ratio <= IMPORT_TARGET_RATIO ? 'met' : 'NOT met'}`,
  ];
}
