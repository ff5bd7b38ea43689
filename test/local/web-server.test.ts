/**
 * The local page server (the stand-in for the page's CloudFront distribution
 * and for Cognito's sign-in): the built page under its security headers and
 * caching, `config.json` naming the API on the host name the page was reached
 * by, the demo users and their tokens, and nothing outside the page's folder.
 *
 * Requests go through node:http, not fetch, so that a path is sent exactly as
 * written (fetch would tidy `..` away) and the Host header can be chosen.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '#infra/local/demo-register';
import { loadOrCreateSigningKey, verifyLocalToken, type LocalSigningKey } from '#infra/local/local-auth';
import { createLocalWebServer } from '#infra/local/web-server';
import { buildWeb, type BuiltPage } from '../../web/build';
import { pageSecurityHeaders } from '../../web/security-headers';
import { freePort } from '../support/ports';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: any;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** What a file just outside the page's folder holds: never to be served. */
const SECRET = `outside the page folder ${process.pid}-${Date.now()}`;

let workDir: string;
let page: BuiltPage;
let key: LocalSigningKey;
let server: Server;
let port: number;
let apiPort: number;

/** One request, sent exactly as written. */
function send(method: string, pathname: string, options: { host?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        headers: { host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const postJson = (pathname: string, body: unknown) =>
  send('POST', pathname, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const expectJsonError = (answer: Answer, status: number) => {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json');
  expect(answer.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
};

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'web-server-test-'));
  page = buildWeb(path.join(workDir, 'page'));
  // What a path that climbs out of the page folder would reach.
  writeFileSync(path.join(workDir, 'package.json'), SECRET);
  mkdirSync(path.join(workDir, 'page-secret'));
  writeFileSync(path.join(workDir, 'page-secret', 'index.html'), SECRET);
  key = await loadOrCreateSigningKey(path.join(workDir, 'data'));
  apiPort = await freePort();
  port = await freePort();
  server = createLocalWebServer({ pageDir: page.outDir, apiPort, key, users: DEMO_USERS });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the page', () => {
  it('is index.html at /, never cached, under every security header it is deployed with', async () => {
    const answer = await send('GET', '/');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.text).toBe(readFileSync(path.join(page.outDir, 'index.html'), 'utf8'));
    const expected = pageSecurityHeaders({ connectSources: [`http://127.0.0.1:${apiPort}`], https: false });
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(expected)) expect(answer.headers[name], name).toBe(value);
    // Over plain HTTP: no HSTS.
    expect(answer.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets the page fetch from the API on the host name it was reached by', async () => {
    const answer = await send('GET', '/', { host: `localhost:${port}` });

    const expected = pageSecurityHeaders({ connectSources: [`http://localhost:${apiPort}`], https: false });
    expect(answer.headers['content-security-policy']).toBe(expected['content-security-policy']);
  });

  it('serves the script and the stylesheet index.html names, with their types, cached for good', async () => {
    const html = (await send('GET', '/')).text;
    const script = /<script[^>]*\ssrc="\/([^"]+)"/.exec(html)?.[1];
    const stylesheet = /<link[^>]*rel="stylesheet"[^>]*\shref="\/([^"]+)"/.exec(html)?.[1];
    expect(script).toBe(page.script);
    expect(stylesheet).toBe(page.stylesheet);

    const js = await send('GET', `/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe(IMMUTABLE);
    expect(js.body.equals(readFileSync(path.join(page.outDir, page.script)))).toBe(true);

    const css = await send('GET', `/${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe(IMMUTABLE);
    expect(css.body.equals(readFileSync(path.join(page.outDir, page.stylesheet)))).toBe(true);
  });

  it('answers a file it does not have with a 404 in JSON', async () => {
    expectJsonError(await send('GET', '/app-000000000000.js'), 404);
    expectJsonError(await send('GET', '/assets/nothing-here.png'), 404);
  });

  it('is read only: a POST to / is a 405', async () => {
    const answer = await send('POST', '/', { body: '{}', headers: { 'content-type': 'application/json' } });

    expectJsonError(answer, 405);
    expect(answer.text).not.toContain('<html');
  });
});

describe('nothing outside the page folder', () => {
  const attempts = [
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets%2f..%2f..%2fpackage.json',
    // A sibling folder whose name starts with the page folder's.
    '/..%2fpage-secret%2findex.html',
    '/%2e%2e%2fpage-secret/index.html',
  ];

  it.each(attempts)('%s is refused, never served', async (attempt) => {
    const answer = await send('GET', attempt);

    expect([400, 404]).toContain(answer.status);
    expect(answer.text).not.toContain(SECRET);
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('a path that cannot be decoded is a 400', async () => {
    expectJsonError(await send('GET', '/%E0%A4%A'), 400);
  });
});

describe('config.json', () => {
  it('names the API on localhost when the page was reached on localhost, and the local sign-in', async () => {
    const answer = await send('GET', '/config.json', { host: `localhost:${port}` });

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.json).toEqual({ apiUrl: `http://localhost:${apiPort}`, signIn: { kind: 'local', usersUrl: '/local/users', tokenUrl: '/local/token' } });
  });

  it('names the API on 127.0.0.1 when the page was reached on 127.0.0.1', async () => {
    const answer = await send('GET', '/config.json', { host: `127.0.0.1:${port}` });

    expect(answer.status).toBe(200);
    expect(answer.json.apiUrl).toBe(`http://127.0.0.1:${apiPort}`);
    expect(answer.json.signIn.kind).toBe('local');
  });

  it('names the API on 127.0.0.1 for any other host name', async () => {
    const answer = await send('GET', '/config.json', { host: `evil.example.com:${port}` });

    expect(answer.json.apiUrl).toBe(`http://127.0.0.1:${apiPort}`);
  });
});

describe("Cognito's hosted sign-in, named instead of the local sign-in", () => {
  const signIn = {
    kind: 'cognito',
    authority: 'http://127.0.0.1:1/issuer',
    clientId: 'page-client',
    domain: 'http://127.0.0.1:1',
    redirectUri: 'http://127.0.0.1:2/',
  } as const;
  let cognitoServer: Server;
  let cognitoPort: number;

  beforeAll(async () => {
    cognitoPort = await freePort();
    cognitoServer = createLocalWebServer({ pageDir: page.outDir, apiPort, key, users: DEMO_USERS, signIn, connectSources: ['http://127.0.0.1:1'] });
    await new Promise<void>((resolve, reject) => {
      cognitoServer.once('error', reject);
      cognitoServer.listen(cognitoPort, '127.0.0.1', () => resolve());
    });
  });

  afterAll(async () => {
    cognitoServer?.closeAllConnections();
    await new Promise<void>((resolve) => (cognitoServer ? cognitoServer.close(() => resolve()) : resolve()));
  });

  const fetchFrom = async (pathname: string) => fetch(`http://127.0.0.1:${cognitoPort}${pathname}`);

  it('config.json names it, beside the API', async () => {
    const answer = await fetchFrom('/config.json');

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ apiUrl: `http://127.0.0.1:${apiPort}`, signIn });
  });

  it("the page may fetch from the provider's origin too, under an otherwise identical policy", async () => {
    const answer = await fetchFrom('/');

    const expected = pageSecurityHeaders({ connectSources: [`http://127.0.0.1:${apiPort}`, 'http://127.0.0.1:1'], https: false });
    for (const [name, value] of Object.entries(expected)) expect(answer.headers.get(name), name).toBe(value);
  });
});

describe('the local sign-in', () => {
  it('lists exactly the demo users', async () => {
    const answer = await send('GET', '/local/users');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json).toEqual({ users: DEMO_USERS.map(({ email, roles, description }) => ({ email, roles, description })) });
  });

  it.each([
    ['the service manager', 'service.manager@example.org'],
    ['a team manager', 'tm.valleys@example.org'],
    ['an IRO', 'iro07@example.org'],
  ])('signs a token for %s that the API accepts, with their email and roles', async (_who, email) => {
    const user = DEMO_USERS.find((candidate) => candidate.email === email)!;
    expect(user).toBeDefined();

    const answer = await postJson('/local/token', { email });

    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const claims = await verifyLocalToken(key, answer.json.token);
    expect(claims['email']).toBe(email);
    expect(claims['cognito:groups']).toEqual([...user.roles]);
  });

  it('signs no token that another key would accept', async () => {
    const answer = await postJson('/local/token', { email: 'admin@example.org' });
    const otherKey = await loadOrCreateSigningKey(path.join(workDir, 'other-data'));

    await expect(verifyLocalToken(otherKey, answer.json.token)).rejects.toThrow();
  });

  it('refuses an email that is not a demo user, naming the field', async () => {
    const answer = await postJson('/local/token', { email: 'someone.else@example.org' });

    expectJsonError(answer, 400);
    expect(answer.json.token).toBeUndefined();
    expect(answer.json.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['email']);
  });

  it('refuses a body with no email, naming the field', async () => {
    const answer = await postJson('/local/token', { mail: 'admin@example.org' });

    expectJsonError(answer, 400);
    expect(answer.json.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['email']);
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await postJson('/local/token', 'email=admin@example.org');

    expectJsonError(answer, 400);
    expect(answer.json.token).toBeUndefined();
  });

  it('takes a body up to 4 KB and refuses a larger one with a 413', async () => {
    const body = (size: number) => {
      const start = JSON.stringify({ email: 'admin@example.org', padding: '' });
      return JSON.stringify({ email: 'admin@example.org', padding: 'x'.repeat(size - start.length) });
    };
    expect(Buffer.byteLength(body(4096))).toBe(4096);

    expect((await postJson('/local/token', body(4096))).status).toBe(200);
    const tooLarge = await postJson('/local/token', body(4097 + 1024));
    expectJsonError(tooLarge, 413);
    expect(tooLarge.json.token).toBeUndefined();
  });

  it('signs only on a POST: a GET is a 405', async () => {
    const answer = await send('GET', '/local/token');

    expectJsonError(answer, 405);
    expect(answer.json.token).toBeUndefined();
  });
});
