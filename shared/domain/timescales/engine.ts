/**
 * The timescale engine: from a child's records, a policy and an as-of date,
 * every open timescale and every held meeting's due date and compliance
 * verdict, exactly as DOMAIN.md defines them.
 *
 * Pure and synchronous. Records dated after the as-of date are ignored, as if
 * the engine ran on that day. Dates are turned into day numbers once and
 * worked on as integers; every working-day question is an O(1) table look-up.
 *
 * Decisions where DOMAIN.md is silent are marked "Decision:" below.
 */
import type { CareEpisode, ChildRecords, Meeting, Registration } from '#shared/domain/records';
import type { CalendarDate, DayNumber } from '#shared/domain/calendar/calendar-date';
import { addMonthsToDayNumber, fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { addWorkingDaysToDayNumber, workingDaysBetweenDayNumbers } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type {
  ChildTimescales,
  CountedFrom,
  CountedFromEvent,
  MeetingCompliance,
  OpenTimescale,
  TimescaleKind,
  TimescaleStatus,
  TimescaleWithStatus,
} from '#shared/domain/timescales/types';

/** Whether a kind of timescale is statutory (only the mid-point review is a practice standard). */
export function isStatutory(kind: TimescaleKind): boolean {
  return kind !== 'MIDPOINT';
}

/** A dated record, parsed once. */
interface Dated<T> {
  readonly day: DayNumber;
  readonly date: CalendarDate;
  readonly id: string;
  readonly record: T;
}

/** A period (care episode or registration) clipped to the as-of date and to the next period's start. */
interface Period<T> extends Dated<T> {
  /** Last day of the period (inclusive); Infinity while it is open. */
  end: number;
}

interface Collected {
  open: OpenTimescale[];
  /** The due date of each open timescale as a day number (for sorting and status without re-parsing). */
  openDays: DayNumber[];
  meetings: MeetingCompliance[] | undefined;
  meetingDays: DayNumber[];
}

function byDayThenId<T>(a: Dated<T>, b: Dated<T>): number {
  return a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sortIfNeeded<T>(items: Dated<T>[]): Dated<T>[] {
  for (let i = 1; i < items.length; i += 1) {
    if (byDayThenId(items[i - 1]!, items[i]!) > 0) return items.sort(byDayThenId);
  }
  return items;
}

/** A date recorded on a record, or undefined when absent or after the as-of date. */
function dayUpTo(date: CalendarDate | undefined, asOf: DayNumber): DayNumber | undefined {
  if (date === undefined) return undefined;
  const day = toDayNumber(date);
  return day <= asOf ? day : undefined;
}

/**
 * Periods that started by the as-of date, sorted, each ending at its end date
 * (if reached by the as-of date) or the day before the next period starts,
 * whichever is earlier.
 */
function periods<T extends CareEpisode | Registration>(
  records: readonly T[],
  asOf: DayNumber,
  idOf: (record: T) => string,
): Period<T>[] {
  const result: Period<T>[] = [];
  for (const record of records) {
    const day = toDayNumber(record.startDate);
    if (day > asOf) continue;
    const end = dayUpTo(record.endDate, asOf);
    // An end before the start is a slip in the records: read it as ending the day it started.
    result.push({ day, date: record.startDate, id: idOf(record), record, end: end === undefined ? Infinity : Math.max(end, day) });
  }
  sortIfNeeded(result);
  // Decision: overlapping periods (a slip in the records) do not run two cycles;
  // a later period supersedes an earlier one from the day it starts.
  for (let i = 0; i + 1 < result.length; i += 1) {
    const current = result[i]!;
    const next = result[i + 1]!;
    if (next.day <= current.end) current.end = Math.max(next.day - 1, current.day);
  }
  return result;
}

function from(event: CountedFromEvent, date: CalendarDate, recordId: string): CountedFrom {
  return { event, date, recordId };
}

function open(collected: Collected, kind: TimescaleKind, due: DayNumber, countedFrom: CountedFrom): void {
  collected.open.push({ kind, dueDate: fromDayNumber(due), countedFrom, statutory: isStatutory(kind) });
  collected.openDays.push(due);
}

function judged(
  collected: Collected,
  meeting: Dated<Meeting>,
  kind: TimescaleKind,
  due: DayNumber,
  countedFrom: CountedFrom,
): void {
  collected.meetings!.push({
    meetingId: meeting.id,
    type: meeting.record.type,
    heldOn: meeting.date,
    kind,
    dueDate: fromDayNumber(due),
    inCompliance: meeting.day <= due,
    countedFrom,
  });
  collected.meetingDays.push(meeting.day);
}

interface MeetingsByType {
  CER: Dated<Meeting>[];
  ICPC: Dated<Meeting>[];
  RCPC: Dated<Meeting>[];
  MIDPOINT: Dated<Meeting>[];
  CORE_GROUP: Dated<Meeting>[];
}

function heldMeetings(meetings: readonly Meeting[], asOf: DayNumber): MeetingsByType {
  const byType: MeetingsByType = { CER: [], ICPC: [], RCPC: [], MIDPOINT: [], CORE_GROUP: [] };
  for (const meeting of meetings) {
    // A cancelled meeting satisfies no timescale.
    if (meeting.status !== 'held') continue;
    const day = toDayNumber(meeting.heldOn);
    if (day > asOf) continue;
    const dated: Dated<Meeting> = { day, date: meeting.heldOn, id: meeting.meetingId, record: meeting };
    // A switch, not byType[meeting.type]: a keyed look-up per meeting is measurably slower.
    switch (meeting.type) {
      case 'CER':
        byType.CER.push(dated);
        break;
      case 'ICPC':
        byType.ICPC.push(dated);
        break;
      case 'RCPC':
        byType.RCPC.push(dated);
        break;
      case 'MIDPOINT':
        byType.MIDPOINT.push(dated);
        break;
      case 'CORE_GROUP':
        byType.CORE_GROUP.push(dated);
        break;
    }
  }
  sortIfNeeded(byType.CER);
  sortIfNeeded(byType.ICPC);
  sortIfNeeded(byType.RCPC);
  sortIfNeeded(byType.MIDPOINT);
  sortIfNeeded(byType.CORE_GROUP);
  return byType;
}

/** Where the walk through a child's care history has got to. */
interface CareWalk {
  readonly policy: TimescalePolicy;
  readonly changes: readonly Dated<unknown>[];
  readonly midpoints: readonly Dated<Meeting>[];
  episode: Period<CareEpisode>;
  /** The previous CER, or the episode start. */
  anchor: Dated<unknown>;
  anchorEvent: CountedFromEvent;
  /** CERs held in this episode. */
  held: number;
  /** The next CER's regular due date once a CER has been held. */
  regularDue: DayNumber;
  lastCer: Dated<Meeting> | undefined;
  /** The next unplanned placement change and the next mid-point review to look at. */
  p: number;
  m: number;
  /** Set by {@link nextCerDue}. */
  due: DayNumber;
  dueFrom: CountedFrom | undefined;
}

/**
 * The due date of the next CER after the walk's anchor, counting unplanned
 * placement changes up to `upTo`; sets `walk.due` and `walk.dueFrom`.
 * Decision: a change on the day of a CER is taken to have been considered by
 * that CER, so only later changes bring the next one forward. Of several
 * changes, the earliest binds.
 */
function nextCerDue(walk: CareWalk, upTo: DayNumber): void {
  const { changes, anchor, policy } = walk;
  while (walk.p < changes.length && changes[walk.p]!.day <= anchor.day) walk.p += 1;
  walk.due = walk.held === 0 ? addWorkingDaysToDayNumber(walk.episode.day, policy.firstCerWorkingDays) : walk.regularDue;
  walk.dueFrom = undefined;
  const change = changes[walk.p];
  if (change !== undefined && change.day <= upTo && change.day <= walk.episode.end) {
    const changeDue = addWorkingDaysToDayNumber(change.day, policy.unplannedPlacementChangeCerWorkingDays);
    if (changeDue < walk.due) {
      walk.due = changeDue;
      walk.dueFrom = from('UNPLANNED_PLACEMENT_CHANGE', change.date, change.id);
    }
  }
  walk.dueFrom ??= from(walk.anchorEvent, anchor.date, anchor.id);
}

/** Looks at the mid-point reviews held after the last CER up to `upTo`, judging the first; returns whether one was held. */
function midpointsUpTo(walk: CareWalk, upTo: DayNumber, collected: Collected): boolean {
  const { midpoints, lastCer } = walk;
  if (lastCer === undefined) {
    while (walk.m < midpoints.length && midpoints[walk.m]!.day <= upTo) walk.m += 1;
    return false;
  }
  while (walk.m < midpoints.length && midpoints[walk.m]!.day <= lastCer.day) walk.m += 1;
  if (walk.m >= midpoints.length || midpoints[walk.m]!.day > upTo) return false;
  if (collected.meetings !== undefined) {
    const due = midpointDue(lastCer.day, walk.regularDue);
    judged(collected, midpoints[walk.m]!, 'MIDPOINT', due, from('CER', lastCer.date, lastCer.id));
  }
  while (walk.m < midpoints.length && midpoints[walk.m]!.day <= upTo) walk.m += 1;
  return true;
}

/** The CER cycle of each care episode, with mid-point reviews, recommendations and the manager's response. */
function careTimescales(
  records: ChildRecords,
  meetings: MeetingsByType,
  policy: TimescalePolicy,
  asOf: DayNumber,
  collected: Collected,
): void {
  const episodes = periods(records.careEpisodes, asOf, episodeIdOf);
  if (episodes.length === 0) return;

  const changes: Dated<unknown>[] = [];
  if (policy.unplannedPlacementChangeCer) {
    for (const change of records.placementChanges) {
      if (!change.unplanned) continue;
      const day = toDayNumber(change.date);
      if (day <= asOf) changes.push({ day, date: change.date, id: change.placementChangeId, record: change });
    }
    sortIfNeeded(changes);
  }

  const cers = meetings.CER;
  const judging = collected.meetings !== undefined;
  const walk: CareWalk = {
    policy,
    changes,
    midpoints: policy.midpointReviews ? meetings.MIDPOINT : [],
    episode: episodes[0]!,
    anchor: episodes[0]!,
    anchorEvent: 'CARE_EPISODE_START',
    held: 0,
    regularDue: NaN,
    lastCer: undefined,
    p: 0,
    m: 0,
    due: NaN,
    dueFrom: undefined,
  };
  let c = 0; // the next CER

  for (const episode of episodes) {
    walk.episode = episode;
    walk.anchor = episode;
    walk.anchorEvent = 'CARE_EPISODE_START';
    walk.held = 0;
    walk.regularDue = NaN; // the first CER's is counted in working days, lazily
    walk.lastCer = undefined;
    // A CER outside every episode has no timescale: skip it.
    while (c < cers.length && cers[c]!.day < episode.day) c += 1;

    for (; c < cers.length && cers[c]!.day <= episode.end; c += 1) {
      const cer = cers[c]!;
      if (judging) {
        midpointsUpTo(walk, cer.day, collected);
        nextCerDue(walk, cer.day);
        judged(collected, cer, 'CER', walk.due, walk.dueFrom!);
      }
      // A late CER still restarts the cycle from the day it was held.
      walk.held += 1;
      walk.regularDue = addMonthsToDayNumber(cer.day, walk.held === 1 ? policy.secondCerMonths : policy.laterCerMonths);
      walk.anchor = cer;
      walk.anchorEvent = 'CER';
      walk.lastCer = cer;
    }

    const midpointHeld = midpointsUpTo(walk, episode.end, collected);
    // Decision: when care ends, everything owed on its CERs stops with it; the
    // recommendations address a care plan that no longer exists.
    if (episode.end !== Infinity) continue;

    nextCerDue(walk, asOf);
    open(collected, 'CER', walk.due, walk.dueFrom!);
    const lastCer = walk.lastCer;
    if (lastCer === undefined) continue;

    if (policy.midpointReviews && !midpointHeld) {
      // Decision: halfway to the regular due date, not one an unplanned change
      // brought forward (that CER replaces the check); a calendar date, rounded down.
      open(collected, 'MIDPOINT', midpointDue(lastCer.day, walk.regularDue), from('CER', lastCer.date, lastCer.id));
    }

    // Decision: only the latest CER's recommendations are chased; a later CER
    // makes fresh ones and supersedes them.
    const sent = dayUpTo(lastCer.record.recommendationsSentOn, asOf);
    if (sent === undefined) {
      const recommendationsDue = addWorkingDaysToDayNumber(lastCer.day, policy.recommendationsWorkingDays);
      open(collected, 'RECOMMENDATIONS', recommendationsDue, from('CER', lastCer.date, lastCer.id));
    } else if (dayUpTo(lastCer.record.managerRespondedOn, asOf) === undefined) {
      const responseDue = addWorkingDaysToDayNumber(sent, policy.managerResponseWorkingDays);
      open(collected, 'MANAGER_RESPONSE', responseDue, from('RECOMMENDATIONS_SENT', fromDayNumber(sent), lastCer.id));
    }
  }
}

function episodeIdOf(episode: CareEpisode): string {
  return episode.episodeId;
}

function registrationIdOf(registration: Registration): string {
  return registration.registrationId;
}

function midpointDue(cerDay: DayNumber, nextCerDue: DayNumber): DayNumber {
  return cerDay + Math.floor((nextCerDue - cerDay) / 2);
}

/** Whether the child is on the register after its registration day and before de-registration. */
function registeredDuring(registrations: readonly Period<Registration>[], day: DayNumber): boolean {
  for (const registration of registrations) {
    // The end is the de-registration day, by when the child is off the register.
    if (registration.day < day && day < registration.end) return true;
  }
  return false;
}

/** ICPCs (from strategy discussions), and for each registration its outline plan, first core group and RCPC cycle. */
function protectionTimescales(
  records: ChildRecords,
  meetings: MeetingsByType,
  policy: TimescalePolicy,
  asOf: DayNumber,
  collected: Collected,
): void {
  const registrations = periods(records.registrations, asOf, registrationIdOf);
  const judging = collected.meetings !== undefined;

  // Strategy discussions, ignoring those held while the child is registered.
  // Decision: new concerns about a registered child go to a review conference,
  // not an ICPC, so they start no ICPC clock.
  const discussions: Dated<unknown>[] = [];
  for (const discussion of records.strategyDiscussions) {
    const day = toDayNumber(discussion.date);
    if (day > asOf || (registrations.length > 0 && registeredDuring(registrations, day))) continue;
    discussions.push({ day, date: discussion.date, id: discussion.strategyDiscussionId, record: discussion });
  }
  sortIfNeeded(discussions);

  const icpcs = meetings.ICPC;
  if (discussions.length > 0) {
    // The conferences that close an ICPC timescale: held ICPCs, and registrations
    // whose ICPC is not recorded (the registration date is the ICPC date).
    let conferences: Dated<Meeting | undefined>[] = icpcs;
    if (registrations.length > 0) {
      conferences = [...icpcs];
      for (const registration of registrations) {
        if (!icpcs.some((icpc) => icpc.day === registration.day)) {
          conferences.push({ day: registration.day, date: registration.date, id: registration.id, record: undefined });
        }
      }
      sortIfNeeded(conferences);
    }

    const countFromFirst = policy.icpcCountsFrom === 'first-strategy-discussion';
    let s = 0;
    for (const conference of conferences) {
      if (s >= discussions.length) break;
      // Decision: an ICPC on the day of a strategy discussion closes it.
      let first: Dated<unknown> | undefined;
      let last: Dated<unknown> | undefined;
      for (; s < discussions.length && discussions[s]!.day <= conference.day; s += 1) {
        first ??= discussions[s];
        last = discussions[s];
      }
      if (judging && last !== undefined && conference.record !== undefined) {
        const start = countFromFirst ? first! : last;
        const due = addWorkingDaysToDayNumber(start.day, policy.icpcWorkingDays);
        judged(collected, conference as Dated<Meeting>, 'ICPC', due, from('STRATEGY_DISCUSSION', start.date, start.id));
      }
    }
    if (s < discussions.length) {
      const start = countFromFirst ? discussions[s]! : discussions[discussions.length - 1]!;
      const due = addWorkingDaysToDayNumber(start.day, policy.icpcWorkingDays);
      open(collected, 'ICPC', due, from('STRATEGY_DISCUSSION', start.date, start.id));
    }
  }

  if (registrations.length === 0) return;
  const rcpcs = meetings.RCPC;
  const coreGroups = meetings.CORE_GROUP;
  let r = 0;
  let g = 0;
  for (const registration of registrations) {
    const isOpen = registration.end === Infinity;
    const registered = from('REGISTRATION', registration.date, registration.id);

    // RCPCs: the first counted from the registering ICPC, each later one from the
    // previous RCPC held while registered. De-registration stops the cycle.
    while (r < rcpcs.length && rcpcs[r]!.day <= registration.day) r += 1;
    let rcpcDue = addMonthsToDayNumber(registration.day, policy.firstRcpcMonths);
    let rcpcFrom = registered;
    for (; r < rcpcs.length && rcpcs[r]!.day <= registration.end; r += 1) {
      const rcpc = rcpcs[r]!;
      if (judging) judged(collected, rcpc, 'RCPC', rcpcDue, rcpcFrom);
      rcpcDue = addMonthsToDayNumber(rcpc.day, policy.laterRcpcMonths);
      rcpcFrom = from('RCPC', rcpc.date, rcpc.id);
    }
    if (isOpen) open(collected, 'RCPC', rcpcDue, rcpcFrom);

    // The first core group. Decision: one held on the registration day (straight
    // after the conference, as some authorities do) counts.
    while (g < coreGroups.length && coreGroups[g]!.day < registration.day) g += 1;
    if (g < coreGroups.length && coreGroups[g]!.day <= registration.end) {
      if (judging) {
        const due = addWorkingDaysToDayNumber(registration.day, policy.firstCoreGroupWorkingDays);
        judged(collected, coreGroups[g]!, 'CORE_GROUP', due, registered);
      }
      while (g < coreGroups.length && coreGroups[g]!.day <= registration.end) g += 1;
    } else if (isOpen) {
      open(collected, 'CORE_GROUP', addWorkingDaysToDayNumber(registration.day, policy.firstCoreGroupWorkingDays), registered);
    }

    // The outline plan lives on the registering ICPC, so it is tracked only when
    // that meeting is recorded; it stops with the registration.
    if (isOpen) {
      const linked = registration.record.registeredAtMeetingId;
      const icpc =
        (linked === undefined ? undefined : icpcs.find((meeting) => meeting.id === linked)) ??
        icpcs.find((meeting) => meeting.day === registration.day);
      if (icpc !== undefined && dayUpTo(icpc.record.outlinePlanSentOn, asOf) === undefined) {
        const due = addWorkingDaysToDayNumber(icpc.day, policy.outlinePlanWorkingDays);
        open(collected, 'OUTLINE_PLAN', due, from('ICPC', icpc.date, icpc.id));
      }
    }
  }
}

/**
 * Sorts `items` by `days` (then by `tie`), moving both together. Insertion
 * sort: the lists are short and nearly in order already, as the engine
 * produces them run by run.
 */
function sortByDay<T>(items: T[], days: DayNumber[], tie: (a: T, b: T) => boolean): void {
  for (let i = 1; i < items.length; i += 1) {
    const item = items[i]!;
    const day = days[i]!;
    let j = i - 1;
    while (j >= 0 && (days[j]! > day || (days[j] === day && tie(items[j]!, item)))) {
      items[j + 1] = items[j]!;
      days[j + 1] = days[j]!;
      j -= 1;
    }
    items[j + 1] = item;
    days[j + 1] = day;
  }
}

function kindAfter(a: OpenTimescale, b: OpenTimescale): boolean {
  return a.kind > b.kind;
}

function meetingIdAfter(a: MeetingCompliance, b: MeetingCompliance): boolean {
  return a.meetingId > b.meetingId;
}

function evaluate(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, judging: boolean): Collected {
  const collected: Collected = { open: [], openDays: [], meetings: judging ? [] : undefined, meetingDays: [] };
  const meetings = heldMeetings(records.meetings, asOf);
  careTimescales(records, meetings, policy, asOf, collected);
  protectionTimescales(records, meetings, policy, asOf, collected);
  sortByDay(collected.open, collected.openDays, kindAfter);
  if (collected.meetings !== undefined) sortByDay(collected.meetings, collected.meetingDays, meetingIdAfter);
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
  return {
    kind: timescale.kind,
    dueDate: timescale.dueDate,
    countedFrom: timescale.countedFrom,
    statutory: timescale.statutory,
    status,
    workingDaysLeft,
  };
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
  for (let i = 0; i < timescales.length; i += 1) withStatuses.push(statusOn(timescales[i]!, openDays[i]!, asOfDay, policy));
  return { asOf, timescales: withStatuses, meetings: meetings! };
}
