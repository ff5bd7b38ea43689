/**
 * The API middleware's body limit as the deployed function meets it: API
 * Gateway hands over a binary body base64-encoded, so the limit counts the
 * decoded bytes (the local adapter only ever base64-encodes non-JSON types,
 * which the API test of the adapter covers). A body within the limit is
 * parsed and then checked against the route's schema: `{"a": …}` is refused
 * naming `a`, which only a parsed body can name.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '#shared/http/api-handler';
import type { ApiEvent } from '#shared/http/http-api';
import type { Operations } from '#shared/http/types';

const LIMIT = 256 * 1024;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A handler whose every operation answers the body it was given (none is reached with a body this test sends). */
const echo = createApiHandler(
  new Proxy({}, { get: () => async (request: { body: unknown }) => ({ status: 200, body: { received: request.body } }) }) as Operations,
  { logger: quiet },
);

function event(body: string, isBase64Encoded: boolean): ApiEvent {
  return {
    version: '2.0',
    routeKey: 'POST /children',
    rawPath: '/children',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded,
    requestContext: {
      requestId: 'req-1',
      routeKey: 'POST /children',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { email: 'admin@example.org', 'cognito:groups': '[admin]' }, scopes: [] } },
      http: { method: 'POST', path: '/children', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
    },
  } as unknown as ApiEvent;
}

/** JSON of exactly `bytes` bytes. */
const jsonOfBytes = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;

const call = async (body: string, base64: boolean) => {
  const result = (await echo(event(base64 ? Buffer.from(body).toString('base64') : body, base64), {} as Context)) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
};

describe('the body limit in the API middleware', () => {
  it('parses a base64-encoded JSON body of exactly 256 KB decoded (341 KB encoded)', async () => {
    expect(Buffer.byteLength(jsonOfBytes(LIMIT))).toBe(LIMIT);

    const answer = await call(jsonOfBytes(LIMIT), true);

    expect(answer.status).toBe(400);
    expect(answer.body.error.problems).toContainEqual({ field: 'a', reason: 'is not a field this request takes' });
  });

  it('refuses a base64-encoded body one byte over, decoded, with 413', async () => {
    const answer = await call(jsonOfBytes(LIMIT + 1), true);

    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'payload_too_large', requestId: 'req-1' });
  });

  it('refuses a plain body one byte over with 413, and parses one at the limit', async () => {
    expect((await call(jsonOfBytes(LIMIT + 1), false)).status).toBe(413);
    expect((await call(jsonOfBytes(LIMIT), false)).body.error.problems).toContainEqual({ field: 'a', reason: 'is not a field this request takes' });
  });
});
