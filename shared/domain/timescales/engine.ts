/**
 * The timescale engine: from a child's records, a policy and an as-of date,
 * every open timescale and every held meeting's due date and compliance
 * verdict, exactly as docs/domain.md defines them.
 *
 * Pure and synchronous. Records dated after the as-of date are ignored, as if
 * the engine ran on that day. Dates are turned into day numbers once and
 * worked on as integers; every working-day question is an O(1) table look-up.
 *
 * Decisions where docs/domain.md is silent are marked "Decision:" below.
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

/**
 * A list of day numbers that grows as needed: scratch space the engine reuses
 * from one call to the next. The engine is synchronous and calls nothing that
 * could re-enter it, so one set of lists serves every call; they hold only
 * integers, never a reference to a record.
 */
class DayList {
  count = 0;
  days = new Int32Array(64);

  add(day: DayNumber): void {
    if (this.count === this.days.length) this.days = grown(this.days);
    this.days[this.count] = day;
    this.count += 1;
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * The held meetings of one type, by the as-of date, sorted by day then id:
 * each one's day number and its index in the child's `meetings`. Parsed once,
 * with no object made per meeting (see {@link DayList} on reuse).
 */
class HeldMeetings {
  count = 0;
  days = new Int32Array(64);
  /** Each meeting's index in `records.meetings`. */
  at = new Int32Array(64);

  add(day: DayNumber, index: number): void {
    if (this.count === this.days.length) {
      this.days = grown(this.days);
      this.at = grown(this.at);
    }
    this.days[this.count] = day;
    this.at[this.count] = index;
    this.count += 1;
  }

  /** Sorts by day, then meeting id, then the order given; usually the meetings already are, and nothing moves. */
  sort(meetings: readonly Meeting[]): void {
    const { days, at } = this;
    for (let i = 1; i < this.count; i += 1) {
      if (days[i - 1]! > days[i]! || (days[i - 1] === days[i] && meetings[at[i - 1]!]!.meetingId > meetings[at[i]!]!.meetingId)) {
        this.sortAll(meetings);
        return;
      }
    }
  }

  private sortAll(meetings: readonly Meeting[]): void {
    const { days, at } = this;
    const order: number[] = [];
    for (let i = 0; i < this.count; i += 1) order.push(i);
    order.sort((a, b) => {
      if (days[a] !== days[b]) return days[a]! - days[b]!;
      const idA = meetings[at[a]!]!.meetingId;
      const idB = meetings[at[b]!]!.meetingId;
      return idA < idB ? -1 : idA > idB ? 1 : a - b;
    });
    const sortedDays = order.map((i) => days[i]!);
    const sortedAt = order.map((i) => at[i]!);
    for (let i = 0; i < this.count; i += 1) {
      days[i] = sortedDays[i]!;
      at[i] = sortedAt[i]!;
    }
  }
}

const CERS = new HeldMeetings();
const ICPCS = new HeldMeetings();
const RCPCS = new HeldMeetings();
const MIDPOINTS = new HeldMeetings();
const CORE_GROUPS = new HeldMeetings();
/** No mid-point reviews: what the care walk sees when the policy does not track them. */
const NO_MEETINGS = new HeldMeetings();

interface Collected {
  open: OpenTimescale[];
  /** The due date of each open timescale as a day number (for sorting and status without re-parsing). */
  openDays: DayList;
  meetings: MeetingCompliance[] | undefined;
  /** The day each judged meeting was held, in step with `meetings`. */
  meetingDays: DayList;
}

const OPEN_DAYS = new DayList();
const MEETING_DAYS = new DayList();

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
  collected.openDays.add(due);
}

/** Records a held meeting's verdict; `type` is the meeting's own (the list it came from is of that type). */
function judged(
  collected: Collected,
  meetingId: string,
  type: Meeting['type'],
  heldOn: CalendarDate,
  day: DayNumber,
  kind: TimescaleKind,
  due: DayNumber,
  countedFrom: CountedFrom,
): void {
  collected.meetings!.push({
    meetingId,
    type,
    heldOn,
    kind,
    dueDate: fromDayNumber(due),
    inCompliance: day <= due,
    countedFrom,
  });
  collected.meetingDays.add(day);
}

/** Files each held meeting by type, as of the as-of date, into the scratch lists. */
function heldMeetings(meetings: readonly Meeting[], asOf: DayNumber): void {
  CERS.count = 0;
  ICPCS.count = 0;
  RCPCS.count = 0;
  MIDPOINTS.count = 0;
  CORE_GROUPS.count = 0;
  for (let i = 0; i < meetings.length; i += 1) {
    const meeting = meetings[i]!;
    // A cancelled meeting satisfies no timescale.
    if (meeting.status !== 'held') continue;
    const day = toDayNumber(meeting.heldOn);
    if (day > asOf) continue;
    // A switch, not a keyed look-up: a keyed look-up per meeting is measurably slower.
    switch (meeting.type) {
      case 'CER':
        CERS.add(day, i);
        break;
      case 'ICPC':
        ICPCS.add(day, i);
        break;
      case 'RCPC':
        RCPCS.add(day, i);
        break;
      case 'MIDPOINT':
        MIDPOINTS.add(day, i);
        break;
      case 'CORE_GROUP':
        CORE_GROUPS.add(day, i);
        break;
    }
  }
  CERS.sort(meetings);
  ICPCS.sort(meetings);
  RCPCS.sort(meetings);
  MIDPOINTS.sort(meetings);
  CORE_GROUPS.sort(meetings);
}

/** Where the walk through a child's care history has got to. */
interface CareWalk {
  readonly policy: TimescalePolicy;
  readonly meetings: readonly Meeting[];
  readonly changes: readonly Dated<unknown>[];
  readonly midpoints: HeldMeetings;
  episode: Period<CareEpisode>;
  /** The day of the previous CER, or of the episode start. */
  anchorDay: DayNumber;
  /**
   * What the next CER is counted from, unless an unplanned placement change
   * binds (set for each episode). Made once per anchor and shared by every
   * answer counted from it, as `registered` is in {@link protectionTimescales}.
   */
  anchorFrom: CountedFrom | undefined;
  /** CERs held in this episode. */
  held: number;
  /** The next CER's regular due date once a CER has been held. */
  regularDue: DayNumber;
  /** The last CER held in this episode (undefined before the first). */
  lastCer: Meeting | undefined;
  lastCerDay: DayNumber;
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
  const { changes, policy } = walk;
  while (walk.p < changes.length && changes[walk.p]!.day <= walk.anchorDay) walk.p += 1;
  walk.due = walk.held === 0 ? addWorkingDaysToDayNumber(walk.episode.day, policy.firstCerWorkingDays) : walk.regularDue;
  walk.dueFrom = walk.anchorFrom;
  const change = changes[walk.p];
  if (change !== undefined && change.day <= upTo && change.day <= walk.episode.end) {
    const changeDue = addWorkingDaysToDayNumber(change.day, policy.unplannedPlacementChangeCerWorkingDays);
    if (changeDue < walk.due) {
      walk.due = changeDue;
      walk.dueFrom = from('UNPLANNED_PLACEMENT_CHANGE', change.date, change.id);
    }
  }
}

/** Looks at the mid-point reviews held after the last CER up to `upTo`, judging the first; returns whether one was held. */
function midpointsUpTo(walk: CareWalk, upTo: DayNumber, collected: Collected): boolean {
  const { midpoints } = walk;
  const { days, count } = midpoints;
  if (walk.lastCer === undefined) {
    while (walk.m < count && days[walk.m]! <= upTo) walk.m += 1;
    return false;
  }
  while (walk.m < count && days[walk.m]! <= walk.lastCerDay) walk.m += 1;
  if (walk.m >= count || days[walk.m]! > upTo) return false;
  if (collected.meetings !== undefined) {
    const due = midpointDue(walk.lastCerDay, walk.regularDue);
    // With a CER held, the anchor is that CER.
    const midpoint = walk.meetings[midpoints.at[walk.m]!]!;
    judged(collected, midpoint.meetingId, 'MIDPOINT', midpoint.heldOn, days[walk.m]!, 'MIDPOINT', due, walk.anchorFrom!);
  }
  while (walk.m < count && days[walk.m]! <= upTo) walk.m += 1;
  return true;
}

/** The CER cycle of each care episode, with mid-point reviews, recommendations and the manager's response. */
function careTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
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

  const meetings = records.meetings;
  const { days: cerDays, at: cerAt, count: cers } = CERS;
  const judging = collected.meetings !== undefined;
  const walk: CareWalk = {
    policy,
    meetings,
    changes,
    midpoints: policy.midpointReviews ? MIDPOINTS : NO_MEETINGS,
    episode: episodes[0]!,
    anchorDay: NaN,
    anchorFrom: undefined,
    held: 0,
    regularDue: NaN,
    lastCer: undefined,
    lastCerDay: NaN,
    p: 0,
    m: 0,
    due: NaN,
    dueFrom: undefined,
  };
  let c = 0; // the next CER

  for (const episode of episodes) {
    walk.episode = episode;
    walk.anchorDay = episode.day;
    walk.anchorFrom = from('CARE_EPISODE_START', episode.date, episode.id);
    walk.held = 0;
    walk.regularDue = NaN; // the first CER's is counted in working days, lazily
    walk.lastCer = undefined;
    walk.lastCerDay = NaN;
    // A CER outside every episode has no timescale: skip it.
    while (c < cers && cerDays[c]! < episode.day) c += 1;

    for (; c < cers && cerDays[c]! <= episode.end; c += 1) {
      const cer = meetings[cerAt[c]!]!;
      const day = cerDays[c]!;
      const id = cer.meetingId;
      const heldOn = cer.heldOn;
      if (judging) {
        midpointsUpTo(walk, day, collected);
        nextCerDue(walk, day);
        judged(collected, id, 'CER', heldOn, day, 'CER', walk.due, walk.dueFrom!);
      }
      // A late CER still restarts the cycle from the day it was held.
      walk.held += 1;
      walk.regularDue = addMonthsToDayNumber(day, walk.held === 1 ? policy.secondCerMonths : policy.laterCerMonths);
      walk.anchorDay = day;
      walk.anchorFrom = from('CER', heldOn, id);
      walk.lastCer = cer;
      walk.lastCerDay = day;
    }

    const midpointHeld = midpointsUpTo(walk, episode.end, collected);
    // Decision: when care ends, everything owed on its CERs stops with it; the
    // recommendations address a care plan that no longer exists.
    if (episode.end !== Infinity) continue;

    nextCerDue(walk, asOf);
    open(collected, 'CER', walk.due, walk.dueFrom!);
    const lastCer = walk.lastCer;
    if (lastCer === undefined) continue;
    const lastCerDay = walk.lastCerDay;

    if (policy.midpointReviews && !midpointHeld) {
      // Decision: halfway to the regular due date, not one an unplanned change
      // brought forward (that CER replaces the check); a calendar date, rounded down.
      open(collected, 'MIDPOINT', midpointDue(lastCerDay, walk.regularDue), walk.anchorFrom!);
    }

    // Decision: only the latest CER's recommendations are chased; a later CER
    // makes fresh ones and supersedes them.
    const sent = dayUpTo(lastCer.recommendationsSentOn, asOf);
    if (sent === undefined) {
      const recommendationsDue = addWorkingDaysToDayNumber(lastCerDay, policy.recommendationsWorkingDays);
      open(collected, 'RECOMMENDATIONS', recommendationsDue, walk.anchorFrom!);
    } else if (dayUpTo(lastCer.managerRespondedOn, asOf) === undefined) {
      const responseDue = addWorkingDaysToDayNumber(sent, policy.managerResponseWorkingDays);
      open(collected, 'MANAGER_RESPONSE', responseDue, from('RECOMMENDATIONS_SENT', fromDayNumber(sent), lastCer.meetingId));
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

/** Whether an ICPC was held on a day. */
function icpcHeldOn(day: DayNumber): boolean {
  for (let i = 0; i < ICPCS.count; i += 1) if (ICPCS.days[i] === day) return true;
  return false;
}

/** ICPCs (from strategy discussions), and for each registration its outline plan, first core group and RCPC cycle. */
function protectionTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
  const registrations = periods(records.registrations, asOf, registrationIdOf);
  const judging = collected.meetings !== undefined;
  const meetings = records.meetings;

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

  const { days: icpcDays, at: icpcAt, count: icpcs } = ICPCS;
  if (discussions.length > 0) {
    // The conferences that close an ICPC timescale, in order: held ICPCs, and
    // registrations whose ICPC is not recorded (the registration date is the
    // ICPC date). Both lists are sorted and no registration among the second
    // shares a day with an ICPC, so merging them by day keeps the order.
    const countFromFirst = policy.icpcCountsFrom === 'first-strategy-discussion';
    let s = 0;
    let i = 0; // the next ICPC
    let r = 0; // the next registration
    while (s < discussions.length) {
      while (r < registrations.length && icpcHeldOn(registrations[r]!.day)) r += 1;
      let day: DayNumber;
      let icpc = -1; // the conference's ICPC in ICPCS, or -1 for a registration without one
      if (i < icpcs && (r >= registrations.length || icpcDays[i]! < registrations[r]!.day)) {
        day = icpcDays[i]!;
        icpc = i;
        i += 1;
      } else if (r < registrations.length) {
        day = registrations[r]!.day;
        r += 1;
      } else {
        break;
      }
      // Decision: an ICPC on the day of a strategy discussion closes it.
      let first: Dated<unknown> | undefined;
      let last: Dated<unknown> | undefined;
      for (; s < discussions.length && discussions[s]!.day <= day; s += 1) {
        first ??= discussions[s];
        last = discussions[s];
      }
      if (judging && last !== undefined && icpc >= 0) {
        const start = countFromFirst ? first! : last;
        const due = addWorkingDaysToDayNumber(start.day, policy.icpcWorkingDays);
        const meeting = meetings[icpcAt[icpc]!]!;
        judged(collected, meeting.meetingId, 'ICPC', meeting.heldOn, day, 'ICPC', due, from('STRATEGY_DISCUSSION', start.date, start.id));
      }
    }
    if (s < discussions.length) {
      const start = countFromFirst ? discussions[s]! : discussions[discussions.length - 1]!;
      const due = addWorkingDaysToDayNumber(start.day, policy.icpcWorkingDays);
      open(collected, 'ICPC', due, from('STRATEGY_DISCUSSION', start.date, start.id));
    }
  }

  if (registrations.length === 0) return;
  const { days: rcpcDays, at: rcpcAt, count: rcpcs } = RCPCS;
  const { days: coreGroupDays, at: coreGroupAt, count: coreGroups } = CORE_GROUPS;
  let r = 0;
  let g = 0;
  for (const registration of registrations) {
    const isOpen = registration.end === Infinity;
    const registered = from('REGISTRATION', registration.date, registration.id);

    // RCPCs: the first counted from the registering ICPC, each later one from the
    // previous RCPC held while registered. De-registration stops the cycle.
    while (r < rcpcs && rcpcDays[r]! <= registration.day) r += 1;
    let rcpcDue = addMonthsToDayNumber(registration.day, policy.firstRcpcMonths);
    let rcpcFrom = registered;
    for (; r < rcpcs && rcpcDays[r]! <= registration.end; r += 1) {
      const rcpc = meetings[rcpcAt[r]!]!;
      const day = rcpcDays[r]!;
      const id = rcpc.meetingId;
      const heldOn = rcpc.heldOn;
      if (judging) judged(collected, id, 'RCPC', heldOn, day, 'RCPC', rcpcDue, rcpcFrom);
      rcpcDue = addMonthsToDayNumber(day, policy.laterRcpcMonths);
      rcpcFrom = from('RCPC', heldOn, id);
    }
    if (isOpen) open(collected, 'RCPC', rcpcDue, rcpcFrom);

    // The first core group. Decision: one held on the registration day (straight
    // after the conference, as some authorities do) counts.
    while (g < coreGroups && coreGroupDays[g]! < registration.day) g += 1;
    if (g < coreGroups && coreGroupDays[g]! <= registration.end) {
      if (judging) {
        const due = addWorkingDaysToDayNumber(registration.day, policy.firstCoreGroupWorkingDays);
        const coreGroup = meetings[coreGroupAt[g]!]!;
        judged(collected, coreGroup.meetingId, 'CORE_GROUP', coreGroup.heldOn, coreGroupDays[g]!, 'CORE_GROUP', due, registered);
      }
      while (g < coreGroups && coreGroupDays[g]! <= registration.end) g += 1;
    } else if (isOpen) {
      open(collected, 'CORE_GROUP', addWorkingDaysToDayNumber(registration.day, policy.firstCoreGroupWorkingDays), registered);
    }

    // The outline plan lives on the registering ICPC, so it is tracked only when
    // that meeting is recorded; it stops with the registration.
    if (isOpen) {
      const linked = registration.record.registeredAtMeetingId;
      let icpc = -1;
      if (linked !== undefined) {
        for (let i = 0; i < icpcs && icpc < 0; i += 1) if (meetings[icpcAt[i]!]!.meetingId === linked) icpc = i;
      }
      for (let i = 0; i < icpcs && icpc < 0; i += 1) if (icpcDays[i] === registration.day) icpc = i;
      if (icpc >= 0) {
        const meeting = meetings[icpcAt[icpc]!]!;
        if (dayUpTo(meeting.outlinePlanSentOn, asOf) === undefined) {
          const due = addWorkingDaysToDayNumber(icpcDays[icpc]!, policy.outlinePlanWorkingDays);
          open(collected, 'OUTLINE_PLAN', due, from('ICPC', meeting.heldOn, meeting.meetingId));
        }
      }
    }
  }
}

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
  heldMeetings(records.meetings, asOf);
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
  for (let i = 0; i < timescales.length; i += 1) withStatuses.push(statusOn(timescales[i]!, openDays.days[i]!, asOfDay, policy));
  return { asOf, timescales: withStatuses, meetings: meetings! };
}
