/**
 * Why a due date is what it is: the rule, the setting and its value in force,
 * what it was counted from, the bank holidays and weekend days skipped, a day
 * clamped to a month's end, a CER brought forward, a mid-point halfway to a
 * date; and one plain sentence saying it all. Built only where shown (the
 * child's page and timescales), never on the engine's hot path.
 */
import type { CalendarDate, DayNumber } from '#shared/domain/calendar/calendar-date';
import { civilOf, daysInMonth, fromDayNumber, toDayNumber, weekdayOfDayNumber } from '#shared/domain/calendar/calendar-date';
import { BANK_HOLIDAY_NAMES } from '#shared/domain/calendar/bank-holidays';
import { isDayNumberInCalendar, isWorkingDayNumber } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { RULE_SETTINGS, countsFromInWords, type RuleSetting, type RuleUnit } from '#shared/domain/timescales/rules';
import type { CountedFrom, MeetingCompliance, OpenTimescale, TimescaleRule } from '#shared/domain/timescales/types';

/** A bank holiday a working-day count skipped, named as gov.uk names it. */
export interface SkippedBankHoliday {
  readonly date: CalendarDate;
  /** From `BANK_HOLIDAY_NAMES`, the same source as the date: "Boxing Day (substitute day)". */
  readonly name: string;
}

/** How a due date was worked out, for people and for machines. */
export interface Explanation {
  /** The rule, and the setting it counts by with its value in the policy in force. */
  readonly rule: {
    readonly name: TimescaleRule;
    readonly setting: RuleSetting;
    /** The setting's value: a number of working days or months, or `true` (the mid-point review's switch). */
    readonly value: number | boolean;
    readonly unit: RuleUnit;
    /** As docs/domain.md's timescale table gives it. */
    readonly source: string;
  };
  /** What the due date was counted from (as on the timescale). */
  readonly countedFrom: CountedFrom;
  /** Working-day rules: the bank holidays after `countedFrom.date` up to and including the due date. */
  readonly bankHolidaysSkipped?: readonly SkippedBankHoliday[];
  /** Working-day rules: the Saturdays and Sundays after `countedFrom.date` up to and including the due date. */
  readonly weekendDaysSkipped?: number;
  /**
   * Month rules, when the month it lands in is too short: the day the count
   * reached, `yyyy-mm-dd` but **not a calendar date** ("2025-02-31"); the due
   * date is that month's last day. Absent otherwise.
   */
  readonly clampedFrom?: string;
  /** When an unplanned placement change brought a CER forward: the change, and the regular due date it replaced. */
  readonly broughtForward?: { readonly by: CountedFrom; readonly regularDueDate: CalendarDate };
  /** The mid-point review: the next CER's regular due date it is halfway to. */
  readonly halfwayTo?: CalendarDate;
  /** One plain sentence: "Due by Tuesday 14 January 2025: 15 working days after ...". */
  readonly sentence: string;
}

/** What an explanation needs of an open timescale or a verdict. */
type Explained = Pick<OpenTimescale, 'dueDate' | 'countedFrom' | 'rule' | 'broughtForwardFrom' | 'halfwayTo'>;

/**
 * Explains an open timescale's due date under the policy in force.
 *
 * @throws CalendarRangeError when a working-day rule's dates lie outside the calendar's years (the engine could not have counted them either).
 * @example
 * explainTimescale({ kind: 'ICPC', dueDate: '2025-01-14', rule: 'icpc', statutory: true,
 *   countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: 's1' } }, DEFAULT_TIMESCALE_POLICY).sentence;
 * // 'Due by Tuesday 14 January 2025: 15 working days after the last strategy discussion on Thursday 19 December 2024
 * //  (Wales Safeguarding Procedures). 25 and 26 December and 1 January are bank holidays.'
 */
export function explainTimescale(timescale: Explained, policy: TimescalePolicy): Explanation {
  return explain(timescale, policy, `Due by ${dateInWords(timescale.dueDate)}: `);
}

/**
 * Explains a held meeting's verdict: the day it was held, whether in time,
 * and how its due date was worked out.
 *
 * @throws CalendarRangeError when a working-day rule's dates lie outside the calendar's years.
 * @example
 * explainVerdict({ meetingId: 'm1', type: 'ICPC', kind: 'ICPC', heldOn: '2025-01-15', dueDate: '2025-01-14',
 *   inCompliance: false, rule: 'icpc', countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: 's1' } },
 *   DEFAULT_TIMESCALE_POLICY).sentence;
 * // 'Held on Wednesday 15 January 2025, late: due by Tuesday 14 January 2025, 15 working days after ...'
 */
export function explainVerdict(verdict: Explained & Pick<MeetingCompliance, 'heldOn' | 'inCompliance'>, policy: TimescalePolicy): Explanation {
  const opening = `Held on ${dateInWords(verdict.heldOn)}, ${verdict.inCompliance ? 'in time' : 'late'}: due by ${dateInWords(verdict.dueDate)}, `;
  return explain(verdict, policy, opening);
}

function explain(timescale: Explained, policy: TimescalePolicy, opening: string): Explanation {
  const definition = RULE_SETTINGS[timescale.rule];
  const value = policy[definition.setting];
  const { countedFrom, dueDate } = timescale;
  const from = `${countsFromInWords(timescale.rule, policy)} on ${dateInWords(countedFrom.date)}`;
  const source = ` (${definition.source})`;
  const rule = { name: timescale.rule, setting: definition.setting, value, unit: definition.unit, source: definition.source };
  const broughtForward =
    timescale.broughtForwardFrom === undefined ? undefined : { by: countedFrom, regularDueDate: timescale.broughtForwardFrom };
  const afterwards = broughtForward === undefined ? '' : `, earlier than the regular due date, ${dateInWords(broughtForward.regularDueDate)}`;

  if (definition.unit === 'working-days') {
    const { bankHolidaysSkipped, weekendDaysSkipped } = daysSkipped(toDayNumber(countedFrom.date), toDayNumber(dueDate));
    const sentence = `${opening}${plural(Number(value), 'working day')} after ${from}${source}${afterwards}.${holidaysInWords(bankHolidaysSkipped)}`;
    return { rule, countedFrom, bankHolidaysSkipped, weekendDaysSkipped, ...(broughtForward && { broughtForward }), sentence };
  }

  if (definition.unit === 'months') {
    const clampedFrom = clampedDay(countedFrom.date, dueDate);
    const clamped = clampedFrom === undefined ? '' : ` There is no ${clampedInWords(clampedFrom)}, so it is the last day of the month.`;
    const sentence = `${opening}${plural(Number(value), 'month')} after ${from}${source}${afterwards}.${clamped}${notMovedInWords(dueDate)}`;
    return { rule, countedFrom, ...(clampedFrom !== undefined && { clampedFrom }), ...(broughtForward && { broughtForward }), sentence };
  }

  // The mid-point review: halfway, in calendar days rounded down, from the last CER to the next one's regular due date.
  const { halfwayTo } = timescale;
  const sentence =
    halfwayTo === undefined
      ? `${opening}halfway from ${from} to the next CER's regular due date${source}.`
      : `${opening}halfway (${halfInWords(countedFrom.date, dueDate, halfwayTo)}) from ${from} to the next CER's regular due date, ${dateInWords(halfwayTo)}${source}.`;
  return { rule, countedFrom, ...(halfwayTo !== undefined && { halfwayTo }), sentence };
}

/** The bank holidays and weekend days after `from`, up to and including `due`. */
function daysSkipped(from: DayNumber, due: DayNumber): { bankHolidaysSkipped: SkippedBankHoliday[]; weekendDaysSkipped: number } {
  const bankHolidaysSkipped: SkippedBankHoliday[] = [];
  let weekendDaysSkipped = 0;
  for (let day = from + 1; day <= due; day += 1) {
    if (weekdayOfDayNumber(day) >= 6) weekendDaysSkipped += 1;
    // The calendar decides what is a holiday; the names only name it.
    else if (!isWorkingDayNumber(day)) {
      const date = fromDayNumber(day);
      bankHolidaysSkipped.push({ date, name: BANK_HOLIDAY_NAMES[date] ?? 'Bank holiday' });
    }
  }
  return { bankHolidaysSkipped, weekendDaysSkipped };
}

/**
 * The day a month count reached before it was clamped, when it was: the
 * day of the month counted from, in the due date's month. Not a calendar date.
 */
function clampedDay(from: CalendarDate, due: CalendarDate): string | undefined {
  const fromDay = civilOf(toDayNumber(from)).day;
  const { year, month, day } = civilOf(toDayNumber(due));
  if (day >= fromDay || day !== daysInMonth(year, month)) return undefined;
  return `${due.slice(0, 8)}${String(fromDay).padStart(2, '0')}`;
}

/** "31 February 2025", of text that is not a calendar date. */
function clampedInWords(clampedFrom: string): string {
  const month = partsOf(`${clampedFrom.slice(0, 8)}01`).month;
  return `${Number(clampedFrom.slice(8))} ${month} ${clampedFrom.slice(0, 4)}`;
}

/** A month count is never moved off a weekend or a bank holiday: say so when it lands on one. */
function notMovedInWords(due: CalendarDate): string {
  const day = toDayNumber(due);
  const weekend = weekdayOfDayNumber(day) >= 6;
  if (!weekend && !(isDayNumberInCalendar(day) && !isWorkingDayNumber(day))) return '';
  return ` A date counted in months is not moved off a ${weekend ? 'weekend' : 'bank holiday'}.`;
}

/** "45 of 91 days, rounded down". */
function halfInWords(from: CalendarDate, due: CalendarDate, halfwayTo: CalendarDate): string {
  const whole = toDayNumber(halfwayTo) - toDayNumber(from);
  const half = toDayNumber(due) - toDayNumber(from);
  return `${half} of ${whole} days${whole % 2 === 0 ? '' : ', rounded down'}`;
}

/** " 25 and 26 December and 1 January are bank holidays." (empty for none). */
function holidaysInWords(holidays: readonly SkippedBankHoliday[]): string {
  if (holidays.length === 0) return '';
  const byMonth: { key: string; days: string[]; month: string }[] = [];
  for (const { date } of holidays) {
    const parts = partsOf(date);
    const last = byMonth[byMonth.length - 1];
    if (last?.key === date.slice(0, 7)) last.days.push(parts.day);
    else byMonth.push({ key: date.slice(0, 7), days: [parts.day], month: parts.month });
  }
  const words = listInWords(byMonth.map((group) => `${listInWords(group.days)} ${group.month}`));
  return ` ${words} ${holidays.length === 1 ? 'is a bank holiday' : 'are bank holidays'}.`;
}

/** "a", "a and b", "a, b and c". */
function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

// Made on first use, as todayInLondon's is: a formatter costs a cold start that never explains anything.
let formatter: Intl.DateTimeFormat | undefined;

/** A calendar date's weekday, day, month and year in words; UTC, as a calendar date has no time zone. */
function partsOf(date: CalendarDate): { weekday: string; day: string; month: string; year: string } {
  formatter ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const parts = { weekday: '', day: '', month: '', year: '' };
  for (const part of formatter.formatToParts(toDayNumber(date) * 86_400_000)) {
    if (part.type === 'weekday' || part.type === 'day' || part.type === 'month' || part.type === 'year') parts[part.type] = part.value;
  }
  return parts;
}

/**
 * A date as people write it in the UK. Assembled from its parts, since ICU
 * versions differ on the comma after the weekday.
 *
 * @example
 * dateInWords('2025-01-14'); // 'Tuesday 14 January 2025'
 */
export function dateInWords(date: CalendarDate): string {
  const { weekday, day, month, year } = partsOf(date);
  return `${weekday} ${day} ${month} ${year}`;
}
