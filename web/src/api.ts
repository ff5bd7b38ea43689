/**
 * The page's calls to the HTTP API, with the signed-in person's ID token. A
 * refusal of a read becomes an {@link ApiError} carrying the API's own
 * message; a change ({@link Api.send}) answers whatever the API answered, so
 * that a form can show each field's problem. Either way a 401 signs the person
 * out (the token expired), and an unreachable API is an {@link ApiError} 0.
 */
import type { SignedIn } from './session';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the API answered a change: its status, headers and JSON body (undefined when it sent none). */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T | undefined;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  /** A GET, with the answer's ETag: a child's version, for `If-Match`. */
  getWithEtag<T>(path: string): Promise<{ body: T; etag: string | undefined }>;
  /**
   * Sends a change (a JSON body, and headers such as `If-Match`) and answers
   * the API's status, headers and JSON, a refusal included; only a 401 (after
   * signing the person out) and an unreachable API throw.
   */
  send<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  /** Fetches a file from the API and hands it to the browser as a download. */
  download(path: string, accept: string, fallbackName: string): Promise<void>;
}

export function apiFor(apiUrl: string, user: SignedIn, onUnauthorized: () => void): Api {
  /** The API's answer, whatever it is; throws only when it cannot be reached, or refused the token. */
  async function request(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${user.token}` } });
    } catch {
      throw new ApiError(0, 'The service could not be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      onUnauthorized();
      throw new ApiError(401, 'Your sign-in has expired. Sign in again.');
    }
    return response;
  }

  /** A read: a refusal is an {@link ApiError} with the API's message. */
  async function call(path: string, accept: string): Promise<Response> {
    const response = await request(path, { headers: { accept } });
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
    async getWithEtag<T>(path: string) {
      const response = await call(path, 'application/json');
      return { body: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
    },
    async send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await request(path, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = /json/.test(response.headers.get('content-type') ?? '') ? ((await response.json().catch(() => undefined)) as T | undefined) : undefined;
      return { status: response.status, headers: response.headers, body: json };
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
