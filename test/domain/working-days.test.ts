import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  CALENDAR_FIRST_DATE,
  CALENDAR_LAST_DATE,
  isInCalendar,
  isWorkingDay,
  workingDaysBetween,
} from '#shared/domain/calendar/working-days';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { BANK_HOLIDAYS_FIRST_YEAR } from '#shared/domain/calendar/bank-holidays';
import { CalendarRangeError } from '#shared/domain/errors';

/** Any date the calendar covers, leaving room to count 130 working days either way. */
const coveredDate = fc
  .integer({ min: toDayNumber('2001-01-01'), max: toDayNumber('2034-12-31') })
  .map(fromDayNumber);

describe('addWorkingDays ("within N working days of D", D being day 0)', () => {
  it('puts the ICPC of docs/domain.md\'s worked example on Tuesday 2025-01-14', () => {
    // prepare: a strategy discussion on Thursday 2024-12-19; 25, 26 Dec and 1 Jan are holidays.
    const discussion = '2024-12-19';

    // act
    const due = addWorkingDays(discussion, 15);

    // assess
    expect(due).toBe('2025-01-14');
    expect(addWorkingDays(discussion, 1)).toBe('2024-12-20');
  });

  it.each([
    ['2024-12-16', 20, '2025-01-16', 'a first CER across Christmas and New Year 2024'],
    ['2020-12-23', 3, '2020-12-30', 'Christmas 2020 with the Boxing Day substitute on the 28th'],
    ['2021-12-24', 1, '2021-12-29', 'Christmas 2021: both substitutes, 27 and 28 December'],
    ['2022-12-23', 1, '2022-12-28', 'Christmas 2022: Boxing Day and the Christmas Day substitute'],
    ['2022-12-30', 1, '2023-01-03', "New Year 2023: the substitute on Monday 2 January"],
    ['2024-03-28', 1, '2024-04-02', 'Easter 2024: Good Friday and Easter Monday'],
    ['2024-03-25', 20, '2024-04-24', 'a first CER across Easter 2024'],
    ['2020-05-07', 1, '2020-05-11', 'VE Day, Friday 8 May 2020'],
    ['2020-05-01', 1, '2020-05-04', 'Monday 4 May 2020 is a working day (the holiday moved)'],
    ['2022-06-01', 1, '2022-06-06', 'the Platinum Jubilee, 2 and 3 June 2022'],
    ['2022-05-27', 1, '2022-05-30', 'Monday 30 May 2022 is a working day (the holiday moved)'],
    ['2022-09-16', 1, '2022-09-20', 'the State Funeral, 19 September 2022'],
    ['2023-05-05', 1, '2023-05-09', 'the Coronation, 8 May 2023'],
    ['2011-04-28', 1, '2011-05-03', 'the Royal Wedding and the early May holiday, 2011'],
    ['2012-06-01', 1, '2012-06-06', 'the Diamond Jubilee, 4 and 5 June 2012'],
    ['2024-05-03', 20, '2024-06-04', 'across both May bank holidays of 2024'],
    ['2008-03-03', 20, '2008-04-02', 'a first CER for a period that began on 2008-03-03, over Easter 2008'],
    ['2008-03-20', 1, '2008-03-25', 'Easter 2008: Good Friday 21 and Easter Monday 24 March'],
    ['2002-05-31', 1, '2002-06-05', 'the Golden Jubilee, 3 June 2002, and the spring bank holiday moved to 4 June'],
    ['2002-05-24', 1, '2002-05-27', 'Monday 27 May 2002 is a working day (the holiday moved)'],
    ['2002-05-24', 20, '2002-06-25', 'a first CER across the Golden Jubilee'],
    ['2000-01-01', 1, '2000-01-04', "the calendar's first day: New Year 2000, a Saturday, with the substitute on Monday 3 January"],
    ['2004-12-24', 1, '2004-12-29', 'Christmas 2004: both substitutes, 27 and 28 December'],
    ['2005-12-23', 1, '2005-12-28', 'Christmas 2005: Boxing Day and the Christmas Day substitute'],
    ['2009-06-01', 20, '2009-06-29', 'a 2009 date, refused before the calendar reached back to 2000'],
  ])('counts from %s + %i to %s (%s)', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
    expect(workingDaysBetween(from, expected)).toBe(n);
  });

  it('counts from a weekend or a holiday as day 0', () => {
    expect(addWorkingDays('2024-12-25', 1)).toBe('2024-12-27');
    expect(addWorkingDays('2024-12-21', 1)).toBe('2024-12-23');
    expect(addWorkingDays('2024-12-21', 0)).toBe('2024-12-21');
  });

  it('counts back with a negative number', () => {
    expect(addWorkingDays('2025-01-14', -15)).toBe('2024-12-19');
    expect(addWorkingDays('2025-01-02', -1)).toBe('2024-12-31');
  });

  it('refuses a date outside the calendar with CalendarRangeError, never guessing', () => {
    expect(() => addWorkingDays('1999-12-31', 1)).toThrow(CalendarRangeError);
    expect(() => addWorkingDays('2036-01-01', 1)).toThrow(CalendarRangeError);
    expect(() => addWorkingDays('2035-12-20', 20)).toThrow(/2035-12-20 goes past the calendar's end/);
    expect(() => addWorkingDays('2000-01-05', -5)).toThrow(/2000-01-05 goes past the calendar's start/);
    expect(() => isWorkingDay('2036-01-02')).toThrow(CalendarRangeError);
    expect(() => workingDaysBetween('2025-01-01', '2036-01-02')).toThrow(CalendarRangeError);
  });

  it('answers for dates from 2000 on, which it used to refuse (a 17-year-old in care since infancy)', () => {
    expect(isInCalendar('2000-01-01')).toBe(true);
    expect(isInCalendar('2009-12-31')).toBe(true);
    expect(isWorkingDay('2000-01-04')).toBe(true);
    expect(isWorkingDay('2000-01-03')).toBe(false);
    expect(addWorkingDays('2009-12-31', 1)).toBe('2010-01-04');
    expect(workingDaysBetween('2000-01-01', '2000-12-31')).toBe(252);
  });

  it('names the covered range on the error', () => {
    // prepare
    let caught: unknown;

    // act
    try {
      addWorkingDays('1999-06-01', 20);
    } catch (error) {
      caught = error;
    }

    // assess
    expect(caught).toBeInstanceOf(CalendarRangeError);
    expect(caught).toMatchObject({ name: 'CalendarRangeError', date: '1999-06-01', firstDate: '2000-01-01', lastDate: '2035-12-31' });
  });

  it('knows its own range', () => {
    expect([CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE]).toEqual(['2000-01-01', '2035-12-31']);
    expect(CALENDAR_FIRST_DATE).toBe(`${BANK_HOLIDAYS_FIRST_YEAR}-01-01`);
    expect(isInCalendar('2000-01-01')).toBe(true);
    expect(isInCalendar('2035-12-31')).toBe(true);
    expect(isInCalendar('1999-12-31')).toBe(false);
    expect(isInCalendar('2036-01-01')).toBe(false);
  });

  it('always lands on a working day', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 1, max: 130 }), (from, n) => {
        expect(isWorkingDay(addWorkingDays(from, n))).toBe(true);
      }),
    );
  });

  it('lands where counting working days back gives N', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 0, max: 130 }), (from, n) => {
        const due = addWorkingDays(from, n);
        expect(workingDaysBetween(from, due)).toBe(n);
        expect(workingDaysBetween(due, from)).toBe(0 - n);
      }),
    );
  });

  it('counts back to where it started from a working day', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 0, max: 130 }), (from, n) => {
        fc.pre(isWorkingDay(from));
        expect(addWorkingDays(addWorkingDays(from, n), -n)).toBe(from);
      }),
    );
  });

  it('never moves a due date earlier when the start moves later', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 130 }), (from, later, n) => {
        const laterStart = fromDayNumber(toDayNumber(from) + later);
        expect(addWorkingDays(laterStart, n) >= addWorkingDays(from, n)).toBe(true);
      }),
    );
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 0, max: 40 }), (from, n) => {
        let day = toDayNumber(from);
        for (let counted = 0; counted < n; ) {
          day += 1;
          if (isWorkingDay(fromDayNumber(day))) counted += 1;
        }
        expect(addWorkingDays(from, n)).toBe(fromDayNumber(day));
      }),
    );
  });
});

describe('isWorkingDay', () => {
  it('is false at weekends and on bank holidays, true otherwise', () => {
    expect(isWorkingDay('2024-12-21')).toBe(false);
    expect(isWorkingDay('2024-12-22')).toBe(false);
    expect(isWorkingDay('2024-12-25')).toBe(false);
    expect(isWorkingDay('2024-12-24')).toBe(true);
    expect(isWorkingDay('2020-05-04')).toBe(true);
    expect(isWorkingDay('2020-05-08')).toBe(false);
  });

  it('knows the 2002 Golden Jubilee: 3 and 4 June off, Monday 27 May worked', () => {
    expect(isWorkingDay('2002-06-03')).toBe(false);
    expect(isWorkingDay('2002-06-04')).toBe(false);
    expect(isWorkingDay('2002-05-27')).toBe(true);
    expect(isWorkingDay('2002-06-05')).toBe(true);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days left (positive) and overdue (negative)', () => {
    expect(workingDaysBetween('2025-01-10', '2025-01-14')).toBe(2);
    expect(workingDaysBetween('2025-01-14', '2025-01-14')).toBe(0);
    expect(workingDaysBetween('2025-01-15', '2025-01-14')).toBe(-1);
    expect(workingDaysBetween('2025-01-20', '2025-01-14')).toBe(-4);
  });

  it('counts no working day to a weekend due date from the Friday before', () => {
    expect(workingDaysBetween('2024-12-27', '2024-12-28')).toBe(0);
    expect(workingDaysBetween('2024-12-30', '2024-12-28')).toBe(-1);
  });
});
