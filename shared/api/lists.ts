/**
 * The lists: children in the caller's scope (paged with an opaque cursor) and
 * the open timescales in the caller's scope, soonest first. A filter or a
 * cursor can never widen the scope: a cursor names the caller and the list it
 * was made for, and its position must lie inside that list's own partition.
 */
import type { Caller } from '#shared/domain/access';
import { addWorkingDays, CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { CalendarRangeError } from '#shared/domain/errors';
import { withStatus } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { ForbiddenError, ValidationError } from '#shared/errors';
import type { ApiRequest, ApiResponse } from '#shared/http/types';
import { validate } from '#shared/http/validation';
import type { ChildrenStore, DueEntry, ListScope } from '#shared/store/children-store';
import { CHILDREN_INDEX, IRO_INDEX, TEAM_MANAGER_INDEX, keys } from '#shared/store/table-design';
import { todayOf, type Clock } from './ports';
import { childListQuerySchema, timescalesQuerySchema } from './schemas';

export interface ListDeps {
  store: ChildrenStore;
  clock: Clock;
  policy: TimescalePolicy;
}

const isManager = (caller: Caller) => caller.roles.includes('admin') || caller.roles.includes('service-manager');

/** The scope a children list covers, from the caller and the filters they asked for. */
function childrenScope(caller: Caller, filters: { iroEmail?: string; teamManagerEmail?: string }): ListScope {
  if (filters.iroEmail && filters.teamManagerEmail) throw ValidationError.of('teamManagerEmail', 'filter by iroEmail or teamManagerEmail, not both');
  if (filters.iroEmail) {
    if (!isManager(caller) && !(caller.roles.includes('iro') && caller.email === filters.iroEmail)) {
      throw new ForbiddenError("You may list only your own children.");
    }
    return { iroEmail: filters.iroEmail };
  }
  if (filters.teamManagerEmail) {
    if (!isManager(caller) && !(caller.roles.includes('team-manager') && caller.email === filters.teamManagerEmail)) {
      throw new ForbiddenError("You may list only your own team's children.");
    }
    return { teamManagerEmail: filters.teamManagerEmail };
  }
  if (isManager(caller)) return { all: true };
  if (caller.roles.includes('iro')) return { iroEmail: caller.email };
  return { teamManagerEmail: caller.email };
}

/** The scopes of the timescales a caller sees: their own children's, as IRO and as team manager. */
function timescaleScopes(caller: Caller): ListScope[] {
  if (isManager(caller)) return [{ all: true }];
  const scopes: ListScope[] = [];
  if (caller.roles.includes('iro')) scopes.push({ iroEmail: caller.email });
  if (caller.roles.includes('team-manager')) scopes.push({ teamManagerEmail: caller.email });
  return scopes;
}

interface CursorBody {
  caller: string;
  scope: ListScope;
  status?: string;
  position: Record<string, unknown>;
}

const encodeCursor = (body: CursorBody) => Buffer.from(JSON.stringify(body)).toString('base64url');

function decodeCursor(text: string, caller: Caller, scope: ListScope, status: string | undefined): Record<string, unknown> {
  const refuse = () => ValidationError.of('cursor', 'is not a cursor this API gave for this list');
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw refuse();
  }
  if (
    typeof body !== 'object' || body === null ||
    body.caller !== caller.email ||
    JSON.stringify(body.scope) !== JSON.stringify(scope) ||
    body.status !== status ||
    !positionInScope(body.position, scope)
  ) {
    throw refuse();
  }
  return body.position;
}

/** Whether a position lies inside the scope's own partition, so a forged one cannot read elsewhere. */
function positionInScope(position: unknown, scope: ListScope): position is Record<string, unknown> {
  if (typeof position !== 'object' || position === null) return false;
  const key = position as Record<string, unknown>;
  const isChildKey = (k: Record<string, unknown>, partitionAttribute: string, partition: string, sortAttribute: string) =>
    Object.keys(k).length === 4 &&
    k[partitionAttribute] === partition &&
    typeof k['PK'] === 'string' && /^CHILD#[0-9a-f-]{36}$/.test(k['PK']) &&
    k['SK'] === 'CHILD' &&
    typeof k[sortAttribute] === 'string' && (k[sortAttribute] as string).startsWith('CHILD#');
  if ('iroEmail' in scope) return isChildKey(key, IRO_INDEX.partitionKey, keys.iroKey(scope.iroEmail), IRO_INDEX.sortKey);
  if ('teamManagerEmail' in scope) {
    return isChildKey(key, TEAM_MANAGER_INDEX.partitionKey, keys.teamManagerKey(scope.teamManagerEmail), TEAM_MANAGER_INDEX.sortKey);
  }
  const shard = key['shard'];
  if (typeof shard !== 'number' || !Number.isInteger(shard) || shard < 0 || shard >= CHILDREN_INDEX.shards) return false;
  if (key['key'] === undefined) return Object.keys(key).length === 1;
  return (
    Object.keys(key).length === 2 &&
    typeof key['key'] === 'object' && key['key'] !== null &&
    isChildKey(key['key'] as Record<string, unknown>, CHILDREN_INDEX.partitionKey, keys.listShard(shard), CHILDREN_INDEX.sortKey)
  );
}

/** `within` working days after `asOf`; a client's problem, named by field, when that runs past the calendar's last day. */
function dueByOf(asOf: string, within: number): string {
  try {
    return addWorkingDays(asOf, within);
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    throw ValidationError.of('within', `reaches past ${CALENDAR_LAST_DATE}, the last day the calendar counts: ask for fewer working days or an earlier asOf`);
  }
}

export function listOperations(deps: ListDeps) {
  return {
    async listChildren(request: ApiRequest): Promise<ApiResponse> {
      const query = validate(childListQuerySchema, request.query);
      const scope = childrenScope(request.caller, query);
      const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, request.caller, scope, query.status);
      const page = await deps.store.listChildren(scope, {
        limit: query.limit ?? 50,
        ...(query.status ? { status: query.status } : {}),
        ...(start ? { start } : {}),
      });
      const next = page.next && encodeCursor({ caller: request.caller.email, scope, ...(query.status ? { status: query.status } : {}), position: page.next });
      return {
        status: 200,
        body: {
          children: page.items,
          ...(next ? { cursor: next } : {}),
        },
      };
    },

    async listTimescales(request: ApiRequest): Promise<ApiResponse> {
      const query = validate(timescalesQuerySchema, request.query);
      const asOf = query.asOf ?? todayOf(deps.clock);
      if (asOf < CALENDAR_FIRST_DATE || asOf > CALENDAR_LAST_DATE) {
        throw ValidationError.of('asOf', `must be between ${CALENDAR_FIRST_DATE} and ${CALENDAR_LAST_DATE}`);
      }
      const within = query.within ?? deps.policy.dueSoonWorkingDays;
      const dueBy = dueByOf(asOf, within);
      const lists = await Promise.all(timescaleScopes(request.caller).map((scope) => deps.store.listDue(scope, dueBy)));
      const seen = new Set<string>();
      const entries: DueEntry[] = [];
      for (const entry of lists.flat()) {
        const key = `${entry.childId}#${entry.kind}#${entry.countedFrom.recordId}`;
        if (!seen.has(key)) entries.push(entry), seen.add(key);
      }
      entries.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference));
      return {
        status: 200,
        body: {
          asOf,
          dueBy,
          timescales: entries.map((entry) => ({ ...entry, ...withStatus(entry, asOf, deps.policy) })),
        },
      };
    },
  };
}
