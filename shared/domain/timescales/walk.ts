/**
 * What the engine's cycles share: the child's records parsed once into day
 * numbers, the held meetings filed by type, and the place the answers are
 * collected. The care cycle (`care-cycle.ts`), the protection cycle
 * (`protection-cycle.ts`) and their follow-ups (`follow-ups.ts`) walk these;
 * `engine.ts` runs them and answers.
 *
 * The lists here are scratch space the engine reuses from one call to the
 * next: it is synchronous and calls nothing that could re-enter it, so one set
 * serves every call; they hold only integers, never a reference to a record.
 */
import type { CareEpisode, HeldMeeting, Meeting, MeetingType, Registration } from '#shared/domain/records';
import type { CalendarDate, DayNumber } from '#shared/domain/calendar/calendar-date';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import type { Booking, CountedFrom, CountedFromEvent, MeetingCompliance, OpenTimescale, TimescaleKind, TimescaleRule, TimescaleStage } from '#shared/domain/timescales/types';

/** Whether a kind of timescale is statutory (only the mid-point review is a practice standard). */
export function isStatutory(kind: TimescaleKind): boolean {
  return kind !== 'MIDPOINT';
}

/** A dated record, parsed once. */
export interface Dated<T> {
  readonly day: DayNumber;
  readonly date: CalendarDate;
  readonly id: string;
  readonly record: T;
}

/** A period (of care, or on the register) clipped to the as-of date and to the next period's start. */
export interface Period<T> extends Dated<T> {
  /** Last day of the period (inclusive); Infinity while it is open. */
  end: number;
}

/** A list of day numbers that grows as needed. */
export class DayList {
  count = 0;
  days = new Int32Array(64);

  /** Adds a day at the end. */
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
 * each one's day number and its index in the child's `meetings`, with no
 * object made per meeting.
 */
export class HeldMeetings {
  count = 0;
  days = new Int32Array(64);
  /** Each meeting's index in `records.meetings`. */
  at = new Int32Array(64);

  /** Files a meeting held on `day`, the `index`th of the child's meetings. */
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

  /** Whether one was held on `day`. */
  heldOn(day: DayNumber): boolean {
    for (let i = 0; i < this.count; i += 1) if (this.days[i] === day) return true;
    return false;
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
const TRANSFER_INS = new HeldMeetings();

/** The held meetings of each type, filed by {@link fileHeldMeetings}. */
export const HELD: Readonly<Record<MeetingType, HeldMeetings>> = {
  CER: CERS,
  ICPC: ICPCS,
  RCPC: RCPCS,
  MIDPOINT: MIDPOINTS,
  CORE_GROUP: CORE_GROUPS,
  TRANSFER_IN: TRANSFER_INS,
};

/** No meetings: what a walk sees of a kind the policy does not track. */
export const NO_MEETINGS = new HeldMeetings();

const HELD_LISTS = Object.values(HELD);

/**
 * The earliest booking of each meeting type (undefined for none), filed by
 * {@link fileHeldMeetings}: what stands for the open timescale of that type.
 */
const BOOKED: Partial<Record<MeetingType, Booking>> = {};
let anyBooked = false;

/**
 * Files each held meeting by type, as of the as-of date (a booked or
 * cancelled meeting satisfies no timescale), and the earliest booking of each
 * type.
 */
export function fileHeldMeetings(meetings: readonly Meeting[], asOf: DayNumber): void {
  for (const list of HELD_LISTS) list.count = 0;
  if (anyBooked) {
    for (const type of Object.keys(BOOKED) as MeetingType[]) delete BOOKED[type];
    anyBooked = false;
  }
  for (let i = 0; i < meetings.length; i += 1) {
    const meeting = meetings[i]!;
    if (meeting.status !== 'held') {
      if (meeting.status === 'booked') fileBooking(meeting);
      continue;
    }
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
      case 'TRANSFER_IN':
        TRANSFER_INS.add(day, i);
        break;
    }
  }
  for (const list of HELD_LISTS) list.sort(meetings);
}

function fileBooking(meeting: Meeting & { status: 'booked' }): void {
  const earlier = BOOKED[meeting.type];
  if (earlier !== undefined && (earlier.bookedFor < meeting.bookedFor || (earlier.bookedFor === meeting.bookedFor && earlier.meetingId < meeting.meetingId))) return;
  const booking: Booking = { meetingId: meeting.meetingId, bookedFor: meeting.bookedFor };
  BOOKED[meeting.type] = meeting.lateReason === undefined ? booking : { ...booking, lateReason: meeting.lateReason };
  anyBooked = true;
}

/** The meeting at `index` of the child's meetings, which the walk filed as held. */
export function heldAt(meetings: readonly Meeting[], index: number): HeldMeeting {
  return meetings[index] as HeldMeeting;
}

/** Where the answers are collected. */
export interface Collected {
  open: OpenTimescale[];
  /** The due date of each open timescale as a day number (for sorting and status without re-parsing). */
  openDays: DayList;
  /** The judged meetings; undefined when only the open timescales are asked for. */
  meetings: MeetingCompliance[] | undefined;
  /** The day each judged meeting was held, in step with `meetings`. */
  meetingDays: DayList;
}

/** The event a due date is counted from. */
export function from(event: CountedFromEvent, date: CalendarDate, recordId: string): CountedFrom {
  return { event, date, recordId };
}

/** What some open timescales say besides their due date: where they stand, what they were brought forward from, what they are halfway to. */
export interface OpenDetails {
  stage?: TimescaleStage;
  broughtForwardFrom?: DayNumber;
  halfwayTo?: DayNumber;
}

/** Collects an open timescale, with the meeting booked to meet it, if any. */
export function open(collected: Collected, kind: TimescaleKind, rule: TimescaleRule, due: DayNumber, countedFrom: CountedFrom, details?: OpenDetails): void {
  // Built by assignment, not by spreading: a spread per timescale made the engine several times slower.
  const timescale: Mutable<OpenTimescale> = { kind, dueDate: fromDayNumber(due), countedFrom, rule, statutory: isStatutory(kind) };
  if (details !== undefined) {
    if (details.stage !== undefined) timescale.stage = details.stage;
    setDetails(timescale, details);
  }
  if (anyBooked) {
    const booking = BOOKED[kind as MeetingType];
    if (booking !== undefined) timescale.booking = booking;
  }
  collected.open.push(timescale);
  collected.openDays.add(due);
}

/** A value whose fields may be set while it is built. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function setDetails(target: Mutable<Pick<OpenTimescale, 'broughtForwardFrom' | 'halfwayTo'>>, details: OpenDetails): void {
  if (details.broughtForwardFrom !== undefined) target.broughtForwardFrom = fromDayNumber(details.broughtForwardFrom);
  if (details.halfwayTo !== undefined) target.halfwayTo = fromDayNumber(details.halfwayTo);
}

/** Collects a held meeting's verdict: a meeting of a type is judged against the timescale of the same name. */
export function judged(
  collected: Collected,
  meeting: HeldMeeting,
  day: DayNumber,
  kind: MeetingType & TimescaleKind,
  rule: TimescaleRule,
  due: DayNumber,
  countedFrom: CountedFrom,
  details?: Omit<OpenDetails, 'stage'>,
): void {
  const verdict: Mutable<MeetingCompliance> = {
    meetingId: meeting.meetingId,
    type: kind,
    heldOn: meeting.heldOn,
    kind,
    dueDate: fromDayNumber(due),
    inCompliance: day <= due,
    countedFrom,
    rule,
  };
  if (details !== undefined) setDetails(verdict, details);
  collected.meetings!.push(verdict);
  collected.meetingDays.add(day);
}

function byDayThenId<T>(a: Dated<T>, b: Dated<T>): number {
  return a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Sorts by day then id, when they are not already. */
export function sortIfNeeded<T>(items: Dated<T>[]): Dated<T>[] {
  for (let i = 1; i < items.length; i += 1) {
    if (byDayThenId(items[i - 1]!, items[i]!) > 0) return items.sort(byDayThenId);
  }
  return items;
}

/** A date recorded on a record, or undefined when absent or after the as-of date. */
export function dayUpTo(date: CalendarDate | undefined, asOf: DayNumber): DayNumber | undefined {
  if (date === undefined) return undefined;
  const day = toDayNumber(date);
  return day <= asOf ? day : undefined;
}

/**
 * Periods that started by the as-of date, sorted, each ending at its end date
 * (if reached by the as-of date) or the day before the next period starts,
 * whichever is earlier. `continues(previous, next)` says when a period starting
 * the day the previous ended is the same period going on (a period of care
 * over several episodes); the merged period keeps the first one's start and id.
 */
export function periods<T extends CareEpisode | Registration>(
  records: readonly T[],
  asOf: DayNumber,
  idOf: (record: T) => string,
  continues: (previous: T, next: T) => boolean = () => false,
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
  // Merge, in place, each period that continues the one before it into that one.
  let kept = 0;
  let previousRecord: T | undefined;
  for (let i = 0; i < result.length; i += 1) {
    const period = result[i]!;
    const merged = kept > 0 ? result[kept - 1]! : undefined;
    if (merged !== undefined && merged.end === period.day && continues(previousRecord!, period.record)) {
      merged.end = period.end;
    } else {
      result[kept] = period;
      kept += 1;
    }
    previousRecord = period.record;
  }
  result.length = kept;
  // Decision: overlapping periods (a slip in the records) do not run two cycles;
  // a later period supersedes an earlier one from the day it starts.
  for (let i = 0; i + 1 < result.length; i += 1) {
    const current = result[i]!;
    const next = result[i + 1]!;
    if (next.day <= current.end) current.end = Math.max(next.day - 1, current.day);
  }
  return result;
}
