/**
 * What the timescale engine answers, in docs/domain.md's words.
 */
import type { CalendarDate, MeetingType } from '#shared/domain/records';

/** The kinds of timescale the engine tracks. */
export const TIMESCALE_KINDS = [
  'CER',
  'ICPC',
  'TRANSFER_IN',
  'RCPC',
  'OUTLINE_PLAN',
  'CORE_GROUP',
  'RECOMMENDATIONS',
  'MANAGER_RESPONSE',
  'MIDPOINT',
] as const;
/** One of {@link TIMESCALE_KINDS}, e.g. `'CER'` or `'OUTLINE_PLAN'`. */
export type TimescaleKind = (typeof TIMESCALE_KINDS)[number];

/** The events a timescale can be counted from. */
export const COUNTED_FROM_EVENTS = [
  /** The child became looked after (`recordId`: the care episode). */
  'CARE_EPISODE_START',
  /** An unplanned placement change (`recordId`: the placement change). */
  'UNPLANNED_PLACEMENT_CHANGE',
  /** A strategy discussion or meeting (`recordId`: the strategy discussion). */
  'STRATEGY_DISCUSSION',
  /** The notification that a registered child's move into the area is permanent (`recordId`: the transfer-in). */
  'TRANSFER_IN_NOTIFIED',
  /** A held CER (`recordId`: the meeting). */
  'CER',
  /** A held ICPC (`recordId`: the meeting). */
  'ICPC',
  /** A held RCPC (`recordId`: the meeting). */
  'RCPC',
  /** The registering conference, as the registration records it (`recordId`: the registration). */
  'REGISTRATION',
  /** The day a CER's recommendations were sent to the team manager (`recordId`: the CER meeting). */
  'RECOMMENDATIONS_SENT',
] as const;
/** One of {@link COUNTED_FROM_EVENTS}, e.g. `'STRATEGY_DISCUSSION'`. */
export type CountedFromEvent = (typeof COUNTED_FROM_EVENTS)[number];

/**
 * The rules a due date is worked out by, one per line of docs/domain.md's
 * timescale table: each names the policy setting it counts by
 * ({@link RULE_SETTINGS} in `rules.ts`), its source and how to explain it.
 */
export const TIMESCALE_RULES = [
  'firstCer',
  'secondCer',
  'laterCer',
  'unplannedPlacementChangeCer',
  'midpoint',
  'recommendations',
  'managerResponse',
  'icpc',
  'transferIn',
  'outlinePlan',
  'firstCoreGroup',
  'firstRcpc',
  'laterRcpc',
] as const;
/** One of {@link TIMESCALE_RULES}, e.g. `'icpc'`. */
export type TimescaleRule = (typeof TIMESCALE_RULES)[number];

/**
 * A meeting booked to meet an open timescale of its type, not yet held: it
 * satisfies nothing until it is. The earliest booking of the type stands for
 * the timescale.
 */
export interface Booking {
  readonly meetingId: string;
  readonly bookedFor: CalendarDate;
  /** Why it was booked after the due date, when it was. */
  readonly lateReason?: string;
}

/** The event a due date is counted from. */
export interface CountedFrom {
  readonly event: CountedFromEvent;
  readonly date: CalendarDate;
  /** The id of the record that holds the event (see {@link COUNTED_FROM_EVENTS}). */
  readonly recordId: string;
}

/**
 * Where an open timescale stands before it can be met: an ICPC whose s47
 * enquiries have not yet been determined may still close without a conference.
 */
export const TIMESCALE_STAGES = ['s47-enquiries-under-way'] as const;
/** One of {@link TIMESCALE_STAGES}. */
export type TimescaleStage = (typeof TIMESCALE_STAGES)[number];

/**
 * A timescale not yet met: what is due, by when, and why. Independent of the
 * day it is looked at (store it; compute its status when read).
 */
export interface OpenTimescale {
  readonly kind: TimescaleKind;
  readonly dueDate: CalendarDate;
  readonly countedFrom: CountedFrom;
  /** The rule the due date was worked out by. */
  readonly rule: TimescaleRule;
  /**
   * The due date the rule alone would give, when something brought it
   * forward (an unplanned placement change brings a CER forward).
   */
  readonly broughtForwardFrom?: CalendarDate;
  /** A mid-point review: the next CER's regular due date it is halfway to. */
  readonly halfwayTo?: CalendarDate;
  /** The meeting booked to meet it, when one is (a meeting type's timescale only). */
  readonly booking?: Booking;
  /** False for a practice standard whose miss is not a statutory breach (the mid-point review). */
  readonly statutory: boolean;
  /** Where it stands, when that is worth saying: `s47-enquiries-under-way` for an undetermined ICPC. */
  readonly stage?: TimescaleStage;
}

/** Where an open timescale stands on a given day. */
export type TimescaleStatus = 'upcoming' | 'due-soon' | 'breached';

/** An open timescale with its status on the as-of date. */
export interface TimescaleWithStatus extends OpenTimescale {
  readonly status: TimescaleStatus;
  /**
   * Working days from the as-of date to the due date: positive left, 0 due
   * today (or the due date is a non-working day with no working day between),
   * negative overdue.
   */
  readonly workingDaysLeft: number;
}

/** A held meeting that a timescale was counting towards, and whether it met it. */
export interface MeetingCompliance {
  readonly meetingId: string;
  readonly type: MeetingType;
  readonly heldOn: CalendarDate;
  readonly kind: TimescaleKind;
  readonly dueDate: CalendarDate;
  /** Held on or before its due date. */
  readonly inCompliance: boolean;
  readonly countedFrom: CountedFrom;
  /** The rule the due date was worked out by. */
  readonly rule: TimescaleRule;
  /** As on {@link OpenTimescale}: the regular due date an unplanned placement change brought forward. */
  readonly broughtForwardFrom?: CalendarDate;
  /** As on {@link OpenTimescale}: the next CER's regular due date a mid-point review is halfway to. */
  readonly halfwayTo?: CalendarDate;
}

/** A child's full timescales on a day. */
export interface ChildTimescales {
  readonly asOf: CalendarDate;
  /** Every open timescale, earliest due first. */
  readonly timescales: TimescaleWithStatus[];
  /** Every held meeting that a timescale was counting towards, in the order held. */
  readonly meetings: MeetingCompliance[];
}
