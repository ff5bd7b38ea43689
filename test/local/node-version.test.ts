/**
 * The tests run on the Node.js the functions are deployed on: `npm test` puts
 * the `node` dev dependency's binary first on PATH, so a machine's own older
 * Node (and the AWS SDK's warning about it) plays no part.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { FUNCTION_RUNTIME } from '#infra/constructs/service-function';

describe('the Node.js the tests run on', () => {
  const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['node']!;

  it('is the dev dependency pinned in package.json, the major version the functions run on', () => {
    expect(process.versions.node).toBe(pinned);
    expect(FUNCTION_RUNTIME).toBe(Runtime.NODEJS_24_X);
    expect(FUNCTION_RUNTIME.name).toBe(`nodejs${pinned.split('.')[0]}.x`);
  });
});
