/**
 * Who is signed in: the ID token the API is called with, and what the page
 * reads from it (the email and roles, to choose what to show; the API checks
 * them itself). Kept in sessionStorage: gone when the tab closes.
 */

export type Role = 'iro' | 'team-manager' | 'service-manager' | 'admin';
const ROLES: readonly Role[] = ['iro', 'team-manager', 'service-manager', 'admin'];

export interface SignedIn {
  token: string;
  email: string;
  roles: Role[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** The claims of a JWT, unverified: the page only displays them; the API verifies. */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/** What a token says of its holder; undefined when it is not a token the API could accept. */
export function signedInFrom(token: string): SignedIn | undefined {
  try {
    const claims = claimsOf(token);
    const groups = claims['cognito:groups'];
    const roles = (Array.isArray(groups) ? groups : []).filter((g): g is Role => ROLES.includes(g as Role));
    const email = claims['email'];
    const exp = claims['exp'];
    if (typeof email !== 'string' || typeof exp !== 'number') return undefined;
    return { token, email, roles, expiresAt: exp * 1000 };
  } catch {
    return undefined;
  }
}

export const isManager = (user: SignedIn) => user.roles.includes('service-manager') || user.roles.includes('admin');
export const hasCaseload = (user: SignedIn) => user.roles.includes('iro') || user.roles.includes('team-manager');
/** An admin keeps the IRO directory. */
export const isAdmin = (user: SignedIn) => user.roles.includes('admin');

/** How the page signs people in and out: locally or through Cognito. */
export interface SignInService {
  /** The person signed in, if their token is still good. */
  current(): Promise<SignedIn | undefined>;
  /** Forget the token (and, deployed, end the Cognito session). */
  signOut(): Promise<void>;
  /**
   * Forget the token only, when the API has refused it: deployed, Cognito's
   * session may still be good, so signing in again needs no password.
   */
  forget(): Promise<void>;
}
