/**
 * A bounded closed-loop load: `clients` workers, each sending its next request
 * as soon as the last is answered, until `seconds` have passed or `maxRequests`
 * were sent. Latencies are kept whole, so percentiles are exact.
 */
export interface LoadResult {
  requests: number;
  errors: number;
  /** The first few errors, to say what went wrong. */
  errorSamples: string[];
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export async function closedLoop(
  options: { clients: number; seconds: number; maxRequests: number },
  /** One request; throws (or rejects) when the answer is an error. */
  request: (worker: number, n: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const until = start + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, worker) => {
      for (let n = 0; performance.now() < until && sent < options.maxRequests; n += 1) {
        sent += 1;
        const t = performance.now();
        try {
          await request(worker, n);
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, errorSamples, seconds, perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
