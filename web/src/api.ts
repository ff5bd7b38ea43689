/**
 * The page's calls to the HTTP API, with the signed-in person's ID token. A
 * refusal becomes an {@link ApiError} carrying the API's own message.
 */
import type { SignedIn } from './session';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  /** Fetches a file from the API and hands it to the browser as a download. */
  download(path: string, accept: string, fallbackName: string): Promise<void>;
}

export function apiFor(apiUrl: string, user: SignedIn, onUnauthorized: () => void): Api {
  async function call(path: string, accept: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${user.token}`, accept } });
    } catch {
      throw new ApiError(0, 'The service could not be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      onUnauthorized();
      throw new ApiError(401, 'Your sign-in has expired. Sign in again.');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as { error?: { message?: string }; message?: string } | undefined;
      throw new ApiError(response.status, body?.error?.message ?? body?.message ?? `The service answered ${response.status}.`);
    }
    return response;
  }

  return {
    async get<T>(path: string): Promise<T> {
      return (await (await call(path, 'application/json')).json()) as T;
    },
    async download(path, accept, fallbackName) {
      const response = await call(path, accept);
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
