/**
 * Restores a backup made by `npm run backup` (infra/scripts/table-backup.ts):
 *   npm run restore -- --from backup.jsonl                   # into the table `npm start` runs (made if missing), which must be empty
 *   npm run restore -- --from backup.jsonl --replace         # deletes every item that table holds first
 *   npm run restore -- --from backup.jsonl --table copy      # into another local table (made if missing)
 *   TABLE_NAME=<an empty table> AWS_REGION=eu-west-2 npm run restore -- --from backup.jsonl --aws
 * The file is checked whole first (its header, item count and SHA-256): a
 * truncated or altered file is refused and nothing is written. A table that
 * holds any item is refused unless --replace; --replace is refused with
 * --aws (restore a deployed table with point-in-time recovery or an
 * on-demand backup, into a new table: README, "When something goes wrong").
 */
import { parseArgs } from 'node:util';
import { ensureTable } from '#infra/local/dynamodb-local';
import { readBackupFile, restoreTable } from '#infra/scripts/table-backup';
import { scriptTable } from '#infra/scripts/script-stores';

const usage = 'usage: npm run restore -- --from <file> [--table <name>] [--replace] [--aws]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      table: { type: 'string' },
      replace: { type: 'boolean', default: false },
      aws: { type: 'boolean', default: false },
    },
  });
  if (!values.from) throw new Error(usage);
  if (values.aws && values.replace) throw new Error('--replace is not offered with --aws: restore a deployed table into a new table (README, "When something goes wrong: recovery").');
  // Checked whole before anything is touched.
  const backup = await readBackupFile(values.from);
  const { client, tableName, localEndpoint } = scriptTable(values.aws, values.table);
  try {
    // Locally the table is made as `npm start` makes it, if it is not there; a deployed table must exist.
    if (localEndpoint) await ensureTable(localEndpoint, tableName);
    const summary = await restoreTable(client, tableName, backup, { replace: values.replace });
    console.log(JSON.stringify({ file: values.from, from: backup.header.table, takenAt: backup.header.takenAt, table: summary.table, items: summary.items, deleted: summary.deleted, seconds: +(summary.ms / 1000).toFixed(2) }, null, 2));
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
