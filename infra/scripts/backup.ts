/**
 * Backs up a table to a file, every item byte for byte (infra/scripts/table-backup.ts):
 *   npm run backup -- --out backup.jsonl                  # the table `npm start` runs (DYNAMODB_PORT, TABLE_NAME)
 *   npm run backup -- --out backup.jsonl --table other    # another local table
 *   TABLE_NAME=<TableName output> AWS_REGION=eu-west-2 npm run backup -- --out backup.jsonl --aws
 * With --aws it reads the deployed table with the usual AWS credentials (a
 * consistent scan of the whole table); the deployed table's own backups are
 * point-in-time recovery and on-demand backups (README, "When something goes
 * wrong: recovery").
 */
import { parseArgs } from 'node:util';
import { backupTable } from '#infra/scripts/table-backup';
import { scriptTable } from '#infra/scripts/script-stores';

const usage = 'usage: npm run backup -- --out <file> [--table <name>] [--aws] [--segments 4]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      table: { type: 'string' },
      aws: { type: 'boolean', default: false },
      segments: { type: 'string' },
    },
  });
  if (!values.out) throw new Error(usage);
  const segments = values.segments === undefined ? 4 : Number(values.segments);
  if (!Number.isInteger(segments) || segments < 1) throw new Error(`--segments must be a whole number, at least 1\n${usage}`);
  const { client, tableName } = scriptTable(values.aws, values.table);
  try {
    const summary = await backupTable(client, tableName, values.out, { segments });
    console.log(JSON.stringify({ file: summary.file, table: summary.table, items: summary.items, bytes: summary.bytes, seconds: +(summary.ms / 1000).toFixed(2), takenAt: summary.takenAt, sha256: summary.sha256 }, null, 2));
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
