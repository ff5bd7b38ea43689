/**
 * The route table: the single source of truth for the HTTP API. The CDK stack
 * makes one API Gateway route per entry, the local adapter serves exactly
 * these, the API function dispatches on the same keys, `httpApi` validates
 * every request against the route's own schemas before its operation runs,
 * and the OpenAPI document is generated from the same entries and schemas, so
 * a route can never exist in one and not the others, and the document says
 * exactly what is enforced. Who may call a route is its `action`'s row in
 * `shared/domain/access.ts`; a route marked `auth: 'none'` (the calendar feed,
 * which a calendar fetches with no token) is served with no caller at all, and
 * its operation holds the credential its URL carries to the action instead.
 */
import type * as z from 'zod/mini';
import { rolesFor, type Action, type Role } from '#shared/domain/access';
// Types only: a route names its answer's schema, which the API function never builds (see `response` below).
import type * as responseSchemas from '#shared/api/responses';
import {
  annualQuerySchema,
  asOfQuerySchema,
  auditQuerySchema,
  exportQuerySchema,
  calendarFeedPathSchema,
  childListQuerySchema,
  childPatchSchema,
  childPathSchema,
  careEpisodePatchSchema,
  episodePathSchema,
  meetingPatchSchema,
  meetingPathSchema,
  monthPathSchema,
  newCareEpisodeSchema,
  newChildSchema,
  newMeetingSchema,
  newPlacementChangeSchema,
  newRegistrationSchema,
  newStrategyDiscussionSchema,
  newTransferInSchema,
  placementChangePatchSchema,
  placementChangePathSchema,
  registrationPatchSchema,
  registrationPathSchema,
  removalSchema,
  strategyDiscussionPatchSchema,
  strategyDiscussionPathSchema,
  transferInPatchSchema,
  transferInPathSchema,
  newDisputeSchema,
  disputePatchSchema,
  disputePathSchema,
  snapshotQuerySchema,
  suggestedDatesPathSchema,
  timescalesQuerySchema,
  iroEntryBodySchema,
  iroPathSchema,
} from '#shared/api/schemas';

/** The name of a schema of `shared/api/responses.ts`: what a route's {@link RouteDefinition.response} names. */
export type ResponseSchemaName = {
  [Name in keyof typeof responseSchemas]: (typeof responseSchemas)[Name] extends z.core.$ZodType ? Name : never;
}[keyof typeof responseSchemas];

/** The methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The areas the routes are grouped in (the OpenAPI tags). */
export const TAGS = {
  children: 'A child (case): their profile, their whole file, their audit trail.',
  records: "A child's records: care episodes, placement changes, strategy discussions, registrations, transfer-ins, case disputes and meetings.",
  timescales: 'Open timescales: what is due, by when, and what is breached.',
  reports: "The monthly snapshots and the annual report, for the service's managers.",
  iros: "The IRO directory the admins keep: each IRO's name, FTE and the days they were active, for the caseload per full-time IRO.",
  calendar: 'Your own calendar feed: your due dates and booked meetings, to subscribe to in Outlook or any calendar.',
  document: 'This document.',
} as const;
/** One of {@link TAGS}. */
export type Tag = keyof typeof TAGS;

/** What a route is: its address, who may call it, what it takes and what it answers. */
export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/children/{childId}`. */
  path: string;
  /** Names the operation that serves the route (and the OpenAPI operationId). */
  operationId: string;
  /** What the route does, in `shared/domain/access.ts`'s words: who may call it, and how far their scope reaches. */
  action: Action;
  /** The roles that may call it at all: {@link rolesFor} the action. */
  roles: readonly Role[];
  tag: Tag;
  summary: string;
  /** The status of a success. */
  success: number;
  /** A second status of success: a PUT answers `success` (201) when it created, this (200) when it replaced. */
  replaced?: 200;
  /**
   * The path parameters, every one required. Each of a route's request schemas is given as the
   * function that builds it on its first call (`shared/api/schemas.ts`): a cold start builds its own
   * route's, not every route's.
   */
  params?: () => z.core.$ZodType;
  /** The query string's parameters; a route without one takes none. */
  query?: () => z.core.$ZodType;
  /** The JSON body; a route without one takes none. */
  body?: () => z.core.$ZodType;
  /**
   * The success answer's JSON body: the name of its schema in `shared/api/responses.ts`. A name, not
   * the schema, so that the API function, which answers but never checks an answer, does not build
   * forty schemas at every cold start (about a sixth of the SDK's own import time); the OpenAPI
   * document (`shared/api/openapi.ts`, made at build time) looks each one up.
   */
  response: ResponseSchemaName;
  /** The success answer may instead be a CSV file (`?format=csv` or `Accept: text/csv`). */
  csv?: true;
  /** The success answer may instead be a Word document (`?format=docx`), sent base64 through API Gateway as binary. */
  docx?: true;
  /** The success answer may instead be a self-contained HTML document (`?format=html`). */
  html?: true;
  /** The success answer is an iCalendar file (`text/calendar`, RFC 5545), not JSON: `response` describes it as text. */
  calendar?: true;
  /**
   * `'none'`: no token, no caller. API Gateway's JWT authorizer is not on the
   * route, the local stand-in checks no bearer token, the middleware reads no
   * caller, and the OpenAPI document says no security. The operation holds
   * the credential in the path to {@link RouteDefinition.action} itself. Every
   * such route is throttled.
   */
  auth?: 'none';
  /** A throttle of the route's own, tighter than the stage's (API Gateway's route settings; the local stand-in's token bucket). */
  throttle?: RouteThrottle;
}

/** A route's throttle, as API Gateway takes it: a token bucket shared by every client of the route. */
export interface RouteThrottle {
  /** Requests a second, on average, over time. */
  rateLimit: number;
  /** Requests at once, at most (the bucket's size). */
  burstLimit: number;
}

/**
 * The calendar feed's throttle: calendars fetch a feed every few hours, so a
 * few a second across every subscriber is plenty, and a flood (or a guess at
 * secrets, hopeless at 256 bits anyway) costs little.
 */
export const CALENDAR_FEED_THROTTLE: RouteThrottle = { rateLimit: 5, burstLimit: 10 };

/** A route of the table, its roles filled in from its action. */
function route<const R extends Omit<RouteDefinition, 'roles'>>(definition: R): R & { roles: Role[] } {
  return { ...definition, roles: rolesFor(definition.action) };
}

/** Every route of the HTTP API, one entry each. */
export const ROUTES = [
  route({ method: 'POST', path: '/children', operationId: 'createChild', action: 'createChild', tag: 'children', success: 201,
    body: newChildSchema, response: 'childViewSchema',
    summary: 'Record a child (case) and their allocated IRO, team and team manager.' }),
  route({ method: 'GET', path: '/children', operationId: 'listChildren', action: 'listChildren', tag: 'children', success: 200,
    query: childListQuerySchema, response: 'childListSchema',
    summary: 'The children in your scope, by case reference, a page at a time.' }),
  route({ method: 'GET', path: '/children/{childId}', operationId: 'getChild', action: 'readChild', tag: 'children', success: 200,
    params: childPathSchema, response: 'childViewSchema',
    summary: "A child's whole file: profile, records, open timescales and each meeting's compliance." }),
  route({ method: 'PATCH', path: '/children/{childId}', operationId: 'patchChild', action: 'changeChild', tag: 'children', success: 200,
    params: childPathSchema, body: childPatchSchema, response: 'childViewSchema',
    summary: "Correct a child's details, or (admin) reallocate the IRO, team or team manager." }),
  route({ method: 'GET', path: '/children/{childId}/timescales', operationId: 'getChildTimescales', action: 'readChild', tag: 'timescales', success: 200,
    params: childPathSchema, query: asOfQuerySchema, response: 'childTimescalesSchema',
    summary: "A child's open timescales and meeting compliance as of a date (today by default)." }),
  route({ method: 'GET', path: '/children/{childId}/timescales/{kind}/suggested-dates', operationId: 'getSuggestedDates', action: 'readChild', tag: 'timescales', success: 200,
    params: suggestedDatesPathSchema, query: asOfQuerySchema, response: 'suggestedDatesSchema',
    summary: 'The working days on which the meeting can be held in time (never a weekend, a bank holiday or past the due date), the IRO’s days already holding another booking last.' }),
  route({ method: 'GET', path: '/children/{childId}/audit', operationId: 'getChildAudit', action: 'readAudit', tag: 'children', success: 200,
    params: childPathSchema, query: auditQuerySchema, response: 'auditSchema',
    summary: "A child's audit trail: who changed what, and when; ?include=reads: who read it too." }),
  route({ method: 'GET', path: '/children/{childId}/export', operationId: 'exportChild', action: 'exportChild', tag: 'children', success: 200,
    params: childPathSchema, query: exportQuerySchema, response: 'childExportSchema', html: true,
    summary: "Everything held about a child (subject access), as JSON or HTML (?format=html)." }),
  route({ method: 'POST', path: '/children/{childId}/care-episodes', operationId: 'createCareEpisode', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newCareEpisodeSchema, response: 'careEpisodeSchema',
    summary: 'The child became looked after (or a new episode of the same period of care began: a change of legal status).' }),
  route({ method: 'PATCH', path: '/children/{childId}/care-episodes/{episodeId}', operationId: 'patchCareEpisode', action: 'correctRecords', tag: 'records', success: 200,
    params: episodePathSchema, body: careEpisodePatchSchema, response: 'careEpisodeSchema',
    summary: 'The child ceased to be looked after, or a correction of the episode.' }),
  route({ method: 'DELETE', path: '/children/{childId}/care-episodes/{episodeId}', operationId: 'removeCareEpisode', action: 'removeRecords', tag: 'records', success: 200,
    params: episodePathSchema, body: removalSchema, response: 'careEpisodeSchema',
    summary: 'Remove a care episode entered in error, saying why.' }),
  route({ method: 'POST', path: '/children/{childId}/placement-changes', operationId: 'createPlacementChange', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newPlacementChangeSchema, response: 'placementChangeSchema',
    summary: 'A change of placement, planned or unplanned.' }),
  route({ method: 'PATCH', path: '/children/{childId}/placement-changes/{placementChangeId}', operationId: 'patchPlacementChange', action: 'correctRecords', tag: 'records', success: 200,
    params: placementChangePathSchema, body: placementChangePatchSchema, response: 'placementChangeSchema',
    summary: 'A correction of a placement change.' }),
  route({ method: 'DELETE', path: '/children/{childId}/placement-changes/{placementChangeId}', operationId: 'removePlacementChange', action: 'removeRecords', tag: 'records', success: 200,
    params: placementChangePathSchema, body: removalSchema, response: 'placementChangeSchema',
    summary: 'Remove a placement change entered in error, saying why.' }),
  route({ method: 'POST', path: '/children/{childId}/strategy-discussions', operationId: 'createStrategyDiscussion', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newStrategyDiscussionSchema, response: 'strategyDiscussionSchema',
    summary: 'A strategy discussion or meeting: starts (or restarts) the ICPC clock, unless it decided no s47 enquiry was needed.' }),
  route({ method: 'PATCH', path: '/children/{childId}/strategy-discussions/{strategyDiscussionId}', operationId: 'patchStrategyDiscussion', action: 'correctRecords', tag: 'records', success: 200,
    params: strategyDiscussionPathSchema, body: strategyDiscussionPatchSchema, response: 'strategyDiscussionSchema',
    summary: 'How the s47 enquiries ended (their determination, and when), or a correction.' }),
  route({ method: 'DELETE', path: '/children/{childId}/strategy-discussions/{strategyDiscussionId}', operationId: 'removeStrategyDiscussion', action: 'removeRecords', tag: 'records', success: 200,
    params: strategyDiscussionPathSchema, body: removalSchema, response: 'strategyDiscussionSchema',
    summary: 'Remove a strategy discussion entered in error, saying why.' }),
  route({ method: 'POST', path: '/children/{childId}/registrations', operationId: 'createRegistration', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newRegistrationSchema, response: 'registrationSchema',
    summary: 'A registration not made at a conference recorded here (history).' }),
  route({ method: 'PATCH', path: '/children/{childId}/registrations/{registrationId}', operationId: 'patchRegistration', action: 'correctRecords', tag: 'records', success: 200,
    params: registrationPathSchema, body: registrationPatchSchema, response: 'registrationSchema',
    summary: 'De-registration, a change of category from a day, or a correction.' }),
  route({ method: 'DELETE', path: '/children/{childId}/registrations/{registrationId}', operationId: 'removeRegistration', action: 'removeRecords', tag: 'records', success: 200,
    params: registrationPathSchema, body: removalSchema, response: 'registrationSchema',
    summary: 'Remove a registration entered in error, saying why.' }),
  route({ method: 'POST', path: '/children/{childId}/transfer-ins', operationId: 'createTransferIn', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newTransferInSchema, response: 'transferInSchema',
    summary: "A registered child's move into the area is permanent: the transfer-in conference is due." }),
  route({ method: 'PATCH', path: '/children/{childId}/transfer-ins/{transferInId}', operationId: 'patchTransferIn', action: 'correctRecords', tag: 'records', success: 200,
    params: transferInPathSchema, body: transferInPatchSchema, response: 'transferInSchema',
    summary: 'A correction of the day the move was notified.' }),
  route({ method: 'DELETE', path: '/children/{childId}/transfer-ins/{transferInId}', operationId: 'removeTransferIn', action: 'removeRecords', tag: 'records', success: 200,
    params: transferInPathSchema, body: removalSchema, response: 'transferInSchema',
    summary: 'Remove a transfer-in entered in error, saying why.' }),
  route({ method: 'POST', path: '/children/{childId}/disputes', operationId: 'createDispute', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newDisputeSchema, response: 'disputeSchema',
    summary: "A case dispute raised under the dispute resolution protocol: its day, stage and who raised it, and how it ended if it has." }),
  route({ method: 'PATCH', path: '/children/{childId}/disputes/{disputeId}', operationId: 'patchDispute', action: 'correctRecords', tag: 'records', success: 200,
    params: disputePathSchema, body: disputePatchSchema, response: 'disputeSchema',
    summary: 'The dispute resolved (and how), gone formal, or a correction.' }),
  route({ method: 'DELETE', path: '/children/{childId}/disputes/{disputeId}', operationId: 'removeDispute', action: 'removeRecords', tag: 'records', success: 200,
    params: disputePathSchema, body: removalSchema, response: 'disputeSchema',
    summary: 'Remove a case dispute entered in error, saying why.' }),
  route({ method: 'POST', path: '/children/{childId}/meetings', operationId: 'createMeeting', action: 'writeRecords', tag: 'records', success: 201,
    params: childPathSchema, body: newMeetingSchema, response: 'meetingSchema',
    summary: 'A review meeting or conference held (with its outcome), or booked for a day: a booking after the due date is refused (409) unless it says why (lateReason).' }),
  route({ method: 'PATCH', path: '/children/{childId}/meetings/{meetingId}', operationId: 'patchMeeting', action: 'changeMeeting', tag: 'records', success: 200,
    params: meetingPathSchema, body: meetingPatchSchema, response: 'meetingSchema',
    summary: "Record recommendations sent, the manager's response, the outline plan, a correction or a cancellation; move a booking (checked again), or record it held or cancelled." }),
  route({ method: 'DELETE', path: '/children/{childId}/meetings/{meetingId}', operationId: 'removeMeeting', action: 'removeRecords', tag: 'records', success: 200,
    params: meetingPathSchema, body: removalSchema, response: 'meetingSchema',
    summary: 'Remove a meeting entered in error, saying why (with what it did to the register).' }),
  route({ method: 'GET', path: '/timescales', operationId: 'listTimescales', action: 'listTimescales', tag: 'timescales', success: 200,
    query: timescalesQuerySchema, response: 'timescaleListSchema',
    summary: 'The open timescales in your scope due by a date, soonest first: breached and due soon.' }),
  route({ method: 'GET', path: '/snapshots', operationId: 'listSnapshots', action: 'readReports', tag: 'reports', success: 200,
    response: 'snapshotListSchema',
    summary: 'The months that have a snapshot, newest first.' }),
  route({ method: 'GET', path: '/snapshots/{month}', operationId: 'getSnapshot', action: 'readReports', tag: 'reports', success: 200,
    params: monthPathSchema, query: snapshotQuerySchema, response: 'snapshotSchema', csv: true,
    summary: "A month's snapshot (its latest revision, or ?revision=), as JSON or CSV (?format=csv or Accept: text/csv)." }),
  route({ method: 'POST', path: '/snapshots/{month}', operationId: 'createSnapshot', action: 'reviseSnapshot', tag: 'reports', success: 201,
    params: monthPathSchema, response: 'snapshotSchema',
    summary: 'Compute the month again and store it as a new revision, keeping the old ones.' }),
  route({ method: 'GET', path: '/reports/annual', operationId: 'getAnnualReport', action: 'readReports', tag: 'reports', success: 200,
    query: annualQuerySchema, response: 'annualReportSchema', csv: true, docx: true,
    summary: "The annual report, April of ?year= to March: each figure month by month with the year's totals, as JSON or CSV, or as the Corporate Parenting Committee's Word document (?format=docx)." }),
  route({ method: 'GET', path: '/iros', operationId: 'listIros', action: 'readIros', tag: 'iros', success: 200,
    response: 'iroListSchema',
    summary: 'The IRO directory, by email: each IRO’s name, FTE and the days they were active.' }),
  route({ method: 'PUT', path: '/iros/{email}', operationId: 'putIro', action: 'manageIros', tag: 'iros', success: 201, replaced: 200,
    params: iroPathSchema, body: iroEntryBodySchema, response: 'iroEntrySchema',
    summary: 'Add an IRO to the directory (201), or replace their entry wholly (200): their name, FTE (more than 0, at most 1) and the days they were active.' }),
  route({ method: 'POST', path: '/me/calendar-feed', operationId: 'createCalendarFeed', action: 'manageCalendarFeed', tag: 'calendar', success: 201,
    response: 'calendarFeedUrlSchema',
    summary: 'Make your calendar feed URL, replacing any you had before (the old one stops working at once).' }),
  route({ method: 'DELETE', path: '/me/calendar-feed', operationId: 'revokeCalendarFeed', action: 'manageCalendarFeed', tag: 'calendar', success: 200,
    response: 'calendarFeedRevokedSchema',
    summary: 'Revoke your calendar feed URL: 200 {"revoked":true}, whether or not you had one.' }),
  route({ method: 'GET', path: '/calendar-feeds/{secret}', operationId: 'getCalendarFeed', action: 'manageCalendarFeed', tag: 'calendar', success: 200,
    auth: 'none', throttle: CALENDAR_FEED_THROTTLE, calendar: true,
    params: calendarFeedPathSchema, response: 'calendarFeedSchema',
    summary: "A calendar feed: its owner's due dates and booked meetings, as an iCalendar file, made afresh at each fetch." }),
  route({ method: 'GET', path: '/openapi.json', operationId: 'getOpenApi', action: 'readApiDocument', tag: 'document', success: 200,
    response: 'openApiDocumentSchema',
    summary: 'This document.' }),
] as const satisfies readonly RouteDefinition[];

/** One route of the table, with its own schemas' types. */
export type Route = (typeof ROUTES)[number];
/** The operation names, one a route. */
export type OperationId = Route['operationId'];

/**
 * The statuses a route can answer besides its success, each with the
 * service's error body (401 and 429 alone come from API Gateway, with its own).
 */
export function errorStatusesOf(route: RouteDefinition): number[] {
  const statuses = isPublic(route) ? [400] : [400, 401, 403];
  if (route.params) statuses.push(404);
  if (route.throttle) statuses.push(429);
  if (route.body) statuses.push(409, 413, 415);
  // If-Match names a version of a child: only a child's routes take it.
  if (route.body && route.path.includes('{childId}')) statuses.push(412);
  statuses.push(500, 503);
  return statuses.sort((a, b) => a - b);
}

/** Whether the route reads a child's file (a GET of a child's path): each such read is recorded, each refusal logged. */
export function readsChild(route: Pick<RouteDefinition, 'method' | 'path'>): boolean {
  return route.method === 'GET' && route.path.startsWith('/children/{childId}');
}

/** Whether the route is served with no token and no caller (`auth: 'none'`). */
export function isPublic(route: Pick<RouteDefinition, 'auth' | 'method' | 'path'>): boolean {
  return route.auth === 'none';
}

/** `METHOD /path`, as API Gateway writes `routeKey`. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

const byRouteKey = new Map<string, RouteDefinition>(ROUTES.map((route) => [routeKeyOf(route), route]));

/** The route API Gateway matched, by its `routeKey`. */
export function findRoute(routeKey: string): RouteDefinition | undefined {
  return byRouteKey.get(routeKey);
}
