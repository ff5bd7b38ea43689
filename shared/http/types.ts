/**
 * What an operation sees of a request and what it answers. The request's
 * parts are already checked against its route's schemas (`httpApi`), so an
 * operation gets them parsed and typed: {@link RequestOf} names the request of
 * one operation.
 */
import type * as z from 'zod';
import type { Caller } from '#shared/domain/access';
import type { OperationId, Route } from '#shared/http/routes';

/** A request's parsed parts. */
export interface RequestInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** What an operation sees of a request: authenticated, and its parts parsed by the route's schemas. */
export interface ApiRequest<Input extends RequestInput = RequestInput> {
  caller: Caller;
  /** The path parameters, parsed. */
  params: Input['params'];
  /** The query string, parsed. */
  query: Input['query'];
  /** The JSON body, parsed; `undefined` for a route that takes none. */
  body: Input['body'];
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  requestId: string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type RouteOf<Id extends OperationId> = Extract<Route, { operationId: Id }>;

/** The parsed parts of one operation's request, by its route's schemas. */
export type InputOf<Id extends OperationId> = {
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
  headers?: Record<string, string>;
}

/** One route's behaviour. */
export type Operation<Id extends OperationId = OperationId> = (request: RequestOf<Id>) => Promise<ApiResponse>;

/** Every route's operation: the compiler checks none is missing, and each takes its own route's request. */
export type Operations = { [Id in OperationId]: Operation<Id> };
