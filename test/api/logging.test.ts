/**
 * Children's names and dates of birth never reach the logs, even at the most
 * talkative log level and on the paths that log the most (a refused request,
 * a failing dependency).
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { createLocalApiServer } from '../../infra/local/http-adapter';
import { loadOrCreateSigningKey, signLocalToken, verifyLocalToken, type LocalSigningKey } from '../../infra/local/local-auth';
import { localFunctionEnv } from '../../infra/local/settings';
import { createTestTable } from '../support/dynamodb';
import { freePort } from '../support/ports';

const GIVEN_NAME = 'Zebedee-Quillfeather';
const FAMILY_NAME = 'Marchbanks-Oddington';
const DATE_OF_BIRTH = '2014-07-23';

describe('the API’s logs', () => {
  let server: Server;
  let baseUrl: string;
  let key: LocalSigningKey;
  const written: string[] = [];

  beforeAll(async () => {
    const table = await createTestTable();
    Object.assign(
      process.env,
      localFunctionEnv({ tableName: table.tableName, region: 'eu-west-2', dynamoDbEndpoint: table.endpoint, sesEndpoint: inject('sesEndpoint') }),
      { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    );
    const { handler } = await import('#functions/api/handler');
    key = await loadOrCreateSigningKey(mkdtempSync(path.join(tmpdir(), 'logging-test-')));
    server = createLocalApiServer({ handler: (event, context) => handler(event, context), verifyToken: (token) => verifyLocalToken(key, token) });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    baseUrl = `http://127.0.0.1:${port}`;
    // Everything the process writes, whichever way the logger writes it.
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
    server.close();
  });

  async function post(route: string, body: unknown): Promise<Response> {
    const token = await signLocalToken(key, { email: 'iro.one@example.org', roles: ['iro'] });
    return fetch(`${baseUrl}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  const child = (reference: string) => ({
    reference,
    givenName: GIVEN_NAME,
    familyName: FAMILY_NAME,
    dateOfBirth: DATE_OF_BIRTH,
    gender: 'male',
    iroEmail: 'iro.one@example.org',
    teamName: 'North Team',
    teamManagerEmail: 'tm.north@example.org',
  });

  it('log each request, and never a name or a date of birth, on success, refusal and failure', async () => {
    const created = await post('/children', child('LOG-1'));
    const refused = await post('/children', { ...child('LOG-2'), gender: 'unknown', givenName: '' });
    const mock = mockClient(DynamoDBDocumentClient);
    mock.onAnyCommand().rejects(new Error('DynamoDB is down'));
    let failed: Response;
    try {
      failed = await post('/children', child('LOG-3'));
    } finally {
      mock.restore();
    }

    expect([created.status, refused.status, failed.status]).toEqual([201, 400, 500]);
    const logs = written.join('');
    expect(logs).toContain('"routeKey":"POST /children"');
    for (const secret of [GIVEN_NAME, FAMILY_NAME, DATE_OF_BIRTH]) expect(logs).not.toContain(secret);
  });
});
