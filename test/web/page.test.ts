/**
 * The page's parts that need no browser: its build (the script budget, no
 * inline script or style for the CSP to refuse, no GOV.UK-only font), its
 * routes, and the sign-in request it sends to Cognito (the authorization-code
 * flow with a PKCE challenge, built by oidc-client-ts itself).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemoryWebStorage, OidcClient } from 'oidc-client-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuiltPage } from '../../web/build';
import { parseRoute, hrefOf } from '../../web/src/router';
import { userManagerSettings } from '../../web/src/sign-in-cognito';
import { signedInFrom } from '../../web/src/session';
import type { CognitoSignIn } from '../../web/src/config';

describe('the built page', () => {
  let outDir: string;
  let built: BuiltPage;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'iro-page-'));
    built = buildWeb(outDir);
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('sends under 200 KB of script, gzipped', () => {
    expect(built.scriptGzipBytes).toBeGreaterThan(10_000);
    expect(built.scriptGzipBytes).toBeLessThan(200 * 1024);
  });

  it('loads only its own files: no inline script or style for the Content-Security-Policy to refuse', () => {
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');

    expect(html).toContain(`<script type="module" src="/${built.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/${built.stylesheet}">`);
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script type="module" src="/${built.script}">`]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(readdirSync(outDir).sort()).toEqual(['assets', 'index.html', built.script, built.stylesheet].sort());
  });

  it("uses the system font, not GOV.UK's GDS Transport, which is licensed for GOV.UK services only", () => {
    const css = readFileSync(path.join(outDir, built.stylesheet), 'utf8');

    expect(css).not.toContain('GDS Transport');
    expect(css).not.toContain('@font-face');
    expect(css).toMatch(/font-family:\s*arial,\s*sans-serif/);
  });

  it('names its files by their content, so a changed page is a new file CloudFront has never cached', () => {
    const again = buildWeb(outDir);

    expect(again.script).toBe(built.script);
    expect(built.script).toMatch(/^app-[0-9a-f]{12}\.js$/);
    expect(built.stylesheet).toMatch(/^app-[0-9a-f]{12}\.css$/);
  });
});

describe("the page's routes", () => {
  it('reads every route from the hash, and refuses what is not one', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/timescales')).toEqual({ name: 'timescales' });
    expect(parseRoute('#/children/abc-1')).toEqual({ name: 'child', childId: 'abc-1' });
    expect(parseRoute('#/snapshots')).toEqual({ name: 'snapshots' });
    expect(parseRoute('#/snapshots/2026-11')).toEqual({ name: 'snapshots', month: '2026-11' });
    expect(parseRoute('#/annual/2025')).toEqual({ name: 'annual', year: 2025 });
    for (const bad of ['#/snapshots/2026-13', '#/snapshots/11-2026', '#/annual/25', '#/children', '#/children/a/b', '#/elsewhere']) {
      expect(parseRoute(bad), bad).toEqual({ name: 'not-found' });
    }
  });

  it('makes links that read back as the same route', () => {
    expect(parseRoute(hrefOf.child('a b/c'))).toEqual({ name: 'child', childId: 'a b/c' });
    expect(parseRoute(hrefOf.snapshots('2025-03'))).toEqual({ name: 'snapshots', month: '2025-03' });
    expect(parseRoute(hrefOf.annual(2024))).toEqual({ name: 'annual', year: 2024 });
  });
});

describe('signing in through Cognito', () => {
  const config: CognitoSignIn = {
    kind: 'cognito',
    authority: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Example',
    clientId: 'page-client-id',
    domain: 'https://iro-example.auth.eu-west-2.amazoncognito.com',
    redirectUri: 'https://d111111abcdef8.cloudfront.net/',
  };

  it('sends the browser to the hosted sign-in for an authorization code, with a PKCE challenge and no secret', async () => {
    const client = new OidcClient({
      ...userManagerSettings(config, new InMemoryWebStorage()),
      // What Cognito's discovery document says, given here so the test needs no network.
      metadata: {
        issuer: config.authority,
        authorization_endpoint: `${config.domain}/oauth2/authorize`,
        token_endpoint: `${config.domain}/oauth2/token`,
        jwks_uri: `${config.authority}/.well-known/jwks.json`,
      },
    });

    const request = await client.createSigninRequest({ state: '#/snapshots' });
    const url = new URL(request.url);

    expect(`${url.origin}${url.pathname}`).toBe(`${config.domain}/oauth2/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(config.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(config.redirectUri);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/.+/);
    expect(url.searchParams.has('client_secret')).toBe(false);
  });

  it("reads the roles from a Cognito ID token's cognito:groups, ignoring groups that are not roles", () => {
    const payload = Buffer.from(JSON.stringify({ email: 'iro01@example.org', 'cognito:groups': ['iro', 'finance'], exp: 2_000_000_000 })).toString('base64url');

    expect(signedInFrom(`e30.${payload}.sig`)).toEqual({ token: `e30.${payload}.sig`, email: 'iro01@example.org', roles: ['iro'], expiresAt: 2_000_000_000_000 });
    expect(signedInFrom('not a token')).toBeUndefined();
  });
});
