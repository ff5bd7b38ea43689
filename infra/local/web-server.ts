/**
 * The local stand-in for the page's CloudFront distribution: serves the built
 * page with the security headers it is deployed with, answers `config.json`
 * (the local API, local sign-in), and stands in for Cognito's hosted sign-in
 * with a list of the local stack's demo users: `GET /local/users`, and
 * `POST /local/token {"email"}` signs a local token for one of them (and for
 * no one else) with the data folder's key, as `npm run token` does.
 *
 * It is a separate origin from the API, as deployed, so the page calls the
 * API across origins and the API's CORS answers are exercised locally too.
 *
 * A test of the deployed sign-in can name Cognito's hosted sign-in instead
 * (`signIn`, with a stand-in OIDC provider), and the provider's origin for the
 * page's Content-Security-Policy (`connectSources`).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pageSecurityHeaders } from '../../web/security-headers';
import type { CognitoSignIn, PageConfig } from '../../web/src/config';
import type { DemoUser } from '#infra/local/demo-register';
import { signLocalToken, type LocalSigningKey } from '#infra/local/local-auth';

export interface LocalWebOptions {
  /** The built page (web/build.ts). */
  pageDir: string;
  /** The local API's port: the page calls it on the host name it was itself reached by. */
  apiPort: number;
  key: LocalSigningKey;
  users: readonly DemoUser[];
  /**
   * The sign-in `config.json` names: the local sign-in (the demo users) when
   * absent; Cognito's hosted sign-in, as deployed, when given (a test points
   * it at a stand-in OIDC provider).
   */
  signIn?: CognitoSignIn;
  /**
   * Origins the page may fetch from besides its own and the API (the CSP's
   * connect-src), e.g. that sign-in's provider, for its discovery document,
   * keys and token endpoint. None when absent.
   */
  connectSources?: readonly string[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** The host names the local page may be opened on; each calls the API on the same name. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

const MAX_TOKEN_REQUEST_BYTES = 4096;

export function createLocalWebServer(options: LocalWebOptions): Server {
  return createServer((request, response) => {
    serve(options, request, response).catch((error: unknown) => {
      console.error('local page server:', error instanceof Error ? error.message : error);
      if (!response.headersSent) json(response, 500, { error: { code: 'internal', message: 'The page server failed; see its log.' } });
      else response.end();
    });
  });
}

async function serve(options: LocalWebOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const hostName = (request.headers.host ?? '').replace(/:\d+$/, '');
  const apiOrigin = `http://${LOCAL_HOSTS.has(hostName) ? hostName : '127.0.0.1'}:${options.apiPort}`;
  const connectSources = [apiOrigin, ...(options.connectSources ?? [])];
  for (const [name, value] of Object.entries(pageSecurityHeaders({ connectSources, https: false }))) {
    response.setHeader(name, value);
  }
  const method = request.method ?? 'GET';

  if (url.pathname === '/config.json' && method === 'GET') {
    const config: PageConfig = { apiUrl: apiOrigin, signIn: options.signIn ?? { kind: 'local', usersUrl: '/local/users', tokenUrl: '/local/token' } };
    response.setHeader('cache-control', 'no-cache');
    return json(response, 200, config);
  }
  if (url.pathname === '/local/users' && method === 'GET') {
    return json(response, 200, { users: options.users.map(({ email, roles, description }) => ({ email, roles, description })) });
  }
  if (url.pathname === '/local/token') {
    if (method !== 'POST') return json(response, 405, { error: { code: 'method-not-allowed', message: 'POST an email here.' } });
    return signIn(options, request, response);
  }
  if (method !== 'GET' && method !== 'HEAD') return json(response, 405, { error: { code: 'method-not-allowed', message: 'The page is read only.' } });
  return serveFile(options.pageDir, url.pathname, response);
}

async function signIn(options: LocalWebOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_TOKEN_REQUEST_BYTES) return json(response, 413, { error: { code: 'too-large', message: 'Send only {"email": "…"}.' } });
    chunks.push(chunk as Buffer);
  }
  let email: unknown;
  try {
    email = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { email?: unknown }).email;
  } catch {
    return json(response, 400, { error: { code: 'invalid-json', message: 'The body is not JSON.', problems: [{ field: 'body', reason: 'is not JSON' }] } });
  }
  const user = options.users.find((candidate) => candidate.email === email);
  if (!user) {
    return json(response, 400, {
      error: { code: 'validation', message: 'Sign in as one of the demo users.', problems: [{ field: 'email', reason: 'is not a demo user of the local stack' }] },
    });
  }
  const token = await signLocalToken(options.key, { email: user.email, roles: user.roles });
  response.setHeader('cache-control', 'no-store');
  return json(response, 200, { token });
}

async function serveFile(pageDir: string, pathname: string, response: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return json(response, 400, { error: { code: 'bad-path', message: 'The path cannot be decoded.' } });
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(pageDir, relative);
  if (!file.startsWith(path.resolve(pageDir) + path.sep)) return json(response, 404, { error: { code: 'not-found', message: 'No such file.' } });
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return json(response, 404, { error: { code: 'not-found', message: 'No such file.' } });
  }
  // As deployed: the page's entry is never cached; its files are named by their content, so are cached for good.
  response.setHeader('cache-control', relative === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
  response.setHeader('content-type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
  response.writeHead(200);
  response.end(content);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
