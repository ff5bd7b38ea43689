/**
 * The whole system on this machine with no AWS account: DynamoDB Local, the
 * SES emulator, the HTTP API adapter and the scheduler, all stopped together.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureTable, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { buildWeb } from '../../web/build';
import { DEMO_USERS } from '#infra/local/demo-register';
import { createLocalApiServer } from '#infra/local/http-adapter';
import { startLambdaLocal } from '#infra/local/lambda-local';
import { loadOrCreateSigningKey, verifyLocalToken } from '#infra/local/local-auth';
import { startLocalScheduler, type JobRunner } from '#infra/local/scheduler';
import { StartAbortedError } from '#infra/local/processes';
import { startSesLocal } from '#infra/local/ses-local';
import { createLocalWebServer } from '#infra/local/web-server';
import { localFunctionEnv, type LocalSettings } from '#infra/local/settings';

export interface RunningLocalStack {
  apiUrl: string;
  /** The web page. */
  pageUrl: string;
  inboxUrl: string;
  dynamoDbEndpoint: string;
  /** PIDs of the child processes, so that a test can see they are gone. */
  pids: number[];
  nextRuns(): { job: string; next: Date | null }[];
  stop(): Promise<void>;
}

export interface StartControls {
  /** Aborting it stops a start that is under way, and stops what it had started. */
  signal?: AbortSignal;
  /** Told of every child process as it starts, so that a second Ctrl-C can kill them. */
  onChildProcess?: (kill: () => void) => void;
}

export async function startLocalStack(settings: LocalSettings, controls: StartControls = {}): Promise<RunningLocalStack> {
  const { signal } = controls;
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne();
  };
  const checkpoint = () => {
    if (signal?.aborted) throw new StartAbortedError();
  };
  try {
    const dynamoDb = await startDynamoDbLocal({
      port: settings.dynamoDbPort,
      dataDir: path.join(settings.dataDir, 'dynamodb'),
      ...(signal ? { signal } : {}),
    });
    stops.push(dynamoDb.stop);
    controls.onChildProcess?.(dynamoDb.kill);
    checkpoint();
    const ses = await startSesLocal({ port: settings.sesPort, ...(signal ? { signal } : {}) });
    stops.push(ses.stop);
    controls.onChildProcess?.(ses.kill);
    checkpoint();
    await ensureTable(dynamoDb.endpoint, settings.tableName);
    // The document function, invoked by the API as deployed, run in this process.
    const lambda = await startLambdaLocal();
    stops.push(lambda.stop);

    // The functions read their configuration from the environment at import, as on Lambda.
    Object.assign(
      process.env,
      localFunctionEnv({ tableName: settings.tableName, region: settings.region, dynamoDbEndpoint: dynamoDb.endpoint, sesEndpoint: ses.endpoint, lambdaEndpoint: lambda.endpoint }),
    );
    const { handler } = await import('#functions/api/handler');
    const key = await loadOrCreateSigningKey(settings.dataDir);
    // The API's CORS configuration, as the stack's names the page's CloudFront origin.
    const allowOrigins: string[] = [];
    const server = createLocalApiServer({
      handler: (event, context) => handler(event, context),
      verifyToken: async (token) => verifyLocalToken(key, token),
      allowOrigins,
    });
    const apiPort = await listen(server, settings.apiPort);
    stops.push(() => closeServer(server));
    checkpoint();

    const page = buildWeb(path.join(settings.dataDir, 'page'));
    const webServer = createLocalWebServer({ pageDir: page.outDir, apiPort, key, users: DEMO_USERS });
    const webPort = await listen(webServer, settings.webPort);
    stops.push(() => closeServer(webServer));
    allowOrigins.push(`http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`);
    // The nightly job (imported when the scheduler first runs it) links each line of its email to the child's page here.
    process.env['PAGE_URL'] = `http://127.0.0.1:${webPort}/`;
    checkpoint();

    const scheduler = startLocalScheduler(runJob, (job, error) => {
      console.error(`scheduled job ${job} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    stops.push(scheduler.stop);

    return {
      apiUrl: `http://127.0.0.1:${apiPort}`,
      pageUrl: `http://127.0.0.1:${webPort}/`,
      inboxUrl: ses.endpoint,
      dynamoDbEndpoint: dynamoDb.endpoint,
      pids: [dynamoDb.pid, ses.pid].filter((pid): pid is number => pid !== undefined),
      nextRuns: scheduler.nextRuns,
      stop: async () => {
        server.closeAllConnections?.();
        webServer.closeAllConnections?.();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Listens on 127.0.0.1 (port 0: any free port); answers the port. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Runs a scheduled job's handler in this process, as EventBridge Scheduler would invoke it. */
export const runJob: JobRunner = async (job) => {
  switch (job) {
    case 'nightly-timescales':
      return (await import('#functions/nightly-timescales/handler')).handler({});
    case 'monthly-snapshot':
      return (await import('#functions/monthly-snapshot/handler')).handler({});
  }
};
