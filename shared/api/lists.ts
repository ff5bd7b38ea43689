/**
 * The lists: the children in the caller's scope (paged with an opaque
 * cursor) and the open timescales in the caller's scope, soonest first. The
 * scope is the access module's (`scopeOf`, `filteredScope`): the union of the
 * caller's roles' scopes, never widened by a filter. The store makes and checks
 * the cursors.
 */
import { filteredScope, inScope, scopeOf, type Caller } from '#shared/domain/access';
import { addWorkingDays, CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { CalendarRangeError } from '#shared/domain/errors';
import { statusOf, type CalendarDate } from '#shared/domain/records';
import { isBookable } from '#shared/domain/timescales/bookings';
import { withStatus } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { ForbiddenError, ValidationError } from '#shared/errors';
import type { ApiResponse, RequestOf } from '#shared/http/types';
import { todayOf, type Clock } from '#shared/api/ports';
import { recordRead } from '#shared/api/child-files';
import type { ChildReads, ChildStatusFilter, ListedChild, ReadLog } from '#shared/store/ports';

/** What the lists need. */
export interface ListDeps {
  reads: ChildReads;
  /** Where each list read is recorded: one entry a request. */
  readLog: ReadLog;
  clock: Clock;
  policy: TimescalePolicy;
}

/** Whether a listed child passes the status filter. */
function hasStatus(child: ListedChild, status: ChildStatusFilter | undefined): boolean {
  if (status === 'looked-after') return child.lookedAfter;
  if (status === 'registered') return child.registered;
  return status === undefined || (!child.lookedAfter && !child.registered);
}

/** `within` working days after `asOf`; a client's problem, named by field, when that runs past the calendar's last day. */
function dueByOf(asOf: CalendarDate, within: number): CalendarDate {
  try {
    return addWorkingDays(asOf, within);
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    throw ValidationError.of('within', `reaches past ${CALENDAR_LAST_DATE}, the last day the calendar counts: ask for fewer working days or an earlier asOf`);
  }
}

/** The operations of the list routes. */
export function listOperations(deps: ListDeps) {
  /** Records a list read: one entry a request, with the query's filters (never the cursor), no child named. */
  const recordList = (request: { caller: Caller; requestId: string }, operationId: string, query: Record<string, unknown>) =>
    recordRead(deps.readLog, {
      at: deps.clock.now().toISOString(),
      reader: request.caller.email,
      operationId,
      requestId: request.requestId,
      filters: Object.fromEntries(Object.entries(query).filter(([name, value]) => name !== 'cursor' && value !== undefined)) as Record<string, string | number>,
    });

  return {
    async listChildren(request: RequestOf<'listChildren'>): Promise<ApiResponse> {
      const { query, caller } = request;
      const scope = filteredScope(caller, query);
      if (!scope) throw new ForbiddenError('You may list only the children in your own scope.');
      await recordList(request, 'listChildren', query);
      if (query.reference !== undefined) {
        // The one child with the case system's reference, if the caller's scope (and the filters) reach them: one page, no cursor.
        const childId = (await deps.reads.childIdsByReference([query.reference])).get(query.reference);
        const file = childId === undefined ? undefined : await deps.reads.loadChildFile(childId);
        const child = file && { ...file.child, ...statusOf(file.records, todayOf(deps.clock)) };
        return { status: 200, body: { children: child && inScope(scope, child) && hasStatus(child, query.status) ? [child] : [] } };
      }
      const page = await deps.reads.listChildren(scope, {
        owner: caller.email,
        limit: query.limit ?? 50,
        ...(query.status ? { status: query.status } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      });
      return { status: 200, body: { children: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) } };
    },

    async listTimescales(request: RequestOf<'listTimescales'>): Promise<ApiResponse> {
      const asOf = request.query.asOf ?? todayOf(deps.clock);
      const dueBy = dueByOf(asOf, request.query.within ?? deps.policy.dueSoonWorkingDays);
      await recordList(request, 'listTimescales', request.query);
      const entries = await deps.reads.listDue(scopeOf(request.caller, 'listTimescales'), dueBy);
      const wanted = request.query.booking;
      // Not booked: a meeting is due and none is booked (an outline plan or recommendations are never booked).
      const kept = wanted === undefined ? entries : entries.filter((entry) => (wanted === 'booked' ? entry.booking !== undefined : isBookable(entry.kind) && entry.booking === undefined));
      return {
        status: 200,
        body: { asOf, dueBy, timescales: kept.map((entry) => ({ ...entry, ...withStatus(entry, asOf, deps.policy) })) },
      };
    },
  };
}
