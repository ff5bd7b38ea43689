/** The SES emulator (aws-ses-v2-local) in its own process, with its inbox page at `/`. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stopChild, waitFor } from './processes';

export interface RunningSes {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function startSesLocal(options: { port: number }): Promise<RunningSes> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('aws-ses-v2-local/package.json')), 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(options.port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${options.port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await waitFor(`the SES emulator on port ${options.port}`, 15_000, async () => {
      if (exited) throw new Error(`the SES emulator exited; is port ${options.port} free?`);
      const response = await fetch(`${endpoint}/health-check`);
      if (!response.ok) throw new Error(`health check answered ${response.status}`);
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, pid: child.pid, stop: () => stopChild(child) };
}
