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
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { BUNDLE_ENTRY_FILE, PROJECT_ROOT, bundleFunction, esbuildOptionsFor, filesLoadedAtStart, functionEntry } from '#infra/constructs/bundling';
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

  /** Each file of a folder, by name, and its bytes. */
  const filesOf = (dir: string) => new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));

  it('deploys, from the construct, byte for byte the bundle that bundleFunction makes for the bench', async () => {
    // The construct bundles through infra/scripts/bundle-function.ts, in a process of its own.
    const outdir = tempDir('cdk-bundle-');
    new ServiceFunction(new Stack(new App({ outdir }), 'Bundles'), 'Fn', { functionDir: 'monthly-snapshot', description: 'bundle test' });
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const deployed = filesOf(path.join(outdir, assets[0]!));

    // As deep as CDK's own folder (<app outdir>/bundling-temp-<hash>): the chunks' names hash their maps as esbuild writes them, sources relative to the folder.
    const benchDir = path.join(tempDir('bench-bundle-'), 'bundling-temp');
    await bundleFunction(functionEntry('monthly-snapshot'), benchDir);
    const built = filesOf(benchDir);

    expect([...deployed.keys()].sort()).toEqual([...built.keys()].sort());
    for (const [name, bytes] of built) expect(deployed.get(name)!.equals(bytes), name).toBe(true);
    // The handler Lambda imports, its chunks beside it, each with its map.
    expect(deployed.has(BUNDLE_ENTRY_FILE)).toBe(true);
    expect([...deployed.keys()].filter((name) => !name.endsWith('.map')).every((name) => name.endsWith('.mjs'))).toBe(true);
    expect([...deployed.keys()].filter((name) => name.endsWith('.mjs')).every((name) => deployed.has(`${name}.map`))).toBe(true);
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
    expect(readdirSync(cdkDir)).toContain('openapi.json');
    expect(readFileSync(path.join(cdkDir, 'openapi.json'), 'utf8')).toBe(readFileSync(OPENAPI_JSON_PATH, 'utf8'));
    // Its servers' description is in the document alone (shared/api/openapi.ts writes it into the JSON, not the bundle).
    const code = readdirSync(cdkDir).filter((name) => name.endsWith('.mjs')).map((name) => readFileSync(path.join(cdkDir, name), 'utf8'));
    expect(code.some((text) => text.includes('Deployed: the ApiUrl output of the stack.'))).toBe(false);
  });

  // Not a budget: the target is init time (bench/cold-start.ts: at most 1.2x a handler that only makes a DynamoDB
  // client), and the bundled AWS SDK puts the bundles near 1 MB (the API's, all its chunks) and 0.7 MB (the jobs').
  // A ceiling well above that, only so that an accidental huge dependency fails here rather than in a cold start:
  // the document function's docx and Vega-Lite (~0.5 MB) in a job, or all of zod, every locale (~440 KB: `import { z }
  // from 'zod'` keeps it all; import it as a namespace).
  const CEILINGS: Record<string, number> = { api: 1_500_000, 'monthly-snapshot': 1_000_000, 'nightly-timescales': 1_000_000 };
  it.each(Object.entries(CEILINGS))('keeps the %s bundle, every chunk, under its ceiling (%d bytes)', async (functionDir, ceiling) => {
    const dir = tempDir('size-');
    await bundleFunction(functionEntry(functionDir), dir);
    const bytes = readdirSync(dir).filter((name) => name.endsWith('.mjs')).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
    expect(bytes).toBeLessThan(ceiling);
  });

  it('bundles the AWS SDK v3 too (ESM, tree-shaken), not the Lambda runtime\'s: nothing is left out', () => {
    expect(esbuildOptionsFor(functionEntry('api'), '/tmp/x').external).toEqual([]);
  });

  it('keeps the SES client out of the bundles that send no email, the Lambda client and zod off the jobs\' cold start, and classic zod out of all three', async () => {
    const inputsOf = (metafile: { outputs: Record<string, { inputs: Record<string, unknown> }> }, files: string[]) =>
      files.flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
    for (const functionDir of ['api', 'monthly-snapshot']) {
      const { metafile } = await bundleFunction(functionEntry(functionDir), tempDir('ses-'));
      expect(inputsOf(metafile, Object.keys(metafile.outputs)).filter((input) => input.includes('@aws-sdk/client-ses')), functionDir).toEqual([]);
    }
    for (const functionDir of ['api', 'monthly-snapshot', 'nightly-timescales']) {
      const bundle = await bundleFunction(functionEntry(functionDir), tempDir('start-'));
      const atStart = inputsOf(bundle.metafile, filesLoadedAtStart(bundle));
      expect(atStart.filter((input) => /@aws-sdk\/client-lambda|@aws-sdk\/credential-provider-(sso|ini|process|web-identity)/.test(input)), functionDir).toEqual([]);
      // In a chunk of its own: the Tracer's, loaded where tracing is on (shared/tracing.ts).
      expect(atStart.filter((input) => input.includes('aws-xray-sdk-core')), functionDir).toEqual([]);
      if (functionDir !== 'api') expect(atStart.filter((input) => input.includes('node_modules/zod/')), functionDir).toEqual([]);
      // zod/mini only (shared/api/schemas.ts): classic zod's methods, and the core they keep, cost the API an eighth of its start.
      expect(inputsOf(bundle.metafile, Object.keys(bundle.metafile.outputs)).filter((input) => input.includes('node_modules/zod/v4/classic/')), functionDir).toEqual([]);
    }
  });

  it('leaves out what no function runs: Node\'s web streams until read, the X-Ray SDK\'s v2 patcher (and semver) and its EC2 plugins', async () => {
    for (const functionDir of ['api', 'monthly-snapshot', 'nightly-timescales']) {
      const { metafile } = await bundleFunction(functionEntry(functionDir), tempDir('left-out-'));
      const inputs = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
      expect(inputs.filter((input) => /node_modules\/semver\/|aws-xray-sdk-core\/dist\/lib\/(patchers\/aws_p|segments\/plugins\/)/.test(input)), functionDir).toEqual([]);
      // Not a bundle without the tracer: the rest of aws-xray-sdk-core is there, for where tracing is on.
      expect(inputs.some((input) => input.includes('aws-xray-sdk-core/dist/lib/patchers/aws3_p')), functionDir).toBe(true);
    }
    // A handler that imports them as @middy/core and Powertools do: the stand-ins load on first use, or say why they cannot.
    const dir = tempDir('stand-ins-');
    const xRay = JSON.stringify(path.join(PROJECT_ROOT, 'node_modules', 'aws-xray-sdk-core', 'dist', 'lib', 'index.js'));
    writeFileSync(
      path.join(dir, 'handler.ts'),
      "import { ReadableStream } from 'node:stream/web';\n" +
        `import xRay from ${xRay};\n` +
        "const webStreams = () => process.moduleLoadList.includes('NativeModule stream/web');\n" +
        'const attempt = (f: () => unknown) => { try { f(); return \'ran\'; } catch (error) { return (error as Error).message; } };\n' +
        'export const handler = async () => {\n' +
        '  const atStart = webStreams();\n' +
        '  const stream = new ReadableStream();\n' +
        '  return { atStart, afterUse: webStreams(), isStream: stream instanceof globalThis.ReadableStream, captureAWS: attempt(() => xRay.captureAWS({ VERSION: \'2.1692.0\' })),\n' +
        '    ec2: attempt(() => xRay.plugins.EC2Plugin.getData(() => undefined)), v3: typeof xRay.captureAWSv3Client };\n' +
        '};\n',
    );
    const { entryFile } = await bundleFunction(path.join(dir, 'handler.ts'), path.join(dir, 'bundle'));
    const answer = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', 'const { handler } = await import(process.argv[1]); process.stdout.write(JSON.stringify(await handler()));', pathToFileURL(entryFile).href], {
        env: { PATH: process.env['PATH'] ?? '' },
        encoding: 'utf8',
      }),
    );
    expect(answer).toEqual({
      atStart: false,
      afterUse: true,
      isStream: true,
      captureAWS: expect.stringMatching(/AWS SDK v2 patcher is not bundled .*captureAWSv3Client/),
      ec2: expect.stringMatching(/EC2, ECS and Elastic Beanstalk plugins are not bundled/),
      v3: 'function',
    });
  });

  it('starts a job without the tracer where tracing is off, and without zod where the policy is the default', async () => {
    const { entryFile } = await bundleFunction(functionEntry('nightly-timescales'), tempDir('started-'));
    // What a started bundle has loaded: aws-xray-sdk-core's context (cls-hooked) names itself in process.namespaces,
    // zod registers itself on globalThis. Node's undici never: it is what an ESM import of node:http would load
    // (infra/constructs/bundling.ts, requireNodeBuiltins).
    const probe =
      'const { handler } = await import(process.argv[1]); ' +
      'process.stdout.write(JSON.stringify({ handler: typeof handler, xRay: process.namespaces !== undefined, zod: globalThis.__zod_globalConfig !== undefined, ' +
      'undici: process.moduleLoadList.some((name) => name.includes(\'undici\')) }));';
    const started = (env: Record<string, string>) =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', probe, pathToFileURL(entryFile).href], {
          env: { PATH: process.env['PATH'] ?? '', TABLE_NAME: 'bundle-test', SENDER_EMAIL: 'bundle@example.org', AWS_REGION: 'eu-west-2', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', ...env },
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      );

    expect(started({ POWERTOOLS_TRACE_ENABLED: 'false' })).toEqual({ handler: 'function', xRay: false, zod: false, undici: false });
    expect(started({ AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR' })).toEqual({ handler: 'function', xRay: true, zod: false, undici: false });
    expect(started({ POWERTOOLS_TRACE_ENABLED: 'false', TIMESCALE_POLICY: '{"icpcWorkingDays": 10}' })).toEqual({ handler: 'function', xRay: false, zod: true, undici: false });
    expect(() => started({ POWERTOOLS_TRACE_ENABLED: 'false', TIMESCALE_POLICY: '{"icpcWorkingDay": 10}' })).toThrow(/unknown setting "icpcWorkingDay"/);
  });
});

describe('functions/api/openapi.json', () => {
  it('is the document generated from the current route table and schemas (npm run generate:openapi)', () => {
    expect(readFileSync(OPENAPI_JSON_PATH, 'utf8')).toBe(renderOpenApiJson());
  });
});
