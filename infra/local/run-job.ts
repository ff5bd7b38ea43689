/**
 * Runs a scheduled job once against the stack `npm start` runs (the same
 * PORT, DYNAMODB_PORT, SES_PORT and DATA_DIR variables), as if on a date:
 *   npm run job:nightly -- --date 2026-11-23
 *   npm run job:nightly -- --date 2026-11-23 --resend-unknown      (every digest of the day whose send's outcome is unknown)
 *   npm run job:nightly -- --date 2026-11-23 --resend-unknown-to iro.one@example.org   (repeatable: only these)
 *   npm run job:monthly -- --month 2026-10
 * The nightly job exits 1 when a digest failed or its send's outcome is unknown.
 */
import { parseArgs } from 'node:util';
import { localFunctionEnv, localSettings } from '#infra/local/settings';

async function main(): Promise<void> {
  const [job] = process.argv.slice(2);
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      date: { type: 'string' },
      month: { type: 'string' },
      'resend-unknown': { type: 'boolean' },
      'resend-unknown-to': { type: 'string', multiple: true },
    },
  });
  const settings = localSettings();
  Object.assign(
    process.env,
    localFunctionEnv({
      tableName: settings.tableName,
      region: settings.region,
      dynamoDbEndpoint: `http://127.0.0.1:${settings.dynamoDbPort}`,
      sesEndpoint: `http://127.0.0.1:${settings.sesPort}`,
      // The page `npm start` serves: the nightly email's links to each child's page.
      pageUrl: `http://127.0.0.1:${settings.webPort}/`,
    }),
    { POWERTOOLS_LOG_LEVEL: process.env['POWERTOOLS_LOG_LEVEL'] ?? 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
  );
  switch (job) {
    case 'nightly-timescales': {
      const { handler } = await import('#functions/nightly-timescales/handler');
      const resendUnknown = values['resend-unknown'] ? true : values['resend-unknown-to'];
      const summary = await handler({ ...(values.date ? { date: values.date } : {}), ...(resendUnknown ? { resendUnknown } : {}) });
      console.log(JSON.stringify(summary, null, 2));
      if (summary.failed.length > 0 || summary.outcomeUnknown.length > 0) process.exitCode = 1;
      return;
    }
    case 'monthly-snapshot': {
      const { handler } = await import('#functions/monthly-snapshot/handler');
      console.log(JSON.stringify(await handler(values.month ? { month: values.month } : {}), null, 2));
      return;
    }
    default:
      throw new Error('usage: run-job.ts nightly-timescales [--date yyyy-mm-dd] [--resend-unknown | --resend-unknown-to email…] | monthly-snapshot [--month yyyy-mm]');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
