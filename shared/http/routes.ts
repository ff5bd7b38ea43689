/**
 * The route table: the single source of truth for the HTTP API. The CDK stack
 * makes one API Gateway route per entry, the local adapter serves exactly
 * these, and the API function dispatches on the same keys, so a route can
 * never exist in one and not the other.
 */
import type { Role } from '#shared/domain/access';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/children/{childId}`. */
  path: string;
  /** Names the operation that serves the route (and the OpenAPI operationId). */
  operationId: string;
  /** The roles that may call it at all; finer scope is the operation's job. */
  roles: readonly Role[];
  summary: string;
}

const ALL_ROLES = ['iro', 'team-manager', 'service-manager', 'admin'] as const satisfies readonly Role[];

export const ROUTES = [
  {
    method: 'POST',
    path: '/children',
    operationId: 'createChild',
    roles: ['iro', 'admin'],
    summary: 'Record a child (case) and their allocated IRO, team and team manager.',
  },
  {
    method: 'GET',
    path: '/children/{childId}',
    operationId: 'getChild',
    roles: ALL_ROLES,
    summary: "Read a child's record.",
  },
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];

/** `METHOD /path`, as API Gateway writes `routeKey`. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

const byRouteKey = new Map<string, RouteDefinition>(ROUTES.map((route) => [routeKeyOf(route), route]));

/** The route API Gateway matched, by its `routeKey`. */
export function findRoute(routeKey: string): RouteDefinition | undefined {
  return byRouteKey.get(routeKey);
}
