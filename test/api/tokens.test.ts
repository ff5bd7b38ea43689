/**
 * Issue 9, item 3: forged and unusable tokens. Through the local adapter (its
 * JWT check stands in for API Gateway's authorizer) every forgery is 401;
 * a good signature with no role of this service is 403 on every route. And
 * in the claim handling the deployed function uses (the API handler given a
 * payload 2.0 event with the authorizer's claims), each shape the groups
 * claim may take gives exactly the roles it names, never more. A route with
 * no caller (the calendar feed, `auth: 'none'`) reads no token at all: every
 * one of these answers it as it answers no token.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#shared/domain/access';
import { callerFromClaims } from '#shared/http/caller';
import { isPublic, ROUTES, routeKeyOf, type RouteDefinition } from '#shared/http/routes';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#infra/local/local-auth';
import { aChildBody } from '../support/children';
import { expectServiceError, useApi } from './harness';

const EMAIL = 'iro.one@example.org';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const goodClaims = (extra: Record<string, unknown> = {}) => ({
  email: EMAIL,
  'cognito:groups': ['admin'],
  token_use: 'id',
  iss: LOCAL_ISSUER,
  aud: LOCAL_AUDIENCE,
  sub: EMAIL,
  iat: now() - 10,
  exp: now() + 3600,
  ...extra,
});

/** A token signed HS256 with `secret`: the classic confusion of an asymmetric verifier fed the public key as an HMAC key. */
function hs256(secret: Buffer | string, claims: Record<string, unknown>): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** Fills a route's path parameters with well-formed values that name nothing. */
const pathOf = (route: RouteDefinition) =>
  route.path.replace('{month}', '2026-13').replace(/\{\w+\}/g, () => randomUUID());

const tally = { forgeries: 0, forgeriesRefused: 0, roleless: 0, rolelessRefused: 0, claimShapes: 0, claimShapesRight: 0, noEmail: 0, noEmailRefused: 0 };

describe('forged and unusable tokens', () => {
  const api = useApi();
  let handler: (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

  beforeAll(async () => {
    // The very function the adapter calls, already bound to this file's table.
    ({ handler } = (await import('#functions/api/handler')) as unknown as { handler: typeof handler });
  });

  afterAll(async () => {
    console.info(
      `tokens: ${tally.forgeries} forged or unusable tokens, ${tally.forgeriesRefused} refused 401 by the adapter; ` +
        `${tally.roleless} role-less requests, ${tally.rolelessRefused} refused 403; ` +
        `${tally.claimShapes} groups-claim shapes × every route, ${tally.claimShapesRight} gave exactly the roles named; ` +
        `${tally.noEmail} email-less claims × every route, ${tally.noEmailRefused} refused 401`,
    );
  });

  const withToken = (token: string, method = 'POST', route = '/children', body: unknown = method === 'GET' ? undefined : aChildBody()) =>
    api.expectNothingWritten(() => api.send(method, route, { ...(body === undefined ? {} : { body }), headers: { authorization: `Bearer ${token}` } }));

  describe('through the local adapter: 401 before the function runs, and nothing written', () => {
    const sign = async (claims: Record<string, unknown>, key = api.key.privateKey, alg = 'ES256') =>
      new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);

    const forgeries: [string, () => Promise<string>][] = [
      ['alg none, no signature', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.`],
      ['alg None, no signature', async () => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(goodClaims())}.`],
      ['alg none, with the real signature of other claims kept', async () => {
        const real = (await sign(goodClaims({ 'cognito:groups': ['iro'] }))).split('.')[2];
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.${real}`;
      }],
      ['signed with another ES256 key', async () => sign(goodClaims(), (await generateKeyPair('ES256')).privateKey)],
      ['signed with another key whose public JWK is embedded in the header', async () => {
        const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
        return new SignJWT(goodClaims()).setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(publicKey) }).sign(privateKey);
      }],
      ['RS256 with another key', async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return sign(goodClaims(), privateKey, 'RS256');
      }],
      ['HS256 with the public key as JWK JSON bytes', async () => hs256(JSON.stringify(await exportJWK(api.key.publicKey)), goodClaims())],
      ['HS256 with the public key as PEM (SPKI) bytes', async () => hs256(await exportSPKI(api.key.publicKey), goodClaims())],
      ['HS256 with the public key as DER bytes', async () => {
        const pem = await exportSPKI(api.key.publicKey);
        return hs256(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'), goodClaims());
      }],
      ['HS256 with the public JWK’s x coordinate', async () => hs256(String((await exportJWK(api.key.publicKey)).x), goodClaims())],
      ['the real signature over claims edited afterwards (iro → admin)', async () => {
        const [head, , signature] = (await sign(goodClaims({ 'cognito:groups': ['iro'] }))).split('.');
        return `${head}.${b64(goodClaims())}.${signature}`;
      }],
      ['expired an hour ago', async () => sign(goodClaims({ iat: now() - 7200, exp: now() - 3600 }))],
      ['expired a minute ago', async () => sign(goodClaims({ iat: now() - 3600, exp: now() - 60 }))],
      ['not yet valid (nbf an hour ahead)', async () => sign(goodClaims({ nbf: now() + 3600 }))],
      ['issued in the future (iat an hour ahead)', async () => sign(goodClaims({ iat: now() + 3600, exp: now() + 7200 }))],
      ['exp not a number', async () => sign(goodClaims({ exp: 'never' }))],
      ['with no expiry at all', async () => sign(goodClaims({ exp: undefined }))],
      ['saying not when it was issued (no iat)', async () => sign(goodClaims({ iat: undefined }))],
      ['wrong issuer', async () => sign(goodClaims({ iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_attacker' }))],
      ['no issuer', async () => sign(goodClaims({ iss: undefined }))],
      ['wrong audience', async () => sign(goodClaims({ aud: 'another-app-client' }))],
      ['no audience', async () => sign(goodClaims({ aud: undefined }))],
      ['not a JWT at all', async () => 'not-a-token'],
      ['two parts only', async () => (await sign(goodClaims())).split('.').slice(0, 2).join('.')],
      ['an empty signature', async () => `${(await sign(goodClaims())).split('.').slice(0, 2).join('.')}.`],
    ];

    for (const [name, make] of forgeries) {
      it(`refuses a token ${name} with 401`, async () => {
        tally.forgeries += 1;
        const answer = await withToken(await make());

        expect(answer.status, answer.text).toBe(401);
        expect(answer.body).toEqual({ message: 'Unauthorized' });
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
        tally.forgeriesRefused += 1;
      });
    }

    it('refuses a good token sent as Basic, or with no scheme, with 401', async () => {
      const token = await sign(goodClaims());
      for (const authorization of [`Basic ${token}`, token, 'Bearer', `Bearer  `]) {
        tally.forgeries += 1;
        const answer = await api.expectNothingWritten(() => api.send('POST', '/children', { body: aChildBody(), headers: { authorization } }));
        expect(answer.status, authorization).toBe(401);
        tally.forgeriesRefused += 1;
      }
    });

    it('still lets the same claims through when they are signed properly (the refusals above are for the forgery alone)', async () => {
      const answer = await api.send('GET', '/children', { headers: { authorization: `Bearer ${await sign(goodClaims())}` } });
      expect(answer.status, answer.text).toBe(200);
    });
  });

  describe('a good signature but no role of this service: 403 on every route, nothing written', () => {
    const groupsClaims: [string, unknown][] = [
      ['no groups claim', undefined],
      ['an empty groups array', []],
      ['only groups this service does not know', ['finance', 'payroll']],
      ['groups that look like roles but are not', ['Admin', 'ADMIN', 'admins', 'service_manager', 'iro-team']],
    ];
    for (const [name, groups] of groupsClaims) {
      it(`${name}: every route answers 403`, async () => {
        const token = await new SignJWT(goodClaims({ 'cognito:groups': groups }))
          .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
          .sign(api.key.privateKey);
        for (const route of ROUTES) {
          if (isPublic(route)) {
            // No token read: the answer is the one with no token at all (here, a path whose secret is not one).
            const tokenless = await api.send(route.method, pathOf(route));
            const answer = await withToken(token, route.method, pathOf(route));
            expect([answer.status, answer.body.error.code]).toEqual([tokenless.status, tokenless.body.error.code]);
            continue;
          }
          tally.roleless += 1;
          const answer = await withToken(token, route.method, pathOf(route));
          expectServiceError(answer, 403, 'forbidden');
          tally.rolelessRefused += 1;
        }
      });
    }
  });

  describe('the claims as the deployed function reads them (API handler, payload 2.0 event)', () => {
    function event(route: RouteDefinition, claims: Record<string, unknown>): APIGatewayProxyEventV2WithJWTAuthorizer {
      const path = pathOf(route);
      const pathParameters: Record<string, string> = {};
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const values = path.split('/').filter((segment, i) => route.path.split('/')[i]?.startsWith('{'));
      names.forEach((name, i) => (pathParameters[name] = values[i]!));
      const requestId = randomUUID();
      return {
        version: '2.0',
        routeKey: routeKeyOf(route),
        rawPath: path,
        rawQueryString: '',
        headers: { 'content-type': 'application/json' },
        ...(names.length ? { pathParameters } : {}),
        isBase64Encoded: false,
        requestContext: {
          accountId: '000000000000',
          apiId: 'test',
          authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims as Record<string, string>, scopes: [] } },
          domainName: 'localhost',
          domainPrefix: 'localhost',
          http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
          requestId,
          routeKey: routeKeyOf(route),
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
        },
      };
    }
    const context = { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 29_000 } as unknown as Context;

    /** Each route called with no body and ids that name nothing: 403 exactly when none of the roles may call it. */
    async function expectRoles(claims: Record<string, unknown>, roles: readonly Role[]): Promise<void> {
      // POST /me/calendar-feed's one valid request has no body: where it is allowed it makes the caller's own feed, and writes nothing else;
      // an allowed list records its read (the read log, READS#…), as every list does.
      const notAFeed = (item: Record<string, unknown>) => !/^(CALENDAR_FEED|FEED_OWNER|READS)#/.test(String(item['PK']));
      const before = (await api.everyItem()).filter(notAFeed);
      for (const route of ROUTES) {
        const result = await handler(event(route, claims), context);
        // A route with no caller reads no claims: no role is needed, and none is refused.
        const allowed = isPublic(route) || route.roles.some((role) => roles.includes(role));
        const why = `${routeKeyOf(route)} for groups ${JSON.stringify(claims['cognito:groups'])}: ${result.body}`;
        if (allowed) expect([401, 403], why).not.toContain(result.statusCode);
        else expect(result.statusCode, why).toBe(403);
        expect(result.statusCode, why).toBeLessThan(500);
        if (!allowed) expect(JSON.parse(result.body!).error.code).toBe('forbidden');
      }
      expect((await api.everyItem()).filter(notAFeed)).toEqual(before);
    }

    const shapes: [string, unknown, Role[]][] = [
      ['API Gateway’s flattened "[iro team-manager]"', '[iro team-manager]', ['iro', 'team-manager']],
      ['a JSON array string', '["iro","team-manager"]', ['iro', 'team-manager']],
      ['a real array', ['iro', 'team-manager'], ['iro', 'team-manager']],
      ['a bare string', 'service-manager', ['service-manager']],
      ['"[admin]"', '[admin]', ['admin']],
      ['empty "[]"', '[]', []],
      ['an empty string', '', []],
      ['a known and an unknown group', '[iro finance]', ['iro']],
      ['only an unknown group', '[finance]', []],
      ['"admin " (trailing space: API Gateway’s separator, the group is admin)', 'admin ', ['admin']],
      ['"ADMIN"', 'ADMIN', []],
      ['"[ADMIN]"', '[ADMIN]', []],
      ['"Admin" in an array', ['Admin'], []],
      ['"[admin]x"', '[admin]x', []],
      ['"x[admin]"', 'x[admin]', []],
      ['"[admin" unclosed', '[admin', []],
      ['"[[admin]]" nested brackets', '[[admin]]', []],
      ['a JSON array holding an array', '[["admin"]]', []],
      ['an array holding "[admin]"', ['[admin]'], []],
      ['an array of non-strings and one role', [1, { admin: true }, null, 'iro'], ['iro']],
      ['a number', 42, []],
      ['a boolean', true, []],
      ['an object as JSON', '{"admin":true}', []],
      ['a look-alike with a Cyrillic і', 'admіn', []],
      ['"admin-"', 'admin-', []],
      ['"__proto__"', '__proto__', []],
      ['"constructor"', '[constructor toString]', []],
    ];

    for (const [name, groups, roles] of shapes) {
      it(`cognito:groups as ${name} → ${roles.length ? roles.join(' and ') : '403 on every route'}`, async () => {
        tally.claimShapes += 1;
        const claims = { email: 'Someone@Example.org', 'cognito:groups': groups };

        expect([...callerFromClaims(claims as never).roles].sort()).toEqual([...roles].sort());
        await expectRoles(claims, roles);
        tally.claimShapesRight += 1;
      });
    }

    const emailless: [string, Record<string, unknown>][] = [
      ['no email claim', { 'cognito:groups': '[admin]' }],
      ['an empty email', { email: '', 'cognito:groups': '[admin]' }],
      ['a blank email', { email: '   ', 'cognito:groups': '[admin]' }],
      ['an email that is a number', { email: 42, 'cognito:groups': '[admin]' }],
      ['no claims at all', {}],
    ];
    for (const [name, claims] of emailless) {
      it(`${name} → 401 on every route`, async () => {
        tally.noEmail += 1;
        for (const route of ROUTES) {
          const result = await handler(event(route, claims), context);
          if (isPublic(route)) {
            // No claims read: never a 401 (here, a 400 for a path whose secret is not one).
            expect(result.statusCode, routeKeyOf(route)).toBe(400);
            continue;
          }
          expect(result.statusCode, routeKeyOf(route)).toBe(401);
          expect(JSON.parse(result.body!).error.code).toBe('unauthorized');
        }
        tally.noEmailRefused += 1;
      });
    }

    it('every role named alone gives that role and no other', async () => {
      for (const role of ROLES) await expectRoles({ email: 'someone@example.org', 'cognito:groups': `[${role}]` }, [role]);
    });
  });
});

