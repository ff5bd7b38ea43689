import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it resolves, or fails after `timeoutMs` with the last error. */
export async function waitFor(what: string, timeoutMs: number, probe: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      if (error instanceof Error && /exited/.test(error.message)) break;
      await sleep(100);
    }
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms`, { cause: lastError });
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
