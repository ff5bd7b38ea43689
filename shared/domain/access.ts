/**
 * Who may do what, in one place: every route's roles, the children each
 * caller's lists cover, and which fields a role may change. Pure functions of
 * the caller (from the authorizer's claims, see `shared/http/caller.ts`) and
 * the child (from the store); the API asks, and decides nothing of its own.
 *
 * | action             | iro                          | team-manager                          | service-manager | admin        |
 * | ------------------ | ---------------------------- | ------------------------------------- | --------------- | ------------ |
 * | readChild          | children allocated to them   | their team's children                 | every child     | every child  |
 * | listChildren       | children allocated to them   | their team's children                 | every child     | every child  |
 * | listTimescales     | children allocated to them   | their team's children                 | every child     | every child  |
 * | createChild        | a child allocated to them    | –                                     | –               | any child    |
 * | changeChild        | theirs, not the allocation   | –                                     | –               | any field    |
 * | writeRecords       | children allocated to them   | –                                     | –               | every child  |
 * | correctRecords     | children allocated to them   | –                                     | –               | every child  |
 * | removeRecords      | children allocated to them   | –                                     | –               | every child  |
 * | changeMeeting      | children allocated to them   | their team's: `managerRespondedOn`    | –               | every child  |
 * | readAudit          | –                            | –                                     | every child     | every child  |
 * | exportChild        | –                            | –                                     | –               | every child  |
 * | readReports        | –                            | –                                     | yes             | yes          |
 * | reviseSnapshot     | –                            | –                                     | –               | yes          |
 * | readIros           | –                            | –                                     | yes             | yes          |
 * | manageIros         | –                            | –                                     | –               | yes          |
 * | readApiDocument    | yes                          | yes                                   | yes             | yes          |
 * | manageCalendarFeed | their own feed               | their own feed                        | –               | –            |
 *
 * `readAudit` is reading a child's audit trail and its read log (who read
 * the file); `exportChild` is taking a child's whole file out, for a subject
 * access request (`/children/{childId}/export`).
 *
 * `readIros` is reading the IRO directory and `manageIros` adding or
 * changing an entry of it (`/iros`): it holds no child, so the grants reach
 * `every` and say only who may.
 *
 * `manageCalendarFeed` is making, replacing and revoking one's own calendar
 * feed URL (`/me/calendar-feed`), and what that URL then answers. The feed
 * route itself takes no token (a calendar cannot send one): the secret in its
 * URL stands for the feed's owner, as they were when they made it, and
 * {@link calendarFeedScope} holds that owner to this row and gives the
 * children the feed covers: the owner's `listTimescales` scope, exactly what
 * `GET /timescales` shows them (the row's reach is that scope for an IRO or a
 * team manager alone).
 *
 * A caller with several roles may do what any one of them allows: their
 * scope is the union of their roles' scopes, everywhere (reading a child,
 * both lists, writing).
 */
import type { Child } from '#shared/domain/records';

/** The roles, as the Cognito groups name them. */
export const ROLES = ['iro', 'team-manager', 'service-manager', 'admin'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** The person making a request, as their token names them. */
export interface Caller {
  /** Lower-cased, so that it compares equal to the stored emails. */
  email: string;
  roles: readonly Role[];
}

/** Which children a grant reaches: every child, those allocated to the caller as IRO, or their team's as team manager. */
export type Reach = 'every' | 'allocated' | 'team';

/** What one role may do for one action: the children it reaches and, for a change, the fields it may set. */
export interface Grant {
  reach: Reach;
  /** Only these fields may be set; absent, any field. */
  only?: readonly string[];
  /** Any field but these. */
  except?: readonly string[];
}

/** The fields that say who a child is allocated to: only an admin changes them (reallocation). */
export const ALLOCATION_FIELDS = ['iroEmail', 'teamName', 'teamManagerEmail'] as const;

const EVERY: Grant = { reach: 'every' };
const ALLOCATED: Grant = { reach: 'allocated' };
const TEAM: Grant = { reach: 'team' };

/** Every action's grants, role by role: a role absent from an action may not attempt it at all (403). */
export const ACCESS = {
  readChild: { iro: ALLOCATED, 'team-manager': TEAM, 'service-manager': EVERY, admin: EVERY },
  listChildren: { iro: ALLOCATED, 'team-manager': TEAM, 'service-manager': EVERY, admin: EVERY },
  listTimescales: { iro: ALLOCATED, 'team-manager': TEAM, 'service-manager': EVERY, admin: EVERY },
  createChild: { iro: ALLOCATED, admin: EVERY },
  changeChild: { iro: { reach: 'allocated', except: ALLOCATION_FIELDS }, admin: EVERY },
  writeRecords: { iro: ALLOCATED, admin: EVERY },
  correctRecords: { iro: ALLOCATED, admin: EVERY },
  removeRecords: { iro: ALLOCATED, admin: EVERY },
  changeMeeting: { iro: ALLOCATED, 'team-manager': { reach: 'team', only: ['managerRespondedOn'] }, admin: EVERY },
  readAudit: { 'service-manager': EVERY, admin: EVERY },
  exportChild: { admin: EVERY },
  readReports: { 'service-manager': EVERY, admin: EVERY },
  reviseSnapshot: { admin: EVERY },
  readIros: { 'service-manager': EVERY, admin: EVERY },
  manageIros: { admin: EVERY },
  readApiDocument: { iro: EVERY, 'team-manager': EVERY, 'service-manager': EVERY, admin: EVERY },
  manageCalendarFeed: { iro: ALLOCATED, 'team-manager': TEAM },
} as const satisfies Record<string, Partial<Record<Role, Grant>>>;

/** Something a caller may be allowed to do: one row of {@link ACCESS}. */
export type Action = keyof typeof ACCESS;

/** Whose children a list covers, one index partition each: an IRO's, a team manager's, or everyone's. */
export type ListScope = { iroEmail: string } | { teamManagerEmail: string } | { all: true };

/** The parts of a child that say whose it is. */
export type Allocation = Pick<Child, 'iroEmail' | 'teamManagerEmail'>;

function grantsOf(caller: Caller, action: Action): Grant[] {
  const grants: Partial<Record<Role, Grant>> = ACCESS[action];
  return caller.roles.flatMap((role) => grants[role] ?? []);
}

const allowsFields = (grant: Grant, fields: readonly string[]): boolean =>
  fields.every((field) => (grant.only === undefined || grant.only.includes(field)) && !grant.except?.includes(field));

function reaches(grant: Grant, caller: Caller, child: Allocation): boolean {
  if (grant.reach === 'every') return true;
  return grant.reach === 'allocated' ? child.iroEmail === caller.email : child.teamManagerEmail === caller.email;
}

function scopeOfGrant(grant: Grant, caller: Caller): ListScope {
  if (grant.reach === 'every') return { all: true };
  return grant.reach === 'allocated' ? { iroEmail: caller.email } : { teamManagerEmail: caller.email };
}

/** The roles that may attempt the action at all: the route's gate. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((role) => role in ACCESS[action]);
}

/**
 * Whether some role of the caller may attempt the action on these fields, on
 * some child: what can be told before the child is read.
 */
export function mayAttempt(caller: Caller, action: Action, fields: readonly string[] = []): boolean {
  return grantsOf(caller, action).some((grant) => allowsFields(grant, fields));
}

/** Whether some role of the caller may do the action to this child, setting these fields. */
export function may(caller: Caller, action: Action, child: Allocation, fields: readonly string[] = []): boolean {
  return grantsOf(caller, action).some((grant) => allowsFields(grant, fields) && reaches(grant, caller, child));
}

/** Whether the caller may read the child: the one rule behind every read of a child, a list entry or a record. */
export function canReadChild(caller: Caller, child: Allocation): boolean {
  return may(caller, 'readChild', child);
}

/**
 * The children a list action covers for the caller: the union of their roles'
 * scopes (everyone's when any role reaches every child), in a fixed order.
 */
export function scopeOf(caller: Caller, action: 'listChildren' | 'listTimescales'): ListScope[] {
  const parts = grantsOf(caller, action).map((grant) => scopeOfGrant(grant, caller));
  if (parts.some((part) => 'all' in part)) return [{ all: true }];
  const unique = new Map(parts.map((part) => [JSON.stringify(part), part]));
  return [...unique.values()].sort((a, b) => ('iroEmail' in a ? 0 : 1) - ('iroEmail' in b ? 0 : 1));
}

/** Whether a list's scope covers the child: some part of it reaches them. */
export function inScope(scope: readonly ListScope[], child: Allocation): boolean {
  return scope.some((part) => ('all' in part ? true : 'iroEmail' in part ? part.iroEmail === child.iroEmail : part.teamManagerEmail === child.teamManagerEmail));
}

/**
 * The children a calendar feed covers for its owner (as they were when they
 * made it): their `listTimescales` scope, or `undefined` when no role of
 * theirs may have a feed.
 */
export function calendarFeedScope(owner: Caller): ListScope[] | undefined {
  return mayAttempt(owner, 'manageCalendarFeed') ? scopeOf(owner, 'listTimescales') : undefined;
}

/** The filters a children list may be narrowed by. */
export interface ListFilters {
  iroEmail?: string;
  teamManagerEmail?: string;
}

/**
 * The scope of a children list narrowed by a filter, or `undefined` when the
 * filter asks for children outside the caller's scope (one IRO's children when
 * the caller does not reach all of them).
 */
export function filteredScope(caller: Caller, filters: ListFilters): ListScope[] | undefined {
  const scope = scopeOf(caller, 'listChildren');
  const wanted: ListScope | undefined =
    filters.iroEmail !== undefined ? { iroEmail: filters.iroEmail }
    : filters.teamManagerEmail !== undefined ? { teamManagerEmail: filters.teamManagerEmail }
    : undefined;
  if (wanted === undefined) return scope;
  const covered = scope.some((part) => 'all' in part || JSON.stringify(part) === JSON.stringify(wanted));
  return covered ? [wanted] : undefined;
}
