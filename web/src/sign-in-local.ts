/**
 * Local sign-in: the page server lists the local stack's demo users and signs
 * a local token for the one chosen (infra/local/web-server.ts).
 */
import type { LocalSignIn } from './config';
import { signedInFrom, type Role, type SignedIn, type SignInService } from './session';

const KEY = 'iro-timescales.local-token';

export interface DemoUser {
  email: string;
  roles: Role[];
  description: string;
}

export class LocalSignInService implements SignInService {
  constructor(private readonly config: LocalSignIn) {}

  async current(): Promise<SignedIn | undefined> {
    const token = sessionStorage.getItem(KEY);
    const user = token ? signedInFrom(token) : undefined;
    if (user && user.expiresAt > Date.now()) return user;
    sessionStorage.removeItem(KEY);
    return undefined;
  }

  async users(): Promise<DemoUser[]> {
    const response = await fetch(this.config.usersUrl);
    if (!response.ok) throw new Error(`The local sign-in answered ${response.status}.`);
    return ((await response.json()) as { users: DemoUser[] }).users;
  }

  async signInAs(email: string): Promise<SignedIn> {
    const response = await fetch(this.config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (!response.ok) throw new Error(`The local sign-in answered ${response.status}.`);
    const { token } = (await response.json()) as { token: string };
    const user = signedInFrom(token);
    if (!user) throw new Error('The local sign-in gave a token the page cannot read.');
    sessionStorage.setItem(KEY, token);
    return user;
  }

  async signOut(): Promise<void> {
    sessionStorage.removeItem(KEY);
  }

  async forget(): Promise<void> {
    await this.signOut();
  }
}
