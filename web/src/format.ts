/**
 * Dates and numbers as people write them: "Thu 9 Jan 2025", "November 2026",
 * "1,054". Days are written by hand rather than by `Intl`, whose short months
 * change between versions ("Sep" or "Sept") and whose en-GB form puts a comma
 * after the weekday.
 */

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real day written `yyyy-mm-dd` (2025-02-31 is not). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(match[3]);
}

/** `2025-01-09` → "Thu 9 Jan 2025": the one way the page writes a day. Anything that is not a day is left as it is. */
export function longDate(date: string): string {
  if (!isCalendarDate(date)) return date;
  const day = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

/** Every day written `yyyy-mm-dd` in a sentence (the API's reasons), written as people write it. */
export const datesInWords = (text: string) => text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => longDate(date));

/** `2026-11` → "November 2026". */
export const longMonth = (month: string) => MONTH.format(new Date(`${month}-01T00:00:00Z`));
/** `2026-11` → "Nov 2026". */
export const shortMonth = (month: string) => SHORT_MONTH.format(new Date(`${month}-01T00:00:00Z`));
export const count = (n: number) => n.toLocaleString('en-GB');
/** "96.4%", or "no meetings" when there were none. */
export const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`);
/** The reporting year starting in April of `year`: "April 2025 to March 2026". */
export const reportingYearName = (year: number) => `April ${year} to March ${year + 1}`;
