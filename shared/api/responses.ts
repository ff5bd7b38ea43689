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
  MEETING_TYPES,
  REGISTRATION_CATEGORIES,
  type CareEpisode,
  type Meeting,
  type PlacementChange,
  type Registration,
  type StrategyDiscussion,
  type TransferIn,
  S47_DETERMINATIONS,
} from '#shared/domain/records';
import { COUNTED_FROM_EVENTS, TIMESCALE_KINDS, TIMESCALE_STAGES, type MeetingCompliance, type TimescaleWithStatus } from '#shared/domain/timescales/types';
import type { AuditEntry, DueEntry, ListedChild, Snapshot, SnapshotSummary } from '#shared/store/ports';

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

const meetingFields = {
  meetingId: id,
  type: z.enum(MEETING_TYPES),
  heldOn: date,
  status: z.enum(['held', 'cancelled']),
  cancellationReason: z.string().optional(),
  chairEmail: z.email().optional(),
  childParticipated: z.boolean(),
  advocacyOffered: z.boolean(),
  advocacyProvided: z.boolean(),
  qaAuditCompleted: z.boolean(),
  outcome: outcome.optional(),
  recommendationsSentOn: date.optional(),
  managerRespondedOn: date.optional(),
  outlinePlanSentOn: date.optional(),
};

/** A review meeting or conference as stored: held or cancelled, who chaired it, and its outcome. */
export const meetingSchema = z.strictObject(meetingFields).meta({ id: 'Meeting' }) satisfies z.ZodType<Meeting>;

const countedFrom = z.strictObject({ event: z.enum(COUNTED_FROM_EVENTS), date, recordId: z.string() });
const openTimescaleFields = {
  kind: z.enum(TIMESCALE_KINDS),
  dueDate: date,
  countedFrom,
  statutory: z.boolean(),
  stage: z.enum(TIMESCALE_STAGES).optional().meta({ description: 's47-enquiries-under-way: an ICPC whose s47 enquiries are not yet determined.' }),
};
const statusOnTheDay = { status: z.enum(['upcoming', 'due-soon', 'breached']), workingDaysLeft: z.number().int() };

/** An open timescale of a child: its due date, what it counts from, and where it stands on the day. */
export const timescaleSchema = z
  .strictObject({ ...openTimescaleFields, ...statusOnTheDay })
  .meta({ id: 'Timescale', description: 'An open timescale and where it stands on the as-of date.' }) satisfies z.ZodType<TimescaleWithStatus>;

/** A held meeting, the due date it answered, and whether it was held in compliance. */
export const meetingComplianceSchema = z
  .strictObject({ meetingId: id, type: z.enum(MEETING_TYPES), heldOn: date, kind: z.enum(TIMESCALE_KINDS), dueDate: date, inCompliance: z.boolean(), countedFrom })
  .meta({ id: 'MeetingCompliance' }) satisfies z.ZodType<MeetingCompliance>;

/** A transfer-in: the day the authority was told a registered child's move into the area is permanent. */
export const transferInSchema = z.strictObject({ transferInId: id, notifiedOn: date }).meta({ id: 'TransferIn' }) satisfies z.ZodType<TransferIn>;

/** A child's whole file as a client sees it. */
export const childViewSchema = z
  .strictObject({
    ...storedChildFields,
    ...statusFields,
    careEpisodes: z.array(careEpisodeSchema),
    placementChanges: z.array(placementChangeSchema),
    strategyDiscussions: z.array(strategyDiscussionSchema),
    registrations: z.array(registrationSchema),
    meetings: z.array(z.strictObject({ ...meetingFields, dueDate: date.optional(), inCompliance: z.boolean().optional() })),
    transferIns: z.array(transferInSchema),
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

/** GET /children/{childId}/audit: a child's audit trail. */
export const auditSchema = z.strictObject({ childId: id, entries: z.array(auditEntrySchema) });

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

/** GET /snapshots: the months that have a snapshot, each with its latest revision. */
export const snapshotListSchema = z.strictObject({
  snapshots: z.array(z.strictObject({ month: z.string(), latestRevision: z.number().int().min(1), createdAt: instant }) satisfies z.ZodType<SnapshotSummary>),
});

const heldInCompliance = z.strictObject({ held: count, inCompliance: count });
const participation = z.strictObject({ held: count, childParticipated: count });
const advocacy = z.strictObject({ offered: count, provided: count });
const countsBy = <const K extends readonly [string, ...string[]]>(names: K) => z.strictObject(Object.fromEntries(names.map((name) => [name, count])) as { [N in K[number]]: typeof count });

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
  removedAtFirstReviewConference: count,
  participation: z.strictObject({ icpc: participation, rcpc: participation }),
  advocacy,
  midpointReviewsHeld: count,
  qaAuditsCompleted: count,
  meetingsChaired: z.record(z.string(), count),
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
    caseloadByIro: z.record(z.string(), count),
    lookedAfterByGender: countsBy(GENDERS),
    lookedAfterByAgeBand: countsBy(AGE_BANDS),
    childrenNotJudged: count,
  })
  .meta({ id: 'MonthlyFigures' }) satisfies z.ZodType<MonthlyFigures>;

/** One revision of a month's snapshot: its figures, when and by whom it was taken. */
export const snapshotSchema = z
  .strictObject({ month: z.string(), revision: z.number().int().min(1), createdAt: instant, createdBy: z.string(), figures: monthlyFiguresSchema })
  .meta({ id: 'Snapshot' }) satisfies z.ZodType<Snapshot>;

const figuresOverMonthsSchema = z.strictObject({ months: z.array(z.string()), ...additiveFigures }) satisfies z.ZodType<FiguresOverMonths>;

/** GET /reports/annual: a reporting year's figures month by month, its totals and headlines. */
export const annualReportSchema = z
  .strictObject({
    year: z.number().int(),
    months: z.array(z.string()),
    missingMonths: z.array(z.string()),
    rows: z.array(
      z.strictObject({
        figure: z.string(),
        months: z.array(count.nullable()).meta({ description: 'One value a month, April to March; null where the month has no snapshot.' }),
        year: z.union([count, z.string()]).meta({ description: "The year's total (for a month-end figure, the last month's value)." }),
      }),
    ),
    totals: figuresOverMonthsSchema,
    headlines: z.array(z.string()),
  })
  .meta({ id: 'AnnualReport' });

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
