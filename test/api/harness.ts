/**
 * The API as a client meets it, for the API test files: real HTTP requests to
 * the local adapter (the stand-in for API Gateway and its JWT authorizer),
 * which calls the real API function with real local tokens, against a fresh
 * table in DynamoDB Local. One per test file: each file runs in its own
 * process, so the function reads this file's table at import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Role } from '#shared/domain/access';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { createLocalApiServer, type TokenVerifier } from '#infra/local/http-adapter';
import { loadOrCreateSigningKey, signLocalToken, verifyLocalToken, type LocalSigningKey } from '#infra/local/local-auth';
import { localFunctionEnv } from '#infra/local/settings';
import { startLambdaLocal } from '#infra/local/lambda-local';
import { aChildBody } from '../support/children';
import { undocumented } from '../support/documented-answers';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { freePort } from '../support/ports';

/** Someone with a token: an email and the roles their groups give them. */
export interface Person {
  email: string;
  roles: readonly Role[];
}

export const IRO_ONE: Person = { email: 'iro.one@example.org', roles: ['iro'] };
export const IRO_TWO: Person = { email: 'iro.two@example.org', roles: ['iro'] };
export const NORTH_MANAGER: Person = { email: 'tm.north@example.org', roles: ['team-manager'] };
export const SOUTH_MANAGER: Person = { email: 'tm.south@example.org', roles: ['team-manager'] };
export const SERVICE_MANAGER: Person = { email: 'sm@example.org', roles: ['service-manager'] };
export const ADMIN: Person = { email: 'admin@example.org', roles: ['admin'] };

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // The API's JSON, read as a client reads it.
  body: any;
}

export type Item = Record<string, unknown>;

/** A held meeting's body; the flags say nothing happened beyond the meeting itself. */
export function aMeeting(type: string, heldOn: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type, heldOn, childParticipated: true, advocacyOffered: false, advocacyProvided: false, qaAuditCompleted: false, ...overrides };
}

/** A day that has not come yet, in Europe/London (the handler reads the real clock). */
export const inTheFuture = (): string => addDays(todayInLondon(new Date()), 7);

/** The fields a 400 or 409 names. */
export const fieldsOf = (answer: Answer): string[] => (answer.body?.error?.problems ?? []).map((p: { field: string }) => p.field);

/** The version an ETag names. */
export const versionOf = (answer: Answer): number => Number(JSON.parse(answer.headers.get('etag') ?? 'null'));

/** The service's error shape: JSON with a code, a message and the request id. */
export function expectServiceError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.body).toMatchObject({ error: { code, message: expect.any(String), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
}

/** A 400 that names exactly these fields. */
export function expectRefusal(answer: Answer, ...fields: string[]): void {
  expectServiceError(answer, 400, 'validation_failed');
  expect(fieldsOf(answer)).toEqual(fields);
}

const byKey = (a: Item, b: Item) => `${a['PK']}|${a['SK']}`.localeCompare(`${b['PK']}|${b['SK']}`);

export interface Api {
  table: TestTable;
  /** Where the local adapter listens, and the key its tokens are signed with. */
  baseUrl: string;
  key: LocalSigningKey;
  send(method: string, route: string, options?: { as?: Person; body?: unknown; headers?: Record<string, string> }): Promise<Answer>;
  get(as: Person, route: string, headers?: Record<string, string>): Promise<Answer>;
  post(as: Person, route: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  patch(as: Person, route: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Records a child and answers its id; fails the test if it is refused. */
  createChild(as: Person, overrides?: Record<string, unknown>): Promise<string>;
  /** POSTs, PATCHes or PUTs what the story needs, failing the test if it is refused; answers the body. */
  given(as: Person, method: 'POST' | 'PATCH' | 'PUT', route: string, body: unknown): Promise<any>;
  /** Every item in the table, sorted by key. */
  everyItem(): Promise<Item[]>;
  /** Runs `act` and checks the table holds exactly what it held before. */
  expectNothingWritten(act: () => Promise<Answer>): Promise<Answer>;
  close(): Promise<void>;
}

let started = false;

export interface ApiOptions {
  logLevel?: string;
  /** The origins whose pages may call it (none unless a test names them), as the stack's CORS configuration. */
  allowOrigins?: readonly string[];
  /**
   * How the stand-in for the JWT authorizer checks a bearer token: the local
   * key's tokens (the harness's own, {@link Api.key}) when absent. A test of
   * the deployed sign-in names an OIDC provider's issuer, audience and keys
   * here instead, as the stack's authorizer names Cognito's.
   */
  verifyToken?: TokenVerifier;
  /** Whether the stand-in applies the routes' own throttles, as the deployed stage does (yes, unless a test says why not). */
  throttle?: boolean;
}

/** Starts the API on a fresh table: once per test file, since the function reads its table name once, at import. */
export async function startApi(options: ApiOptions = {}): Promise<Api> {
  if (started) throw new Error('startApi() runs once per test file: the API function is already bound to this file’s table.');
  started = true;
  const table = await createTestTable();
  // The document function the API invokes for ?format=docx, in this process (loaded only if a test asks for a document).
  const lambda = await startLambdaLocal();
  // The function reads its configuration at import, as on Lambda: set it first.
  Object.assign(
    process.env,
    localFunctionEnv({ tableName: table.tableName, region: 'eu-west-2', dynamoDbEndpoint: table.endpoint, sesEndpoint: inject('sesEndpoint'), lambdaEndpoint: lambda.endpoint }),
    { POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'ERROR' },
  );
  const { handler } = await import('#functions/api/handler');

  const dataDir = mkdtempSync(path.join(tmpdir(), 'api-test-'));
  const key = await loadOrCreateSigningKey(dataDir);
  const server: Server = createLocalApiServer({
    handler: (event, context) => handler(event, context),
    verifyToken: options.verifyToken ?? (async (token) => verifyLocalToken(key, token)),
    ...(options.allowOrigins ? { allowOrigins: options.allowOrigins } : {}),
    ...(options.throttle === false ? { throttle: false } : {}),
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (person: Person) => {
    const cacheKey = `${person.email}|${person.roles.join(',')}`;
    if (!tokens.has(cacheKey)) tokens.set(cacheKey, signLocalToken(key, person));
    return tokens.get(cacheKey)!;
  };

  const api: Api = {
    table,
    baseUrl,
    key,

    async send(method, route, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers['authorization'] = `Bearer ${await tokenOf(options.as)}`;
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      // Every answer any test receives is held to the OpenAPI document: it cannot drift from what the API does.
      expect(undocumented(method, route, response.status, response.headers.get('content-type'), body), `${method} ${route}: ${text.slice(0, 500)}`).toEqual([]);
      return { status: response.status, headers: response.headers, text, body };
    },

    get: (as, route, headers = {}) => api.send('GET', route, { as, headers }),
    post: (as, route, body, headers = {}) => api.send('POST', route, { as, body, headers }),
    patch: (as, route, body, headers = {}) => api.send('PATCH', route, { as, body, headers }),

    async createChild(as, overrides = {}) {
      return (await api.given(as, 'POST', '/children', aChildBody(overrides))).childId;
    },

    async given(as, method, route, body) {
      const answer = await api.send(method, route, { as, body });
      expect(answer.status, `${method} ${route}: ${answer.text}`).toBeLessThan(300);
      return answer.body;
    },

    async everyItem() {
      const items: Item[] = [];
      let start: Item | undefined;
      do {
        const page = await table.documentClient.send(
          new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items.sort(byKey);
    },

    async expectNothingWritten(act) {
      const before = await api.everyItem();
      const answer = await act();
      expect(await api.everyItem()).toEqual(before);
      return answer;
    },

    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lambda.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return api;
}

/**
 * The API for this test file: started before its first test, closed after its
 * last. Use it inside tests and hooks (it is not started while the file's
 * tests are being collected). `beforeAll` hooks run in the order they are
 * registered and `afterAll` hooks in the reverse (vitest's default
 * `sequence.hooks: 'stack'`), so a `beforeAll` after this call finds the API
 * started, and an `afterAll` after it runs before the API is closed (if the
 * API fails to start, no later `beforeAll` runs). Where the options depend on
 * what an earlier `beforeAll` sets up (a port, a provider), pass a function:
 * it is called when the API starts.
 *
 * @example
 * const api = useApi();
 * it('answers', async () => expect((await api.get(ADMIN, '/snapshots')).status).toBe(200));
 */
export function useApi(options: ApiOptions | (() => ApiOptions) = {}): Api {
  let started: Api | undefined;
  beforeAll(async () => {
    started = await startApi(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Api, {
    get(_target, name) {
      if (!started) throw new Error('useApi(): the API starts in beforeAll; use it inside a test or a hook.');
      return Reflect.get(started, name);
    },
  });
}
