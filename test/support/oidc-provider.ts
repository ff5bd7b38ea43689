/**
 * A local OpenID provider standing in for Cognito's hosted sign-in, for the
 * browser test of the page's deployed sign-in: panva's `oidc-provider` (8.x,
 * the line that supports Node 20), on loopback over plain HTTP.
 *
 * Configured as the stack configures Cognito for the page: one public client
 * (no secret, `token_endpoint_auth_method: none`), the authorization-code
 * flow only, PKCE required with S256, and ID tokens carrying `email` and
 * `cognito:groups` (an array, as Cognito puts it there). Sign-in is the
 * library's own development login form (any password; the login names the
 * person), and, as with Cognito's first-party app client, there is no consent
 * screen. The token endpoint answers CORS for the page's origin alone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './ports';

/** Someone who can sign in at the provider: their email is also their login. */
export interface ProviderPerson {
  email: string;
  /** Their Cognito groups, e.g. `['service-manager']`. */
  groups: readonly string[];
}

export interface OidcProviderOptions {
  /** The page's app client. */
  clientId: string;
  /** The page's URL, with its trailing slash: where the provider sends the browser back to, after sign-in and sign-out. */
  pageUrl: string;
  people: readonly ProviderPerson[];
}

/** The endpoints the provider's discovery document names. */
export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  code_challenge_methods_supported?: string[];
  [name: string]: unknown;
}

export interface RunningOidcProvider {
  /** The issuer, which is also the provider's origin: `http://127.0.0.1:<port>`. */
  issuer: string;
  discovery: Discovery;
  close(): Promise<void>;
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const pageOrigin = new URL(options.pageUrl).origin;
  const subjects = new Map(options.people.map((person) => [person.email, randomUUID()]));

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `test-${randomUUID()}`, alg: 'RS256', use: 'sig' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        redirect_uris: [options.pageUrl],
        post_logout_redirect_uris: [options.pageUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    // Cognito's ID token carries the person's claims itself, whatever else is issued.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'cognito:groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    async findAccount(_ctx, id) {
      const person = options.people.find((candidate) => candidate.email === id);
      if (!person) return undefined;
      const sub = subjects.get(person.email)!;
      return {
        accountId: person.email,
        claims: async () => ({ sub, email: person.email, email_verified: true, 'cognito:groups': [...person.groups] }),
      };
    },
    // Cognito asks no consent of the person for the page's own app client: grant its scopes at once.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = (result?.['consent'] as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    // Cognito's lifetimes for the page's client (its defaults): an hour's tokens, five minutes to use a code.
    ttl: { AccessToken: 3600, AuthorizationCode: 300, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    clientBasedCORS: (_ctx, origin) => origin === pageOrigin,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: true } },
  };

  const provider = new Provider(issuer, configuration);
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the OIDC provider's discovery answered ${response.status}`);
  const discovery = (await response.json()) as Discovery;

  return {
    issuer,
    discovery,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
