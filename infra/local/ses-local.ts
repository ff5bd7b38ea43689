/** The SES emulator (aws-ses-v2-local) in its own process, with its inbox page at `/`. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assertPortFree, stopChild, tailOf, waitFor } from '#infra/local/processes';

export interface RunningSes {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
  kill(): void;
}

export async function startSesLocal(options: { port: number; signal?: AbortSignal }): Promise<RunningSes> {
  await assertPortFree(options.port, 'the SES emulator');
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('aws-ses-v2-local/package.json')), 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(options.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tailOf(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `it exited (${signal ?? code}): ${output()}`));
  try {
    await waitFor(
      `the SES emulator on port ${options.port}`,
      15_000,
      async () => {
        const response = await fetch(`${endpoint}/health-check`);
        if (!response.ok) throw new Error(`health check answered ${response.status}`);
      },
      { ...(options.signal ? { signal: options.signal } : {}), gaveUp: () => exit },
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, pid: child.pid, stop: () => stopChild(child), kill: () => child.kill('SIGKILL') };
}
