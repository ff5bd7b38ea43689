/**
 * Calendar dates as plain values. A date is `yyyy-mm-dd` at the edges and an
 * integer day number (days since 1970-01-01) inside hot loops; neither ever
 * carries a time of day or a time zone, so no arithmetic here can drift by an
 * hour across a clock change.
 */
import type { CalendarDate } from '#shared/domain/records';
import { InvalidCalendarDateError } from '#shared/domain/errors';

/** A calendar date, `yyyy-mm-dd`, in Europe/London (from records.ts). */
export type { CalendarDate };

/** A calendar date as an integer: days since 1970-01-01 (negative before). */
export type DayNumber = number;

/** ISO day of the week: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const CODE_0 = 48;
const CODE_DASH = 45;

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer arithmetic.
function dayNumberOf(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The year, month (1-12) and day of a day number. */
export function civilOf(dayNumber: DayNumber): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

// Formatting and month arithmetic are on the engine's hot path: for 1990-2059
// keep each day's text, month and day of the month, and each month's first day
// and length, ready in tables. Outside those years the arithmetic is computed.
const TABLE_FIRST_YEAR = 1990;
const TABLE_LAST_YEAR = 2059;
const FORMAT_FIRST = dayNumberOf(TABLE_FIRST_YEAR, 1, 1);
const FORMAT_LAST = dayNumberOf(TABLE_LAST_YEAR, 12, 31);
/** Each day's text, made the first time it is asked for (keeps a cold start short). */
const FORMATTED: (string | undefined)[] = new Array(FORMAT_LAST - FORMAT_FIRST + 1).fill(undefined);
/** For each day of the table: months since January 1990, and the day of the month. */
const MONTH_INDEX = new Int16Array(FORMAT_LAST - FORMAT_FIRST + 1);
const DAY_OF_MONTH = new Int8Array(FORMAT_LAST - FORMAT_FIRST + 1);
const MONTHS = (TABLE_LAST_YEAR - TABLE_FIRST_YEAR + 1) * 12;
const MONTH_START = new Int32Array(MONTHS);
const MONTH_LENGTH = new Int8Array(MONTHS);
/** 1 to 31, the days of a month: copied into {@link DAY_OF_MONTH} a month at a time. */
const DAYS_OF_A_MONTH = Int8Array.from({ length: 31 }, (_, i) => i + 1);
// A month at a time, by the typed arrays' own fill and copy: filled a day at a time, the
// tables took a millisecond or two of every cold start (`npm run bench:cold-start`).
for (let i = 0; i < MONTHS; i += 1) {
  const year = TABLE_FIRST_YEAR + Math.floor(i / 12);
  const month = (i % 12) + 1;
  const start = dayNumberOf(year, month, 1);
  const length = daysInMonth(year, month);
  MONTH_START[i] = start;
  MONTH_LENGTH[i] = length;
  MONTH_INDEX.fill(i, start - FORMAT_FIRST, start - FORMAT_FIRST + length);
  DAY_OF_MONTH.set(DAYS_OF_A_MONTH.subarray(0, length), start - FORMAT_FIRST);
}

/** What {@link parseDayNumber} answers for text that is not a real date: a small integer no date has as its day number. */
const NOT_A_DATE = -1_000_000_000;

/**
 * The day number of `yyyy-mm-dd` text, or {@link NOT_A_DATE}. The engine calls
 * this for every date of every record, so it is written for speed: the eight
 * digits are checked at once (`d | (9 - d)` is negative exactly when `d` is
 * not 0-9), it answers a plain integer rather than `number | undefined`, and
 * dates in the table's years are one look-up.
 */
function parseDayNumber(text: string): DayNumber {
  if (text.length !== 10) return NOT_A_DATE;
  const y0 = text.charCodeAt(0) - CODE_0, y1 = text.charCodeAt(1) - CODE_0;
  const y2 = text.charCodeAt(2) - CODE_0, y3 = text.charCodeAt(3) - CODE_0;
  const m0 = text.charCodeAt(5) - CODE_0, m1 = text.charCodeAt(6) - CODE_0;
  const d0 = text.charCodeAt(8) - CODE_0, d1 = text.charCodeAt(9) - CODE_0;
  if ((y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | m0 | (9 - m0) | m1 | (9 - m1) | d0 | (9 - d0) | d1 | (9 - d1)) < 0) {
    return NOT_A_DATE;
  }
  if (text.charCodeAt(4) !== CODE_DASH || text.charCodeAt(7) !== CODE_DASH) return NOT_A_DATE;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return NOT_A_DATE;
  const i = (year - TABLE_FIRST_YEAR) * 12 + month - 1;
  if (i >= 0 && i < MONTHS) return day > MONTH_LENGTH[i]! ? NOT_A_DATE : MONTH_START[i]! + day - 1;
  return year < 1 || day > daysInMonth(year, month) ? NOT_A_DATE : dayNumberOf(year, month, day);
}

/**
 * The day number of a `yyyy-mm-dd` date, or `undefined` when the text is not
 * a real calendar date (`'2025-02-30'`, `'2025-2-3'`).
 */
export function tryToDayNumber(text: unknown): DayNumber | undefined {
  if (typeof text !== 'string') return undefined;
  const n = parseDayNumber(text);
  return n === NOT_A_DATE ? undefined : n;
}

/**
 * The day number of a `yyyy-mm-dd` date.
 *
 * @throws InvalidCalendarDateError when the text is not a real calendar date.
 * @example
 * toDayNumber('1970-01-02'); // 1
 */
export function toDayNumber(text: CalendarDate): DayNumber {
  const n = typeof text === 'string' ? parseDayNumber(text) : NOT_A_DATE;
  if (n === NOT_A_DATE) throw new InvalidCalendarDateError(text);
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatCivil(year: number, month: number, day: number): CalendarDate {
  const y = year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : `${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

/**
 * The `yyyy-mm-dd` text of a day number.
 *
 * @example
 * fromDayNumber(0); // '1970-01-01'
 */
export function fromDayNumber(dayNumber: DayNumber): CalendarDate {
  const i = dayNumber - FORMAT_FIRST;
  if (i >= 0 && dayNumber <= FORMAT_LAST) {
    const cached = FORMATTED[i];
    if (cached !== undefined) return cached;
    const month = MONTH_INDEX[i]!;
    return (FORMATTED[i] = formatCivil(TABLE_FIRST_YEAR + Math.floor(month / 12), (month % 12) + 1, DAY_OF_MONTH[i]!));
  }
  const { year, month, day } = civilOf(dayNumber);
  return formatCivil(year, month, day);
}

/** Whether the text is a real calendar date written `yyyy-mm-dd`. */
export function isCalendarDate(text: unknown): text is CalendarDate {
  return tryToDayNumber(text) !== undefined;
}

/**
 * Checks a `yyyy-mm-dd` date and returns it unchanged.
 *
 * @throws InvalidCalendarDateError for `'2025-02-30'`, `'2025-2-3'` and the like.
 * @example
 * parseCalendarDate('2024-02-29'); // '2024-02-29'
 */
export function parseCalendarDate(text: unknown): CalendarDate {
  if (tryToDayNumber(text) === undefined) throw new InvalidCalendarDateError(text);
  return text as CalendarDate;
}

/**
 * The date `days` calendar days after (or, when negative, before) `date`.
 *
 * @example
 * addDays('2024-02-28', 2); // '2024-03-01'
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * {@link addMonths} on day numbers: the same day of the month `months` months
 * later, clamped to the last day of a shorter month.
 */
export function addMonthsToDayNumber(dayNumber: DayNumber, months: number): DayNumber {
  const i = dayNumber - FORMAT_FIRST;
  if (i >= 0 && dayNumber <= FORMAT_LAST) {
    const target = MONTH_INDEX[i]! + months;
    if (target >= 0 && target < MONTHS) return MONTH_START[target]! + Math.min(DAY_OF_MONTH[i]!, MONTH_LENGTH[target]!) - 1;
  }
  const { year, month, day } = civilOf(dayNumber);
  const zeroBased = month - 1 + months;
  const newYear = year + Math.floor(zeroBased / 12);
  const newMonth = zeroBased - Math.floor(zeroBased / 12) * 12 + 1;
  return dayNumberOf(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/**
 * "Within N months of D": the same day of the month N months later, clamped to
 * that month's last day. Never moved off a weekend or bank holiday.
 *
 * @example
 * addMonths('2023-08-31', 6); // '2024-02-29'
 * addMonths('2024-08-31', 6); // '2025-02-28'
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return fromDayNumber(addMonthsToDayNumber(toDayNumber(date), months));
}

/**
 * Negative when `a` is before `b`, zero when the same day, positive after.
 * Sorts dates: `dates.sort(compareDates)`.
 */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/**
 * Calendar days from `a` to `b` (negative when `b` is earlier).
 *
 * @example
 * daysBetween('2024-02-28', '2024-03-01'); // 2
 */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** The ISO weekday (1 = Monday ... 7 = Sunday) of a day number. */
export function weekdayOfDayNumber(dayNumber: DayNumber): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/**
 * The ISO weekday of a date: 1 = Monday ... 7 = Sunday.
 *
 * @example
 * dayOfWeek('2024-12-19'); // 4 (Thursday)
 */
export function dayOfWeek(date: CalendarDate): IsoWeekday {
  return weekdayOfDayNumber(toDayNumber(date));
}

// Made on first use: building a formatter for a time zone costs about 20 ms,
// which a cold start that never asks for today should not pay.
let london: Intl.DateTimeFormat | undefined;

/**
 * Today's calendar date in Europe/London at the instant `now`: the one place an
 * instant becomes a calendar date. Pass the clock's reading in; nothing here
 * reads the clock.
 *
 * @example
 * todayInLondon(new Date('2024-06-30T23:30:00Z')); // '2024-07-01' (BST)
 */
export function todayInLondon(now: Date): CalendarDate {
  let year = '', month = '', day = '';
  london ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  for (const part of london.formatToParts(now)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return parseCalendarDate(`${year}-${month}-${day}`);
}
