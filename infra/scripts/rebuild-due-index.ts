/**
 * Rebuilds the due-date index from the records (shared/jobs/rebuild-due-index.ts)
 * and prints what it found:
 *   npm run rebuild:due-index                      # the table `npm start` runs (DYNAMODB_PORT, TABLE_NAME)
 *   npm run rebuild:due-index -- --check           # writes nothing; exits 1 if the index is not as the records make it
 *   npm run rebuild:due-index -- --as-of 2026-11-30
 *   TABLE_NAME=<TableName output> AWS_REGION=eu-west-2 TIMESCALE_POLICY="$POLICY" npm run rebuild:due-index -- --aws
 * With --aws it uses the usual AWS credentials (profile, SSO, environment);
 * TIMESCALE_POLICY must be the deployed policy (the functions' variable of that
 * name), or every due date would be worked out by other rules.
 */
import { parseArgs } from 'node:util';
import { parseCalendarDate, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { timescalePolicyFromJson } from '#shared/domain/timescales/policy-override';
import { rebuildDueIndex } from '#shared/jobs/rebuild-due-index';
import { scriptStores } from '#infra/scripts/script-stores';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      aws: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const { tableName, stores: { reads, repair } } = scriptStores(values.aws);
  const asOf = values['as-of'] ? parseCalendarDate(values['as-of']) : todayInLondon(new Date());
  const summary = await rebuildDueIndex({
    reads,
    repair,
    policy: timescalePolicyFromJson(process.env['TIMESCALE_POLICY']),
    asOf,
    dryRun: values.check,
    concurrency: values.concurrency ? Number(values.concurrency) : 8,
    log: (message, extra) => console.error(message, JSON.stringify(extra)),
  });
  console.log(JSON.stringify({ table: tableName, ...summary }, null, 2));
  if (values.check && summary.childrenRepaired > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
