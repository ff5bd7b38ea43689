/** Dates and numbers as GOV.UK writes them: "3 December 2026", "November 2026", "1,054". */

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** `2026-12-03` → "3 December 2026". */
export const longDate = (date: string) => DAY.format(new Date(`${date}T00:00:00Z`));
/** `2026-11` → "November 2026". */
export const longMonth = (month: string) => MONTH.format(new Date(`${month}-01T00:00:00Z`));
/** `2026-11` → "Nov 2026". */
export const shortMonth = (month: string) => SHORT_MONTH.format(new Date(`${month}-01T00:00:00Z`));
export const count = (n: number) => n.toLocaleString('en-GB');
/** "96.4%", or "no meetings" when there were none. */
export const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`);
/** The reporting year starting in April of `year`: "April 2025 to March 2026". */
export const reportingYearName = (year: number) => `April ${year} to March ${year + 1}`;
