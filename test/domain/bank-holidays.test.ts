import { describe, expect, it } from 'vitest';
import Holidays from 'date-holidays';
import {
  BANK_HOLIDAY_NAMES,
  BANK_HOLIDAYS,
  BANK_HOLIDAYS_FIRST_YEAR,
  BANK_HOLIDAYS_LAST_YEAR,
} from '#shared/domain/calendar/bank-holidays';
import {
  BANK_HOLIDAY_OVERRIDES,
  computeBankHolidays,
  DEFAULT_FIRST_YEAR,
  DEFAULT_LAST_YEAR,
} from '#infra/scripts/refresh-bank-holidays';
import { isWorkingDay } from '#shared/domain/calendar/working-days';

describe('the committed bank holidays of England and Wales', () => {
  it('equal what date-holidays (with the documented overrides) produces now, names and all', () => {
    // prepare
    const expected = computeBankHolidays(BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR);

    // act
    const committed = BANK_HOLIDAYS.map((date) => ({ date, name: BANK_HOLIDAY_NAMES[date] }));

    // assess
    expect(committed).toEqual(expected);
  });

  it('name each day as gov.uk does, one-off and substitute days included', () => {
    expect(BANK_HOLIDAY_NAMES['2024-12-25']).toBe('Christmas Day');
    expect(BANK_HOLIDAY_NAMES['2020-12-28']).toBe('Boxing Day (substitute day)');
    expect(BANK_HOLIDAY_NAMES['2002-06-03']).toBe('Golden Jubilee of Queen Elizabeth II');
    expect(BANK_HOLIDAY_NAMES['2011-04-29']).toBe('Royal wedding');
    expect(Object.keys(BANK_HOLIDAY_NAMES)).toEqual([...BANK_HOLIDAYS]);
  });

  it('cover 2000 to 2035, sorted, with no weekend and no duplicate', () => {
    expect([BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR]).toEqual([DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR]);
    expect([BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR]).toEqual([2000, 2035]);
    expect(BANK_HOLIDAYS[0]).toBe('2000-01-03');
    expect(BANK_HOLIDAYS.at(-1)).toBe('2035-12-26');
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
    const oneOffs: Record<number, number> = { 2002: 1, 2011: 1, 2012: 1, 2022: 2, 2023: 1 };
    for (let year = 2000; year <= 2035; year += 1) expect(perYear.get(year), String(year)).toBe(8 + (oneOffs[year] ?? 0));
  });

  it('match the official England and Wales list for 2000 to 2009, day for day', () => {
    // Written out by hand from the official dates (the Golden Jubilee changes of 2002
    // from the Royal Proclamations), not from date-holidays: this is the check on the package.
    const official = [
      '2000-01-03', '2000-04-21', '2000-04-24', '2000-05-01', '2000-05-29', '2000-08-28', '2000-12-25', '2000-12-26',
      '2001-01-01', '2001-04-13', '2001-04-16', '2001-05-07', '2001-05-28', '2001-08-27', '2001-12-25', '2001-12-26',
      '2002-01-01', '2002-03-29', '2002-04-01', '2002-05-06', '2002-06-03', '2002-06-04', '2002-08-26', '2002-12-25', '2002-12-26',
      '2003-01-01', '2003-04-18', '2003-04-21', '2003-05-05', '2003-05-26', '2003-08-25', '2003-12-25', '2003-12-26',
      '2004-01-01', '2004-04-09', '2004-04-12', '2004-05-03', '2004-05-31', '2004-08-30', '2004-12-27', '2004-12-28',
      '2005-01-03', '2005-03-25', '2005-03-28', '2005-05-02', '2005-05-30', '2005-08-29', '2005-12-26', '2005-12-27',
      '2006-01-02', '2006-04-14', '2006-04-17', '2006-05-01', '2006-05-29', '2006-08-28', '2006-12-25', '2006-12-26',
      '2007-01-01', '2007-04-06', '2007-04-09', '2007-05-07', '2007-05-28', '2007-08-27', '2007-12-25', '2007-12-26',
      '2008-01-01', '2008-03-21', '2008-03-24', '2008-05-05', '2008-05-26', '2008-08-25', '2008-12-25', '2008-12-26',
      '2009-01-01', '2009-04-10', '2009-04-13', '2009-05-04', '2009-05-25', '2009-08-31', '2009-12-25', '2009-12-28',
    ];

    expect(BANK_HOLIDAYS.filter((date) => date < '2010-01-01')).toEqual(official);
  });

  it('correct date-holidays for the 2002 Golden Jubilee, and only there before 2010', () => {
    // prepare: what the package alone says for 2000-2009.
    const holidays = new Holidays('GB', 'WLS');
    const packageOnly = new Set<string>();
    for (let year = 2000; year <= 2009; year += 1) {
      for (const holiday of holidays.getHolidays(year)) {
        const date = holiday.date.slice(0, 10);
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        if (holiday.type === 'public' && weekday !== 0 && weekday !== 6) packageOnly.add(date);
      }
    }
    const committed = new Set(BANK_HOLIDAYS.filter((date) => date < '2010-01-01'));

    // act
    const added = [...committed].filter((date) => !packageOnly.has(date));
    const removed = [...packageOnly].filter((date) => !committed.has(date));

    // assess
    expect({ added, removed }).toEqual({ added: ['2002-06-03', '2002-06-04'], removed: ['2002-05-27'] });
    expect(BANK_HOLIDAY_OVERRIDES.filter((o) => (o.add?.date ?? o.remove ?? '').startsWith('2002-'))).toEqual([
      expect.objectContaining({ remove: '2002-05-27' }),
      expect.objectContaining({ add: expect.objectContaining({ date: '2002-06-03' }) }),
      expect.objectContaining({ add: expect.objectContaining({ date: '2002-06-04' }) }),
    ]);
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
    ['2002-06-03', 'the Golden Jubilee (missing from date-holidays: overridden)'],
    ['2002-06-04', 'the spring bank holiday moved for the Golden Jubilee (overridden)'],
    ['2000-01-03', "New Year's Day substitute"],
    ['2005-01-03', "New Year's Day substitute"],
    ['2006-01-02', "New Year's Day substitute"],
    ['2004-12-27', 'Christmas Day substitute'],
    ['2004-12-28', 'Boxing Day substitute'],
    ['2005-12-26', 'Boxing Day'],
    ['2005-12-27', 'Christmas Day substitute'],
    ['2009-12-28', 'Boxing Day substitute'],
    ['2008-03-21', 'Good Friday'],
    ['2008-03-24', 'Easter Monday'],
  ])('include %s (%s)', (date) => {
    expect(BANK_HOLIDAYS).toContain(date);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2020-05-04', 'the first Monday of May 2020, moved to the 8th'],
    ['2022-05-30', 'the last Monday of May 2022, moved to 2 June'],
    ['2012-05-28', 'the last Monday of May 2012, moved to 4 June (overridden)'],
    ['2002-05-27', 'the last Monday of May 2002, moved to 4 June (overridden)'],
  ])('leave out %s (%s)', (date) => {
    expect(BANK_HOLIDAYS).not.toContain(date);
    expect(isWorkingDay(date)).toBe(true);
  });
});
