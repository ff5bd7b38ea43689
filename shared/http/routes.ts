/**
 * The route table: the single source of truth for the HTTP API. The CDK stack
 * makes one API Gateway route per entry, the local adapter serves exactly
 * these, the API function dispatches on the same keys, and the OpenAPI
 * document is generated from the same entries and their zod schemas, so a
 * route can never exist in one and not the other.
 */
import type { z } from 'zod';
import type { Role } from '#shared/domain/access';
import {
  asOfQuerySchema,
  childListQuerySchema,
  childPatchSchema,
  endCareEpisodeSchema,
  endRegistrationSchema,
  meetingPatchSchema,
  newCareEpisodeSchema,
  newChildSchema,
  newMeetingSchema,
  newPlacementChangeSchema,
  newRegistrationSchema,
  newStrategyDiscussionSchema,
  timescalesQuerySchema,
  snapshotQuerySchema,
  annualQuerySchema,
} from '#shared/api/schemas';

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
  /** The status of a success. */
  success: number;
  body?: z.ZodType;
  query?: z.ZodType;
}

const ALL_ROLES = ['iro', 'team-manager', 'service-manager', 'admin'] as const satisfies readonly Role[];
const WRITERS = ['iro', 'admin'] as const satisfies readonly Role[];
const MANAGERS = ['service-manager', 'admin'] as const satisfies readonly Role[];

export const ROUTES = [
  { method: 'POST', path: '/children', operationId: 'createChild', roles: WRITERS, success: 201, body: newChildSchema,
    summary: 'Record a child (case) and their allocated IRO, team and team manager.' },
  { method: 'GET', path: '/children', operationId: 'listChildren', roles: ALL_ROLES, success: 200, query: childListQuerySchema,
    summary: 'The children in your scope, by case reference, a page at a time.' },
  { method: 'GET', path: '/children/{childId}', operationId: 'getChild', roles: ALL_ROLES, success: 200,
    summary: "A child's whole file: profile, records, open timescales and each meeting's compliance." },
  { method: 'PATCH', path: '/children/{childId}', operationId: 'patchChild', roles: WRITERS, success: 200, body: childPatchSchema,
    summary: "Correct a child's details, or (admin) reallocate the IRO, team or team manager." },
  { method: 'GET', path: '/children/{childId}/timescales', operationId: 'getChildTimescales', roles: ALL_ROLES, success: 200, query: asOfQuerySchema,
    summary: "A child's open timescales and meeting compliance as of a date (today by default)." },
  { method: 'GET', path: '/children/{childId}/audit', operationId: 'getChildAudit', roles: ['service-manager', 'admin'], success: 200,
    summary: "A child's audit trail: who changed what, and when." },
  { method: 'POST', path: '/children/{childId}/care-episodes', operationId: 'createCareEpisode', roles: WRITERS, success: 201, body: newCareEpisodeSchema,
    summary: 'The child became looked after.' },
  { method: 'PATCH', path: '/children/{childId}/care-episodes/{episodeId}', operationId: 'endCareEpisode', roles: WRITERS, success: 200, body: endCareEpisodeSchema,
    summary: 'The child ceased to be looked after.' },
  { method: 'POST', path: '/children/{childId}/placement-changes', operationId: 'createPlacementChange', roles: WRITERS, success: 201, body: newPlacementChangeSchema,
    summary: 'A change of placement, planned or unplanned.' },
  { method: 'POST', path: '/children/{childId}/strategy-discussions', operationId: 'createStrategyDiscussion', roles: WRITERS, success: 201, body: newStrategyDiscussionSchema,
    summary: 'A strategy discussion or meeting: starts (or restarts) the ICPC clock.' },
  { method: 'POST', path: '/children/{childId}/registrations', operationId: 'createRegistration', roles: WRITERS, success: 201, body: newRegistrationSchema,
    summary: 'A registration not made at a conference recorded here (history, transfer in).' },
  { method: 'PATCH', path: '/children/{childId}/registrations/{registrationId}', operationId: 'endRegistration', roles: WRITERS, success: 200, body: endRegistrationSchema,
    summary: 'De-registration.' },
  { method: 'POST', path: '/children/{childId}/meetings', operationId: 'createMeeting', roles: WRITERS, success: 201, body: newMeetingSchema,
    summary: 'A review meeting or conference held, and its outcome.' },
  { method: 'PATCH', path: '/children/{childId}/meetings/{meetingId}', operationId: 'patchMeeting', roles: ['iro', 'team-manager', 'admin'], success: 200, body: meetingPatchSchema,
    summary: "Record recommendations sent, the manager's response, the outline plan, a correction or a cancellation." },
  { method: 'GET', path: '/timescales', operationId: 'listTimescales', roles: ALL_ROLES, success: 200, query: timescalesQuerySchema,
    summary: 'The open timescales in your scope due by a date, soonest first: breached and due soon.' },
  { method: 'GET', path: '/snapshots', operationId: 'listSnapshots', roles: MANAGERS, success: 200,
    summary: 'The months that have a snapshot, newest first.' },
  { method: 'GET', path: '/snapshots/{month}', operationId: 'getSnapshot', roles: MANAGERS, success: 200, query: snapshotQuerySchema,
    summary: "A month's snapshot (its latest revision, or ?revision=), as JSON or CSV (?format=csv or Accept: text/csv)." },
  { method: 'POST', path: '/snapshots/{month}', operationId: 'createSnapshot', roles: ['admin'], success: 201,
    summary: 'Compute the month again and store it as a new revision, keeping the old ones.' },
  { method: 'GET', path: '/reports/annual', operationId: 'getAnnualReport', roles: MANAGERS, success: 200, query: annualQuerySchema,
    summary: "The annual report, April of ?year= to March: each figure month by month with the year's totals, as JSON or CSV." },
  { method: 'GET', path: '/openapi.json', operationId: 'getOpenApi', roles: ALL_ROLES, success: 200,
    summary: 'This document.' },
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
