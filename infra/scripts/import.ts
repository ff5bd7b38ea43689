/**
 * Moves a council's register in from files (docs/import.md):
 *   npm run import -- --dir <folder>                 # into the table `npm start` runs (DYNAMODB_PORT, TABLE_NAME)
 *   npm run import -- --dir <folder> --dry-run       # writes nothing: what it would create, and every problem
 *   npm run import -- --dir <folder> --skip-invalid  # imports the rest; the skipped rows go to <folder>/import-skipped.csv
 *   TABLE_NAME=<TableName output> AWS_REGION=eu-west-2 TIMESCALE_POLICY="$POLICY" npm run import -- --dir <folder> --aws
 * Any problem stops a real run before it writes anything, unless --skip-invalid.
 * --unplanned ALLEG,CHRQ,… sets which REASON_PLACE_CHANGE codes are unplanned
 * (the default is in shared/import/ssda903.ts). It prints no name or date of
 * birth: problems name a file, a line and a column.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import { parseCalendarDate, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { timescalePolicyFromJson } from '#shared/domain/timescales/policy-override';
import { readImportFiles } from '#shared/import/read-files';
import { DEFAULT_IMPORT_SETTINGS, IMPORT_FILES, formatProblem, planImport } from '#shared/import/ssda903';
import { importChildren } from '#shared/jobs/import-files';
import { scriptStores } from '#infra/scripts/script-stores';

const count = (n: number) => n.toLocaleString('en-GB');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      report: { type: 'string' },
      aws: { type: 'boolean', default: false },
      unplanned: { type: 'string' },
      'as-of': { type: 'string' },
      batch: { type: 'string' },
    },
  });
  const dir = values.dir;
  if (!dir) throw new Error('Say which folder: npm run import -- --dir <folder> (with children.csv, and episodes.csv, reviews.csv, protection.csv if you have them).');
  const dryRun = values['dry-run'];
  const started = performance.now();
  const today = values['as-of'] ? parseCalendarDate(values['as-of']) : todayInLondon(new Date());
  const settings = values.unplanned ? { unplannedReasons: values.unplanned.split(',').map((code) => code.trim().toUpperCase()) } : DEFAULT_IMPORT_SETTINGS;

  const { files, problems: fileProblems } = readImportFiles(dir);
  const plan = planImport(files, settings, today);
  const problems = [...fileProblems, ...plan.problems];

  console.log(`Import from ${dir}${dryRun ? ' (dry run: nothing is written)' : ''}`);
  const rowsOf = (file: keyof typeof files) => {
    const rows = files[file];
    return rows === undefined ? 'none' : `${count(rows.length)} row${rows.length === 1 ? '' : 's'}`;
  };
  console.log(`  files     ${(Object.keys(IMPORT_FILES) as (keyof typeof files)[]).map((file) => `${IMPORT_FILES[file]} ${rowsOf(file)}`).join(', ')}`);
  for (const problem of problems) console.log(`  ${formatProblem(problem)}`);

  if (fileProblems.length > 0 || (problems.length > 0 && !dryRun && !values['skip-invalid'])) {
    console.log(`Nothing written: ${count(problems.length)} problem${problems.length === 1 ? '' : 's'}. Correct the rows, or run again with --skip-invalid to import the rest.`);
    process.exitCode = 1;
    return;
  }

  const { stores } = scriptStores(values.aws);

  // A bar on a terminal; a line a batch otherwise (a log, a CI job).
  const bar = process.stdout.isTTY ? new SingleBar({ format: '  children  {bar} {value}/{total} ({percentage}%)', hideCursor: true }, Presets.shades_classic) : undefined;
  bar?.start(plan.children.length, 0);
  const summary = await importChildren(
    {
      reads: stores.reads,
      writes: stores.writes,
      importer: stores.importer,
      policy: timescalePolicyFromJson(process.env['TIMESCALE_POLICY']),
      now: () => new Date(),
      actor: process.env['IMPORT_ACTOR'] || `import from ${dir}`,
    },
    plan.children,
    {
      dryRun,
      ...(values.batch ? { batchSize: Number(values.batch) } : {}),
      onProgress: (done, total) => (bar ? bar.update(done) : console.log(`  ${dryRun ? 'checked' : 'imported'} ${count(done)} of ${count(total)} children`)),
    },
  );
  bar?.stop();

  const seconds = (performance.now() - started) / 1000;
  const would = dryRun ? 'would be ' : '';
  console.log(`  children  ${count(summary.children.created)} ${would}new, ${count(summary.children.updated)} ${dryRun ? 'would get' : 'got'} something new, ${count(summary.children.unchanged)} unchanged`);
  console.log(`  records   ${count(summary.records.created)} ${would}new, ${count(summary.records.corrected)} ${would}corrected, ${count(summary.records.unchanged)} unchanged`);
  console.log(`  problems  ${count(problems.length)}`);
  if (plan.skipped.length > 0) {
    const report = values.report ?? join(dir, 'import-skipped.csv');
    if (!dryRun) writeFileSync(report, stringify([['file', 'line', 'reference', 'reason'], ...plan.skipped.map((row) => [row.file, row.line, row.reference, row.reason])]));
    console.log(`  skipped   ${count(plan.skipped.length)} rows${dryRun ? '' : `, listed in ${report}`}`);
  } else {
    console.log('  skipped   none');
  }
  console.log(`  time      ${seconds.toFixed(1)} s${plan.children.length > 0 ? ` (${count(Math.round(plan.children.length / Math.max(seconds, 0.001)))} children a second)` : ''}`);
  // A dry run with problems fails, so that a script can check the files before the real run.
  if (dryRun && problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
