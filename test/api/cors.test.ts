/**
 * The local API's CORS, as API Gateway's HTTP API answers it with the stack's
 * CORS configuration: the gateway itself answers a preflight (no route, no
 * token) for the allowed page's origin only, and every answer to that origin,
 * its own 401s included, names the origin so that the page can read it. An
 * origin not allowed gets no CORS headers at all.
 */
import { describe, expect, it } from 'vitest';
import { API_CORS } from '#shared/http/cors';
import { isPublic, ROUTES } from '#shared/http/routes';
import { type Answer, SERVICE_MANAGER, useApi } from './harness';

const PAGE = 'http://127.0.0.1:4173';
const OTHER_PAGE = 'http://localhost:4174';
const ELSEWHERE = 'https://evil.example.com';
/** Every method a preflight may ask about (RFC 9110's, and PATCH's). */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** The CORS headers of an answer, by name. */
function corsHeadersOf(answer: Answer): string[] {
  const names: string[] = [];
  answer.headers.forEach((_value, name) => {
    if (name.startsWith('access-control-')) names.push(name);
  });
  return names;
}

describe('the local API answers CORS as API Gateway does', () => {
  const api = useApi({ allowOrigins: [PAGE, OTHER_PAGE] });

  const preflight = (origin: string, method: string, route = '/snapshots', headers = 'authorization') =>
    api.send('OPTIONS', route, { headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

  describe('a preflight', () => {
    it('from the page is answered 204 with what the page may send, for how long', async () => {
      const answer = await preflight(PAGE, 'GET');

      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(answer.headers.get('access-control-allow-methods')).toBe(API_CORS.allowMethods.join(','));
      expect(answer.headers.get('access-control-allow-headers')).toBe(API_CORS.allowHeaders.join(','));
      expect(answer.headers.get('access-control-max-age')).toBe(String(API_CORS.maxAgeSeconds));
      expect(answer.text).toBe('');
    });

    it('names the very origin that asked, of several allowed', async () => {
      const answer = await preflight(OTHER_PAGE, 'PATCH', '/children/some-child', 'authorization,content-type,if-match');

      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(OTHER_PAGE);
    });

    it('needs no token, even for a route that does', async () => {
      const answer = await preflight(PAGE, 'POST', '/children/some-child/meetings', 'authorization,content-type,idempotency-key');

      expect(answer.status).toBe(204);
      expect(answer.headers.get('www-authenticate')).toBeNull();
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    });

    it('from an origin not allowed is not allowed', async () => {
      const answer = await preflight(ELSEWHERE, 'GET');

      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('access-control-allow-methods')).toBeNull();
      expect(corsHeadersOf(answer)).toEqual([]);
    });

    it('from an origin that only looks like the page is not allowed', async () => {
      const answer = await preflight(`${PAGE}.evil.example.com`, 'GET');

      expect(corsHeadersOf(answer)).toEqual([]);
    });

    it('allows exactly the methods the route table uses, each from the page', async () => {
      const used = [...new Set(ROUTES.map((route) => route.method))].sort();

      expect([...API_CORS.allowMethods].sort()).toEqual(used);
      for (const method of used) {
        const answer = await preflight(PAGE, method, '/children/some-child', 'authorization,content-type');

        expect(answer.status, method).toBe(204);
        expect(answer.headers.get('access-control-allow-origin'), method).toBe(PAGE);
      }
    });

    it('for a method no route uses is not allowed, even from the page', async () => {
      const used = new Set<string>(ROUTES.map((route) => route.method));
      const unused = HTTP_METHODS.filter((method) => !used.has(method));

      expect(unused.length).toBeGreaterThan(0);
      for (const method of unused) {
        expect(API_CORS.allowMethods, method).not.toContain(method);

        const answer = await preflight(PAGE, method, '/children/some-child');

        expect(answer.headers.get('access-control-allow-origin'), method).toBeNull();
        expect(answer.headers.get('access-control-allow-methods'), method).toBeNull();
      }
    });
  });

  describe('a request', () => {
    it('from the page, with a good token, is answered with the origin and the headers it may read', async () => {
      const answer = await api.send('GET', '/snapshots', { as: SERVICE_MANAGER, headers: { origin: PAGE } });

      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(answer.headers.get('access-control-expose-headers')).toBe(API_CORS.exposeHeaders.join(','));
      expect(answer.headers.get('vary')?.toLowerCase()).toBe('origin');
      expect(corsHeadersOf(answer).sort()).toEqual(['access-control-allow-origin', 'access-control-expose-headers']);
    });

    it('from the page, with no token, is a 401 the page can still read (so it can sign in again)', async () => {
      const answer = await api.send('GET', '/snapshots', { headers: { origin: PAGE } });

      expect(answer.status).toBe(401);
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    });

    it('from the page, with a bad token, is a 401 the page can still read', async () => {
      const answer = await api.send('GET', '/snapshots', { headers: { origin: PAGE, authorization: 'Bearer not-a-token' } });

      expect(answer.status).toBe(401);
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    });

    it('from the page, with no token, to a route that takes none (the calendar feed) reaches the function, and names the origin', async () => {
      const route = ROUTES.find((candidate) => isPublic(candidate))!;
      const answer = await api.send(route.method, route.path.replace('{secret}', Buffer.alloc(32).toString('base64url')), { headers: { origin: PAGE } });

      expect(answer.status, answer.text).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    });

    it('from an origin not allowed is answered, but with no CORS headers at all', async () => {
      const answer = await api.send('GET', '/snapshots', { as: SERVICE_MANAGER, headers: { origin: ELSEWHERE } });

      expect(answer.status, answer.text).toBe(200);
      expect(corsHeadersOf(answer)).toEqual([]);
    });

    it('with no origin (not from a page) has no CORS headers', async () => {
      const answer = await api.get(SERVICE_MANAGER, '/snapshots');

      expect(answer.status, answer.text).toBe(200);
      expect(corsHeadersOf(answer)).toEqual([]);
    });
  });
});
