import { describe, expect, it } from 'vitest';
import {
  BANK_HOLIDAYS,
  BANK_HOLIDAYS_FIRST_YEAR,
  BANK_HOLIDAYS_LAST_YEAR,
} from '#shared/domain/calendar/bank-holidays';
import { computeBankHolidays, DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR } from '#infra/scripts/refresh-bank-holidays';
import { isWorkingDay } from '#shared/domain/calendar/working-days';

describe('the committed bank holidays of England and Wales', () => {
  it('equal what date-holidays (with the documented overrides) produces now', () => {
    // prepare
    const expected = computeBankHolidays(BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR);

    // act
    const committed = [...BANK_HOLIDAYS];

    // assess
    expect(committed).toEqual(expected);
  });

  it('cover 2010 to 2035, sorted, with no weekend and no duplicate', () => {
    expect([BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR]).toEqual([DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR]);
    expect([BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR]).toEqual([2010, 2035]);
    expect([...BANK_HOLIDAYS].sort()).toEqual([...BANK_HOLIDAYS]);
    expect(new Set(BANK_HOLIDAYS).size).toBe(BANK_HOLIDAYS.length);
    for (const date of BANK_HOLIDAYS) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect(weekday, date).not.toBe(0);
      expect(weekday, date).not.toBe(6);
    }
  });

  it('have eight holidays every year, plus the one-off days', () => {
    const perYear = new Map<number, number>();
    for (const date of BANK_HOLIDAYS) perYear.set(Number(date.slice(0, 4)), (perYear.get(Number(date.slice(0, 4))) ?? 0) + 1);
    const oneOffs: Record<number, number> = { 2011: 1, 2012: 1, 2022: 2, 2023: 1 };
    for (let year = 2010; year <= 2035; year += 1) expect(perYear.get(year), String(year)).toBe(8 + (oneOffs[year] ?? 0));
  });

  it.each([
    ['2020-05-08', 'VE Day: the early May bank holiday moved to a Friday'],
    ['2022-06-02', 'the spring bank holiday moved for the Platinum Jubilee'],
    ['2022-06-03', 'the Platinum Jubilee'],
    ['2022-09-19', 'the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'the Coronation of King Charles III'],
    ['2011-04-29', 'the Royal Wedding (missing from date-holidays: overridden)'],
    ['2012-06-04', 'the spring bank holiday moved for the Diamond Jubilee (overridden)'],
    ['2012-06-05', 'the Diamond Jubilee'],
    ['2020-12-28', 'Boxing Day substitute'],
    ['2021-12-27', 'Christmas Day substitute'],
    ['2021-12-28', 'Boxing Day substitute'],
    ['2022-12-27', 'Christmas Day substitute'],
    ['2022-01-03', "New Year's Day substitute"],
    ['2023-01-02', "New Year's Day substitute"],
    ['2024-03-29', 'Good Friday'],
    ['2024-04-01', 'Easter Monday'],
  ])('include %s (%s)', (date) => {
    expect(BANK_HOLIDAYS).toContain(date);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2020-05-04', 'the first Monday of May 2020, moved to the 8th'],
    ['2022-05-30', 'the last Monday of May 2022, moved to 2 June'],
    ['2012-05-28', 'the last Monday of May 2012, moved to 4 June (overridden)'],
  ])('leave out %s (%s)', (date) => {
    expect(BANK_HOLIDAYS).not.toContain(date);
    expect(isWorkingDay(date)).toBe(true);
  });
});
