import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Thrown when a start is given up because the user asked to stop. */
export class StartAbortedError extends Error {
  constructor() {
    super('start-up was stopped');
    this.name = 'StartAbortedError';
  }
}

/** Polls `probe` until it resolves, or fails after `timeoutMs` with the last error. */
export async function waitFor(
  what: string,
  timeoutMs: number,
  probe: () => Promise<unknown>,
  options: { signal?: AbortSignal; gaveUp?: () => string | undefined } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (options.signal?.aborted) throw new StartAbortedError();
    const reason = options.gaveUp?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await sleep(100);
    }
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms`, { cause: lastError });
}

/**
 * Fails unless nothing listens on the port. A stand-in that cannot bind its
 * port would otherwise look ready, answered by whatever already holds it.
 */
export async function assertPortFree(port: number, what: string): Promise<void> {
  for (const host of ['0.0.0.0', '127.0.0.1']) {
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} (${what}) is in use: choose another with its variable`) : error),
      );
      server.listen(port, host, () => server.close(() => resolve()));
    });
  }
}

/** Keeps the last few kilobytes a child wrote, for the error message when it fails. */
export function tailOf(child: ChildProcess, limit = 4096): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-limit);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}

/** Stops a child process by the PID we started, politely and then firmly. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
