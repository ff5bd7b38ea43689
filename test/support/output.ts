/**
 * Everything this process writes to stdout and stderr while a suite runs,
 * whichever way the logger writes it (still written through), for tests that
 * read the logs for what must never be in them.
 */
import { afterAll, beforeAll, vi } from 'vitest';

/** Captures the suite's output from its `beforeAll` to its `afterAll`: read (or empty) the array it answers. */
export function captureOutput(): string[] {
  const written: string[] = [];
  beforeAll(() => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });
  return written;
}
