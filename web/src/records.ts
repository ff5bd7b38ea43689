/**
 * A child's records as the page shows, corrects and removes them: each kind's
 * place in the API, the fields a correction may change, how a form's answers
 * become a `PATCH` body (only what changed), and how the API's refusal
 * becomes messages beside the fields. Pure, so the tests need no browser.
 */
import {
  ABUSE_TYPES,
  DISPUTE_STAGES,
  S47_DETERMINATIONS,
  abuseTypesOf,
  continuesPeriodOfCare,
  type AbuseType,
  type CareEpisode,
  type Child,
  type Dispute,
  type DisputeStage,
  type Meeting,
  type MeetingType,
  type PlacementChange,
  type Registration,
  type S47Determination,
  type StrategyDiscussion,
  type TransferIn,
} from '#shared/domain/records';
import type { Explanation } from '#shared/domain/timescales/explain';
import type { TimescaleWithStatus } from '#shared/domain/timescales/types';
import { TIMESCALE_LABELS } from '#shared/domain/timescales/wording';
import { datesInWords, longDate } from './format';
import type { SignedIn } from './session';

/** `GET /children/{childId}`: the child's whole file. */
export interface ChildFile extends Child {
  lookedAfter: boolean;
  registered: boolean;
  careEpisodes: CareEpisode[];
  placementChanges: PlacementChange[];
  strategyDiscussions: StrategyDiscussion[];
  registrations: Registration[];
  meetings: (Meeting & { dueDate?: string; inCompliance?: boolean })[];
  transferIns: TransferIn[];
  disputes: Dispute[];
  /** Each with its explanation: why it is due when it is. */
  timescales: (TimescaleWithStatus & { explanation?: Explanation })[];
}

/** The kinds of record a child's file holds, as the file names its lists. */
export const RECORD_KINDS = ['careEpisodes', 'placementChanges', 'strategyDiscussions', 'registrations', 'transferIns', 'disputes', 'meetings'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Each kind's path under `/children/{childId}/`, its id field, and what people call one. */
export const KIND: Record<RecordKind, { segment: string; idField: string; what: string }> = {
  careEpisodes: { segment: 'care-episodes', idField: 'episodeId', what: 'care episode' },
  placementChanges: { segment: 'placement-changes', idField: 'placementChangeId', what: 'placement change' },
  strategyDiscussions: { segment: 'strategy-discussions', idField: 'strategyDiscussionId', what: 'strategy discussion' },
  registrations: { segment: 'registrations', idField: 'registrationId', what: 'registration' },
  transferIns: { segment: 'transfer-ins', idField: 'transferInId', what: 'transfer-in' },
  disputes: { segment: 'disputes', idField: 'disputeId', what: 'case dispute' },
  meetings: { segment: 'meetings', idField: 'meetingId', what: 'meeting' },
};

/** The kind whose path segment this is (`placement-changes` → `placementChanges`). */
export const kindOfSegment = (segment: string): RecordKind | undefined => RECORD_KINDS.find((kind) => KIND[kind].segment === segment);

/** A record of any kind, as the file gives it. */
export type AnyRecord = ChildFile[RecordKind][number];

/** The record's id. */
export const idOf = (kind: RecordKind, record: AnyRecord): string => String((record as unknown as Record<string, unknown>)[KIND[kind].idField]);

/** The API path of one record. */
export const recordPath = (childId: string, kind: RecordKind, recordId: string) =>
  `/children/${encodeURIComponent(childId)}/${KIND[kind].segment}/${encodeURIComponent(recordId)}`;

/** The record of the file with this id, if it is there. */
export function findRecord(file: Pick<ChildFile, RecordKind>, kind: RecordKind, recordId: string): AnyRecord | undefined {
  return (file[kind] as readonly AnyRecord[]).find((record) => idOf(kind, record) === recordId);
}

/**
 * Whether the page offers to correct and remove this child's records: an IRO
 * the child is allocated to, or an admin (the access table's `correctRecords`
 * and `removeRecords`; the API decides, this only spares a refusal).
 */
export function mayChangeRecords(user: Pick<SignedIn, 'email' | 'roles'>, child: Pick<Child, 'iroEmail'>): boolean {
  if (user.roles.includes('admin')) return true;
  return user.roles.includes('iro') && child.iroEmail.toLowerCase() === user.email.toLowerCase();
}

// ---------------------------------------------------------------------------
// In words
// ---------------------------------------------------------------------------

/**
 * Each kind of meeting as people say it, never its code: the name of the
 * timescale it meets, as the email and the page name that (one source), save
 * the two whose timescale is narrower than the meeting (the mid-point review's
 * is a practice standard; only the first core group meeting has one).
 */
export const MEETING_LABELS: Record<MeetingType, string> = {
  CER: TIMESCALE_LABELS.CER,
  ICPC: TIMESCALE_LABELS.ICPC,
  RCPC: TIMESCALE_LABELS.RCPC,
  MIDPOINT: 'Mid-point review',
  CORE_GROUP: 'Core group meeting',
  TRANSFER_IN: TIMESCALE_LABELS.TRANSFER_IN,
};

/** How each s47 determination is said, and what it does to the ICPC. */
export const S47_LABELS: Record<S47Determination, { label: string; hint: string }> = {
  'not-substantiated': { label: 'Not substantiated', hint: 'Determination 1: the ICPC is no longer due.' },
  'no-continuing-risk': { label: 'Substantiated, but no continuing risk of significant harm', hint: 'Determination 2: the ICPC is no longer due.' },
  conference: { label: 'A conference is needed', hint: 'Determination 3: the ICPC stays due.' },
};

/** The stages of the dispute resolution protocol as people say them. */
export const DISPUTE_STAGE_LABELS: Record<DisputeStage, { label: string; hint: string }> = {
  informal: { label: 'Informal', hint: 'Raised with the team and its manager.' },
  formal: { label: 'Formal', hint: 'Taken to the service manager, then the head of service.' },
};

/** Where a case dispute stands: "Open", or "Resolved on Mon 3 Mar 2025: care plan amended". */
export function disputeInWords(dispute: Pick<Dispute, 'startedOn' | 'resolvedOn' | 'outcome'>): string {
  if (dispute.resolvedOn === undefined) return 'Open';
  return `Resolved on ${longDate(dispute.resolvedOn)}${dispute.outcome ? `: ${dispute.outcome}` : ''}`;
}

const S47_SHORT: Record<S47Determination, string> = {
  'not-substantiated': 'not substantiated',
  'no-continuing-risk': 'no continuing risk',
  conference: 'conference needed',
};

/** Where a strategy discussion's s47 enquiries stand: "No s47 enquiry needed", "s47 enquiries under way", "Determined on 3 May 2026: not substantiated". */
export function s47InWords(discussion: Pick<StrategyDiscussion, 'section47' | 's47Determination' | 'determinedOn'>): string {
  if (discussion.section47 === false) return 'No s47 enquiry needed';
  if (discussion.s47Determination === undefined) return 's47 enquiries under way';
  const on = discussion.determinedOn ? ` on ${longDate(discussion.determinedOn)}` : '';
  return `Determined${on}: ${S47_SHORT[discussion.s47Determination]}`;
}

/** A care episode with the period of care it belongs to (counted from 1), and whether it continues one begun before. */
export interface EpisodeInPeriod {
  episode: CareEpisode;
  period: number;
  continues: boolean;
}

/** The episodes in the order they began, each with its period of care: one that starts the day the one before ended continues it (a change of legal status). */
export function periodsOfCare(episodes: readonly CareEpisode[]): EpisodeInPeriod[] {
  const sorted = [...episodes].sort((a, b) => a.startDate.localeCompare(b.startDate));
  let period = 0;
  return sorted.map((episode, index) => {
    const previous = sorted[index - 1];
    const continues = previous !== undefined && continuesPeriodOfCare(previous, episode);
    if (!continues) period += 1;
    return { episode, period, continues };
  });
}

/** "Period 1", or "Period 1, continued" for an episode that continues it. */
export const periodInWords = ({ period, continues }: Pick<EpisodeInPeriod, 'period' | 'continues'>) =>
  continues ? `Period ${period}, continued` : `Period ${period}`;

/** A registration's changes of category, each in words: "From 3 May 2026: Neglect (at a review conference)". */
export function categoryChangesInWords(registration: Pick<Registration, 'categoryChanges'>): string[] {
  return [...(registration.categoryChanges ?? [])]
    .sort((a, b) => a.from.localeCompare(b.from))
    .map((change) => `From ${longDate(change.from)}: ${change.category}${change.atMeetingId ? ' (at a review conference)' : ''}`);
}

/** The record named for a heading or a link: "placement change of 3 May 2026", "CER held on 3 May 2026". */
export function recordInWords(kind: RecordKind, record: AnyRecord): string {
  switch (kind) {
    case 'careEpisodes':
      return `care episode from ${longDate((record as CareEpisode).startDate)}`;
    case 'placementChanges':
      return `placement change of ${longDate((record as PlacementChange).date)}`;
    case 'strategyDiscussions':
      return `strategy discussion of ${longDate((record as StrategyDiscussion).date)}`;
    case 'registrations':
      return `registration from ${longDate((record as Registration).startDate)}`;
    case 'transferIns':
      return `transfer-in notified on ${longDate((record as TransferIn).notifiedOn)}`;
    case 'disputes':
      return `case dispute raised on ${longDate((record as Dispute).startedOn)}`;
    case 'meetings': {
      const meeting = record as Meeting;
      if (meeting.status === 'booked') return `${MEETING_LABELS[meeting.type]} booked for ${longDate(meeting.bookedFor)}`;
      return `${MEETING_LABELS[meeting.type]} ${meeting.status === 'held' ? 'held' : 'cancelled'} on ${longDate(meeting.heldOn)}`;
    }
  }
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
const dateOrDash = (value: string | undefined) => (value ? longDate(value) : '–');

/** What a record holds, as a summary list's rows: shown before it is removed. */
export function recordSummary(kind: RecordKind, record: AnyRecord): [string, string][] {
  switch (kind) {
    case 'careEpisodes': {
      const e = record as CareEpisode;
      return [
        ['Became looked after', longDate(e.startDate)],
        ['Ceased', e.endDate ? `${longDate(e.endDate)}${e.endReason ? ` (${e.endReason})` : ''}` : '–'],
        ['Legal status', e.legalStatus ?? '–'],
      ];
    }
    case 'placementChanges': {
      const p = record as PlacementChange;
      return [['Date', longDate(p.date)], ['Planned or not', p.unplanned ? 'Unplanned' : 'Planned']];
    }
    case 'strategyDiscussions': {
      const s = record as StrategyDiscussion;
      return [['Date', longDate(s.date)], ['s47 enquiries', s47InWords(s)]];
    }
    case 'registrations': {
      const r = record as Registration;
      return [
        ['Category', r.category],
        ['Registered', longDate(r.startDate)],
        ['De-registered', dateOrDash(r.endDate)],
        ['Changes of category', categoryChangesInWords(r).join('; ') || '–'],
      ];
    }
    case 'transferIns':
      return [['Move notified as permanent', longDate((record as TransferIn).notifiedOn)]];
    case 'disputes': {
      const d = record as Dispute;
      return [
        ['Raised', longDate(d.startedOn)],
        ['Stage', DISPUTE_STAGE_LABELS[d.stage].label],
        ['Raised by', d.raisedBy],
        ['Resolved', d.resolvedOn ? `${longDate(d.resolvedOn)}${d.outcome ? ` (${d.outcome})` : ''}` : 'Not yet'],
        ['Legal advice sought', yesNo(d.legalAdviceSought)],
        ['Referred to Cafcass Cymru', yesNo(d.cafcassReferral)],
      ];
    }
    case 'meetings': {
      const m = record as Meeting;
      if (m.status === 'booked') {
        return [
          ['Meeting', `${MEETING_LABELS[m.type]} (booked)`],
          ['Booked for', longDate(m.bookedFor)],
          ['Chaired by', m.chairEmail ?? '–'],
          ['Booked late because', m.lateReason ?? '–'],
        ];
      }
      return [
        ['Meeting', `${MEETING_LABELS[m.type]}${m.status === 'cancelled' ? ' (cancelled)' : ''}`],
        [m.status === 'held' ? 'Held on' : 'Was to be held on', longDate(m.heldOn)],
        ['Chaired by', m.chairEmail ?? '–'],
        ['Child participated', m.childParticipated === undefined ? '–' : yesNo(m.childParticipated)],
        ...(m.status === 'cancelled' && m.cancellationReason ? [['Cancelled because', m.cancellationReason] as [string, string]] : []),
      ];
    }
  }
}

// ---------------------------------------------------------------------------
// Correcting: the form's fields, its answers, the PATCH body
// ---------------------------------------------------------------------------

/** One answer of a correction form. */
export interface FieldSpec {
  /** The field of the PATCH body, and the form's. */
  name: string;
  /** The question, as its label or legend says it. */
  label: string;
  /** How a message names it: "the date" ("The date is in the future"). */
  short: string;
  /** `boolean` asks yes or no (radios); `checkbox` is one box, ticked or not (values `true`, `false`). */
  kind: 'date' | 'boolean' | 'checkbox' | 'choice' | 'text' | 'email' | 'abuse-types';
  hint?: string;
  /** A new record must have it (the form for a new record asks for it before sending). */
  required?: true;
  /** For `boolean` (values `true`, `false`) and `choice`. */
  options?: { value: string; label: string; hint?: string }[];
  maxLength?: number;
  /** Other fields of the API whose problems are this answer's (`category` for `abuseTypes`). */
  also?: string[];
}

/** A form's answers, by field name: every one a string (a boolean `true`/`false`, the kinds of abuse joined by commas). */
export type FormValues = Record<string, string>;

const DATE_HINT = 'Written year-month-day, for example 2026-03-27.';

const date = (name: string, label: string, short: string, hint = DATE_HINT): FieldSpec => ({ name, label, short, kind: 'date', hint });
const boolean = (name: string, label: string, short: string, yes = 'Yes', no = 'No'): FieldSpec => ({
  name,
  label,
  short,
  kind: 'boolean',
  options: [{ value: 'true', label: yes }, { value: 'false', label: no }],
});

const ABUSE_LABELS: Record<AbuseType, string> = { neglect: 'Neglect', physical: 'Physical abuse', emotional: 'Emotional abuse', sexual: 'Sexual abuse', financial: 'Financial abuse' };

/** The fields a correction of this record may change, in the order the form asks them. */
export function fieldsFor(kind: RecordKind, record: AnyRecord): FieldSpec[] {
  switch (kind) {
    case 'careEpisodes':
      return [
        date('startDate', 'The day the child became looked after', 'the day they became looked after'),
        date('endDate', 'The day the child ceased to be looked after', 'the day they ceased to be looked after', `Leave empty while they are looked after. ${DATE_HINT}`),
        { name: 'legalStatus', label: 'Legal status', short: 'the legal status', kind: 'text', hint: 'For example, Care Order (s.31) or Accommodated (s.76).', maxLength: 100 },
        { name: 'reason', label: 'Why the child ceased to be looked after', short: 'the reason they ceased to be looked after', kind: 'text', hint: 'Only with the day they ceased.', maxLength: 200 },
      ];
    case 'placementChanges':
      return [
        date('date', 'The day of the change', 'the day of the change'),
        {
          name: 'unplanned',
          label: 'Was the change planned?',
          short: 'whether it was planned',
          kind: 'boolean',
          options: [
            { value: 'false', label: 'Planned' },
            { value: 'true', label: 'Unplanned', hint: 'An unplanned change brings the next CER forward.' },
          ],
        },
      ];
    case 'strategyDiscussions':
      return [
        date('date', 'The day of the strategy discussion', 'the day of the discussion'),
        boolean('section47', 'Did it decide s47 enquiries were needed?', 'whether s47 enquiries were needed', 'Yes, s47 enquiries were needed', 'No, no s47 enquiry was needed'),
        {
          name: 's47Determination',
          label: 'How did the s47 enquiries end?',
          short: 'how the enquiries ended',
          kind: 'choice',
          hint: 'Leave unanswered while the enquiries are under way.',
          options: S47_DETERMINATIONS.map((value) => ({ value, ...S47_LABELS[value] })),
        },
        date('determinedOn', 'The day the enquiries were determined', 'the day they were determined'),
      ];
    case 'registrations':
      return [
        date('startDate', 'The day the child was registered', 'the day registered'),
        date('endDate', 'The day the child was de-registered', 'the day de-registered', `Leave empty while they are on the register. ${DATE_HINT}`),
        {
          name: 'abuseTypes',
          label: 'Category: the kinds of abuse',
          short: 'the category',
          kind: 'abuse-types',
          hint: 'The category the child was registered under; or, with the day below, the new category from that day.',
          options: ABUSE_TYPES.map((value) => ({ value, label: ABUSE_LABELS[value] })),
          also: ['category'],
        },
        date('categoryFrom', 'The day the category changed', 'the day the category changed', `Only for a change of category from a day; leave empty to correct the category it was registered under. ${DATE_HINT}`),
      ];
    case 'transferIns':
      return [date('notifiedOn', 'The day the move was notified as permanent', 'the day the move was notified')];
    case 'disputes':
      return DISPUTE_FIELDS;
    case 'meetings': {
      const meeting = record as Meeting;
      return [
        date('heldOn', 'The day the meeting was held', 'the day it was held'),
        { name: 'chairEmail', label: 'Chaired by (email)', short: 'the chair’s email', kind: 'email', maxLength: 254 },
        boolean('childParticipated', 'Did the child participate?', 'whether the child participated'),
        boolean('advocacyOffered', 'Was advocacy actively offered?', 'whether advocacy was offered'),
        boolean('advocacyProvided', 'Was an advocate provided?', 'whether an advocate was provided'),
        boolean('qaAuditCompleted', 'Was the QA audit completed?', 'whether the QA audit was completed'),
        ...(meeting.type === 'CER'
          ? [
              date('recommendationsSentOn', 'The day the recommendations were sent to the team manager', 'the day the recommendations were sent'),
              date('managerRespondedOn', 'The day the team manager responded', 'the day the team manager responded'),
            ]
          : []),
        ...(meeting.type === 'ICPC' ? [date('outlinePlanSentOn', 'The day the outline plan was circulated', 'the day the outline plan was circulated')] : []),
      ];
    }
  }
}

/** A case dispute's answers, as the forms to record and correct one ask them. */
const DISPUTE_FIELDS: FieldSpec[] = [
  { ...date('startedOn', 'The day the dispute was raised', 'the day it was raised'), required: true },
  {
    name: 'stage',
    label: 'Stage of the dispute resolution protocol',
    short: 'the stage',
    kind: 'choice',
    options: DISPUTE_STAGES.map((value) => ({ value, ...DISPUTE_STAGE_LABELS[value] })),
    required: true,
  },
  {
    name: 'raisedBy',
    label: 'Raised by',
    short: 'who raised it',
    kind: 'text',
    hint: "A role, for example IRO or child's advocate: never the child's name.",
    maxLength: 100,
    required: true,
  },
  date('resolvedOn', 'The day the dispute was resolved', 'the day it was resolved', `Leave empty while the dispute is open. ${DATE_HINT}`),
  { name: 'outcome', label: 'How it was resolved', short: 'how it was resolved', kind: 'text', hint: 'Only with the day it was resolved.', maxLength: 200 },
  { name: 'legalAdviceSought', label: 'Independent legal advice was sought', short: 'whether legal advice was sought', kind: 'checkbox' },
  { name: 'cafcassReferral', label: 'The case was referred to Cafcass Cymru', short: 'whether the case was referred to Cafcass Cymru', kind: 'checkbox' },
];

/** The kinds of record the page records new (the others come from the case system, or are booked). */
export const ADDABLE_KINDS = ['disputes'] as const;
/** One of {@link ADDABLE_KINDS}. */
export type AddableKind = (typeof ADDABLE_KINDS)[number];

/** The answers a form for a new record asks, in order. */
export function newRecordFields(kind: AddableKind): FieldSpec[] {
  switch (kind) {
    case 'disputes':
      return DISPUTE_FIELDS;
  }
}

/** A new record's form as it starts: nothing answered, every box unticked. */
export function newRecordValues(kind: AddableKind): FormValues {
  return Object.fromEntries(newRecordFields(kind).map((field) => [field.name, field.kind === 'checkbox' ? 'false' : '']));
}

/**
 * The POST body for a new record: each answer given, as the API takes it (an
 * empty optional answer left out, a box as true or false); or, before
 * anything is sent, the answers it must have.
 */
export function newRecordBody(kind: AddableKind, values: FormValues): { body: Record<string, unknown>; problems: [] } | { body?: undefined; problems: FormProblem[] } {
  const body: Record<string, unknown> = {};
  const problems: FormProblem[] = [];
  for (const field of newRecordFields(kind)) {
    const value = normalised(field, values[field.name] ?? '');
    if (field.kind === 'checkbox') body[field.name] = value === 'true';
    else if (value !== '') body[field.name] = field.kind === 'boolean' ? value === 'true' : value;
    else if (field.required) problems.push({ field: field.name, message: `${field.kind === 'choice' || field.kind === 'boolean' ? 'Select' : 'Enter'} ${field.short}` });
  }
  return problems.length > 0 ? { problems } : { body, problems: [] };
}

/** The record's values as the form starts with them. */
export function initialValues(kind: RecordKind, record: AnyRecord): FormValues {
  const source = record as unknown as Record<string, unknown>;
  const values: FormValues = {};
  for (const field of fieldsFor(kind, record)) {
    let value: unknown = source[field.name];
    if (kind === 'careEpisodes' && field.name === 'reason') value = source['endReason'];
    if (kind === 'strategyDiscussions' && field.name === 'section47') value = source['section47'] ?? true;
    if (field.kind === 'abuse-types') value = abuseTypesOf(String(source['category'] ?? '')).join(',');
    values[field.name] = value === undefined ? '' : String(value);
  }
  return values;
}

/** A problem as the form shows it: beside its field (when it has one) and in the error summary. */
export interface FormProblem {
  /** The form field it belongs to; none for a problem of the whole request. */
  field?: string;
  message: string;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** Abuse types as the form holds them: in {@link ABUSE_TYPES} order, joined by commas. */
export const joinAbuseTypes = (types: readonly string[]) => ABUSE_TYPES.filter((type) => types.includes(type)).join(',');

function normalised(field: FieldSpec, value: string): string {
  if (field.kind === 'abuse-types') return joinAbuseTypes(value.split(','));
  if (field.kind === 'checkbox') return value === 'true' ? 'true' : 'false';
  return field.kind === 'boolean' || field.kind === 'choice' ? value : value.trim();
}

/**
 * The PATCH body for a correction: only the fields whose answer changed, each
 * as the API takes it; or, before anything is sent, what is wrong (a value
 * cleared that the API can correct but not remove, nothing changed).
 */
export function patchBody(fields: readonly FieldSpec[], initial: FormValues, values: FormValues): { body: Record<string, unknown>; problems: FormProblem[] } {
  const body: Record<string, unknown> = {};
  const problems: FormProblem[] = [];
  for (const field of fields) {
    const before = normalised(field, initial[field.name] ?? '');
    const after = normalised(field, values[field.name] ?? '');
    if (after === before) continue;
    if (after === '') {
      problems.push({
        field: field.name,
        message: field.kind === 'abuse-types' ? 'Choose at least one kind of abuse' : `Enter ${field.short}: once recorded it can be corrected, not removed`,
      });
      continue;
    }
    body[field.name] = field.kind === 'boolean' || field.kind === 'checkbox' ? after === 'true' : field.kind === 'abuse-types' ? after.split(',') : after;
  }
  if (problems.length === 0 && Object.keys(body).length === 0 && fields[0]) {
    problems.push({ field: fields[0].name, message: 'Change at least one answer, or cancel' });
  }
  return { body, problems };
}

/** A reason the API gives as what the field is ("is in the future"), not a sentence of its own ("the child was not looked after on this date"). */
const PREDICATE = /^(is|are|must|was|were|goes|go|cannot|may|has|have|should|needs|falls)\b/;

/** A field's problem as the API says it (`{ field: 'date', reason: 'is in the future' }`), as the form says it. */
export function problemsFor(problems: readonly { field: string; reason: string }[], fields: readonly FieldSpec[]): FormProblem[] {
  const order = (problem: FormProblem) => (problem.field === undefined ? fields.length : fields.findIndex((field) => field.name === problem.field));
  return problems
    .map((problem): FormProblem => {
      const base = problem.field.split('.')[0] ?? '';
      const reason = datesInWords(problem.reason);
      // The field named exactly (`outcome.abuseTypes`) before the one its first part names (`outcome`).
      const field =
        fields.find((spec) => spec.name === problem.field || spec.also?.includes(problem.field)) ??
        fields.find((spec) => spec.name === base || spec.also?.includes(base));
      if (field) return { field: field.name, message: `${capitalised(field.short)}${PREDICATE.test(reason) ? ' ' : ': '}${reason}` };
      return { message: capitalised(problem.field ? `${problem.field} ${reason}` : reason) };
    })
    .sort((a, b) => order(a) - order(b));
}

/** The API's refusal body: the service's own, or API Gateway's. */
export interface Refusal {
  error?: { code?: string; message?: string; problems?: { field: string; reason: string }[] };
  message?: string;
}

/** What to tell the person when the API refused their change: each field's problem beside it, or why it could not be made at all. */
export function refusalProblems(status: number, body: unknown, fields: readonly FieldSpec[]): FormProblem[] {
  const refusal = (body ?? {}) as Refusal;
  const problems = refusal.error?.problems ?? [];
  if (status === 412) {
    return [{ message: "Someone changed this child's records after you opened this form. Reload the records, then make your change again." }];
  }
  if (problems.length > 0) {
    const mapped = problemsFor(problems, fields);
    return status === 409 && refusal.error?.message ? [...mapped.filter((p) => p.field !== undefined), { message: datesInWords(refusal.error.message) }] : mapped;
  }
  const message = datesInWords(refusal.error?.message ?? refusal.message ?? `The service answered ${status}.`);
  if (status === 403) return [{ message: `You may not change this child's records. ${message}` }];
  if (status === 404) return [{ message: `This record is no longer on the child's file. ${message}` }];
  return [{ message }];
}

// ---------------------------------------------------------------------------
// Removing
// ---------------------------------------------------------------------------

/** The longest reason the API keeps. */
export const REASON_MAX = 200;

/** The reason as it is sent: on one line (the API refuses line breaks), spaces collapsed. */
export const reasonAsSent = (reason: string) => reason.replace(/\s+/g, ' ').trim();

/** The DELETE body for a removal, or what is wrong with the reason. */
export function removalBody(reason: string): { body: { reason: string }; problems: [] } | { body?: undefined; problems: FormProblem[] } {
  const sent = reasonAsSent(reason);
  if (sent === '') return { problems: [{ field: 'reason', message: 'Enter why the record is being removed' }] };
  if (sent.length > REASON_MAX) return { problems: [{ field: 'reason', message: `The reason must be ${REASON_MAX} characters or fewer` }] };
  return { body: { reason: sent }, problems: [] };
}

/** The one field of a removal, for {@link refusalProblems}. */
export const REMOVAL_FIELDS: FieldSpec[] = [{ name: 'reason', label: 'Why is it being removed?', short: 'the reason', kind: 'text', maxLength: REASON_MAX }];

/** Whether a registration can be removed by itself: not one a conference recorded here made (remove the meeting instead). */
export const removableAlone = (kind: RecordKind, record: AnyRecord) => !(kind === 'registrations' && (record as Registration).registeredAtMeetingId !== undefined);

