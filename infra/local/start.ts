/**
 * `npm start`: runs the whole system locally. Ctrl-C stops everything it
 * started. Ports and the data folder come from PORT, DYNAMODB_PORT, SES_PORT
 * and DATA_DIR.
 */
import { startLocalStack } from './local-stack';
import { localSettings } from './settings';

async function main(): Promise<void> {
  const settings = localSettings();
  const stack = await startLocalStack(settings);
  const lines = [
    '',
    'IRO timescales service, running locally',
    `  API            ${stack.apiUrl}`,
    `  Email inbox    ${stack.inboxUrl}   (the SES emulator: every email the jobs send)`,
    `  DynamoDB Local ${stack.dynamoDbEndpoint}   (table ${settings.tableName}, data in ${settings.dataDir})`,
    ...stack.nextRuns().map(({ job, next }) => `  Next ${job.padEnd(19)} ${next?.toISOString() ?? 'never'}`),
    '',
    '  A token:  npm run --silent token -- --email iro.one@example.org --role iro',
    '  Stop:     Ctrl-C',
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => {
        console.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error(error.cause);
  process.exit(1);
});
