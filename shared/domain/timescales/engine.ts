/**
 * The timescale engine: from a child's records, a policy and an as-of date,
 * every open timescale and every held meeting's due date and compliance
 * verdict, exactly as docs/domain.md defines them. It runs two cycles, each in
 * its own file: the care cycle (`care-cycle.ts`: CERs over each period of
 * care) and the protection cycle (`protection-cycle.ts`: ICPCs, transfer-in
 * conferences, RCPCs), each with its follow-ups (`follow-ups.ts`), over the
 * records parsed once (`walk.ts`).
 *
 * Pure and synchronous. Records dated after the as-of date are ignored, as if
 * the engine ran on that day. Dates are turned into day numbers once and
 * worked on as integers; every working-day question is an O(1) table look-up.
 * A plain reference implementation in the tests checks it on thousands of
 * random registers.
 */
import type { ChildRecords } from '#shared/domain/records';
import type { CalendarDate, DayNumber } from '#shared/domain/calendar/calendar-date';
import { toDayNumber } from '#shared/domain/calendar/calendar-date';
import { workingDaysBetweenDayNumbers } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { ChildTimescales, MeetingCompliance, OpenTimescale, TimescaleStatus, TimescaleWithStatus } from '#shared/domain/timescales/types';
import { careTimescales } from '#shared/domain/timescales/care-cycle';
import { protectionTimescales } from '#shared/domain/timescales/protection-cycle';
import { DayList, fileHeldMeetings, type Collected } from '#shared/domain/timescales/walk';

const OPEN_DAYS = new DayList();
const MEETING_DAYS = new DayList();

/**
 * Sorts the open timescales by due date, then kind, moving their days with
 * them. Insertion sort: the lists are short and nearly in order already, as
 * the engine produces them run by run.
 */
function sortOpen(items: OpenTimescale[], days: Int32Array): void {
  for (let i = 1; i < items.length; i += 1) {
    const item = items[i]!;
    const day = days[i]!;
    let j = i - 1;
    while (j >= 0 && (days[j]! > day || (days[j] === day && items[j]!.kind > item.kind))) {
      items[j + 1] = items[j]!;
      days[j + 1] = days[j]!;
      j -= 1;
    }
    items[j + 1] = item;
    days[j + 1] = day;
  }
}

/** Sorts the judged meetings by the day held, then meeting id, as {@link sortOpen} does. */
function sortJudged(items: MeetingCompliance[], days: Int32Array): void {
  for (let i = 1; i < items.length; i += 1) {
    const day = days[i]!;
    // Most are in order already.
    if (days[i - 1]! < day) continue;
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && (days[j]! > day || (days[j] === day && items[j]!.meetingId > item.meetingId))) {
      items[j + 1] = items[j]!;
      days[j + 1] = days[j]!;
      j -= 1;
    }
    items[j + 1] = item;
    days[j + 1] = day;
  }
}

function evaluate(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, judging: boolean): Collected {
  OPEN_DAYS.count = 0;
  MEETING_DAYS.count = 0;
  const collected: Collected = { open: [], openDays: OPEN_DAYS, meetings: judging ? [] : undefined, meetingDays: MEETING_DAYS };
  fileHeldMeetings(records.meetings, asOf);
  careTimescales(records, policy, asOf, collected);
  protectionTimescales(records, policy, asOf, collected);
  sortOpen(collected.open, OPEN_DAYS.days);
  if (collected.meetings !== undefined) sortJudged(collected.meetings, MEETING_DAYS.days);
  return collected;
}

/**
 * Every timescale open on `asOf`: kind, due date and what it is counted from.
 * Independent of status, so it can be stored in a due-date index on every
 * write; compute the status when read with {@link withStatus}.
 *
 * Only the working-day questions the open timescales need are asked, so a
 * history that starts before the calendar's years does not stop it.
 *
 * @throws InvalidCalendarDateError when a record's date is not `yyyy-mm-dd` (the records are invalid).
 * @throws CalendarRangeError when a due date needs working days outside the calendar's years.
 * @example
 * openTimescales({ careEpisodes: [{ episodeId: 'e1', startDate: '2024-12-19' }], placementChanges: [],
 *   strategyDiscussions: [], registrations: [], meetings: [] }, DEFAULT_TIMESCALE_POLICY, '2025-01-02');
 * // [{ kind: 'CER', dueDate: '2025-01-21', countedFrom: { event: 'CARE_EPISODE_START', ... }, statutory: true }]
 */
export function openTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate): OpenTimescale[] {
  return evaluate(records, policy, toDayNumber(asOf), false).open;
}

/**
 * Every held meeting that a timescale was counting towards, with the date it
 * was due and whether it was held on or before it. A meeting no timescale
 * applied to (a CER outside care, an RCPC after de-registration, a second
 * mid-point review in one cycle) is left out rather than called compliant.
 *
 * @throws InvalidCalendarDateError when a record's date is not `yyyy-mm-dd`.
 * @throws CalendarRangeError when a due date needs working days outside the calendar's years.
 */
export function meetingCompliance(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate): MeetingCompliance[] {
  return evaluate(records, policy, toDayNumber(asOf), true).meetings!;
}

/**
 * An open timescale's status on `asOf`: `breached` once the due date has
 * passed, `due-soon` when due within the policy's horizon of working days,
 * otherwise `upcoming`; and the working days left (negative: overdue).
 *
 * @throws CalendarRangeError when either date lies outside the calendar's years.
 * @example
 * withStatus({ kind: 'ICPC', dueDate: '2025-01-14', countedFrom, statutory: true }, '2025-01-15', policy);
 * // { ..., status: 'breached', workingDaysLeft: -1 }
 */
export function withStatus(timescale: OpenTimescale, asOf: CalendarDate, policy: TimescalePolicy): TimescaleWithStatus {
  return statusOn(timescale, toDayNumber(timescale.dueDate), toDayNumber(asOf), policy);
}

function statusOn(timescale: OpenTimescale, due: DayNumber, asOf: DayNumber, policy: TimescalePolicy): TimescaleWithStatus {
  const workingDaysLeft = workingDaysBetweenDayNumbers(asOf, due);
  const status: TimescaleStatus =
    due < asOf ? 'breached' : workingDaysLeft <= policy.dueSoonWorkingDays ? 'due-soon' : 'upcoming';
  // Field by field, not a spread: this runs for every open timescale.
  const withStatus: { -readonly [K in keyof TimescaleWithStatus]: TimescaleWithStatus[K] } = {
    kind: timescale.kind,
    dueDate: timescale.dueDate,
    countedFrom: timescale.countedFrom,
    rule: timescale.rule,
    statutory: timescale.statutory,
    status,
    workingDaysLeft,
  };
  if (timescale.stage !== undefined) withStatus.stage = timescale.stage;
  if (timescale.broughtForwardFrom !== undefined) withStatus.broughtForwardFrom = timescale.broughtForwardFrom;
  if (timescale.halfwayTo !== undefined) withStatus.halfwayTo = timescale.halfwayTo;
  if (timescale.booking !== undefined) withStatus.booking = timescale.booking;
  return withStatus;
}

/**
 * A child's full timescales on `asOf`: every open timescale with its status,
 * and every held meeting's due date and compliance verdict.
 *
 * The engine never throws on a valid record set whose dates lie within the
 * working-day calendar's years; the one exception it lets through is
 * {@link CalendarRangeError} (a date the calendar cannot answer for), which
 * the caller reports for that child rather than guessing.
 *
 * @throws InvalidCalendarDateError when `asOf` or a record's date is not `yyyy-mm-dd`.
 * @throws CalendarRangeError when a working-day question falls outside the calendar's years.
 * @example
 * const { timescales, meetings } = computeTimescales(records, DEFAULT_TIMESCALE_POLICY, todayInLondon(new Date()));
 */
export function computeTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate): ChildTimescales {
  const asOfDay = toDayNumber(asOf);
  const { open: timescales, openDays, meetings } = evaluate(records, policy, asOfDay, true);
  const withStatuses: TimescaleWithStatus[] = [];
  for (let i = 0; i < timescales.length; i += 1) withStatuses.push(statusOn(timescales[i]!, openDays.days[i]!, asOfDay, policy));
  return { asOf, timescales: withStatuses, meetings: meetings! };
}
