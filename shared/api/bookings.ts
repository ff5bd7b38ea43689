/**
 * Use cases on bookings that read more than one child's file: the days a
 * child's meeting can be held in time, the IRO's days already holding another
 * booking last. (Booking, moving, holding and cancelling a meeting are writes
 * to the child's file, in `records.ts`.)
 */
import { CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { suggestedDates } from '#shared/domain/timescales/bookings';
import { openTimescales } from '#shared/domain/timescales/engine';
import { NotFoundError } from '#shared/errors';
import type { ApiResponse, RequestOf } from '#shared/http/types';
import { childFiles, type ChildFileDeps } from '#shared/api/child-files';
import { todayOf } from '#shared/api/ports';

/** The operations of the booking routes. */
export function bookingOperations(deps: ChildFileDeps) {
  const files = childFiles(deps);
  return {
    async getSuggestedDates(request: RequestOf<'getSuggestedDates'>): Promise<ApiResponse> {
      const asOf = request.query.asOf ?? todayOf(deps.clock);
      const { childId, kind } = request.params;
      const file = await files.readRecorded(request, childId, 'getSuggestedDates');
      const timescale = openTimescales(file.records, deps.policy, asOf).find((open) => open.kind === kind);
      if (timescale === undefined) throw new NotFoundError(`No ${kind} is due for this child as of ${asOf}.`);
      // The IRO's other bookings, from the due-date index: every open timescale of theirs with a meeting booked.
      const busy = new Map<string, number>();
      for (const entry of await deps.reads.listDue([{ iroEmail: file.child.iroEmail }], CALENDAR_LAST_DATE)) {
        if (entry.booking === undefined || entry.booking.meetingId === timescale.booking?.meetingId) continue;
        busy.set(entry.booking.bookedFor, (busy.get(entry.booking.bookedFor) ?? 0) + 1);
      }
      return {
        status: 200,
        body: {
          childId,
          kind,
          asOf,
          dueDate: timescale.dueDate,
          ...(timescale.booking === undefined ? {} : { booking: timescale.booking }),
          dates: suggestedDates(timescale.dueDate, asOf, busy),
        },
      };
    },
  };
}
