import type { Caller } from '#shared/domain/access';

/** What an operation sees of a request: already authenticated and parsed. */
export interface ApiRequest {
  caller: Caller;
  pathParameters: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, still unvalidated; `undefined` when there is none. */
  body: unknown;
  requestId: string;
}

/** What an operation answers; the middleware turns it into the HTTP response. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  /** A body that is not JSON (a CSV download), sent as it is; give its content-type in `headers`. */
  text?: string;
  headers?: Record<string, string>;
}

/** One route's behaviour. */
export type Operation = (request: ApiRequest) => Promise<ApiResponse>;
