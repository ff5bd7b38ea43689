/**
 * The request bodies, queries and path parameters the API accepts, as zod
 * schemas: the route table (`shared/http/routes.ts`) names them, `httpApi`
 * validates every request with them before the operation runs, and the
 * OpenAPI document is generated from them, so the document says exactly what
 * is enforced. Rules that need the stored records (an end before its start, a
 * second open episode) are the use cases' job.
 *
 * Written with `zod/mini`, zod's functional API, not its classic one: classic
 * zod (its methods on every schema, and the library loaded to have them) took
 * an eighth of the API function's cold start (`npm run bench:cold-start`).
 * They are the same zod schemas: the same checks, the same messages, the same
 * OpenAPI document. And each is exported as the function that builds it on its
 * first call ({@link onFirstUse}), so that a cold start builds the schemas of
 * the route it serves, not all forty routes'.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { ABUSE_TYPES, DISPUTE_STAGES, GENDERS, MEETING_TYPES, PARTICIPATION_CODES, REGISTRATION_CATEGORIES, S47_DETERMINATIONS } from '#shared/domain/records';

// Classic zod sets its English messages when loaded; zod/mini leaves that to us. A check without a message of its own says why in English.
z.config(en());

/**
 * `schema`, described for the OpenAPI document (classic zod's `.meta()`): a
 * copy, so that a schema used elsewhere too (`calendarDate`) stays undescribed there.
 */
function described<S extends z.ZodMiniType>(schema: S, meta: z.core.GlobalMeta): S {
  const copy = schema.clone();
  z.globalRegistry.add(copy, meta);
  return copy;
}

/**
 * A schema built the first time it is asked for, and kept: every request
 * schema here is one, so that a cold start of the API function builds only
 * the schemas of the route it serves (and each other route's when that is
 * first called), not the forty routes' every time (bench/cold-start.ts).
 * The pieces several schemas share are built so too, once, and shared as
 * before: the OpenAPI document, which builds them all, is the same.
 */
function onFirstUse<Schema>(build: () => Schema): () => Schema {
  let built: Schema | undefined;
  return () => (built ??= build());
}

/**
 * A PATCH body, `object` (its fields each optional, its own checks made): it
 * must change something, at least one field (`minProperties: 1` in the document).
 */
function patchOf<Patch extends z.ZodMiniType<object>>(object: Patch): Patch {
  return described(object.check(z.refine((patch: object) => Object.keys(patch).length > 0, { error: 'must change at least one field' })), { minProperties: 1 });
}

/** `yyyy-mm-dd`, a date that exists (2025-02-30 does not). */
export const calendarDate = onFirstUse(() => z.iso.date({ error: 'must be a real date written yyyy-mm-dd' }));

const email = onFirstUse(() => z.pipe(
  z.email({ error: 'must be an email address' }).check(z.maxLength(254, { error: 'must be at most 254 characters' })),
  z.transform((value: string) => value.toLowerCase()),
));

/** A control character (NUL, BEL, ESC, a line break…) or half of a surrogate pair: nothing a person types into a field. */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = (max: number) =>
  z.string({ error: 'must be text' }).check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(max, { error: `must be at most ${max} characters` }),
    z.refine((value) => !UNPRINTABLE.test(value), { error: 'must not contain control characters or broken (unpaired surrogate) characters' }),
  );

const flag = onFirstUse(() => z.boolean({ error: 'must be true or false' }));

const childFields = onFirstUse(() => ({
  reference: text(64).check(z.regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, {
    error: 'must be the case reference: letters, digits and / _ . -',
  })),
  givenName: text(100),
  familyName: text(100),
  dateOfBirth: calendarDate(),
  gender: z.enum(GENDERS, { error: `must be one of ${GENDERS.join(', ')}` }),
  iroEmail: email(),
  teamName: text(100),
  teamManagerEmail: email(),
}));

/** POST /children: a new child (case), all of their details and their allocation. */
export const newChildSchema = onFirstUse(() => z.strictObject(childFields()));
/** A new child's details once checked: emails in lower case, text trimmed. */
export type NewChild = z.output<ReturnType<typeof newChildSchema>>;

/** PATCH /children/{childId}: a correction of the child's details or a reallocation, at least one field. */
export const childPatchSchema = onFirstUse(() => patchOf(
  z
    .strictObject({
      reference: z.optional(childFields().reference),
      givenName: z.optional(childFields().givenName),
      familyName: z.optional(childFields().familyName),
      dateOfBirth: z.optional(childFields().dateOfBirth),
      gender: z.optional(childFields().gender),
      iroEmail: z.optional(childFields().iroEmail),
      teamName: z.optional(childFields().teamName),
      teamManagerEmail: z.optional(childFields().teamManagerEmail),
    }),
));

/** POST …/care-episodes: the child became looked after on a day, under a legal status. */
export const newCareEpisodeSchema = onFirstUse(() => z.strictObject({ startDate: calendarDate(), legalStatus: z.optional(text(100)) }));
/** PATCH …/care-episodes/{episodeId}: the child ceased to be looked after on a day (and why), or a correction of any field. */
export const careEpisodePatchSchema = onFirstUse(() => patchOf(
  z
    .strictObject({
      startDate: z.optional(calendarDate()),
      endDate: z.optional(calendarDate()),
      legalStatus: z.optional(text(100)),
      reason: described(z.optional(text(200)), { description: 'Why the child ceased to be looked after.' }),
    }),
));
/** POST …/placement-changes: a change of placement on a day, planned or unplanned. */
export const newPlacementChangeSchema = onFirstUse(() => z.strictObject({ date: calendarDate(), unplanned: flag() }));
/** PATCH …/placement-changes/{placementChangeId}: a correction of its day or whether it was planned. */
export const placementChangePatchSchema = onFirstUse(() => patchOf(
  z.strictObject({ date: z.optional(calendarDate()), unplanned: z.optional(flag()) }),
));

const s47Determination = onFirstUse(() => z.enum(S47_DETERMINATIONS, { error: `must be one of ${S47_DETERMINATIONS.join(', ')}` }));
/** POST …/strategy-discussions: the day of a strategy discussion or meeting, and whether it decided s47 enquiries were needed. */
export const newStrategyDiscussionSchema = onFirstUse(() => z.strictObject({
  date: calendarDate(),
  section47: described(z.optional(flag()), { description: 'Whether s47 enquiries were needed: true unless given.' }),
}));
/** PATCH …/strategy-discussions/{strategyDiscussionId}: how the s47 enquiries ended, and when; or a correction. */
export const strategyDiscussionPatchSchema = onFirstUse(() => patchOf(
  z
    .strictObject({
      date: z.optional(calendarDate()),
      section47: z.optional(flag()),
      s47Determination: described(z.optional(s47Determination()), {
        description: 'not-substantiated (determination 1), no-continuing-risk (2): the ICPC timescale closes without a conference; conference (3): it stays due.',
      }),
      determinedOn: z.optional(calendarDate()),
    }),
));

const category = onFirstUse(() => z.enum(REGISTRATION_CATEGORIES, { error: `must be one of: ${REGISTRATION_CATEGORIES.join('; ')}` }));
const abuseTypes = onFirstUse(() => z
  .array(z.enum(ABUSE_TYPES, { error: `must each be one of ${ABUSE_TYPES.join(', ')}` }), { error: 'must be a list of kinds of abuse' })
  .check(
    z.minLength(1, { error: 'must name at least one kind of abuse' }),
    z.maxLength(ABUSE_TYPES.length),
    z.refine((types) => new Set(types).size === types.length, { error: 'must name each kind of abuse once' }),
  ));
/** A category, by one of Chart 4's names or by the kinds of abuse it names: either, not both. */
const categoryFields = onFirstUse(() => ({
  category: z.optional(category()),
  abuseTypes: described(z.optional(abuseTypes()), { description: "The kinds of abuse, for a combination outside Chart 4's ten (or instead of its name)." }),
}));
const notBoth = { check: (value: { category?: unknown; abuseTypes?: unknown }) => value.category === undefined || value.abuseTypes === undefined, error: 'give the category or abuseTypes, not both' };
const oneOf = { check: (value: { category?: unknown; abuseTypes?: unknown }) => value.category !== undefined || value.abuseTypes !== undefined, error: "is required: one of Chart 4's categories, or abuseTypes" };

/** POST …/registrations: a registration not made at a conference recorded here, its day and category. */
export const newRegistrationSchema = onFirstUse(() => z
  .strictObject({ startDate: calendarDate(), ...categoryFields() })
  .check(z.refine(notBoth.check, { path: ['abuseTypes'], error: notBoth.error }), z.refine(oneOf.check, { path: ['category'], error: oneOf.error })));
/** PATCH …/registrations/{registrationId}: de-registration, a change of category from a day, or a correction. */
export const registrationPatchSchema = onFirstUse(() => patchOf(
  z
    .strictObject({
      startDate: z.optional(calendarDate()),
      endDate: z.optional(calendarDate()),
      ...categoryFields(),
      categoryFrom: described(z.optional(calendarDate()), { description: 'The category changed from this day on; without it, the category it was registered under is corrected.' }),
    })
    .check(
      z.refine(notBoth.check, { path: ['abuseTypes'], error: notBoth.error }),
      z.refine((patch) => patch.categoryFrom === undefined || patch.category !== undefined || patch.abuseTypes !== undefined, {
        path: ['categoryFrom'],
        error: 'goes with the new category or abuseTypes',
      }),
    ),
));

/** What a child protection conference decided: to register (and the category), not to, to continue (perhaps under another category) or de-register. */
export const conferenceOutcomeSchema = onFirstUse(() => z.discriminatedUnion(
  'decision',
  [
    z
      .strictObject({ decision: z.literal('register'), ...categoryFields() })
      .check(z.refine(notBoth.check, { path: ['abuseTypes'], error: notBoth.error }), z.refine(oneOf.check, { path: ['category'], error: oneOf.error })),
    z.strictObject({ decision: z.literal('do-not-register') }),
    z.strictObject({ decision: z.literal('continue'), ...categoryFields() }).check(z.refine(notBoth.check, { path: ['abuseTypes'], error: notBoth.error })),
    z.strictObject({ decision: z.literal('deregister') }),
  ],
  { error: 'decision must be one of register, do-not-register (ICPC, transfer-in), continue, deregister (RCPC)' },
));

/** POST …/transfer-ins: the day the authority was told a registered child's move into the area is permanent. */
export const newTransferInSchema = onFirstUse(() => z.strictObject({ notifiedOn: calendarDate() }));
/** PATCH …/transfer-ins/{transferInId}: a correction of that day. */
export const transferInPatchSchema = onFirstUse(() => z.strictObject({ notifiedOn: calendarDate() }));

const disputeStage = onFirstUse(() => z.enum(DISPUTE_STAGES, { error: `must be one of ${DISPUTE_STAGES.join(', ')}` }));
/** Who raised a dispute, in words ("IRO", "child's advocate"): never a name of the child. */
const raisedBy = onFirstUse(() => described(text(100), { description: 'Who raised the dispute, in words ("IRO", "child’s advocate"): a role, never the child’s name.' }));
/** How a dispute was resolved, in words. */
const disputeOutcome = onFirstUse(() => described(text(200), { description: 'How the dispute was resolved, in words: only with resolvedOn.' }));

/** POST …/disputes: a case dispute raised on a day, at a stage of the protocol, and how it ended if it has. */
export const newDisputeSchema = onFirstUse(() => z.strictObject({
  startedOn: calendarDate(),
  stage: disputeStage(),
  raisedBy: raisedBy(),
  resolvedOn: z.optional(calendarDate()),
  outcome: z.optional(disputeOutcome()),
  legalAdviceSought: described(z.optional(flag()), { description: 'Whether independent legal advice was sought: false unless given.' }),
  cafcassReferral: described(z.optional(flag()), { description: 'Whether the case was referred to Cafcass Cymru: false unless given.' }),
}));
/** PATCH …/disputes/{disputeId}: the dispute resolved (and how), gone formal, or a correction of any field. */
export const disputePatchSchema = onFirstUse(() => patchOf(
  z
    .strictObject({
      startedOn: z.optional(calendarDate()),
      stage: z.optional(disputeStage()),
      raisedBy: z.optional(raisedBy()),
      resolvedOn: z.optional(calendarDate()),
      outcome: z.optional(disputeOutcome()),
      legalAdviceSought: z.optional(flag()),
      cafcassReferral: z.optional(flag()),
    }),
));

/** DELETE …/{records}/{id}: why the record was entered in error. */
export const removalSchema = onFirstUse(() => z.strictObject({ reason: text(200) }));

const meetingType = onFirstUse(() => z.enum(MEETING_TYPES, { error: `must be one of ${MEETING_TYPES.join(', ')}` }));
/** Why a booking is after its due date: the family's availability, say. */
const lateReason = onFirstUse(() => described(text(200), { description: 'Why the meeting is booked after its due date (the family’s availability, say). Required to book late; refused on a booking in time. It goes in the nightly email, so it must not name the child or give their date of birth (400).' }));

/** A CER's participation code, as the SSDA903 return writes it. */
const participationCode = onFirstUse(() => described(z.enum(PARTICIPATION_CODES, { error: `must be one of ${PARTICIPATION_CODES.join(', ')}` }), {
  description: 'CER only: how the child took part, as the SSDA903 return codes it (PN0 under 4; PN1-PN3 attended and conveyed their views; PN4 attended without; PN5-PN6 conveyed them without attending; PN7 neither). childParticipated must agree: true for PN1, PN2, PN3, PN5 and PN6.',
}));

/** A meeting held: who took part, and what the conference decided. */
const newHeldMeetingSchema = onFirstUse(() => z.strictObject({
  status: described(z.optional(z.literal('held', { error: 'must be held or booked' })), { description: 'held (the default): the meeting took place.' }),
  type: meetingType(),
  heldOn: calendarDate(),
  chairEmail: z.optional(email()),
  childParticipated: flag(),
  participationCode: z.optional(participationCode()),
  advocacyOffered: flag(),
  advocacyProvided: flag(),
  qaAuditCompleted: flag(),
  outcome: z.optional(conferenceOutcomeSchema()),
}));

/** A meeting booked for a day: checked against its timescale's due date; it satisfies nothing until held. */
const newBookingSchema = onFirstUse(() => z.strictObject({
  status: z.literal('booked', { error: 'must be held or booked' }),
  type: meetingType(),
  bookedFor: calendarDate(),
  chairEmail: z.optional(email()),
  lateReason: z.optional(lateReason()),
}));

/** POST …/meetings: a meeting held (who chaired it, its outcome) or booked for a day. */
export const newMeetingSchema = onFirstUse(() => z.discriminatedUnion('status', [newHeldMeetingSchema(), newBookingSchema()], {
  error: 'status must be held (the default) or booked',
}));

/**
 * PATCH …/meetings/{meetingId}: recommendations sent and answered, the
 * outline plan, a correction or a cancellation; a booking moved, or recorded
 * as held (with its outcome) or cancelled.
 */
export const meetingPatchSchema = onFirstUse(() => patchOf(
  z
    .strictObject({
      recommendationsSentOn: z.optional(calendarDate()),
      managerRespondedOn: z.optional(calendarDate()),
      outlinePlanSentOn: z.optional(calendarDate()),
      heldOn: z.optional(calendarDate()),
      chairEmail: z.optional(email()),
      childParticipated: z.optional(flag()),
      participationCode: z.optional(participationCode()),
      advocacyOffered: z.optional(flag()),
      advocacyProvided: z.optional(flag()),
      qaAuditCompleted: z.optional(flag()),
      outcome: z.optional(conferenceOutcomeSchema()),
      bookedFor: z.optional(calendarDate()),
      lateReason: z.optional(lateReason()),
      status: z.optional(z.enum(['held', 'cancelled'], { error: 'must be held (a booking, once it has taken place) or cancelled' })),
      reason: z.optional(text(200)),
    }),
));

/** A record's id, as the API makes them: a lower-case UUID. */
const recordId = (what: string) =>
  z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: `is not a ${what} id` }));

/** `/children/{childId}` */
export const childPathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child') }));
/** `/children/{childId}/care-episodes/{episodeId}` */
export const episodePathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), episodeId: recordId('care episode') }));
/** `/children/{childId}/registrations/{registrationId}` */
export const registrationPathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), registrationId: recordId('registration') }));
/** `/children/{childId}/placement-changes/{placementChangeId}` */
export const placementChangePathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), placementChangeId: recordId('placement change') }));
/** `/children/{childId}/strategy-discussions/{strategyDiscussionId}` */
export const strategyDiscussionPathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), strategyDiscussionId: recordId('strategy discussion') }));
/** `/children/{childId}/transfer-ins/{transferInId}` */
export const transferInPathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), transferInId: recordId('transfer-in') }));
/** `/children/{childId}/disputes/{disputeId}` */
export const disputePathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), disputeId: recordId('dispute') }));
/** `/children/{childId}/meetings/{meetingId}` */
export const meetingPathSchema = onFirstUse(() => z.strictObject({ childId: recordId('child'), meetingId: recordId('meeting') }));
/** The length of a calendar feed's secret: 32 random bytes, base64url without padding. */
export const CALENDAR_FEED_SECRET_LENGTH = 43;

/** `/calendar-feeds/{secret}`: the secret a calendar feed's URL carries (its owner's credential, never logged). */
export const calendarFeedPathSchema = onFirstUse(() => z.strictObject({
  secret: z
    .string()
    .check(
      z.length(CALENDAR_FEED_SECRET_LENGTH, { error: 'is not a calendar feed address' }),
      z.regex(/^[A-Za-z0-9_-]+$/, { error: 'is not a calendar feed address' }),
    ),
}));
/** `/children/{childId}/timescales/{kind}/suggested-dates`: a kind of timescale a meeting meets (one named as a meeting type is). */
export const suggestedDatesPathSchema = onFirstUse(() => z.strictObject({
  childId: recordId('child'),
  kind: z.enum(MEETING_TYPES, { error: `must be a kind of timescale a meeting meets: ${MEETING_TYPES.join(', ')}` }),
}));

/** `/snapshots/{month}` */
export const monthPathSchema = onFirstUse(() => z.strictObject({
  month: z.string().check(z.regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month written yyyy-mm' })),
}));

/** `/iros/{email}`: an IRO, by their work email (lower-cased, as children's `iroEmail` is). */
export const iroPathSchema = onFirstUse(() => z.strictObject({ email: email() }));

/** The least FTE an IRO's entry may give: a hundredth of a full-time post. */
export const MIN_FTE = 0.01;

/** PUT /iros/{email}: an IRO's directory entry, whole: their name, their FTE and the days they were active. */
export const iroEntryBodySchema = onFirstUse(() => z
  .strictObject({
    name: described(text(100), { description: "The IRO's name, as colleagues know it." }),
    fte: described(
      z.number({ error: 'must be a number: the fraction of a full-time post, e.g. 0.6 for three days a week' }).check(
        z.gt(0, { error: 'must be more than 0' }),
        z.lte(1, { error: 'must be at most 1 (full time)' }),
        // Decision: no post is under a hundredth of full time; and DynamoDB stores no number under 1e-130 (a 500, the fuzz found).
        z.refine((fte) => fte <= 0 || fte >= MIN_FTE, { error: `must be at least ${MIN_FTE}: a fraction of a full-time post, e.g. 0.6 for three days a week` }),
      ),
      { description: `Full-time equivalent, a fraction: 1 is full time, 0.6 three days a week. More than 0 (at least ${MIN_FTE}), at most 1.` },
    ),
    activeFrom: described(calendarDate(), { description: 'The first day they worked as an IRO here.' }),
    activeTo: described(z.optional(calendarDate()), { description: 'The last day they worked as an IRO here; absent while they still do. Not before activeFrom.' }),
  })
  .check(z.refine((entry) => entry.activeTo === undefined || entry.activeTo >= entry.activeFrom, { path: ['activeTo'], error: 'must not be before activeFrom' })));
/** An IRO's directory entry as a PUT gives it, checked. */
export type IroEntryBody = z.output<ReturnType<typeof iroEntryBodySchema>>;

/** The day a question is asked as of: one the calendar can count working days from. */
const asOfDate = onFirstUse(() => described(
  calendarDate().check(
    z.refine((date) => date >= CALENDAR_FIRST_DATE && date <= CALENDAR_LAST_DATE, {
      error: `must be between ${CALENDAR_FIRST_DATE} and ${CALENDAR_LAST_DATE}`,
    }),
  ),
  { description: `A day from ${CALENDAR_FIRST_DATE} to ${CALENDAR_LAST_DATE}, the years the working-day calendar knows; today (Europe/London) when absent.` },
));

/** ?asOf=: the day to answer as of (today by default). */
export const asOfQuerySchema = onFirstUse(() => z.strictObject({ asOf: z.optional(asOfDate()) }));

/** The furthest ahead the timescales list looks: a year of working days. */
const MAX_WITHIN = 260;

/** The timescales list's filter by booking: those with a meeting booked, or those of a meeting type with none. */
export const BOOKING_FILTERS = ['booked', 'not-booked'] as const;

/** GET /timescales: as of which day, due within how many working days of it, and booked or not. */
export const timescalesQuerySchema = onFirstUse(() => z.strictObject({
  asOf: z.optional(asOfDate()),
  booking: described(z.optional(z.enum(BOOKING_FILTERS, { error: `must be one of ${BOOKING_FILTERS.join(', ')}` })), {
    description: 'booked: only those with a meeting booked; not-booked: only the meetings due with nothing booked (the list that prevents breaches).',
  }),
  within: z.optional(
    // Number(null) is 0, so the generator would call it nullable; a query string never holds a null.
    described(
      z.coerce.number({ error: 'must be a number of working days' }).check(
        z.int({ error: 'must be a whole number of working days' }),
        z.gte(0, { error: 'must be at least 0' }),
        z.lte(MAX_WITHIN, { error: `must be at most ${MAX_WITHIN} working days` }),
      ),
      { type: 'integer', minimum: 0, maximum: MAX_WITHIN },
    ),
  ),
}));

/** The children list's filters: looked after, on the register, or closed (neither). */
export const CHILD_STATUSES = ['looked-after', 'registered', 'closed'] as const;

/** GET /children: by IRO or team manager, by status, a page of a size from a cursor. */
export const childListQuerySchema = onFirstUse(() => z
  .strictObject({
    iroEmail: z.optional(email()),
    teamManagerEmail: z.optional(email()),
    status: z.optional(z.enum(CHILD_STATUSES, { error: `must be one of ${CHILD_STATUSES.join(', ')}` })),
    limit: z.optional(
      z.coerce.number({ error: 'must be a number' }).check(
        z.int({ error: 'must be a whole number' }),
        z.gte(1, { error: 'must be at least 1' }),
        z.lte(100, { error: 'must be at most 100' }),
      ),
    ),
    cursor: z.optional(z.string().check(z.maxLength(2048, { error: 'is not a cursor this API gave' }))),
    reference: described(z.optional(childFields().reference), { description: 'A case reference, in any letter case.' }),
  })
  .check(
    z.refine((query) => query.iroEmail === undefined || query.teamManagerEmail === undefined, {
      path: ['teamManagerEmail'],
      error: 'filter by iroEmail or teamManagerEmail, not both',
    }),
  ));

/** GET /children/{childId}/audit: the read log too (?include=reads), and a period (Europe/London days, both included). */
export const auditQuerySchema = onFirstUse(() => z
  .strictObject({
    include: z.optional(z.enum(['reads'], { error: 'must be reads' })),
    from: described(z.optional(calendarDate()), { description: 'First day of the period (Europe/London).' }),
    to: described(z.optional(calendarDate()), { description: 'Last day, included.' }),
  })
  .check(z.refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { path: ['to'], error: 'must not be before from' })));

/** GET /children/{childId}/export: JSON (the default) or a readable HTML document. */
export const exportQuerySchema = onFirstUse(() => z.strictObject({
  format: z.optional(z.enum(['json', 'html'], { error: 'must be json or html' })),
}));

const format = onFirstUse(() => z.optional(z.enum(['json', 'csv'], { error: 'must be json or csv' })));

/** GET /snapshots/{month}: JSON or CSV, and which revision (the latest by default). */
export const snapshotQuerySchema = onFirstUse(() => z.strictObject({
  format: format(),
  revision: z.optional(
    z.coerce
      .number({ error: 'must be a revision number' })
      .check(z.int({ error: 'must be a whole number' }), z.gte(1, { error: 'must be at least 1' }), z.lte(9999)),
  ),
}));

/** The annual report's formats: JSON, CSV, or the committee's Word document. */
const annualFormat = onFirstUse(() => described(z.optional(z.enum(['json', 'csv', 'docx'], { error: 'must be json, csv or docx' })), {
  description: "json (the default), csv, or docx: the Corporate Parenting Committee's Word document, with every chart and its table.",
}));

/** GET /reports/annual: the year the report starts in (April to March), and JSON, CSV or the committee's Word document. */
export const annualQuerySchema = onFirstUse(() => z.strictObject({
  year: z.coerce
    .number({ error: 'must be the year the report starts in, e.g. 2024 for April 2024 to March 2025' })
    .check(
      z.int({ error: 'must be a whole year' }),
      z.gte(2010, { error: 'must be 2010 or later' }),
      z.lte(2035, { error: 'must be 2035 or earlier' }),
    ),
  format: annualFormat(),
}));
