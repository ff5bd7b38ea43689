/**
 * The working-day calendar of England and Wales: Monday to Friday, excluding
 * the bank holidays (substitute and one-off days included) in
 * `bank-holidays.ts`. Built once per process from a prefix count of working
 * days, so every question is O(1).
 */
import type { CalendarDate, DayNumber } from '#shared/domain/calendar/calendar-date';
import { fromDayNumber, toDayNumber, weekdayOfDayNumber } from '#shared/domain/calendar/calendar-date';
import { BANK_HOLIDAYS, BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR } from '#shared/domain/calendar/bank-holidays';
import { CalendarRangeError } from '#shared/domain/errors';

/** The first day whose working-day status the calendar knows. */
export const CALENDAR_FIRST_DATE: CalendarDate = `${BANK_HOLIDAYS_FIRST_YEAR}-01-01`;
/** The last day whose working-day status the calendar knows. */
export const CALENDAR_LAST_DATE: CalendarDate = `${BANK_HOLIDAYS_LAST_YEAR}-12-31`;

const FIRST = toDayNumber(CALENDAR_FIRST_DATE);
const LAST = toDayNumber(CALENDAR_LAST_DATE);
const SPAN = LAST - FIRST + 1;

const WORKING = new Uint8Array(SPAN);
/** WORKING_BEFORE[i]: working days in [FIRST, FIRST + i). Length SPAN + 1. */
const WORKING_BEFORE = new Int32Array(SPAN + 1);
// Built at every cold start of every function, so by the typed arrays' own copy
// where it can be: the first week's Mondays to Fridays, copied along the span
// in doubling blocks, then each bank holiday taken out.
for (let i = 0; i < 7 && i < SPAN; i += 1) WORKING[i] = weekdayOfDayNumber(FIRST + i) <= 5 ? 1 : 0;
for (let filled = 7; filled < SPAN; filled *= 2) WORKING.copyWithin(filled, 0, Math.min(filled, SPAN - filled));
for (const holiday of BANK_HOLIDAYS) WORKING[toDayNumber(holiday) - FIRST] = 0;
for (let i = 0; i < SPAN; i += 1) WORKING_BEFORE[i + 1] = WORKING_BEFORE[i]! + WORKING[i]!;
const WORKING_DAY_COUNT = WORKING_BEFORE[SPAN]!;
/** WORKING_DAYS[k]: the day number of the k-th working day (0-based). */
const WORKING_DAYS = new Int32Array(WORKING_DAY_COUNT);
for (let i = 0; i < SPAN; i += 1) if (WORKING[i] === 1) WORKING_DAYS[WORKING_BEFORE[i]!] = FIRST + i;

function outOfRange(date: DayNumber, detail?: string): CalendarRangeError {
  return new CalendarRangeError(fromDayNumber(date), CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE, detail);
}

function indexOf(date: DayNumber): number {
  const i = date - FIRST;
  if (i < 0 || i >= SPAN) throw outOfRange(date);
  return i;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`a number of working days must be a whole number, got ${n}`);
}

/** Whether a day number lies inside the calendar's years. */
export function isDayNumberInCalendar(date: DayNumber): boolean {
  return date >= FIRST && date <= LAST;
}

/**
 * Whether the working-day calendar covers a date (so that working-day
 * questions about it are answered, not refused).
 *
 * @example
 * isInCalendar('1999-12-31'); // false
 */
export function isInCalendar(date: CalendarDate): boolean {
  return isDayNumberInCalendar(toDayNumber(date));
}

/** {@link isWorkingDay} on a day number. */
export function isWorkingDayNumber(date: DayNumber): boolean {
  return WORKING[indexOf(date)] === 1;
}

/**
 * Whether a date is a working day in England and Wales.
 *
 * @throws CalendarRangeError outside the calendar's years.
 * @example
 * isWorkingDay('2022-09-19'); // false (the State Funeral)
 */
export function isWorkingDay(date: CalendarDate): boolean {
  return isWorkingDayNumber(toDayNumber(date));
}

/** {@link addWorkingDays} on day numbers. */
export function addWorkingDaysToDayNumber(date: DayNumber, n: number): DayNumber {
  checkCount(n);
  const i = indexOf(date);
  if (n === 0) return date;
  // n > 0: the first working day after `date` has index WORKING_BEFORE[i + 1].
  // n < 0: the first working day before it has index WORKING_BEFORE[i] - 1.
  const k = n > 0 ? WORKING_BEFORE[i + 1]! + n - 1 : WORKING_BEFORE[i]! + n;
  if (k < 0 || k >= WORKING_DAY_COUNT) {
    throw outOfRange(
      n > 0 ? LAST + 1 : FIRST - 1,
      `counting ${n} working days from ${fromDayNumber(date)} goes past the calendar's ${n > 0 ? 'end' : 'start'}`,
    );
  }
  return WORKING_DAYS[k]!;
}

/**
 * "Within N working days of D": the Nth working day after D, D being day 0
 * (so the result is always a working day when N > 0, and D itself when N = 0).
 * A negative N counts back: the Nth working day before D.
 *
 * @throws CalendarRangeError when D or the answer lies outside the calendar's years.
 * @example
 * addWorkingDays('2024-12-19', 15); // '2025-01-14'
 */
export function addWorkingDays(date: CalendarDate, n: number): CalendarDate {
  return fromDayNumber(addWorkingDaysToDayNumber(toDayNumber(date), n));
}

/** {@link workingDaysBetween} on day numbers. */
export function workingDaysBetweenDayNumbers(from: DayNumber, to: DayNumber): number {
  return WORKING_BEFORE[indexOf(to) + 1]! - WORKING_BEFORE[indexOf(from) + 1]!;
}

/**
 * Working days from `from` to `to`, signed: the working days in (from, to] when
 * `to` is later, minus those in (to, from] when it is earlier. So
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`, and
 * `workingDaysBetween(today, dueDate)` is the working days left (negative:
 * overdue).
 *
 * @throws CalendarRangeError when either date lies outside the calendar's years.
 * @example
 * workingDaysBetween('2024-12-19', '2025-01-14'); // 15
 * workingDaysBetween('2025-01-15', '2025-01-14'); // -1 (one working day overdue)
 */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return workingDaysBetweenDayNumbers(toDayNumber(from), toDayNumber(to));
}
