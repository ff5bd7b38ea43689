/**
 * The API's bundle carries none of the document's libraries: docx, Vega,
 * Vega-Lite and resvg are the document function's alone, and the Lambda
 * client the API invokes it with is imported on the first document asked for,
 * not when the API starts; so are the calendar feed's and the CSV downloads'
 * writers, on the first feed or CSV.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction, filesLoadedAtStart, functionEntry } from '#infra/constructs/bundling';

describe("the API's bundle", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'api-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds no docx, Vega or resvg, and imports the Lambda client only when a document is asked for', async () => {
    const bundle = await bundleFunction(functionEntry('api'), dir);
    const inputs = Object.keys(bundle.metafile.inputs);
    const atStart = filesLoadedAtStart(bundle).flatMap((file) => Object.keys(bundle.metafile.outputs[file]!.inputs));

    expect(inputs.filter((input) => /node_modules\/(docx|vega[^/]*|@resvg|fflate|d3-[^/]+)\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('shared/report-document/'))).toEqual(['shared/report-document/annual-documents.ts']);
    // The SDK is bundled, split into chunks (infra/constructs/bundling.ts): the source's dynamic import puts the
    // Lambda client in a chunk that the first document asked for loads, not in what a cold start loads.
    expect(readFileSync(path.join('shared', 'report-document', 'annual-documents.ts'), 'utf8')).toContain("import('@aws-sdk/client-lambda')");
    expect(inputs.some((input) => input.includes('@aws-sdk/client-lambda'))).toBe(true);
    expect(atStart.filter((input) => input.includes('@aws-sdk/client-lambda'))).toEqual([]);
  });

  it('loads the calendar file and CSV writers on the requests that ask for them, not at a cold start', async () => {
    const bundle = await bundleFunction(functionEntry('api'), path.join(dir, 'lazy'));
    const inputs = Object.keys(bundle.metafile.inputs);
    const atStart = filesLoadedAtStart(bundle).flatMap((file) => Object.keys(bundle.metafile.outputs[file]!.inputs));
    for (const lazy of ['node_modules/ical-generator/', 'node_modules/csv-stringify/', 'shared/api/calendar-file.ts', 'shared/api/report-csv.ts']) {
      expect(inputs.some((input) => input.includes(lazy)), lazy).toBe(true);
      expect(atStart.filter((input) => input.includes(lazy)), lazy).toEqual([]);
    }
  });
});
