/**
 * The local stand-in for API Gateway's HTTP API: it serves exactly the routes
 * in the route table, checks the bearer token as the JWT authorizer does
 * (except on a route with no authorizer, `auth: 'none'`), throttles a route
 * with a throttle of its own as the stage's route settings do, and calls the
 * very same Lambda handler with the payload 2.0 event the deployed API sends,
 * claims flattened to strings as API Gateway flattens them.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import { API_CORS } from '#shared/http/cors';
import { isPublic, ROUTES, routeKeyOf, type RouteDefinition, type RouteThrottle } from '#shared/http/routes';

export type ApiLambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;
/** Verifies a bearer token and answers its claims; throws when it is not good. */
export type TokenVerifier = (token: string) => Promise<Record<string, unknown>>;

/** API Gateway's own payload limit: larger bodies never reach a handler. */
const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  parameterNames: string[];
  literalSegments: number;
}

function compile(route: RouteDefinition): CompiledRoute {
  const parameterNames: string[] = [];
  const segments = route.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter?.[1]) {
        parameterNames.push(parameter[1]);
        return '/([^/]+)';
      }
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  return {
    route,
    pattern: new RegExp(`^${source || '/'}$`),
    parameterNames,
    literalSegments: segments.length - parameterNames.length,
  };
}

// API Gateway prefers the most specific route: literal segments before parameters.
const compiledRoutes = ROUTES.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);

/** The route a request matches; `'bad-request'` when its path cannot be decoded. */
export function matchRoute(
  method: string,
  path: string,
): { route: RouteDefinition; pathParameters: Record<string, string> } | 'bad-request' | undefined {
  for (const candidate of compiledRoutes) {
    if (candidate.route.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    try {
      candidate.parameterNames.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(match[index + 1] ?? '');
      });
    } catch {
      return 'bad-request';
    }
    return { route: candidate.route, pathParameters };
  }
  return undefined;
}

/** API Gateway hands a JWT authorizer's claims to the handler as strings; arrays as `[a b]`. */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    flat[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return flat;
}

export interface LocalApiOptions {
  handler: ApiLambdaHandler;
  verifyToken: TokenVerifier;
  /** Extra requests the adapter answers itself before the API routes (e.g. a page). */
  fallback?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** The origins whose pages may call the API (the stack's CORS configuration); none when absent. */
  allowOrigins?: readonly string[];
  /**
   * Whether a route's own throttle is applied (by default it is, as deployed).
   * Off for a benchmark or a fuzz that means to measure or probe the function
   * behind the gateway, not the gateway's bucket.
   */
  throttle?: boolean;
}

/**
 * A route's throttle as API Gateway keeps it: a token bucket shared by every
 * client, `burstLimit` deep, refilled at `rateLimit` a second. Answers whether
 * a request may go through now (taking a token).
 */
export function tokenBucket(throttle: RouteThrottle, now: () => number = () => performance.now()): () => boolean {
  let tokens = throttle.burstLimit;
  let last = now();
  return () => {
    const at = now();
    tokens = Math.min(throttle.burstLimit, tokens + ((at - last) / 1000) * throttle.rateLimit);
    last = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export function createLocalApiServer(options: LocalApiOptions): Server {
  const buckets = new Map<string, () => boolean>();
  if (options.throttle !== false) {
    for (const route of ROUTES as readonly RouteDefinition[]) if (route.throttle) buckets.set(routeKeyOf(route), tokenBucket(route.throttle));
  }
  return createServer((request, response) => {
    serve(options, buckets, request, response).catch((error: unknown) => {
      // API Gateway answers a failed integration so; say why here, where only we read it.
      console.error('local API adapter:', error instanceof Error ? (error.stack ?? error.message) : error);
      if (!response.headersSent) gatewayAnswer(response, 500, 'Internal Server Error');
      else response.end();
    });
  });
}

/**
 * CORS as API Gateway's HTTP API answers it when the API has a CORS
 * configuration: a preflight is answered by the gateway itself (no route, no
 * token) and every answer to an allowed origin, the gateway's own 401s and
 * 404s included, names that origin. An origin not allowed gets no CORS
 * headers, so its page cannot read the answer. Answers whether it answered
 * the request (a preflight).
 */
function applyCors(options: LocalApiOptions, request: IncomingMessage, response: ServerResponse, method: string): boolean {
  const origin = request.headers.origin;
  const allowed = origin !== undefined && (options.allowOrigins ?? []).includes(origin);
  const preflight = method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
  if (allowed) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
  }
  if (!preflight) {
    if (allowed) response.setHeader('access-control-expose-headers', API_CORS.exposeHeaders.join(','));
    return false;
  }
  const requestedMethod = String(request.headers['access-control-request-method']).toUpperCase();
  if (allowed && (API_CORS.allowMethods as readonly string[]).includes(requestedMethod)) {
    response.setHeader('access-control-allow-methods', API_CORS.allowMethods.join(','));
    response.setHeader('access-control-allow-headers', API_CORS.allowHeaders.join(','));
    response.setHeader('access-control-max-age', String(API_CORS.maxAgeSeconds));
  } else {
    response.removeHeader('access-control-allow-origin');
  }
  response.writeHead(204);
  response.end();
  return true;
}

async function serve(options: LocalApiOptions, buckets: ReadonlyMap<string, () => boolean>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = (request.method ?? 'GET').toUpperCase();
  if (applyCors(options, request, response, method)) return;
  const matched = matchRoute(method, url.pathname);
  if (matched === 'bad-request') return gatewayAnswer(response, 400, 'Bad Request');
  if (!matched) {
    if (options.fallback?.(request, response)) return;
    return gatewayAnswer(response, 404, 'Not Found');
  }

  // The stage's throttle comes before the authorizer and the integration: a throttled request reaches neither.
  if (buckets.get(routeKeyOf(matched.route))?.() === false) return gatewayAnswer(response, 429, 'Too Many Requests');

  const body = await readBody(request);
  if (body === 'too-large') return gatewayAnswer(response, 413, 'Request Entity Too Large');

  let claims: Record<string, string> | undefined;
  if (!isPublic(matched.route)) {
    const authorization = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    try {
      if (!token) throw new Error('no bearer token');
      claims = flattenClaims(await options.verifyToken(token));
    } catch {
      response.setHeader('www-authenticate', 'Bearer');
      return gatewayAnswer(response, 401, 'Unauthorized');
    }
  }

  const event = buildEvent(request, url, matched.route, matched.pathParameters, claims, body);
  const result = await options.handler(event, lambdaContext(event.requestContext.requestId));
  writeResult(response, result);
}

function buildEvent(
  request: IncomingMessage,
  url: URL,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  /** The authorizer's claims; none on a route with no authorizer. */
  claims: Record<string, string> | undefined,
  body: Buffer | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway says how it was reached; here, always plain HTTP.
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = body !== undefined && /json|text|xml|urlencoded/i.test(headers['content-type'] ?? '');
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: routeKeyOf(route),
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(request.headers.cookie ? { cookies: request.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(body === undefined ? {} : { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body !== undefined && !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      // A route with no authorizer gets no authorizer context (the type insists on one: API Gateway's payload omits it).
      ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } } : {}),
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: routeKeyOf(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
  };
}

function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:api-local',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > API_GATEWAY_MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string' || typeof result !== 'object' || result === null || !('statusCode' in result)) {
    // Payload 2.0: a bare value is a 200 JSON answer.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  if (result.cookies?.length) response.setHeader('set-cookie', result.cookies);
  response.statusCode = result.statusCode ?? 200;
  response.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
}

/** Answers as API Gateway itself does, before any handler runs. */
function gatewayAnswer(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ message }));
}
