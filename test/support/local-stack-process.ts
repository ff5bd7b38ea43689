/**
 * `npm start` as its own process, as a newcomer runs it: on fresh ports and a
 * data folder of its own, started, waited for, and stopped as a terminal's
 * Ctrl-C stops it. Node runs tsx's loader, so the PID held is the real server.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports';

export const run = promisify(execFile);
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
export const START_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 20_000;

export interface StackSettings {
  apiPort: number;
  webPort: number;
  dynamoDbPort: number;
  sesPort: number;
  dataDir: string;
}

export interface RunningStack {
  process: ChildProcess;
  apiUrl: string;
  pageUrl: string;
  inboxUrl: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Fresh ports and an empty data folder: a copy of the stack of its own. */
export async function newSettings(): Promise<StackSettings> {
  return {
    apiPort: await freePort(),
    webPort: await freePort(),
    dynamoDbPort: await freePort(),
    sesPort: await freePort(),
    dataDir: mkdtempSync(path.join(tmpdir(), 'iro-local-')),
  };
}

/** The environment `npm start` and `npm run token` would see, without anything the test runner set for the functions. */
export function stackEnv(settings: StackSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(AWS_|TABLE_NAME$|VITEST|POWERTOOLS_)/.test(name)) delete env[name];
  }
  return {
    ...env,
    PORT: String(settings.apiPort),
    WEB_PORT: String(settings.webPort),
    DYNAMODB_PORT: String(settings.dynamoDbPort),
    SES_PORT: String(settings.sesPort),
    DATA_DIR: settings.dataDir,
  };
}

export const everyStarted: ChildProcess[] = [];

export interface LaunchedStack {
  process: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves after the last of its output. */
  closed: Promise<void>;
}

/** `npm start`, not waiting for anything. */
export function launchStack(settings: StackSettings): LaunchedStack {
  // Its own process group, so that a test can send Ctrl-C as a terminal does: to the whole group.
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: PROJECT_ROOT,
    env: stackEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  everyStarted.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    process: child,
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    closed: new Promise((resolve) => child.once('close', () => resolve())),
  };
}

/** `npm start`, waiting until it prints where the API is. */
export async function startStack(settings: StackSettings): Promise<RunningStack> {
  const launched = launchStack(settings);
  const child = launched.process;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const api = /^\s*API\s+(http:\/\/\S+)/m.exec(launched.output())?.[1];
    const inbox = /^\s*Email inbox\s+(http:\/\/\S+)/m.exec(launched.output())?.[1];
    const page = /^\s*Web page\s+(http:\/\/\S+)/m.exec(launched.output())?.[1];
    if (api && inbox && page) return { process: child, apiUrl: api, pageUrl: page, inboxUrl: inbox, output: launched.output, exited: launched.exited };
    if (child.exitCode !== null || child.signalCode !== null) {
      await launched.closed;
      break;
    }
    await sleep(100);
  }
  await forceStop(child);
  throw new Error(`npm start printed no API URL:\n${launched.output()}`);
}

/** Waits for the stack to exit after a signal; answers how it exited. */
export async function stopStack(stack: RunningStack, signal: { toWholeGroup: boolean }) {
  const pid = stack.process.pid;
  if (pid === undefined) throw new Error('the stack has no pid');
  process.kill(signal.toWholeGroup ? -pid : pid, 'SIGINT');
  const timeout = sleep(STOP_TIMEOUT_MS).then(() => 'timed out' as const);
  const result = await Promise.race([stack.exited, timeout]);
  if (result === 'timed out') throw new Error(`npm start did not stop within ${STOP_TIMEOUT_MS} ms:\n${stack.output()}`);
  return result;
}

/** For clean-up only: stops a stack we started, whatever state it is in. */
export async function forceStop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** PIDs of the DynamoDB Local and SES emulator processes serving these settings' ports. */
export async function standInPids(settings: StackSettings): Promise<{ dynamoDb: number[]; ses: number[] }> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  const lines = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  const pidsOf = (test: (args: string) => boolean) =>
    lines
      .map((line) => /^(\d+)\s+(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && test(match[2] ?? ''))
      .map((match) => Number(match[1]));
  return {
    dynamoDb: pidsOf((args) => args.includes('DynamoDBLocal.jar') && new RegExp(`-port ${settings.dynamoDbPort}(\\s|$)`).test(args)),
    ses: pidsOf((args) => args.includes('aws-ses-v2-local') && new RegExp(`--port ${settings.sesPort}(\\s|$)`).test(args)),
  };
}

/** For clean-up only: the stand-ins a failed stop may have left behind, found by their ports. */
export async function stopLeftovers(settings: StackSettings): Promise<void> {
  const { dynamoDb, ses } = await standInPids(settings);
  for (const pid of [...dynamoDb, ...ses]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
