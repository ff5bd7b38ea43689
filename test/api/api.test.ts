/**
 * The HTTP API as a client meets it: real HTTP requests to the local adapter
 * (the stand-in for API Gateway and its JWT authorizer), which calls the real
 * API function with real tokens, against a fresh table in DynamoDB Local.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#shared/domain/access';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateSigningKey,
  signLocalToken,
  type LocalSigningKey,
} from '#infra/local/local-auth';
import { aChildBody } from '../support/children';
import { useApi } from './harness';

const IRO_ONE = 'iro.one@example.org';
const IRO_TWO = 'iro.two@example.org';
const NORTH_MANAGER = 'tm.north@example.org';
const SOUTH_MANAGER = 'tm.south@example.org';
const SERVICE_MANAGER = 'sm@example.org';

/** `body` without the named field. */
function without(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = body;
  return rest;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A stack frame as Node prints one: `at fn (file:line:col)` or `at file:line:col`. */
const STACK_FRAME = /\bat\s+(?:async\s+)?(?:\S+\s+\()?(?:file:|node:|\/)[^\s)]*:\d+:\d+/;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

describe('the HTTP API, through the local adapter', () => {
  const api = useApi();
  let key: LocalSigningKey;
  let otherKey: LocalSigningKey;
  let elsewhere: string;

  const tokenFor = (email: string, ...roles: Role[]) => signLocalToken(key, { email, roles });

  async function send(method: string, route: string, options: { token?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    return api.send(method, route, { headers, ...(options.body === undefined ? {} : { body: options.body }) });
  }

  const postChild = async (token: string | undefined, child: unknown, headers: Record<string, string> = {}) =>
    send('POST', '/children', {
      ...(token === undefined ? {} : { token }),
      body: typeof child === 'string' ? child : JSON.stringify(child),
      headers: { 'content-type': 'application/json', ...headers },
    });

  const getChild = async (token: string | undefined, childId: string) =>
    send('GET', `/children/${childId}`, token === undefined ? {} : { token });

  const everyItem = () => api.everyItem();

  /** Runs `act` and checks the table holds exactly what it held before. */
  async function expectNothingWritten(act: () => Promise<Answer>): Promise<Answer> {
    const before = await everyItem();
    const answer = await act();
    const after = await everyItem();
    expect(after).toHaveLength(before.length);
    expect(after).toEqual(expect.arrayContaining(before));
    return answer;
  }

  /** The service's error shape: JSON with a code, a message and the request id, and no stack. */
  function expectServiceError(answer: Answer, status: number, code: string): void {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({
      error: { code, message: expect.any(String), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    expect(answer.body.error.message).not.toBe('');
    expect(answer.text).not.toMatch(STACK_FRAME);
    expect(answer.text).not.toMatch(/node_modules|\.ts:\d+/);
  }

  /**
   * What API Gateway answers itself, before any handler runs (no or a bad
   * token, an unknown route): a fixed `{"message": …}` that an HTTP API
   * cannot customise, so the local adapter answers the same.
   */
  function expectGatewayError(answer: Answer, status: number): void {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toEqual({ message: expect.any(String) });
    expect(answer.text).not.toMatch(STACK_FRAME);
  }

  const problemsOf = (answer: Answer): { field: string; reason: string }[] => answer.body?.error?.problems ?? [];

  beforeAll(async () => {
    key = api.key;
    elsewhere = mkdtempSync(path.join(tmpdir(), 'api-test-other-key-'));
    otherKey = await loadOrCreateSigningKey(elsewhere);
  });

  afterAll(async () => {
    if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
  });

  describe('POST /children and GET /children/{childId}', () => {
    it('answers 201 with the stored child, its childId and a Location, and GET returns the same child', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');
      const newChild = aChildBody();

      const created = await postChild(token, newChild);
      const read = await getChild(token, created.body?.childId);

      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...newChild, childId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(created.headers.get('location')).toBe(`/children/${created.body.childId}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
    });

    it('stores the emails lower-cased, so that a caller’s token matches them', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const created = await postChild(token, aChildBody({ iroEmail: 'IRO.One@Example.org', teamManagerEmail: 'TM.North@Example.org' }));

      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ iroEmail: IRO_ONE, teamManagerEmail: NORTH_MANAGER });
    });

    it('lets an admin record a child allocated to any IRO', async () => {
      const token = await tokenFor('admin@example.org', 'admin');

      const created = await postChild(token, aChildBody({ iroEmail: IRO_TWO }));

      expect(created.status).toBe(201);
    });
  });

  describe('who may read a child', () => {
    let northChildId: string;

    beforeAll(async () => {
      const created = await postChild(await tokenFor(IRO_ONE, 'iro'), aChildBody());
      expect(created.status).toBe(201);
      northChildId = created.body.childId;
    });

    it('lets the team manager of the child’s team read the child', async () => {
      const token = await tokenFor(NORTH_MANAGER, 'team-manager');

      const read = await getChild(token, northChildId);

      expect(read.status).toBe(200);
      expect(read.body.childId).toBe(northChildId);
    });

    it('lets a service manager read any child', async () => {
      const token = await tokenFor(SERVICE_MANAGER, 'service-manager');

      const read = await getChild(token, northChildId);

      expect(read.status).toBe(200);
      expect(read.body.childId).toBe(northChildId);
    });

    it('answers another IRO 404, exactly as for a child that does not exist', async () => {
      const token = await tokenFor(IRO_TWO, 'iro');

      const hidden = await getChild(token, northChildId);
      const missing = await getChild(token, crypto.randomUUID());

      expectServiceError(hidden, 404, 'not_found');
      expectServiceError(missing, 404, 'not_found');
      const { requestId: _hiddenId, ...hiddenError } = hidden.body.error;
      const { requestId: _missingId, ...missingError } = missing.body.error;
      expect(hiddenError).toEqual(missingError);
      expect(hidden.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    });

    it('answers the manager of another team 404', async () => {
      const token = await tokenFor(SOUTH_MANAGER, 'team-manager');

      const read = await getChild(token, northChildId);

      expectServiceError(read, 404, 'not_found');
    });

    it('answers a childId with broken percent-encoding with 400, not 500', async () => {
      const token = await tokenFor(SERVICE_MANAGER, 'service-manager');

      const read = await send('GET', '/children/%E0%A4%A', { token });

      expect(read.status).toBe(400);
      expect(read.headers.get('content-type')).toMatch(/^application\/json/);
      expect(read.text).not.toMatch(STACK_FRAME);
    });

    it('refuses a childId that is not an id with 400 naming childId', async () => {
      const token = await tokenFor(SERVICE_MANAGER, 'service-manager');

      const read = await getChild(token, 'not-a-child-id');

      expectServiceError(read, 400, 'validation_failed');
      expect(problemsOf(read)).toEqual([{ field: 'childId', reason: 'is not a child id' }]);
    });
  });

  describe('a body that is not a valid child', () => {
    it('answers malformed JSON with 400 naming the body, not 500', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, '{"reference": "C-1", '));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer)).toEqual([{ field: '', reason: 'the body is not valid JSON' }]);
    });

    it('answers a missing field with 400 naming it as required', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, without(aChildBody(), 'givenName')));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer)).toEqual([{ field: 'givenName', reason: 'is required' }]);
    });

    it('answers an impossible date of birth, 2025-02-30, with 400 naming dateOfBirth', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, aChildBody({ dateOfBirth: '2025-02-30' })));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer)).toEqual([{ field: 'dateOfBirth', reason: 'must be a real date written yyyy-mm-dd' }]);
    });

    it('answers an unknown extra field with 400 naming it', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, aChildBody({ favouriteColour: 'blue' })));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer)).toEqual([{ field: 'favouriteColour', reason: 'is not a field this request takes' }]);
    });

    it('refuses a __proto__ key as an unknown field rather than merging it', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');
      const body = `{${JSON.stringify(aChildBody()).slice(1, -1)},"__proto__":{"iroEmail":"${IRO_TWO}"}}`;

      const answer = await expectNothingWritten(() => postChild(token, body));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer)).toEqual([{ field: '__proto__', reason: 'is not a field this request takes' }]);
    });

    it.each([
      ['a NUL byte', 'Ada\u0000Lovelace'],
      ['a bell', 'Ada\u0007'],
      ['a line break', 'Ada\nLovelace'],
      ['a lone surrogate', '\uD800Ada'],
    ])('refuses %s in a name with 400 naming the field, storing nothing (found by the fuzz)', async (_what, givenName) => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, aChildBody({ givenName })));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer).map((problem) => problem.field)).toEqual(['givenName']);
    });

    it('takes right-to-left text and emoji in a name', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await postChild(token, aChildBody({ givenName: 'مريم 👩‍👧' }));

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.givenName).toBe('مريم 👩‍👧');
    });

    it('names every field that failed at once', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, without(aChildBody({ gender: 'unknown' }), 'familyName')));

      expectServiceError(answer, 400, 'validation_failed');
      expect(problemsOf(answer).map((problem) => problem.field).sort()).toEqual(['familyName', 'gender']);
    });

    it('answers a body that is not JSON with 415', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, aChildBody(), { 'content-type': 'text/plain' }));

      expectServiceError(answer, 415, 'unsupported_media_type');
    });

    it('answers a body over 256 KB with 413', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');
      const oversized = aChildBody({ givenName: 'A'.repeat(256 * 1024) });

      const answer = await expectNothingWritten(() => postChild(token, oversized));

      expectServiceError(answer, 413, 'payload_too_large');
    });

    describe('the 256 KB body limit, counted in bytes of the body as sent', () => {
      const LIMIT = 256 * 1024;
      /** A new child's JSON, its given name padded with `unit` until the body is exactly `bytes` long. */
      const childOfBytes = (bytes: number, unit = 'A') => {
        const empty = JSON.stringify(aChildBody({ givenName: '' }));
        const room = bytes - Buffer.byteLength(empty);
        const unitBytes = Buffer.byteLength(unit);
        const text = empty.replace('"givenName":""', `"givenName":"${unit.repeat(Math.floor(room / unitBytes))}${'B'.repeat(room % unitBytes)}"`);
        expect(Buffer.byteLength(text)).toBe(bytes);
        return text;
      };

      it('passes a body of exactly 256 KB on to validation (a 400 naming the over-long name, not a 413)', async () => {
        const token = await tokenFor(IRO_ONE, 'iro');

        const answer = await expectNothingWritten(() => postChild(token, childOfBytes(LIMIT)));

        expectServiceError(answer, 400, 'validation_failed');
        expect(problemsOf(answer).map((problem) => problem.field)).toEqual(['givenName']);
      });

      it('refuses a body one byte over with 413', async () => {
        const token = await tokenFor(IRO_ONE, 'iro');

        const answer = await expectNothingWritten(() => postChild(token, childOfBytes(LIMIT + 1)));

        expectServiceError(answer, 413, 'payload_too_large');
      });

      it('counts bytes, not characters: 2-byte characters over the limit in bytes but not in characters get 413', async () => {
        const token = await tokenFor(IRO_ONE, 'iro');
        const body = childOfBytes(LIMIT + 2, 'é');
        expect(body.length).toBeLessThan(LIMIT);

        const answer = await expectNothingWritten(() => postChild(token, body));

        expectServiceError(answer, 413, 'payload_too_large');
      });

      it('refuses an oversized body with 413 before parsing it: not JSON at all, still 413', async () => {
        const token = await tokenFor(IRO_ONE, 'iro');

        const answer = await expectNothingWritten(() => postChild(token, `{${'x'.repeat(LIMIT)}`));

        expectServiceError(answer, 413, 'payload_too_large');
      });

      it('counts a base64-encoded body (what API Gateway sends for a binary type) by its decoded bytes', async () => {
        const token = await tokenFor(IRO_ONE, 'iro');
        const binary = { 'content-type': 'application/octet-stream' };

        // Base64 makes 256 KB into 341 KB: counted encoded, it would be a 413; decoded, it is at the limit and only not JSON.
        const atLimit = await expectNothingWritten(() => postChild(token, childOfBytes(LIMIT), binary));
        const over = await expectNothingWritten(() => postChild(token, childOfBytes(LIMIT + 1), binary));

        expectServiceError(atLimit, 415, 'unsupported_media_type');
        expectServiceError(over, 413, 'payload_too_large');
      });
    });

    it('answers a reference another child has with 409 naming reference', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');
      const first = aChildBody();
      expect((await postChild(token, first)).status).toBe(201);

      const answer = await expectNothingWritten(() => postChild(token, aChildBody({ reference: first.reference, givenName: 'Grace' })));

      expectServiceError(answer, 409, 'conflict');
      expect(problemsOf(answer).map((problem) => problem.field)).toEqual(['reference']);
    });
  });

  describe('who may record a child', () => {
    it('refuses an IRO recording a child allocated to another IRO with 403', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');

      const answer = await expectNothingWritten(() => postChild(token, aChildBody({ iroEmail: IRO_TWO })));

      expectServiceError(answer, 403, 'forbidden');
    });

    it('refuses a team manager with 403', async () => {
      const token = await tokenFor(NORTH_MANAGER, 'team-manager');

      const answer = await expectNothingWritten(() => postChild(token, aChildBody({ iroEmail: NORTH_MANAGER })));

      expectServiceError(answer, 403, 'forbidden');
    });

    it('refuses a valid token whose groups hold no role of this service with 403', async () => {
      const token = await new SignJWT({ email: IRO_ONE, 'cognito:groups': ['finance', 'payroll'], token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key.privateKey);

      const posted = await expectNothingWritten(() => postChild(token, aChildBody()));
      const read = await getChild(token, crypto.randomUUID());

      expectServiceError(posted, 403, 'forbidden');
      expectServiceError(read, 403, 'forbidden');
    });

    it('refuses a valid token that names no email with 401', async () => {
      const token = await new SignJWT({ 'cognito:groups': ['iro'], token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key.privateKey);

      const answer = await expectNothingWritten(() => postChild(token, aChildBody()));

      expectServiceError(answer, 401, 'unauthorized');
    });
  });

  describe('answers the gateway gives before the function runs', () => {
    it('refuses a request with no token with 401', async () => {
      const answer = await expectNothingWritten(() => postChild(undefined, aChildBody()));

      expectGatewayError(answer, 401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('refuses an expired token with 401', async () => {
      const token = await signLocalToken(key, { email: IRO_ONE, roles: ['iro'], expiresIn: '1 hour ago' });

      const answer = await expectNothingWritten(() => postChild(token, aChildBody()));

      expectGatewayError(answer, 401);
    });

    it('refuses a token signed with another key with 401', async () => {
      const token = await signLocalToken(otherKey, { email: IRO_ONE, roles: ['iro'] });

      const answer = await expectNothingWritten(() => postChild(token, aChildBody()));

      expectGatewayError(answer, 401);
    });

    it('refuses an unsigned token (alg none) with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { email: IRO_ONE, 'cognito:groups': ['admin'], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: now, exp: now + 3600 };
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;

      const answer = await expectNothingWritten(() => postChild(token, aChildBody()));

      expectGatewayError(answer, 401);
    });

    it('answers a route that is not in the route table with 404', async () => {
      const token = await tokenFor(SERVICE_MANAGER, 'service-manager');

      const unknownPath = await send('GET', '/reviews', { token });
      const unknownMethod = await send('DELETE', `/children/${crypto.randomUUID()}`, { token });

      expectGatewayError(unknownPath, 404);
      expectGatewayError(unknownMethod, 404);
    });
  });

  describe('when DynamoDB fails', () => {
    it('answers 500 with a request id and nothing of the cause, and writes nothing', async () => {
      const token = await tokenFor(IRO_ONE, 'iro');
      const before = await everyItem();
      const dynamoDb = mockClient(DynamoDBDocumentClient);
      dynamoDb.rejects(new Error('connect ECONNREFUSED 10.0.0.7:443 secret-table-detail'));
      let posted: Answer;
      let read: Answer;
      try {
        posted = await postChild(token, aChildBody());
        read = await getChild(token, crypto.randomUUID());
      } finally {
        dynamoDb.restore();
      }
      const after = await everyItem();

      for (const answer of [posted, read]) {
        expectServiceError(answer, 500, 'internal_error');
        expect(answer.body.error).not.toHaveProperty('problems');
        expect(answer.text).not.toMatch(/ECONNREFUSED|secret-table-detail|Error:/);
      }
      expect(dynamoDb.calls().length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    });
  });
});
