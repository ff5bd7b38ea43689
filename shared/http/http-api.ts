/**
 * The middleware every API request passes through: it finds the route, reads
 * the caller, refuses a role the route does not allow (its action's row in
 * `shared/domain/access.ts`; a route with no caller, `auth: 'none'`, reads
 * none and leaves the credential its path carries to its operation), parses the JSON body, validates the path
 * parameters, the query and the body against the route's own schemas (every
 * failing field named in one 400), and maps any error to a JSON response (see
 * `error-response.ts`). The operation receives the parsed, typed parts.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import * as z from 'zod/mini';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mayAttempt, type Caller } from '#shared/domain/access';
import { ChildNotFoundError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/errors';
import { callerFromClaims } from '#shared/http/caller';
import { errorResponse } from '#shared/http/error-response';
import { findRoute, isPublic, readsChild, type RouteDefinition } from '#shared/http/routes';
import type { ApiRequest, RequestInput } from '#shared/http/types';
import { check } from '#shared/http/validation';

/** An API Gateway request with the caller's token claims, and what the middleware makes of it. */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer & {
  /** Set by {@link httpApi}'s `before`: what the operation sees (no caller on an `auth: 'none'` route). */
  apiRequest?: ApiRequest<RequestInput & { caller: Caller | undefined }>;
  /** Set by {@link httpApi}'s `before`: the matched route. */
  route?: RouteDefinition;
};
/** The answer API Gateway sends back: status, headers and body. */
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** The narrow logging surface the middleware needs (Powertools' Logger fits). */
export interface RequestLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** How the middleware is set up: where it logs, and the largest body it accepts. */
export interface HttpApiOptions {
  logger: RequestLogger;
  /** Bodies larger than this are refused with 413 before they are parsed. */
  maxBodyBytes?: number;
}

const defaults = { maxBodyBytes: 256 * 1024 };

const NO_PARAMS = z.strictObject({});
const NO_QUERY = z.strictObject({});
const NO_BODY = { value: undefined, problems: [{ field: '', reason: 'this request takes no body' }] };

type ApiMiddlewareRequest = Request<ApiEvent, ApiResult, Error, Context>;

/** The middy middleware that checks, parses and validates each API request and turns errors into answers. */
export function httpApi(options: HttpApiOptions): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  const { logger, maxBodyBytes } = { ...defaults, ...options };
  const startedAt = new WeakMap<object, number>();

  const httpApiBefore = (request: ApiMiddlewareRequest): void => {
    startedAt.set(request, performance.now());
    const { event } = request;
    const route = findRoute(event.routeKey);
    if (!route) throw new NotFoundError(`No route ${event.routeKey}.`);
    event.route = route;
    // A route with no authorizer has no claims to read: whatever token came with it is not looked at.
    const caller = isPublic(route) ? undefined : callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
    if (caller && !mayAttempt(caller, route.action)) throw new ForbiddenError();
    const headers = lowerCaseKeys(event.headers);
    const body = parseJsonBody(event, headers, maxBodyBytes);
    const params = check(route.params?.() ?? NO_PARAMS, definedValues(event.pathParameters));
    const query = check(route.query?.() ?? NO_QUERY, definedValues(event.queryStringParameters));
    const parsedBody = route.body ? check(route.body(), body) : body === undefined ? { value: undefined, problems: [] } : NO_BODY;
    const problems = [...params.problems, ...query.problems, ...parsedBody.problems];
    if (problems.length > 0) throw new ValidationError(problems);
    event.apiRequest = {
      caller,
      params: params.value,
      query: query.value,
      body: parsedBody.value,
      headers,
      requestId: event.requestContext.requestId,
      origin: `${headers['x-forwarded-proto'] === 'http' ? 'http' : 'https'}://${event.requestContext.domainName ?? headers['host']}`,
    };
  };

  const httpApiAfter = (request: ApiMiddlewareRequest): void => {
    logOutcome(request, request.response?.statusCode ?? 200);
  };

  const httpApiOnError = (request: ApiMiddlewareRequest): void => {
    const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
    request.response = errorResponse(request.error, requestId);
    const status = request.response.statusCode ?? 500;
    if (status >= 500) {
      const error = request.error;
      // A 503 is a known condition (contention, a throttled dependency); a 500 is a bug to look at.
      (status === 500 ? logger.error.bind(logger) : logger.warn.bind(logger))('request failed', {
        requestId,
        routeKey: request.event.routeKey,
        error: { name: error?.name, message: error?.message, ...(status === 500 ? { stack: error?.stack } : {}) },
      });
    }
    const { route } = request.event;
    // A refused read of a child's file is recorded nowhere but here: who tried, which route, which child (an id, never a name).
    if (route && readsChild(route) && (status === 403 || request.error instanceof ChildNotFoundError)) {
      logger.warn('read refused', {
        requestId,
        operationId: route.operationId,
        caller: callerFromClaimsOrUndefined(request.event),
        childId: request.event.pathParameters?.['childId'],
        status,
      });
    }
    logOutcome(request, status);
  };

  function logOutcome(request: ApiMiddlewareRequest, status: number): void {
    const started = startedAt.get(request);
    logger.info('request', {
      requestId: request.event.requestContext?.requestId,
      // The route key (the path's template), never the path: a calendar feed's path is its secret.
      routeKey: request.event.routeKey,
      caller: request.event.apiRequest?.caller?.email,
      status,
      latencyMs: started === undefined ? undefined : Math.round(performance.now() - started),
    });
  }

  return { before: httpApiBefore, after: httpApiAfter, onError: httpApiOnError };
}

/** The caller's email, even when the request was refused before it was read into `apiRequest`. */
function callerFromClaimsOrUndefined(event: ApiEvent): string | undefined {
  if (event.apiRequest?.caller) return event.apiRequest.caller.email;
  try {
    return callerFromClaims(event.requestContext.authorizer?.jwt?.claims).email;
  } catch {
    return undefined;
  }
}

function parseJsonBody(event: ApiEvent, headers: Record<string, string>, maxBodyBytes: number): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const contentType = headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType)) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw ValidationError.of('', 'the body is not valid JSON');
  }
}

function lowerCaseKeys(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}

function definedValues(values: Record<string, string | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value !== undefined) result[name] = value;
  }
  return result;
}
