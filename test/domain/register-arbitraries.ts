/**
 * fast-check arbitraries for a child's register: any valid record set (any
 * order, overlaps, gaps, cancellations, missing links, records after the
 * as-of date), an as-of date, and a policy. Shared by the engine's property
 * tests and the differential test against the reference engine.
 *
 * `withNewRules` switches on the records the newer rules read: contiguous care
 * episodes, s47 outcomes on strategy discussions, transfer-in notifications
 * and TRANSFER_IN conferences (some of them registering), and bookings: some
 * meetings booked and not yet held (on any day, before or after the as-of
 * date, some with a late reason), a cycle's next meeting often booked after
 * its last, and some held or cancelled meetings keeping the day they were
 * booked for; and case disputes, which no timescale reads. With it off the
 * records are those the engine read before those rules: no TRANSFER_IN
 * meetings, no transfer-ins, no s47 fields, no bookings, no disputes,
 * episodes only meeting end to start by chance.
 */
import fc from 'fast-check';
import type { ChildRecords, Dispute, Meeting, MeetingStatus, MeetingType, S47Determination, StrategyDiscussion } from '#shared/domain/records';
import { DISPUTE_STAGES, MEETING_TYPES, meetingDay } from '#shared/domain/records';
import { ICPC_COUNTS_FROM } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy } from '#shared/domain/timescales/policy-override';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';

// Dates well inside the calendar (2010-2035), leaving room for 6 months and a shift.
export const FIRST = toDayNumber('2011-01-01');
export const LAST = toDayNumber('2033-12-31');
/** A child's history spans about three years, so that its records meet. */
export const SPAN = 800;

/** Which records the arbitraries make. */
export interface RegisterOptions {
  /** Also make what the newer rules read: contiguous episodes, s47 outcomes, transfer-ins, TRANSFER_IN conferences, bookings. */
  readonly withNewRules: boolean;
  /**
   * Put the dates on the boundaries: a register's dates often fall on a few shared days (or a day or two either side), so
   * meetings, changes, conferences, ends and starts meet, and the as-of date often falls on (or next to) one of its dates.
   */
  readonly onBoundaries?: boolean;
}

const OLD_RULES: RegisterOptions = { withNewRules: false };

/** The s47 outcome of a discussion: mostly none (enquiries under way), sometimes each of the others. */
const s47Outcome = (date: fc.Arbitrary<number>) =>
  fc.record({
    section47: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(true) },
      { weight: 2, arbitrary: fc.constant(false) },
    ),
    determination: fc.option(fc.constantFrom<S47Determination>('not-substantiated', 'no-continuing-risk', 'conference'), {
      nil: undefined,
      freq: 2,
    }),
    // Mostly a few weeks after the discussion; now and then unrecorded, or any day.
    determinedOn: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 60 }).map((days) => ({ afterDiscussion: days })) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: date.map((day) => ({ on: day })) },
    ),
  });

/** A few days of a register's span its dates gather on (see {@link RegisterOptions.onBoundaries}). */
const keyDays = (base: number) => fc.array(fc.integer({ min: base, max: base + SPAN }), { minLength: 1, maxLength: 4 });

/** A day of the span: any, or one of the key days, or a day or two from one. */
const dayNear = (base: number, keys: readonly number[]): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: base, max: base + SPAN }),
    fc.constantFrom(...keys),
    fc.tuple(fc.constantFrom(...keys), fc.integer({ min: -2, max: 2 })).map(([key, shift]) => key + shift),
  );

/** Any valid record set around `base` (a day number). */
export const recordsFrom = (base: number, options: RegisterOptions = OLD_RULES): fc.Arbitrary<ChildRecords> =>
  options.onBoundaries
    ? keyDays(base).chain((keys) => recordsOn(dayNear(base, keys), base + SPAN, options))
    : recordsOn(fc.integer({ min: base, max: base + SPAN }), base + SPAN, options);

/** A meeting before it is numbered: what {@link recordsOn} builds each {@link Meeting} from. */
interface MeetingShape {
  type: MeetingType;
  /** The day it was held, was to be held (cancelled) or is booked for (booked). */
  heldOn: string;
  status: MeetingStatus;
  recommendationsSentOn: string | undefined;
  managerRespondedOn: string | undefined;
  outlinePlanSentOn: string | undefined;
  registers: boolean;
  booking: BookingShape;
}

/** What a meeting says of its booking (see {@link bookingFacts}). */
interface BookingShape {
  /** A held or cancelled meeting's: the day it had been booked for. */
  wasBookedFor?: string;
  bookedOn?: string;
  lateReason?: string;
}

const NOT_BOOKED: BookingShape = {};

/** Where a meeting stands: held or cancelled, about evenly; with the new rules, now and then booked and not yet held. */
const meetingStatus = (withNewRules: boolean): fc.Arbitrary<MeetingStatus> =>
  withNewRules
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom<MeetingStatus>('held', 'cancelled') }, { weight: 1, arbitrary: fc.constant<MeetingStatus>('booked') })
    : fc.boolean().map((cancelled): MeetingStatus => (cancelled ? 'cancelled' : 'held'));

/** With the new rules, what a meeting may say of its booking (the day booked for, the day booked, a late reason); none without them. */
const bookingFacts = (date: fc.Arbitrary<string>, withNewRules: boolean): fc.Arbitrary<BookingShape> =>
  withNewRules
    ? fc.record(
        {
          wasBookedFor: date,
          bookedOn: date,
          lateReason: fc.constantFrom('the family could not come sooner', 'no chair was free'),
        },
        { requiredKeys: [] },
      )
    : fc.constant(NOT_BOOKED);

/**
 * Meetings of one type held every so many days from a day, as a cycle runs (some on time, some late, now and then one
 * cancelled), each with its follow-ups recorded a few days after it or not at all; none after `until`. With the new rules the
 * cycle's next meeting is often booked, about when it falls due (a booking may lie after `until` and the as-of date).
 */
const meetingSeries = (day: fc.Arbitrary<number>, until: number, types: readonly MeetingType[], withNewRules: boolean): fc.Arbitrary<MeetingShape[]> => {
  const daysAfter = fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined });
  const follow = fc.record({ cancelled: fc.integer({ min: 0, max: 5 }).map((n) => n === 0), sent: daysAfter, responded: daysAfter, plan: daysAfter, registers: fc.boolean() });
  const nextBooked = withNewRules
    ? fc.option(fc.record({ shift: fc.integer({ min: -15, max: 30 }), lateReason: fc.option(fc.constant('the family could not come sooner'), { nil: undefined }) }), { nil: undefined })
    : fc.constant(undefined);
  return fc
    .record({
      // Mostly CERs and mid-point reviews, whose cycle needs the most meetings to show.
      type: fc.oneof({ weight: 3, arbitrary: fc.constant<MeetingType>('CER') }, fc.constant<MeetingType>('MIDPOINT'), fc.constantFrom(...types)),
      from: day,
      every: fc.integer({ min: 5, max: 200 }),
      meetings: fc.array(follow, { minLength: 1, maxLength: 5 }),
      nextBooked,
    })
    .map(({ type, from, every, meetings, nextBooked }) => {
      const series = meetings
        .map(({ cancelled, sent, responded, plan, registers }, k): MeetingShape => {
          const held = from + k * every;
          const after = (days: number | undefined) => (days === undefined ? undefined : fromDayNumber(held + days));
          return {
            type,
            heldOn: fromDayNumber(held),
            status: cancelled ? 'cancelled' : 'held',
            recommendationsSentOn: after(sent),
            managerRespondedOn: after(responded),
            outlinePlanSentOn: after(plan),
            registers,
            booking: NOT_BOOKED,
          };
        })
        .filter((meeting) => toDayNumber(meeting.heldOn) <= until);
      if (nextBooked === undefined) return series;
      const booked: MeetingShape = {
        type,
        heldOn: fromDayNumber(from + meetings.length * every + nextBooked.shift),
        status: 'booked',
        recommendationsSentOn: undefined,
        managerRespondedOn: undefined,
        outlinePlanSentOn: undefined,
        registers: false,
        booking: nextBooked.lateReason === undefined ? NOT_BOOKED : { lateReason: nextBooked.lateReason },
      };
      return [...series, booked];
    });
};

/** The meeting a shape describes, numbered `meetingId`: booked (for its day), held or cancelled, with what it says of its booking. */
function meetingOf(m: MeetingShape, meetingId: string): Meeting {
  const { wasBookedFor, bookedOn, lateReason } = m.booking;
  const booking = {
    ...(bookedOn === undefined ? {} : { bookedOn }),
    ...(lateReason === undefined ? {} : { lateReason }),
  };
  if (m.status === 'booked') return { meetingId, type: m.type, status: 'booked', bookedFor: m.heldOn, ...booking };
  return {
    meetingId,
    type: m.type,
    heldOn: m.heldOn,
    status: m.status,
    ...(wasBookedFor === undefined ? {} : { bookedFor: wasBookedFor }),
    ...booking,
    childParticipated: false,
    advocacyOffered: false,
    advocacyProvided: false,
    qaAuditCompleted: false,
    ...(m.registers ? { outcome: { decision: 'register' as const, category: 'Neglect' as const } } : {}),
    ...(m.recommendationsSentOn === undefined ? {} : { recommendationsSentOn: m.recommendationsSentOn }),
    ...(m.managerRespondedOn === undefined ? {} : { managerRespondedOn: m.managerRespondedOn }),
    ...(m.outlinePlanSentOn === undefined ? {} : { outlinePlanSentOn: m.outlinePlanSentOn }),
  };
}

/** Any valid record set whose dates are drawn from `day` (day numbers), and its meeting series end by `until`. */
const recordsOn = (day: fc.Arbitrary<number>, until: number, { withNewRules, onBoundaries }: RegisterOptions): fc.Arbitrary<ChildRecords> => {
  const date = day.map(fromDayNumber);
  const maybeDate = fc.option(date, { nil: undefined });
  const meetingTypes = withNewRules ? MEETING_TYPES : MEETING_TYPES.filter((type) => type !== 'TRANSFER_IN');
  const series = onBoundaries ? fc.array(meetingSeries(day, until, meetingTypes, withNewRules), { maxLength: 4 }).map((all) => all.flat()) : fc.constant([]);
  // New rules: a period may start the day the one before it ended, and an end may be recorded before its start.
  const joinsPrevious = withNewRules ? fc.boolean() : fc.constant(false);
  const endBeforeStartKept = withNewRules ? fc.integer({ min: 0, max: 3 }).map((n) => n === 0) : fc.constant(false);
  const startsAtLinkedMeeting = withNewRules ? fc.boolean() : fc.constant(false);
  return fc
    .record({
      careEpisodes: fc.array(fc.tuple(date, maybeDate, joinsPrevious, endBeforeStartKept), { maxLength: 3 }),
      placementChanges: fc.array(fc.tuple(date, fc.boolean()), { maxLength: 5 }),
      strategyDiscussions: fc.array(fc.tuple(day, withNewRules ? s47Outcome(day) : fc.constant(undefined)), { maxLength: 5 }),
      registrations: fc.array(
        fc.tuple(date, maybeDate, fc.option(fc.nat(5), { nil: undefined }), joinsPrevious, endBeforeStartKept, startsAtLinkedMeeting),
        { maxLength: 3 },
      ),
      meetings: fc.array(
        fc.record<MeetingShape>({
          type: fc.constantFrom(...meetingTypes),
          heldOn: date,
          status: meetingStatus(withNewRules),
          recommendationsSentOn: maybeDate,
          managerRespondedOn: maybeDate,
          outlinePlanSentOn: maybeDate,
          registers: fc.boolean(),
          booking: bookingFacts(date, withNewRules),
        }),
        { minLength: 2, maxLength: 30 },
      ),
      transferIns: withNewRules ? fc.array(date, { maxLength: 3 }) : fc.constant<string[]>([]),
      // Case disputes count for no timescale: the engines must answer the same with or without them.
      disputes: withNewRules
        ? fc.array(fc.tuple(date, fc.constantFrom(...DISPUTE_STAGES), maybeDate, fc.boolean(), fc.boolean()), { maxLength: 2 })
        : fc.constant<[string, Dispute['stage'], string | undefined, boolean, boolean][]>([]),
      series,
    })
    .map(({ careEpisodes, placementChanges, strategyDiscussions, registrations, meetings, transferIns, disputes, series }) => {
      const builtMeetings = [...meetings, ...series].map((m, i) => meetingOf(m, `m${i}`));
      /** A period's dates: joined to the previous one's end when asked (and it has one); the end before the start kept only when asked. */
      const periodDates = (periods: [string, string | undefined, boolean, boolean][], startAt: (i: number) => string | undefined) => {
        const built: { startDate: string; endDate?: string }[] = [];
        periods.forEach(([start, end, joins, keepEndBeforeStart], i) => {
          const previousEnd = built[i - 1]?.endDate;
          const from = startAt(i) ?? (joins && previousEnd !== undefined ? previousEnd : start);
          if (end === undefined) built.push({ startDate: from });
          else if (keepEndBeforeStart || end >= from) built.push({ startDate: from, endDate: end });
          else built.push({ startDate: end, endDate: from });
        });
        return built;
      };
      const episodeDates = periodDates(careEpisodes, () => undefined);
      const registrationDates = periodDates(
        registrations.map(([start, end, , joins, keep]) => [start, end, joins, keep]),
        (i) => {
          const [, , link, , , startsAtLink] = registrations[i]!;
          const linked = link === undefined ? undefined : builtMeetings[link];
          return startsAtLink && linked !== undefined ? meetingDay(linked) : undefined;
        },
      );
      return {
        careEpisodes: episodeDates.map((dates, i) => ({ episodeId: `e${i}`, ...dates })),
        placementChanges: placementChanges.map(([d, unplanned], i) => ({ placementChangeId: `p${i}`, date: d, unplanned })),
        strategyDiscussions: strategyDiscussions.map(([d, outcome], i): StrategyDiscussion => {
          const discussion: StrategyDiscussion = { strategyDiscussionId: `s${i}`, date: fromDayNumber(d) };
          if (outcome === undefined) return discussion;
          const { section47, determination, determinedOn } = outcome;
          return {
            ...discussion,
            ...(section47 === undefined ? {} : { section47 }),
            ...(determination === undefined ? {} : { s47Determination: determination }),
            ...(determinedOn === undefined
              ? {}
              : { determinedOn: fromDayNumber('on' in determinedOn ? determinedOn.on : d + determinedOn.afterDiscussion) }),
          };
        }),
        registrations: registrations.map(([, , link], i) => ({
          registrationId: `r${i}`,
          category: 'Neglect' as const,
          ...registrationDates[i]!,
          ...(link === undefined ? {} : { registeredAtMeetingId: `m${link}` }),
        })),
        meetings: builtMeetings,
        transferIns: transferIns.map((notifiedOn, i) => ({ transferInId: `t${i}`, notifiedOn })),
        disputes: disputes.map(([startedOn, stage, resolvedOn, legalAdviceSought, cafcassReferral], i): Dispute => ({
          disputeId: `d${i}`,
          startedOn,
          stage,
          raisedBy: 'IRO',
          ...(resolvedOn === undefined || resolvedOn < startedOn ? {} : { resolvedOn, outcome: 'Care plan amended' }),
          legalAdviceSought,
          cafcassReferral,
        })),
      };
    });
};

/** Every date written in a record set. */
function datesIn(records: ChildRecords): string[] {
  const dates: (string | undefined)[] = [
    ...records.careEpisodes.flatMap((e) => [e.startDate, e.endDate]),
    ...records.placementChanges.map((p) => p.date),
    ...records.strategyDiscussions.flatMap((s) => [s.date, s.determinedOn]),
    ...records.registrations.flatMap((r) => [r.startDate, r.endDate]),
    ...records.meetings.flatMap((m) =>
      m.status === 'booked' ? [m.bookedFor, m.bookedOn] : [m.heldOn, m.bookedFor, m.bookedOn, m.recommendationsSentOn, m.managerRespondedOn, m.outlinePlanSentOn],
    ),
    ...records.transferIns.map((t) => t.notifiedOn),
  ];
  return dates.filter((d): d is string => d !== undefined);
}

/** A record set and an as-of date during or after its history. */
export const registerCase = (options: RegisterOptions = OLD_RULES): fc.Arbitrary<[ChildRecords, string]> =>
  fc.integer({ min: FIRST, max: LAST - SPAN - 200 }).chain((base) => {
    const anyDay = fc.integer({ min: base, max: base + SPAN + 200 }).map(fromDayNumber);
    if (!options.onBoundaries) return fc.tuple(recordsFrom(base, options), anyDay);
    return keyDays(base).chain((keys) =>
      recordsOn(dayNear(base, keys), base + SPAN, options).chain((records) => {
        const dates = datesIn(records);
        const nextToARecord = fc
          .tuple(fc.constantFrom(...(dates.length > 0 ? dates : [fromDayNumber(base)])), fc.integer({ min: -1, max: 1 }))
          .map(([d, shift]) => fromDayNumber(toDayNumber(d) + shift));
        return fc.tuple(fc.constant(records), fc.oneof(anyDay, dayNear(base, keys).map(fromDayNumber), nextToARecord));
      }),
    );
  });

/** Any valid record set the engine read before the newer rules, and an as-of date during or after its history. */
export const anyCase: fc.Arbitrary<[ChildRecords, string]> = registerCase();

/** A policy with some settings overridden: the figures the cycles turn on, and each switch. */
export const anyPolicy: fc.Arbitrary<TimescalePolicy> = fc
  .record(
    {
      firstCerWorkingDays: fc.integer({ min: 1, max: 40 }),
      unplannedPlacementChangeCer: fc.boolean(),
      unplannedPlacementChangeCerWorkingDays: fc.integer({ min: 1, max: 40 }),
      icpcCountsFrom: fc.constantFrom(...ICPC_COUNTS_FROM),
      midpointReviews: fc.boolean(),
      dueSoonWorkingDays: fc.integer({ min: 0, max: 20 }),
    },
    { requiredKeys: [] },
  )
  .map((override) => parseTimescalePolicy(override));
