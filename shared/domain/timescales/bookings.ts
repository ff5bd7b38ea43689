/**
 * Bookings against due dates: whether a meeting booked for a day is within
 * its timescale, and the days it can be held in time. Compliance is lost when
 * a meeting is booked, weeks before it is held ("booked in error just outside
 * the timescale"), so a booking is checked the day it is made.
 *
 * Pure: the open timescales come from the engine, the IRO's other bookings
 * from the caller.
 */
import type { CalendarDate, MeetingType } from '#shared/domain/records';
import { MEETING_TYPES } from '#shared/domain/records';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { isWorkingDayNumber, workingDaysBetween } from '#shared/domain/calendar/working-days';
import type { OpenTimescale, TimescaleKind } from '#shared/domain/timescales/types';

/** Whether a booking is in time for the timescale it is meant to meet. */
export interface BookingCheck {
  /** The due date of the open timescale of the meeting's type; null when none is open (nothing to be late for). */
  readonly dueDate: CalendarDate | null;
  /** Booked for the due date or before it (true when nothing is due). */
  readonly withinTimescale: boolean;
  /** Working days from the booked day to the due date: 0 on the day, negative when late; null when nothing is due. */
  readonly workingDaysToSpare: number | null;
}

/** Whether a kind of timescale is met by a meeting of the same name (a CER, an ICPC, …), so can be booked. */
export function isBookable(kind: TimescaleKind): kind is MeetingType & TimescaleKind {
  return (MEETING_TYPES as readonly string[]).includes(kind);
}

/** The open timescale a meeting of this type would meet: the earliest due of its kind. */
export function timescaleMetBy(type: MeetingType, open: readonly OpenTimescale[]): OpenTimescale | undefined {
  let found: OpenTimescale | undefined;
  for (const timescale of open) if (timescale.kind === type && (found === undefined || timescale.dueDate < found.dueDate)) found = timescale;
  return found;
}

/**
 * Whether a meeting booked for `bookedFor` meets `timescale`, and with how
 * many working days to spare.
 *
 * @example
 * checkBooking({ dueDate: '2025-01-14', ... }, '2025-01-15'); // { dueDate: '2025-01-14', withinTimescale: false, workingDaysToSpare: -1 }
 */
export function checkBooking(timescale: Pick<OpenTimescale, 'dueDate'> | undefined, bookedFor: CalendarDate): BookingCheck {
  if (timescale === undefined) return { dueDate: null, withinTimescale: true, workingDaysToSpare: null };
  return {
    dueDate: timescale.dueDate,
    withinTimescale: bookedFor <= timescale.dueDate,
    workingDaysToSpare: workingDaysBetween(bookedFor, timescale.dueDate),
  };
}

/** A day a meeting can be held in time, and how many of the IRO's other meetings are booked on it. */
export interface SuggestedDate {
  readonly date: CalendarDate;
  readonly otherBookings: number;
}

/**
 * The working days from `from` to the due date, both included, on which the
 * meeting can be held in time: never a weekend, a bank holiday or a day past
 * the due date. The days free of the IRO's other bookings come first, then
 * the busy ones (fewest bookings first), each in date order.
 *
 * @param busy The IRO's other booked meetings: how many on each day.
 * @example
 * suggestedDates('2025-01-14', '2025-01-09', new Map([['2025-01-10', 1]]));
 * // 9, 13 and 14 January, then 10 January (a booking already)
 */
export function suggestedDates(dueDate: CalendarDate, from: CalendarDate, busy: ReadonlyMap<CalendarDate, number>): SuggestedDate[] {
  const dates: SuggestedDate[] = [];
  for (let day = toDayNumber(from), last = toDayNumber(dueDate); day <= last; day += 1) {
    if (!isWorkingDayNumber(day)) continue;
    const date = fromDayNumber(day);
    dates.push({ date, otherBookings: busy.get(date) ?? 0 });
  }
  return dates.sort((a, b) => a.otherBookings - b.otherBookings || (a.date < b.date ? -1 : 1));
}
