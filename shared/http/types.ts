/**
 * What an operation sees of a request and what it answers. The request's
 * parts are already checked against its route's schemas (`httpApi`), so an
 * operation gets them parsed and typed: {@link RequestOf} names the request of
 * one operation.
 */
import type * as z from 'zod/mini';
import type { Caller } from '#shared/domain/access';
import type { OperationId, Route } from '#shared/http/routes';

/** A request's parsed parts, and its caller's type when it is not the usual (see {@link InputOf}). */
export interface RequestInput {
  params: unknown;
  query: unknown;
  body: unknown;
  caller?: Caller | undefined;
}

/** What an operation sees of a request: authenticated, and its parts parsed by the route's schemas. */
export interface ApiRequest<Input extends RequestInput = RequestInput> {
  /** Who made it; `undefined` on a route with no caller (`auth: 'none'`), and only there. */
  caller: Input extends { caller: infer C } ? C : Caller;
  /** The path parameters, parsed. */
  params: Input['params'];
  /** The query string, parsed. */
  query: Input['query'];
  /** The JSON body, parsed; `undefined` for a route that takes none. */
  body: Input['body'];
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  requestId: string;
  /**
   * Where the caller reached the API, `https://<domain>`: the domain API
   * Gateway says it was called on (its own or a custom one), by the scheme it
   * says (`X-Forwarded-Proto`; plain http only on this machine).
   */
  origin: string;
}

/** What a route's schema (the function that builds it: `RouteDefinition`) makes of its part of a request. */
type Parsed<S> = S extends () => infer Schema ? (Schema extends z.core.$ZodType ? z.output<Schema> : undefined) : undefined;
type RouteOf<Id extends OperationId> = Extract<Route, { operationId: Id }>;

/** The parsed parts of one operation's request, by its route's schemas, and its caller (none on an `auth: 'none'` route). */
export type InputOf<Id extends OperationId> = {
  caller: RouteOf<Id> extends { auth: 'none' } ? undefined : Caller;
  params: Parsed<RouteOf<Id> extends { params: infer P } ? P : undefined>;
  query: Parsed<RouteOf<Id> extends { query: infer Q } ? Q : undefined>;
  body: Parsed<RouteOf<Id> extends { body: infer B } ? B : undefined>;
};

/** The request one operation receives. */
export type RequestOf<Id extends OperationId> = ApiRequest<InputOf<Id>>;

/** What an operation answers; the middleware turns it into the HTTP response. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  /** A body that is not JSON (a CSV download), sent as it is; give its content-type in `headers`. */
  text?: string;
  /** A binary body (the committee's Word document), sent base64 with `isBase64Encoded`; give its content-type in `headers`. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

/** One route's behaviour. */
export type Operation<Id extends OperationId = OperationId> = (request: RequestOf<Id>) => Promise<ApiResponse>;

/** Every route's operation: the compiler checks none is missing, and each takes its own route's request. */
export type Operations = { [Id in OperationId]: Operation<Id> };
