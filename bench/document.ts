/**
 * Benchmark: the committee's Word document for a reporting year, made as the
 * document function makes it, each in a fresh Node process (as a cold
 * Lambda: resvg's WebAssembly started, the font read, Vega and docx loaded),
 * then once more in the same process (a warm one). Its time and its peak
 * memory (the process's maximum resident set) are what count.
 *
 * The document is made from the annual report's numbers alone: its size and
 * its work (13 charts, 13 tables, the headlines) do not grow with the
 * register, only the numbers in it do. So a synthetic report whose numbers
 * are those of a register of N children stands in for a counted one
 * (counting a year's snapshots is the monthly job's cost, benchmarked there).
 *
 *   npm run bench -- --only document             the demo register's size (480) and 20,000 children
 *   npx tsx bench/document.ts --worker 20000     one measurement, as JSON
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.join(HERE, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
const run = promisify(execFile);

/** Targets at 20,000 children: under 10 s and under 512 MB. */
export const DOCUMENT_TARGETS = { ms: 10_000, peakRssMb: 512 } as const;

/** One measurement: the first document in a fresh process, a second in the same one, and the peak memory. */
export interface DocumentMeasurement {
  children: number;
  coldMs: number;
  warmMs: number;
  peakRssMb: number;
  bytes: number;
  charts: number;
}

/** Measures the document at each register size, `rounds` fresh processes each; the median round by cold time is kept. */
export async function measureDocument(sizes: readonly number[] = [480, 20_000], rounds = 3): Promise<DocumentMeasurement[]> {
  const results: DocumentMeasurement[] = [];
  for (const children of sizes) {
    const runs: DocumentMeasurement[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const { stdout } = await run(process.execPath, [TSX, fileURLToPath(import.meta.url), '--worker', String(children)], { maxBuffer: 1 << 20, timeout: 120_000 });
      runs.push(JSON.parse(stdout.trim().split('\n').pop()!) as DocumentMeasurement);
    }
    runs.sort((a, b) => a.coldMs - b.coldMs);
    results.push({ ...runs[Math.floor(runs.length / 2)]!, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) });
  }
  return results;
}

/** The measurements as lines to print, each against the targets. */
export function documentLines(results: readonly DocumentMeasurement[]): string[] {
  return results.map(
    (r) =>
      `${r.children.toLocaleString('en-GB')} children: ${r.coldMs.toLocaleString('en-GB')} ms cold (fresh process), ${r.warmMs.toLocaleString('en-GB')} ms warm, ` +
      `peak RSS ${r.peakRssMb} MB, ${(r.bytes / 1000).toFixed(0)} KB, ${r.charts} charts; target < ${DOCUMENT_TARGETS.ms / 1000} s and < ${DOCUMENT_TARGETS.peakRssMb} MB: ` +
      `${r.coldMs < DOCUMENT_TARGETS.ms && r.peakRssMb < DOCUMENT_TARGETS.peakRssMb ? 'met' : 'NOT met'}`,
  );
}

async function worker(children: number): Promise<void> {
  const [{ annualDocument }, { anAnnualReport }, { REPORT_CHARTS }] = await Promise.all([
    import('#shared/report-document/annual-document'),
    import('../test/support/annual-report'),
    import('#shared/domain/report-charts'),
  ]);
  const report = anAnnualReport({ year: 2024, children });
  let started = performance.now();
  const bytes = await annualDocument(report);
  const coldMs = Math.round(performance.now() - started);
  started = performance.now();
  await annualDocument(report);
  const warmMs = Math.round(performance.now() - started);
  const measurement: DocumentMeasurement = {
    children,
    coldMs,
    warmMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes: bytes.byteLength,
    charts: REPORT_CHARTS.length,
  };
  console.log(JSON.stringify(measurement));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { worker: { type: 'string' } } });
  if (values.worker !== undefined) await worker(Number(values.worker));
  else for (const line of documentLines(await measureDocument())) console.log(line);
}
