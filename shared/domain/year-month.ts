/**
 * Arithmetic on calendar months written `yyyy-mm`, and the reporting year
 * (April to March) the annual reports use. Pure and tiny, so the web page can
 * carry it too.
 */

/** `month` moved by `delta` months (negative: back). */
export function shiftMonth(month: string, delta: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The `count` months ending with `last`, oldest first.
 *
 * @example
 * monthsEndingWith('2025-02', 3); // ['2024-12', '2025-01', '2025-02']
 */
export function monthsEndingWith(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => shiftMonth(last, index - count + 1));
}

/** April of `year` to March of the next: the months of the annual report for `year`. */
export function reportingYear(year: number): string[] {
  return monthsEndingWith(`${year + 1}-03`, 12);
}

/**
 * The reporting year a month falls in, named by the year it starts.
 *
 * @example
 * reportingYearOf('2025-03'); // 2024 (April 2024 to March 2025)
 */
export function reportingYearOf(month: string): number {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number >= 4 ? year : year - 1;
}
