/**
 * The API's bundle carries none of the document's libraries: docx, Vega,
 * Vega-Lite and resvg are the document function's alone, and the Lambda
 * client the API invokes it with is imported on the first document asked for,
 * not when the API starts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFor, functionEntry } from '#infra/constructs/bundling';

describe("the API's bundle", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'api-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds no docx, Vega or resvg, and imports the Lambda client only when a document is asked for', async () => {
    const options = esbuildOptionsFor(functionEntry('api'), dir);
    const result = await esbuild.build({ ...options, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    const code = readFileSync(options.outfile, 'utf8');

    expect(inputs.filter((input) => /node_modules\/(docx|vega[^/]*|@resvg|fflate|d3-[^/]+)\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('shared/report-document/'))).toEqual(['shared/report-document/annual-documents.ts']);
    // The SDK is bundled (infra/constructs/bundling.ts): esbuild keeps a dynamic import's module behind a lazy
    // initialiser, run on the first call, so the source's dynamic import is what keeps it off the cold start.
    expect(readFileSync(path.join('shared', 'report-document', 'annual-documents.ts'), 'utf8')).toContain("import('@aws-sdk/client-lambda')");
    expect(code).not.toMatch(/from\s*"@aws-sdk\/client-lambda"/);
  });
});
