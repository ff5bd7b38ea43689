/**
 * What the API answers, as zod schemas: the route table names one for every
 * route's success, and the OpenAPI document carries them, so that a client
 * generator gives an integrator real types, and the tests check every answer
 * they receive against the document. Each schema is checked by the compiler
 * against the type the code answers with (`satisfies`), so neither can drift
 * from the other unnoticed. Every object is strict: a field the document does
 * not name (a name where only initials belong) is a failing test.
 */
import * as z from 'zod';
import { AGE_BANDS, type FiguresOverMonths, type MonthlyFigures } from '#shared/domain/figures';
import {
  GENDERS,
  PARTICIPATION_CODES,
  MEETING_TYPES,
  REGISTRATION_CATEGORIES,
  type CareEpisode,
  DISPUTE_STAGES,
  type Dispute,
  type Meeting,
  type PlacementChange,
  type Registration,
  type StrategyDiscussion,
  type TransferIn,
  S47_DETERMINATIONS,
} from '#shared/domain/records';
import type { BookingCheck, SuggestedDate } from '#shared/domain/timescales/bookings';
import { COUNTED_FROM_EVENTS, TIMESCALE_KINDS, TIMESCALE_RULES, TIMESCALE_STAGES, type MeetingCompliance, type TimescaleWithStatus } from '#shared/domain/timescales/types';
import type { Explanation } from '#shared/domain/timescales/explain';
import { RULE_SETTING_NAMES, RULE_UNITS } from '#shared/domain/timescales/rules';
import type { AuditEntry, DueEntry, ListedChild, ReadEntry, Snapshot, SnapshotSummary, StoredIroEntry } from '#shared/store/ports';

const date = z.iso.date();
const instant = z.iso.datetime();
const count = z.number().int().min(0);
const id = z.uuid();

/** A child's profile as stored. */
const storedChildFields = {
  childId: id,
  reference: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: date,
  gender: z.enum(GENDERS),
  iroEmail: z.email(),
  teamName: z.string(),
  teamManagerEmail: z.email(),
  createdAt: instant,
  updatedAt: instant,
  version: z.number().int().min(1),
};
const statusFields = { lookedAfter: z.boolean(), registered: z.boolean() };

/** A child as the children list gives them. */
export const listedChildSchema = z.strictObject({ ...storedChildFields, ...statusFields }).meta({ id: 'ListedChild' }) satisfies z.ZodType<ListedChild>;

/** A care episode as stored: when the child became looked after, and ceased to be if they have. */
export const careEpisodeSchema = z
  .strictObject({ episodeId: id, startDate: date, endDate: date.optional(), legalStatus: z.string().optional(), endReason: z.string().optional() })
  .meta({ id: 'CareEpisode' }) satisfies z.ZodType<CareEpisode>;

/** A change of the child's placement as stored, planned or unplanned. */
export const placementChangeSchema = z
  .strictObject({ placementChangeId: id, date, unplanned: z.boolean() })
  .meta({ id: 'PlacementChange' }) satisfies z.ZodType<PlacementChange>;

/** A strategy discussion or meeting as stored: the last one before an ICPC starts its clock. */
export const strategyDiscussionSchema = z
  .strictObject({
    strategyDiscussionId: id,
    date,
    section47: z.boolean().optional().meta({ description: 'Whether s47 enquiries were needed; absent on older records, meaning they were.' }),
    s47Determination: z.enum(S47_DETERMINATIONS).optional(),
    determinedOn: date.optional(),
  })
  .meta({ id: 'StrategyDiscussion' }) satisfies z.ZodType<StrategyDiscussion>;

const category = z.string().meta({ description: "One of Chart 4's ten categories, or a combination outside them named in the same style." });

/** A period on the Child Protection Register as stored: its category, registration and de-registration. */
export const registrationSchema = z
  .strictObject({
    registrationId: id,
    startDate: date,
    category,
    categoryChanges: z.array(z.strictObject({ from: date, category, atMeetingId: id.optional() })).optional(),
    endDate: date.optional(),
    registeredAtMeetingId: id.optional(),
    deregisteredAtMeetingId: id.optional(),
  })
  .meta({ id: 'Registration' }) satisfies z.ZodType<Registration>;

const outcome = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('register'), category }),
  z.strictObject({ decision: z.literal('do-not-register') }),
  z.strictObject({ decision: z.literal('continue'), category: category.optional() }),
  z.strictObject({ decision: z.literal('deregister') }),
]);

const meetingBaseFields = {
  meetingId: id,
  type: z.enum(MEETING_TYPES),
  chairEmail: z.email().optional(),
  bookedOn: date.optional().meta({ description: 'The day the booking was made or last moved.' }),
  lateReason: z.string().optional().meta({ description: 'Why it was booked after its due date.' }),
};
const meetingFactFields = {
  childParticipated: z.boolean(),
  participationCode: z.enum(PARTICIPATION_CODES).optional().meta({ description: 'CER: how the child took part, as the SSDA903 return codes it.' }),
  advocacyOffered: z.boolean(),
  advocacyProvided: z.boolean(),
  qaAuditCompleted: z.boolean(),
  outcome: outcome.optional(),
  recommendationsSentOn: date.optional(),
  managerRespondedOn: date.optional(),
  outlinePlanSentOn: date.optional(),
};

/** Whether a booking is in time for its timescale, as of the day it is answered. */
export const bookingCheckSchema = z
  .strictObject({
    dueDate: date.nullable().meta({ description: "The due date of the open timescale of the meeting's type; null when none is open." }),
    withinTimescale: z.boolean().meta({ description: 'Booked for the due date or before it (true when nothing is due).' }),
    workingDaysToSpare: z.number().int().nullable().meta({ description: 'Working days from the booked day to the due date: 0 on the day, negative when late; null when nothing is due.' }),
  })
  .meta({ id: 'BookingCheck' }) satisfies z.ZodType<BookingCheck>;

const wasBookedFor = date.optional().meta({ description: 'The day it was booked for, when it was booked before it was held.' });

/** The three shapes of a meeting, each with `extra` fields. */
function meetingVariants<E extends z.ZodRawShape>(extra: E) {
  return [
    z.strictObject({ ...meetingBaseFields, ...meetingFactFields, ...extra, status: z.literal('held'), heldOn: date, bookedFor: wasBookedFor }),
    z.strictObject({ ...meetingBaseFields, ...extra, status: z.literal('booked'), bookedFor: date, booking: bookingCheckSchema.optional() }),
    z.strictObject({
      ...meetingBaseFields,
      ...z.strictObject(meetingFactFields).partial().shape,
      ...extra,
      status: z.literal('cancelled'),
      heldOn: date.meta({ description: 'The day it was to be held.' }),
      cancellationReason: z.string().optional(),
      bookedFor: wasBookedFor,
    }),
  ] as const;
}

/** A review meeting or conference as stored: booked (with its check against the due date), held (with its outcome) or cancelled. */
export const meetingSchema = z.discriminatedUnion('status', meetingVariants({})).meta({ id: 'Meeting' }) satisfies z.ZodType<Meeting>;

const countedFrom = z.strictObject({ event: z.enum(COUNTED_FROM_EVENTS), date, recordId: z.string() });
const bookingSchema = z
  .strictObject({ meetingId: id, bookedFor: date, lateReason: z.string().optional() })
  .meta({ id: 'Booking', description: "The meeting booked to meet the timescale (the earliest of its type): it satisfies nothing until held." });
const openTimescaleFields = {
  kind: z.enum(TIMESCALE_KINDS),
  dueDate: date,
  countedFrom,
  rule: z.enum(TIMESCALE_RULES).meta({ description: 'The rule the due date was worked out by (docs/domain.md).' }),
  broughtForwardFrom: date.optional().meta({ description: 'The regular due date, when an unplanned placement change brought a CER forward.' }),
  halfwayTo: date.optional().meta({ description: "A mid-point review: the next CER's regular due date it is halfway to." }),
  booking: bookingSchema.optional(),
  statutory: z.boolean(),
  stage: z.enum(TIMESCALE_STAGES).optional().meta({ description: 's47-enquiries-under-way: an ICPC whose s47 enquiries are not yet determined.' }),
};
/** Why a due date is what it is: the rule and its setting in force, what it was counted from, the days skipped, and one sentence. */
export const explanationSchema = z
  .strictObject({
    rule: z.strictObject({
      name: z.enum(TIMESCALE_RULES),
      setting: z.enum(RULE_SETTING_NAMES).meta({ description: 'The timescale policy setting the rule counts by (docs/domain.md, "Settings").' }),
      value: z.union([z.number().int(), z.boolean()]).meta({ description: "The setting's value in force: working days or months, or true (the mid-point review's switch)." }),
      unit: z.enum(RULE_UNITS),
      source: z.string().meta({ description: "As docs/domain.md's timescale table gives it." }),
    }),
    countedFrom,
    bankHolidaysSkipped: z
      .array(z.strictObject({ date, name: z.string() }))
      .optional()
      .meta({ description: 'Working-day rules: the bank holidays after the day counted from, up to and including the due date.' }),
    weekendDaysSkipped: count.optional().meta({ description: 'Working-day rules: the weekend days after the day counted from, up to and including the due date.' }),
    clampedFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .meta({ description: 'Month rules: the day the count reached, which the month does not have (not a calendar date, e.g. 2025-02-31); the due date is its last day.' }),
    broughtForward: z
      .strictObject({ by: countedFrom, regularDueDate: date })
      .optional()
      .meta({ description: 'A CER an unplanned placement change brought forward: the change, and the regular due date.' }),
    halfwayTo: date.optional().meta({ description: "A mid-point review: the next CER's regular due date it is halfway to." }),
    sentence: z.string().meta({ description: 'The explanation in one plain sentence.' }),
  })
  .meta({ id: 'Explanation' }) satisfies z.ZodType<Explanation>;
const explanation = explanationSchema.optional();

const statusOnTheDay = { status: z.enum(['upcoming', 'due-soon', 'breached']), workingDaysLeft: z.number().int() };

/** An open timescale of a child: its due date, what it counts from, and where it stands on the day. */
export const timescaleSchema = z
  .strictObject({ ...openTimescaleFields, ...statusOnTheDay, explanation })
  .meta({ id: 'Timescale', description: 'An open timescale and where it stands on the as-of date.' }) satisfies z.ZodType<TimescaleWithStatus>;

/** A held meeting, the due date it answered, and whether it was held in compliance. */
export const meetingComplianceSchema = z
  .strictObject({
    meetingId: id,
    type: z.enum(MEETING_TYPES),
    heldOn: date,
    kind: z.enum(TIMESCALE_KINDS),
    dueDate: date,
    inCompliance: z.boolean(),
    countedFrom,
    rule: openTimescaleFields.rule,
    broughtForwardFrom: openTimescaleFields.broughtForwardFrom,
    halfwayTo: openTimescaleFields.halfwayTo,
    explanation,
  })
  .meta({ id: 'MeetingCompliance' }) satisfies z.ZodType<MeetingCompliance>;

/** A transfer-in: the day the authority was told a registered child's move into the area is permanent. */
export const transferInSchema = z.strictObject({ transferInId: id, notifiedOn: date }).meta({ id: 'TransferIn' }) satisfies z.ZodType<TransferIn>;

/** A case dispute: raised on a day at a stage of the protocol, by whom (in words), and how and when it was resolved if it has been. */
export const disputeSchema = z
  .strictObject({
    disputeId: id,
    startedOn: date,
    stage: z.enum(DISPUTE_STAGES),
    raisedBy: z.string(),
    resolvedOn: date.optional(),
    outcome: z.string().optional(),
    legalAdviceSought: z.boolean(),
    cafcassReferral: z.boolean(),
  })
  .meta({ id: 'Dispute' }) satisfies z.ZodType<Dispute>;

/** A child's whole file as a client sees it. */
export const childViewSchema = z
  .strictObject({
    ...storedChildFields,
    ...statusFields,
    careEpisodes: z.array(careEpisodeSchema),
    placementChanges: z.array(placementChangeSchema),
    strategyDiscussions: z.array(strategyDiscussionSchema),
    registrations: z.array(registrationSchema),
    meetings: z.array(z.discriminatedUnion('status', meetingVariants({ dueDate: date.optional(), inCompliance: z.boolean().optional(), explanation }))),
    transferIns: z.array(transferInSchema),
    disputes: z.array(disputeSchema),
    timescales: z.array(timescaleSchema),
  })
  .meta({ id: 'ChildFile', description: "A child's profile, every record, the open timescales today and each meeting's due date and verdict." });

/** GET /children: a page of the children in the caller's scope, and the cursor for the next. */
export const childListSchema = z.strictObject({
  children: z.array(listedChildSchema),
  cursor: z.string().optional().meta({ description: 'Send it back as ?cursor= for the next page; absent on the last page.' }),
});

/** GET /children/{childId}/timescales: a child's open timescales and meeting compliance as of a date. */
export const childTimescalesSchema = z.strictObject({ childId: id, asOf: date, timescales: z.array(timescaleSchema), meetings: z.array(meetingComplianceSchema) });

/** One change to a child's file: who made it, when, to which record, and each field before and after. */
export const auditEntrySchema = z
  .strictObject({
    auditId: id,
    childId: id,
    at: instant,
    actor: z.string(),
    action: z.string(),
    recordType: z.string(),
    recordId: z.string(),
    changes: z.array(z.strictObject({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })),
    reason: z.string().optional().meta({ description: 'Why a record was removed as entered in error.' }),
  })
  .meta({ id: 'AuditEntry' }) satisfies z.ZodType<AuditEntry>;

/** One read of a child's file: who read it, when, by which route (operationId), in which request. */
export const readEntrySchema = z
  .strictObject({ childId: id, at: instant, reader: z.string(), operationId: z.string(), requestId: z.string() })
  .meta({ id: 'ReadEntry' }) satisfies z.ZodType<ReadEntry>;

/** GET /children/{childId}/audit: a child's audit trail, and with ?include=reads its read log. */
export const auditSchema = z.strictObject({
  childId: id,
  entries: z.array(auditEntrySchema),
  reads: z.array(readEntrySchema).optional(),
});

/** A record removed as entered in error, as the audit entry of its removal kept it. */
const removedRecordSchema = z.strictObject({
  recordType: z.string(),
  recordId: z.string(),
  removedAt: instant,
  removedBy: z.string(),
  reason: z.string().optional(),
  record: z.record(z.string(), z.unknown()),
});

/** GET /children/{childId}/export: everything held about a child, for a subject access request. */
export const childExportSchema = z
  .strictObject({
    exportedAt: instant,
    exportedBy: z.string(),
    child: listedChildSchema,
    records: z.strictObject({
      careEpisodes: z.array(careEpisodeSchema),
      placementChanges: z.array(placementChangeSchema),
      strategyDiscussions: z.array(strategyDiscussionSchema),
      registrations: z.array(registrationSchema),
      meetings: z.array(meetingSchema),
      transferIns: z.array(transferInSchema),
      disputes: z.array(disputeSchema),
    }),
    removedRecords: z.array(removedRecordSchema),
    asOf: date,
    timescales: z.array(timescaleSchema),
    meetings: z.array(meetingComplianceSchema),
    audit: z.array(auditEntrySchema),
    reads: z.array(readEntrySchema),
  })
  .meta({
    id: 'ChildExport',
    description: 'Everything held about a child, this export’s own read included.',
  });

const dueTimescaleSchema = z
  .strictObject({
    ...openTimescaleFields,
    ...statusOnTheDay,
    childId: id,
    reference: z.string(),
    initials: z.string(),
    iroEmail: z.email(),
    teamName: z.string(),
    teamManagerEmail: z.email(),
  })
  .meta({ id: 'DueTimescale', description: "An open timescale of a child in your scope: the case reference and initials, never the name." }) satisfies z.ZodType<
  DueEntry & TimescaleWithStatus
>;

/** GET /timescales: the open timescales in the caller's scope due by a date, soonest first. */
export const timescaleListSchema = z.strictObject({ asOf: date, dueBy: date, timescales: z.array(dueTimescaleSchema) });

/** GET /children/{childId}/timescales/{kind}/suggested-dates: the days the meeting can be held in time. */
export const suggestedDatesSchema = z.strictObject({
  childId: id,
  kind: z.enum(MEETING_TYPES),
  asOf: date,
  dueDate: date,
  booking: bookingSchema.optional(),
  dates: z
    .array(z.strictObject({ date, otherBookings: count.meta({ description: "The IRO's other meetings booked that day." }) }) satisfies z.ZodType<SuggestedDate>)
    .meta({ description: 'Working days from asOf to the due date, never a weekend or bank holiday: the days free of other bookings first, then the busy ones, each in date order.' }),
});

/** GET /snapshots: the months that have a snapshot, each with its latest revision. */
export const snapshotListSchema = z.strictObject({
  snapshots: z.array(z.strictObject({ month: z.string(), latestRevision: z.number().int().min(1), createdAt: instant }) satisfies z.ZodType<SnapshotSummary>),
});

const heldInCompliance = z.strictObject({ held: count, inCompliance: count });
const participation = z.strictObject({ held: count, childParticipated: count });
const advocacy = z.strictObject({ offered: count, provided: count }).meta({ description: 'Children, not meetings: each child with an active offer made, or an advocate provided, at any meeting held in the period, counted once.' });
const additiveDisputes = {
  startedInformal: count,
  startedFormal: count,
  resolved: count,
  legalAdviceSought: count.meta({ description: 'Disputes started in the period in which independent legal advice was sought.' }),
  cafcassReferrals: count.meta({ description: 'Disputes started in the period that were referred to Cafcass Cymru.' }),
};
const countsBy = <const K extends readonly [string, ...string[]]>(names: K) => z.strictObject(Object.fromEntries(names.map((name) => [name, count])) as { [N in K[number]]: typeof count });
const byGenderAndAgeBand = z.strictObject(Object.fromEntries(GENDERS.map((gender) => [gender, countsBy(AGE_BANDS)])) as { [G in (typeof GENDERS)[number]]: ReturnType<typeof countsBy<typeof AGE_BANDS>> });

/** The figures that add up over months: the annual report's year column sums them. */
const additiveFigures = {
  registrationsAdded: count,
  registrationsRemoved: count,
  icpc: heldInCompliance,
  rcpc: heldInCompliance,
  cer: heldInCompliance,
  transferIn: heldInCompliance,
  becameLookedAfter: count,
  ceasedLookedAfter: count,
  reRegistrationsWithin12Months: count,
  removedAtFirstReviewConference: count.meta({ description: 'Registrations ended by their first RCPC, however many days they lasted (Chart 8).' }),
  firstReviewConferencesHeld: count.meta({ description: "Chart 8's denominator: the first RCPCs of a registration held." }),
  participation: z.strictObject({ icpc: participation, rcpc: participation }),
  cerParticipation: z
    .strictObject({ held: count, childParticipated: count, byCode: countsBy([...PARTICIPATION_CODES, 'not-recorded']) })
    .meta({ description: 'CERs held, at how many the child participated, and how many under each SSDA903 participation code (PN0 to PN7), or none recorded.' }),
  advocacy,
  icpcNotJudged: count.meta({ description: 'ICPCs held with no strategy discussion recorded before them: neither late nor in time.' }),
  midpointReviewsHeld: count,
  coreGroupsHeld: count,
  meetingsBookedLate: count,
  qaAuditsCompleted: count.meta({ description: 'Over the statutory meetings held: CERs, ICPCs, RCPCs and transfer-in conferences.' }),
  meetingsChaired: z.record(z.string(), count).meta({ description: 'Chair to statutory meetings held: CERs, ICPCs, RCPCs and transfer-in conferences.' }),
};

/** A month's figures for the service manager: the register, meetings held in time, participation, caseloads. */
export const monthlyFiguresSchema = z
  .strictObject({
    month: z.string(),
    monthEnd: date,
    registerByCategory: countsBy(REGISTRATION_CATEGORIES)
      .catchall(count)
      .meta({ description: "Chart 4's ten categories, always, in its order; then each other combination on the register at month end, by name." }),
    registerTotal: count,
    lookedAfterAtMonthEnd: count,
    registeredMoreThan18Months: count,
    ...additiveFigures,
    advocacyYearToDate: advocacy,
    caseloadByIro: z.record(z.string(), count),
    caseloadPerFte: z.strictObject({
      byIro: z.record(z.string(), z.number().min(0)),
      average: z.number().min(0).nullable().meta({ description: 'The mean over the IROs of their children per full-time equivalent; null with no IRO.' }),
    }),
    disputes: z.strictObject({ ...additiveDisputes, openAtMonthEnd: count }),
    lookedAfterByGender: countsBy(GENDERS),
    lookedAfterByAgeBand: countsBy(AGE_BANDS),
    lookedAfterByGenderAndAgeBand: byGenderAndAgeBand,
    registerByGender: countsBy(GENDERS),
    registerByAgeBand: countsBy(AGE_BANDS),
    registerByGenderAndAgeBand: byGenderAndAgeBand,
    childrenNotJudged: count,
  })
  .meta({ id: 'MonthlyFigures' }) satisfies z.ZodType<MonthlyFigures>;

/** One revision of a month's snapshot: its figures, when and by whom it was taken. */
export const snapshotSchema = z
  .strictObject({
    month: z.string(),
    revision: z.number().int().min(1),
    createdAt: instant,
    createdBy: z.string(),
    basis: z.number().int().min(1).meta({ description: 'The basis the figures were counted on (docs/domain.md, "Bases of the figures"): 1 before advocacy counted children; 2 as the annual reports count. A stored snapshot keeps its basis; a forced revision counts on the current one.' }),
    settings: z
      .strictObject({ icpcWorkingDays: z.number().int().min(1) })
      .meta({ description: 'The settings in force when the snapshot was taken that its figures’ wording names (“ICPCs held within 15 working days”).' }),
    figures: monthlyFiguresSchema,
  })
  .meta({ id: 'Snapshot' }) satisfies z.ZodType<Snapshot>;

const figuresOverMonthsSchema = z.strictObject({
  months: z.array(z.string()),
  ...additiveFigures,
  disputes: z.strictObject(additiveDisputes),
  disputeResolutions: z.strictObject({ informal: count, formal: count }).meta({ description: 'Case dispute resolutions started, by stage.' }),
}) satisfies z.ZodType<FiguresOverMonths>;

/** GET /reports/annual: a reporting year's figures month by month, its totals and headlines. */
export const annualReportSchema = z
  .strictObject({
    year: z.number().int(),
    months: z.array(z.string()),
    missingMonths: z.array(z.string()),
    basis: z.number().int().min(1).meta({ description: 'The basis the service counts on today (docs/domain.md, "Bases of the figures").' }),
    monthsOnEarlierBasis: z.array(z.string()).meta({ description: 'Months whose snapshot was counted on an earlier basis: a forced revision (POST /snapshots/{month}) recounts one on today’s.' }),
    rows: z.array(
      z.strictObject({
        key: z.string().meta({ description: 'What the line counts, stable across releases: the figure’s path in the month’s figures.', examples: ['icpc.inCompliance', 'registerByGender.female'] }),
        figure: z.string(),
        months: z.array(z.number().min(0).nullable()).meta({ description: 'One value a month, April to March; null where the month has no snapshot (or a ratio has nothing to divide).' }),
        year: z.union([z.number().min(0), z.string()]).meta({ description: "The year's total (advocacy: children, each once; a month-end figure: the last month's value)." }),
      }),
    ),
    totals: figuresOverMonthsSchema,
    headlines: z.array(z.string()),
  })
  .meta({ id: 'AnnualReport' });

/** POST /me/calendar-feed: the caller's new calendar feed URL (any earlier one no longer works). */
export const calendarFeedUrlSchema = z
  .strictObject({
    url: z.url().meta({
      description:
        'The feed to subscribe to (in Outlook: Add calendar, Subscribe from web). It carries a secret: whoever has it reads your due dates and bookings, so keep it as you would a password; POST again to replace it, DELETE to revoke it.',
      examples: ['https://api-id.execute-api.eu-west-2.amazonaws.com/calendar-feeds/q4Lr0bY9u1Qm3n6Zk8XwVtP2sHc5JfGd7aEi0oKyUlN'],
    }),
  })
  .meta({ id: 'CalendarFeedUrl' });

/** DELETE /me/calendar-feed: no feed URL of the caller's works any more. */
export const calendarFeedRevokedSchema = z
  .strictObject({
    revoked: z.literal(true).meta({ description: 'No calendar feed URL of yours works any more (whether or not there was one).' }),
  })
  .meta({ id: 'CalendarFeedRevoked' });

/** GET /calendar-feeds/{secret}: the feed itself, an iCalendar file (not JSON). */
export const calendarFeedSchema = z.string().meta({
  description:
    "An iCalendar file (RFC 5545): an all-day event on each open timescale's due date and on each booked meeting's day, for the feed owner's children, each named by the timescale, the case reference and the child's initials (never a name or a date of birth).",
});

/** An IRO's entry in the directory, as stored: who last put it, and when. */
export const iroEntrySchema = z
  .strictObject({
    email: z.email(),
    name: z.string(),
    fte: z.number().gt(0).max(1).meta({ description: 'Full-time equivalent, a fraction: 1 is full time, 0.6 three days a week.' }),
    activeFrom: date,
    activeTo: date.optional().meta({ description: 'The last day they worked as an IRO here; absent while they still do.' }),
    updatedAt: instant,
    updatedBy: z.email().meta({ description: 'The admin who last put the entry.' }),
  })
  .meta({ id: 'IroEntry' }) satisfies z.ZodType<StoredIroEntry>;

/** GET /iros: the IRO directory, by email. */
export const iroListSchema = z.strictObject({ iros: z.array(iroEntrySchema) });

/** The OpenAPI document itself. */
export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

/** The service's error body. */
export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string(),
      message: z.string(),
      problems: z.array(z.strictObject({ field: z.string(), reason: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

/** API Gateway's own body, for what it refuses before the function (no token, a bad token). */
export const gatewayErrorSchema = z.strictObject({ message: z.string() }).meta({ id: 'GatewayError' });
