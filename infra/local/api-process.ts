/**
 * The local API in a process of its own (`infra/local/api-server.ts`), as the
 * Lambda runs it apart from its clients: started, and answered with its URL
 * once it says it is listening. Node runs tsx's loader itself (no tsx CLI in
 * between), so the PID held is the server's own: a SIGKILL to it is a crash
 * of the API, and nothing of it is left running. The benchmarks and the
 * crash test (`test/chaos/crash.test.ts`, which restarts it on the same port)
 * start it here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild, tailOf } from '#infra/local/processes';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ApiServerOptions {
  /** DynamoDB's endpoint, and the table the API works on. */
  dynamoDb: string;
  table: string;
  /** Where the local token signing key is (made on first use). */
  dataDir: string;
  /** A fixed port, so that an API restarted after a crash answers on the same URL; a free one when absent. */
  port?: number;
  /** The SES endpoint (the emulator's); none when absent, as the API sends no email. */
  ses?: string;
  /** Whether a route's own throttle applies, as deployed (yes unless false: a benchmark measures the function, not the bucket). */
  throttle?: boolean;
  /** The handler's log level (Powertools'); WARN when absent. */
  logLevel?: string;
  /** Keep its error output to itself (the last few kilobytes, in {@link RunningApiServer.output}) instead of passing it through. */
  quiet?: boolean;
}

export interface RunningApiServer {
  url: string;
  port: number;
  /** The server's own PID. */
  pid: number;
  child: ChildProcess;
  /** The last of what it wrote. */
  output(): string;
  /** Stops it politely (SIGTERM), and firmly if it lingers. */
  stop(): Promise<void>;
  /** A crash: SIGKILL to its PID; resolves once it is gone, its port free for a restart. */
  kill(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const args = ['--import', 'tsx', path.join(ROOT, 'infra', 'local', 'api-server.ts'), '--dynamodb', options.dynamoDb, '--table', options.table, '--data-dir', options.dataDir];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.ses !== undefined) args.push('--ses', options.ses);
  if (options.throttle === false) args.push('--no-throttle');
  if (options.logLevel !== undefined) args.push('--log-level', options.logLevel);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', options.quiet ? 'pipe' : 'inherit'] });
  const output = tailOf(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const listening = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (!match) return;
      child.stdout!.off('data', listening);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', listening);
    child.once('exit', (code, signal) => reject(new Error(`the API server exited (${signal ?? code}) before it listened: ${output()}`)));
    child.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    output,
    stop: () => stopChild(child),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
