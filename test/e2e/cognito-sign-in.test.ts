/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page's deployed sign-in, the whole round trip, in a real browser
 * (Debian's headless Chromium): the built page, configured for Cognito's
 * hosted sign-in as the stack deploys it, against a local OpenID provider
 * standing in for Cognito (test/support/oidc-provider.ts), and the API
 * verifying the provider's ID tokens by its published keys, issuer and
 * audience, as API Gateway's JWT authorizer verifies Cognito's.
 *
 * "Sign in" sends the browser to the authorize endpoint with a code request
 * and a PKCE challenge; the person signs in on the provider's form; the page
 * exchanges the code it is sent back with (with the verifier, no secret),
 * tidies the code out of the URL, returns to the route the person started
 * on, keeps the tokens in the tab's sessionStorage alone, and calls the API
 * with the ID token. Sign-out goes to Cognito's own logout endpoint (answered
 * here by the test, since the stand-in's end-session endpoint is not
 * Cognito's); a token the API refuses brings the sign-in back. No
 * Content-Security-Policy violation on the page, throughout.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, createRemoteJWKSet, decodeJwt, generateKeyPair, jwtVerify } from 'jose';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '#infra/local/demo-register';
import { verifyLocalToken } from '#infra/local/local-auth';
import { createLocalWebServer } from '#infra/local/web-server';
import { buildWeb } from '../../web/build';
import { ADMIN, type Api, useApi } from '../api/harness';
import { launchBrowser, type Browser } from '../support/browser';
import { startOidcProvider, type ProviderPerson, type RunningOidcProvider } from '../support/oidc-provider';
import { freePort } from '../support/ports';

const CLIENT_ID = 'iro-timescales-page';
const SERVICE_MANAGER: ProviderPerson = { email: 'service.manager@example.org', groups: ['service-manager'] };
const IRO: ProviderPerson = { email: 'iro01@example.org', groups: ['iro'] };
/** The month the harness snapshots before the page is opened. */
const SNAPSHOT_MONTH = '2025-01';

let workDir: string;
let provider: RunningOidcProvider;
let web: Server;
let browser: Browser;
let webPort: number;
let pageDir: string;
let pageOrigin: string;
let pageUrl: string;
/** Where oidc-client-ts keeps the signed-in person, in sessionStorage. */
let userKey: string;
/** While the harness seeds the table with its own local tokens; the page's calls are verified as deployed. */
let seeding = true;

// The page's origin and the provider first: the API's CORS and its authorizer name them.
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'cognito-sign-in-'));
  webPort = await freePort();
  pageOrigin = `http://127.0.0.1:${webPort}`;
  pageUrl = `${pageOrigin}/`;
  pageDir = buildWeb(path.join(workDir, 'page')).outDir;
  provider = await startOidcProvider({ clientId: CLIENT_ID, pageUrl, people: [SERVICE_MANAGER, IRO] });
  userKey = `oidc.user:${provider.issuer}:${CLIENT_ID}`;
}, 60_000);

afterAll(async () => {
  await provider?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const api: Api = useApi(() => {
  // As API Gateway's JWT authorizer: the issuer's published keys, its issuer, the page's client as audience.
  const jwks = createRemoteJWKSet(new URL(provider.discovery.jwks_uri));
  return {
    allowOrigins: [pageOrigin],
    verifyToken: async (token) => {
      if (seeding) return verifyLocalToken(api.key, token);
      return (await jwtVerify(token, jwks, { issuer: provider.issuer, audience: CLIENT_ID })).payload;
    },
  };
});

beforeAll(async () => {
  await api.given(ADMIN, 'POST', `/snapshots/${SNAPSHOT_MONTH}`, undefined);
  seeding = false;

  web = createLocalWebServer({
    pageDir,
    apiPort: Number(new URL(api.baseUrl).port),
    key: api.key,
    users: DEMO_USERS,
    signIn: { kind: 'cognito', authority: provider.issuer, clientId: CLIENT_ID, domain: provider.issuer, redirectUri: pageUrl },
    connectSources: [provider.issuer],
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(webPort, '127.0.0.1', () => resolve());
  });
  browser = await launchBrowser({ downloads: false });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (web) {
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  }
});

interface Watched {
  page: Page;
  /** Every request the tab made, in order. */
  requests: Request[];
  /** Content-Security-Policy violations, by the origin of the document they happened on. */
  violations: { origin: string; text: string }[];
  /** Uncaught errors in the page. */
  errors: string[];
}

/** A new tab (its own sessionStorage), with no provider session from an earlier test, recording what the page does. */
async function openPage(): Promise<Watched> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  // Each step takes well under a second: fail on the step itself, not on the test's timeout.
  page.setDefaultTimeout(10_000);
  const watched: Watched = { page, requests: [], violations: [], errors: [] };
  await page.exposeFunction('reportViolation', (origin: string, text: string) => watched.violations.push({ origin, text }));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(origin: string, text: string): void }).reportViolation(
        location.origin,
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  page.on('request', (request) => watched.requests.push(request));
  page.on('pageerror', (error) => watched.errors.push(error.message));
  return watched;
}

const onPage = (watched: Watched) => watched.violations.filter((violation) => violation.origin === pageOrigin).map((violation) => violation.text);

/** From the Cognito sign-in screen: "Sign in", then the provider's form, as a person fills it in; back at the page, signed in. */
async function signIn(watched: Watched, person: ProviderPerson): Promise<Request> {
  const { page } = watched;
  try {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const [authorize] = await Promise.all([
      page.waitForRequest((request) => request.isNavigationRequest() && request.url().startsWith(provider.discovery.authorization_endpoint)),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await page.locator('input[name="login"]').fill(person.email);
    await page.locator('input[name="password"]').fill('any password: the stand-in checks none');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByText(`Signed in as ${person.email}`).waitFor();
    return authorize;
  } catch (error) {
    // Say why when the page itself said so: a blocked fetch, an error the sign-in threw.
    expect(onPage(watched), 'CSP violations on the page').toEqual([]);
    expect(watched.errors, 'errors in the page').toEqual([]);
    throw error;
  }
}

const storage = (page: Page) =>
  page.evaluate(() => ({
    session: Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key) ?? ''])),
    local: Object.keys(localStorage),
  }));

const base64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe("the page's sign-in through the OIDC provider, as through Cognito's hosted sign-in", () => {
  it('goes by the code flow with PKCE, exchanges the code with its verifier and no secret, and comes back to where it started', async () => {
    const watched = await openPage();
    const { page, requests } = watched;
    await page.goto(`${pageUrl}#/snapshots`);

    const authorize = new URL((await signIn(watched, SERVICE_MANAGER)).url());

    // The authorization request: a code, for the page's client, with an S256 challenge.
    expect(authorize.origin + authorize.pathname).toBe(provider.discovery.authorization_endpoint);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('redirect_uri')).toBe(pageUrl);
    expect(authorize.searchParams.get('scope')?.split(' ')).toContain('openid');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const challenge = authorize.searchParams.get('code_challenge') ?? '';
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = authorize.searchParams.get('state') ?? '';
    expect(state).not.toBe('');

    // The provider sent the browser back to the page with a code and the same state.
    const callback = requests.find((request) => request.isNavigationRequest() && request.url().startsWith(`${pageUrl}?`));
    expect(callback, 'the page was opened with a code').toBeDefined();
    const back = new URL(callback!.url());
    const code = back.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expect(back.searchParams.get('state')).toBe(state);

    // The page exchanged that code: with the verifier the challenge was made from, and no client secret.
    const exchanges = requests.filter((request) => request.url() === provider.discovery.token_endpoint && request.method() === 'POST');
    expect(exchanges).toHaveLength(1);
    const exchange = exchanges[0]!;
    const form = new URLSearchParams(exchange.postData() ?? '');
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe(code);
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(form.get('redirect_uri')).toBe(pageUrl);
    const verifier = form.get('code_verifier') ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(base64url(createHash('sha256').update(verifier).digest())).toBe(challenge);
    expect(form.has('client_secret')).toBe(false);
    expect((await exchange.allHeaders())['authorization']).toBeUndefined();
    expect((await exchange.response())?.status()).toBe(200);

    // The code and state are gone from the URL, and the person is on the route they started on.
    await page.getByRole('heading', { name: 'Monthly figures' }).waitFor();
    expect(page.url()).toBe(`${pageUrl}#/snapshots`);
    const now = new URL(page.url());
    expect(now.searchParams.has('code')).toBe(false);
    expect(now.searchParams.has('state')).toBe(false);

    // The tokens live in the tab's sessionStorage, nothing in localStorage, and no sign-in state is left over.
    const stored = await storage(page);
    expect(stored.local.filter((key) => key.startsWith('oidc.'))).toEqual([]);
    expect(Object.keys(stored.session).filter((key) => key.startsWith('oidc.'))).toEqual([userKey]);
    const idToken = (JSON.parse(stored.session[userKey]!) as { id_token: string }).id_token;
    const claims = decodeJwt(idToken);
    expect(claims).toMatchObject({ iss: provider.issuer, aud: CLIENT_ID, email: SERVICE_MANAGER.email, 'cognito:groups': ['service-manager'] });

    // The monthly figures: the API, verifying the provider's ID token, answered the page.
    await page.locator('#month-heading').getByText('January 2025').waitFor();
    const apiCalls = requests.filter((request) => request.url().startsWith(`${api.baseUrl}/snapshots`) && request.method() === 'GET');
    expect(apiCalls.map((request) => new URL(request.url()).pathname)).toEqual(expect.arrayContaining(['/snapshots', `/snapshots/${SNAPSHOT_MONTH}`]));
    for (const call of apiCalls) {
      expect((await call.allHeaders())['authorization'], call.url()).toBe(`Bearer ${idToken}`);
      expect((await call.response())?.status(), call.url()).toBe(200);
    }

    expect(onPage(watched)).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("signs an IRO in to their own timescales, their role read from the ID token's cognito:groups", async () => {
    const watched = await openPage();
    const { page, requests } = watched;
    await page.goto(pageUrl);

    await signIn(watched, IRO);

    await page.getByRole('heading', { name: 'Your timescales' }).waitFor();
    await page.getByText('Nothing is breached.').waitFor();
    expect(page.url()).toBe(pageUrl);
    expect(await page.getByRole('link', { name: 'Monthly figures' }).count()).toBe(0);
    const call = requests.find((request) => request.url().startsWith(`${api.baseUrl}/timescales`));
    expect((await call?.response())?.status()).toBe(200);
    expect(onPage(watched)).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("signs out by forgetting the tokens and sending the browser to Cognito's logout endpoint for the page's client", async () => {
    const watched = await openPage();
    const { page } = watched;
    await page.goto(pageUrl);
    await signIn(watched, SERVICE_MANAGER);
    // Cognito's logout (not the stand-in's end-session endpoint): answered here as Cognito answers it, back to logout_uri.
    const logouts: URL[] = [];
    await page.route(`${provider.issuer}/logout**`, async (route) => {
      const url = new URL(route.request().url());
      logouts.push(url);
      await route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri') ?? pageUrl } });
    });

    await page.getByRole('button', { name: /^Sign out/ }).click();

    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(logouts.map((url) => url.pathname)).toEqual(['/logout']);
    expect(Object.fromEntries(logouts[0]!.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: pageUrl });
    expect(page.url()).toBe(pageUrl);
    expect(await page.getByText('Signed in as').count()).toBe(0);
    expect(Object.keys((await storage(page)).session).filter((key) => key.startsWith('oidc.'))).toEqual([]);
    expect(onPage(watched)).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('asks to sign in again, without ending the Cognito session, when the API refuses the token: one from another issuer', async () => {
    const watched = await openPage();
    const { page, requests } = watched;
    // An ID token the page would take at its word (it verifies nothing itself), signed by someone else.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ email: SERVICE_MANAGER.email, 'cognito:groups': ['service-manager'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_elsewhere')
      .setAudience(CLIENT_ID)
      .setSubject('someone')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const user = JSON.stringify({ id_token: forged, access_token: 'forged', token_type: 'Bearer', scope: 'openid email profile', profile: decodeJwt(forged), expires_at: Math.floor(Date.now() / 1000) + 3600 });
    // Planted once, before the page's script runs.
    await page.addInitScript(
      ([key, value]) => {
        if (location.search === '' && !sessionStorage.getItem('planted')) {
          sessionStorage.setItem('planted', 'yes');
          sessionStorage.setItem(key!, value!);
        }
      },
      [userKey, user],
    );
    const logouts: URL[] = [];
    await page.route(`${provider.issuer}/logout**`, async (route) => {
      const url = new URL(route.request().url());
      logouts.push(url);
      await route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri') ?? pageUrl } });
    });

    await page.goto(`${pageUrl}#/snapshots`);

    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const refused = requests.find((request) => request.url() === `${api.baseUrl}/snapshots`);
    expect((await refused?.allHeaders())?.['authorization']).toBe(`Bearer ${forged}`);
    expect((await refused?.response())?.status()).toBe(401);
    // Forgotten here only: Cognito's session, if any, stays, so signing in again needs no password.
    expect(logouts).toHaveLength(0);
    expect(await page.getByText('Your sign-in expired. Sign in again.').isVisible()).toBe(true);
    // Still on the screen they asked for, to come back to once signed in.
    expect(new URL(page.url()).hash).toBe('#/snapshots');
    expect(Object.keys((await storage(page)).session).filter((key) => key.startsWith('oidc.'))).toEqual([]);
    expect(onPage(watched)).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  });
});
