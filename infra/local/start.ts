/**
 * `npm start`: runs the whole system locally. Ctrl-C stops everything it
 * started, even during start-up; a second Ctrl-C kills at once. Ports and the
 * data folder come from PORT, DYNAMODB_PORT, SES_PORT and DATA_DIR.
 */
import { startLocalStack, type RunningLocalStack } from '#infra/local/local-stack';
import { StartAbortedError } from '#infra/local/processes';
import { localSettings } from '#infra/local/settings';

const aborter = new AbortController();
const kills: (() => void)[] = [];
let stack: RunningLocalStack | undefined;
let signals = 0;

function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals > 1) {
    console.log(`\n${signal} again: killing at once`);
    kills.forEach((kill) => kill());
    process.exit(130);
  }
  console.log(`\n${signal}: stopping…`);
  aborter.abort();
  // While starting, the start itself stops what it had started (see main).
  if (stack) {
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
  }
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

async function main(): Promise<void> {
  const settings = localSettings();
  try {
    stack = await startLocalStack(settings, { signal: aborter.signal, onChildProcess: (kill) => kills.push(kill) });
  } catch (error) {
    if (error instanceof StartAbortedError) {
      console.log('stopped');
      process.exit(0);
    }
    throw error;
  }
  const lines = [
    '',
    'IRO timescales service, running locally',
    `  Web page       ${stack.pageUrl}   (sign in as any demo user; \`npm run demo\` fills the register)`,
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
  if (aborter.signal.aborted) onSignal('SIGINT');
}

main().catch((error: unknown) => {
  console.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error(error.cause);
  process.exit(1);
});
