/**
 * `config.json`, served beside the page: where the API is and how to sign in.
 * The CDK stack writes it at deploy time; `npm start`'s page server answers it.
 */

/** Deployed: Cognito's hosted sign-in, the authorization-code flow with PKCE. */
export interface CognitoSignIn {
  kind: 'cognito';
  /** The OIDC issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  authority: string;
  /** The page's app client (public: no secret). */
  clientId: string;
  /** The hosted sign-in's domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
  /** Where Cognito sends the browser back to: the page itself. */
  redirectUri: string;
}

/** Locally: pick one of the local stack's demo users; the page server signs their token. */
export interface LocalSignIn {
  kind: 'local';
  /** GET: the demo users, `[{ email, roles, description }]`. */
  usersUrl: string;
  /** POST `{ email }`: `{ token }`, a local token for that demo user. */
  tokenUrl: string;
}

export interface PageConfig {
  /** The HTTP API's base URL, no trailing slash. */
  apiUrl: string;
  signIn: CognitoSignIn | LocalSignIn;
}
