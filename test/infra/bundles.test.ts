/**
 * The Lambda bundles: the cold-start bench builds them exactly as the stack
 * does, and the API's OpenAPI document is generated from the current schemas.
 * (Sizes and import times are bench/cold-start.ts's job: nothing here is timed.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING, esbuildOptionsFor, functionEntry } from '#infra/constructs/bundling';
import { ServiceFunction } from '#infra/constructs/service-function';
import { OPENAPI_JSON_PATH, renderOpenApiJson } from '#infra/scripts/generate-openapi';

describe('Lambda bundling', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('makes, from esbuildOptionsFor, byte for byte the bundle the construct makes with NodejsFunction', async () => {
    // The construct bundles with the real NodejsFunction local bundling (the esbuild CLI).
    const outdir = tempDir('cdk-bundle-');
    new ServiceFunction(new Stack(new App({ outdir }), 'Bundles'), 'Fn', { functionDir: 'monthly-snapshot', description: 'bundle test' });
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const cdkDir = path.join(outdir, assets[0]!);
    expect(readdirSync(cdkDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);

    const options = esbuildOptionsFor(functionEntry('monthly-snapshot'), tempDir('bench-bundle-'));
    await esbuild.build({ ...options, logLevel: 'silent' });

    expect(readFileSync(options.outfile).equals(readFileSync(path.join(cdkDir, 'index.mjs')))).toBe(true);
  });

  it('puts the OpenAPI document beside the API bundle, not in it: read on the first request for it', async () => {
    const outdir = tempDir('cdk-api-bundle-');
    new ServiceFunction(new Stack(new App({ outdir }), 'Bundles'), 'Fn', {
      functionDir: 'api',
      description: 'bundle test',
      assets: [{ source: 'functions/api/openapi.json', bundled: 'openapi.json' }],
    });
    const [asset] = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    const cdkDir = path.join(outdir, asset!);
    expect(readdirSync(cdkDir).sort()).toEqual(['index.mjs', 'index.mjs.map', 'openapi.json']);
    expect(readFileSync(path.join(cdkDir, 'openapi.json'), 'utf8')).toBe(readFileSync(OPENAPI_JSON_PATH, 'utf8'));
    // Its servers' description is in the document alone (shared/api/openapi.ts writes it into the JSON, not the bundle).
    expect(readFileSync(path.join(cdkDir, 'index.mjs'), 'utf8')).not.toContain('Deployed: the ApiUrl output of the stack.');
  });

  // Not a budget: the target is init time (bench/cold-start.ts: at most 1.2x a handler that only makes a DynamoDB
  // client), and the bundled AWS SDK puts the bundles near 1 MB (the API's) and 0.7 MB (the jobs'). A ceiling well
  // above that, only so that an accidental huge dependency fails here rather than in a cold start: the document
  // function's docx and Vega-Lite (~0.5 MB) in a job, or all of zod, every locale (~440 KB: `import { z } from 'zod'`
  // keeps it all; import it as a namespace).
  const CEILINGS: Record<string, number> = { api: 1_500_000, 'monthly-snapshot': 1_000_000, 'nightly-timescales': 1_000_000 };
  it.each(Object.entries(CEILINGS))('keeps the %s bundle under its ceiling (%d bytes)', async (functionDir, ceiling) => {
    const options = esbuildOptionsFor(functionEntry(functionDir), tempDir('size-'));
    await esbuild.build({ ...options, logLevel: 'silent' });
    expect(statSync(options.outfile).size).toBeLessThan(ceiling);
  });

  it('bundles the AWS SDK v3 too (ESM, tree-shaken), not the Lambda runtime\'s: nothing is left out', () => {
    expect(LAMBDA_BUNDLING.externalModules).toEqual([]);
    expect(esbuildOptionsFor(functionEntry('api'), '/tmp/x').external).toEqual([]);
  });

  it('keeps the SES client out of the bundles that send no email', async () => {
    for (const functionDir of ['api', 'monthly-snapshot']) {
      const options = esbuildOptionsFor(functionEntry(functionDir), tempDir('ses-'));
      const { metafile } = await esbuild.build({ ...options, metafile: true, logLevel: 'silent' });
      const inputs = Object.keys(Object.values(metafile.outputs).find((output) => output.entryPoint)!.inputs);
      expect(inputs.filter((input) => input.includes('@aws-sdk/client-ses')), functionDir).toEqual([]);
    }
  });

  it('starts a job without the tracer where tracing is off, and without zod where the policy is the default', async () => {
    const options = esbuildOptionsFor(functionEntry('nightly-timescales'), tempDir('started-'));
    await esbuild.build({ ...options, logLevel: 'silent' });
    // What a started bundle has loaded: aws-xray-sdk-core's context (cls-hooked) names itself in process.namespaces,
    // zod registers itself on globalThis; the timescale policy the job runs with is printed too.
    const probe =
      'const { handler } = await import(process.argv[1]); ' +
      'process.stdout.write(JSON.stringify({ handler: typeof handler, xRay: process.namespaces !== undefined, zod: globalThis.__zod_globalRegistry !== undefined }));';
    const started = (env: Record<string, string>) =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', probe, pathToFileURL(options.outfile).href], {
          env: { PATH: process.env['PATH'] ?? '', TABLE_NAME: 'bundle-test', SENDER_EMAIL: 'bundle@example.org', AWS_REGION: 'eu-west-2', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', ...env },
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      );

    expect(started({ POWERTOOLS_TRACE_ENABLED: 'false' })).toEqual({ handler: 'function', xRay: false, zod: false });
    expect(started({ AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR' })).toEqual({ handler: 'function', xRay: true, zod: false });
    expect(started({ POWERTOOLS_TRACE_ENABLED: 'false', TIMESCALE_POLICY: '{"icpcWorkingDays": 10}' })).toEqual({ handler: 'function', xRay: false, zod: true });
    expect(() => started({ POWERTOOLS_TRACE_ENABLED: 'false', TIMESCALE_POLICY: '{"icpcWorkingDay": 10}' })).toThrow(/unknown setting "icpcWorkingDay"/);
  });
});

describe('functions/api/openapi.json', () => {
  it('is the document generated from the current route table and schemas (npm run generate:openapi)', () => {
    expect(readFileSync(OPENAPI_JSON_PATH, 'utf8')).toBe(renderOpenApiJson());
  });
});
