import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  toDayNumber,
  todayInLondon,
} from '#shared/domain/calendar/calendar-date';
import { InvalidCalendarDateError } from '#shared/domain/errors';

describe('parseCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '2010-01-01'])('accepts the real date %s', (date) => {
    expect(parseCalendarDate(date)).toBe(date);
  });

  it.each(['2025-02-30', '2023-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00',
    '2025-2-3', '03/02/2025', '2025-01-01T00:00:00Z', '', '2025-01-0a', 20250101, null, undefined])(
    'rejects %j with InvalidCalendarDateError',
    (value) => {
      expect(() => parseCalendarDate(value)).toThrow(InvalidCalendarDateError);
      expect(isCalendarDate(value)).toBe(false);
    },
  );
});

describe('day numbers', () => {
  it('parse every date of 1900-2099 as the calendar has it', () => {
    for (let n = toDayNumber('1900-01-01'); n <= toDayNumber('2099-12-31'); n += 1) {
      const text = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (toDayNumber(text) !== n) expect(toDayNumber(text)).toBe(n);
    }
  });

  it('count days from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
  });

  it('round-trip every date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        expect(toDayNumber(fromDayNumber(n))).toBe(n);
      }),
    );
  });

  it('agree with the proleptic Gregorian calendar of JavaScript (read in UTC only)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
        expect(fromDayNumber(n)).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('addDays, daysBetween and compareDates', () => {
  it('cross a month end in a leap year', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('are not moved by the clocks changing', () => {
    // 2024-03-31 and 2024-10-27: British Summer Time starts and ends.
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
    expect(addDays('2024-10-26', 2)).toBe('2024-10-28');
  });

  it('orders dates', () => {
    expect(['2025-01-02', '2024-12-31', '2025-01-01'].sort(compareDates)).toEqual(['2024-12-31', '2025-01-01', '2025-01-02']);
  });
});

describe('addMonths ("within N months of D")', () => {
  it.each([
    ['2024-08-31', 6, '2025-02-28', '31 Aug + 6 months clamps to 28 Feb'],
    ['2023-08-31', 6, '2024-02-29', '31 Aug + 6 months clamps to 29 Feb in a leap year'],
    ['2023-11-30', 3, '2024-02-29', '30 Nov + 3 months clamps to 29 Feb'],
    ['2024-02-29', 6, '2024-08-29', '29 Feb + 6 months keeps the 29th'],
    ['2024-02-29', 12, '2025-02-28', '29 Feb + 12 months clamps to 28 Feb'],
    ['2024-03-31', 3, '2024-06-30', '31 Mar + 3 months clamps to 30 Jun'],
    ['2024-10-15', 3, '2025-01-15', 'crosses a year end'],
    ['2024-09-28', 3, '2024-12-28', 'lands on a Saturday and stays there'],
  ])('puts %s + %i months on %s (%s)', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('agrees with a plain reference implementation, inside and outside its tables', () => {
    const reference = (from: string, months: number): string => {
      const [y, m, d] = from.split('-').map(Number) as [number, number, number];
      const first = new Date(Date.UTC(y, m - 1 + months, 1));
      const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
      return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
    };
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2099-12-31') }), fc.integer({ min: -30, max: 30 }), (n, months) => {
        const from = fromDayNumber(n);
        expect(addMonths(from, months)).toBe(reference(from, months));
      }),
      { numRuns: 2000 },
    );
  });

  it('never lands past the same day of the month, and always N months later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 36 }), (n, months) => {
        const from = fromDayNumber(n);
        const to = addMonths(from, months);
        const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
        expect(monthIndex(to) - monthIndex(from)).toBe(months);
        expect(Number(to.slice(8))).toBeLessThanOrEqual(Number(from.slice(8)));
      }),
    );
  });

  it('never moves a due date earlier when the start moves later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 24 }), (n, later, months) => {
        expect(addMonths(fromDayNumber(n + later), months) >= addMonths(fromDayNumber(n), months)).toBe(true);
      }),
    );
  });
});

describe('dayOfWeek', () => {
  it('numbers Monday 1 to Sunday 7', () => {
    expect(dayOfWeek('2024-12-16')).toBe(1);
    expect(dayOfWeek('2024-12-19')).toBe(4);
    expect(dayOfWeek('2024-12-22')).toBe(7);
    expect(dayOfWeek('1970-01-01')).toBe(4);
  });
});

describe('todayInLondon', () => {
  it.each([
    ['2024-06-30T23:30:00Z', '2024-07-01', 'half past midnight BST is already tomorrow'],
    ['2024-12-31T23:30:00Z', '2024-12-31', 'in winter London is on UTC'],
    ['2024-03-31T00:30:00Z', '2024-03-31', 'the night the clocks go forward'],
    ['2024-10-26T23:30:00Z', '2024-10-27', 'the night the clocks go back (still BST)'],
    ['2024-10-27T23:30:00Z', '2024-10-27', 'the day after the clocks went back'],
  ])('reads %s as %s (%s)', (instant, expected) => {
    expect(todayInLondon(new Date(instant))).toBe(expected);
  });
});
