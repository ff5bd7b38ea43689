/**
 * Deployed sign-in: Cognito's hosted sign-in page, by the authorization-code
 * flow with PKCE, through oidc-client-ts. The page never sees a password: the
 * browser goes to Cognito and comes back with a code, which oidc-client-ts
 * exchanges (with the PKCE verifier it kept) for the tokens. The API is
 * called with the ID token, which carries `email` and `cognito:groups`.
 */
import { UserManager, WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';
import type { CognitoSignIn } from './config';
import { signedInFrom, type SignedIn, type SignInService } from './session';

/** oidc-client-ts's settings for the page's Cognito app client. */
export function userManagerSettings(config: CognitoSignIn, storage: Storage): UserManagerSettings {
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    // Tokens live only as long as the tab; nothing in localStorage.
    userStore: new WebStorageStateStore({ store: storage }),
    stateStore: new WebStorageStateStore({ store: storage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
  };
}

export class CognitoSignInService implements SignInService {
  private readonly manager: UserManager;

  constructor(private readonly config: CognitoSignIn) {
    this.manager = new UserManager(userManagerSettings(config, sessionStorage));
  }

  /** When Cognito has just sent the browser back with a code: exchange it, and answer the page's route before sign-in. */
  async completeSignIn(): Promise<string | undefined> {
    const url = new URL(location.href);
    if (!url.searchParams.has('code') || !url.searchParams.has('state')) return undefined;
    const user = await this.manager.signinRedirectCallback();
    history.replaceState(null, '', `${url.pathname}${typeof user.state === 'string' ? user.state : ''}`);
    return typeof user.state === 'string' ? user.state : undefined;
  }

  /** Off to Cognito's hosted sign-in; back at the same route afterwards. */
  async signIn(): Promise<void> {
    await this.manager.signinRedirect({ state: location.hash });
  }

  async current(): Promise<SignedIn | undefined> {
    const user = await this.manager.getUser();
    if (!user || user.expired || !user.id_token) return undefined;
    return signedInFrom(user.id_token);
  }

  async forget(): Promise<void> {
    await this.manager.removeUser();
  }

  async signOut(): Promise<void> {
    await this.forget();
    // Cognito's own logout endpoint ends its session too (it takes logout_uri, not the OIDC parameter).
    const logout = new URL('/logout', this.config.domain);
    logout.searchParams.set('client_id', this.config.clientId);
    logout.searchParams.set('logout_uri', this.config.redirectUri);
    location.assign(logout.toString());
  }
}
