/**
 * Booking meetings as the page does it: which timescales a meeting meets,
 * a booking and the suggested days in words, and how the booking form, the
 * "held" form and the "cancel" form become the API's bodies (or what is
 * wrong before anything is sent). Pure, so the tests need no browser.
 */
import { ABUSE_TYPES, MEETING_TYPES, type BookedMeeting, type MeetingType } from '#shared/domain/records';
import type { Booking, TimescaleKind } from '#shared/domain/timescales/types';
import { isCalendarDate, longDate } from './format';
import { REASON_MAX, joinAbuseTypes, reasonAsSent, type FieldSpec, type FormProblem, type FormValues, type Refusal } from './records';

/** Whether a kind of timescale is met by a meeting of the same name (a CER, an ICPC, …), so can be booked. */
export const isBookable = (kind: TimescaleKind): kind is MeetingType & TimescaleKind => (MEETING_TYPES as readonly string[]).includes(kind);

/** `GET /children/{childId}/timescales/{kind}/suggested-dates`. */
export interface SuggestedDates {
  childId: string;
  kind: MeetingType;
  asOf: string;
  dueDate: string;
  booking?: Booking;
  /** The days free of the IRO's other meetings first, then the busy ones. */
  dates: { date: string; otherBookings: number }[];
}

/** A timescale's booking as the page says it: "Booked for Thu 9 Jan 2025" and, when late, why; or "Not booked". */
export function bookingInWords(booking: Booking | undefined, dueDate: string): { text: string; late?: string } {
  if (!booking) return { text: 'Not booked' };
  const text = `Booked for ${longDate(booking.bookedFor)}`;
  if (booking.lateReason) return { text, late: `Booked late: ${booking.lateReason}` };
  // Booked in time against a due date since corrected: late now, with no reason asked for.
  if (booking.bookedFor > dueDate) return { text, late: 'After the due date' };
  return { text };
}

/** A suggested day in words: "Thu 9 Jan 2025", or "Fri 10 Jan 2025 (2 other meetings)" on a day the IRO is busy. */
export function suggestedDateInWords({ date, otherBookings }: { date: string; otherBookings: number }): string {
  if (otherBookings === 0) return longDate(date);
  return `${longDate(date)} (${otherBookings} other meeting${otherBookings === 1 ? '' : 's'})`;
}

// ---------------------------------------------------------------------------
// Booking, or moving a booking
// ---------------------------------------------------------------------------

/** The booking form's answers: a suggested day, or a day typed, and (once asked) why it is late. */
export interface BookingValues {
  suggested: string;
  typed: string;
  lateReason: string;
}

/** The booking form's fields, for {@link problemsFor}: the API's `bookedFor` is whichever field the day came from. */
export function bookingFields(dateFrom: 'suggested' | 'typed'): FieldSpec[] {
  const day = { short: 'the day', kind: 'date' as const, also: ['bookedFor'] };
  return [
    { name: 'suggested', label: 'A suggested day', ...day, ...(dateFrom === 'suggested' ? {} : { also: [] }) },
    { name: 'typed', label: 'Another day', ...day, ...(dateFrom === 'typed' ? {} : { also: [] }) },
    { name: 'lateReason', label: 'Why is it booked after the due date?', short: 'the reason', kind: 'text', maxLength: REASON_MAX },
  ];
}

/** The day the form books: the one typed, if any, else the one chosen. */
export const bookedDay = (values: BookingValues) => ({ date: values.typed.trim() || values.suggested, from: values.typed.trim() ? ('typed' as const) : ('suggested' as const) });

/**
 * The request the booking form sends: a new booking (`POST …/meetings`) or,
 * when one stands already, the booking moved (`PATCH …/meetings/{id}`); the
 * late reason only once it was asked for and only for a day after the due
 * date (the API refuses one on a booking in time). Or what is wrong first.
 */
export function bookingRequest(
  values: BookingValues,
  options: { childId: string; type: MeetingType; dueDate: string; moving?: Booking | undefined; lateAsked: boolean; suggestions: boolean },
): { method: 'POST' | 'PATCH'; path: string; body: Record<string, unknown>; bookedFor: string; late: boolean; problems: [] } | { problems: FormProblem[] } {
  const { date } = bookedDay(values);
  if (date === '') return { problems: [{ field: options.suggestions ? 'suggested' : 'typed', message: options.suggestions ? 'Choose a day for the meeting, or enter one' : 'Enter the day the meeting is booked for' }] };
  if (!isCalendarDate(date)) return { problems: [{ field: 'typed', message: 'Enter the day as year-month-day, for example 2026-03-27' }] };
  const late = options.lateAsked && date > options.dueDate;
  const reason = reasonAsSent(values.lateReason);
  if (late && reason === '') return { problems: [{ field: 'lateReason', message: 'Say why the meeting is booked after the due date' }] };
  if (late && reason.length > REASON_MAX) return { problems: [{ field: 'lateReason', message: `The reason must be ${REASON_MAX} characters or fewer` }] };
  const child = `/children/${encodeURIComponent(options.childId)}/meetings`;
  const lateReason = late ? { lateReason: reason } : {};
  return options.moving
    ? { method: 'PATCH', path: `${child}/${encodeURIComponent(options.moving.meetingId)}`, body: { bookedFor: date, ...lateReason }, bookedFor: date, late, problems: [] }
    : { method: 'POST', path: child, body: { type: options.type, status: 'booked', bookedFor: date, ...lateReason }, bookedFor: date, late, problems: [] };
}

/**
 * The due date a refusal says the booking is after, when the API refused it
 * as late (409, naming `bookedFor`, "This booking is after the due date
 * (2025-01-14)."); undefined for any other refusal.
 */
export function lateRefusal(status: number, body: unknown, dueDate: string): { dueDate: string } | undefined {
  const refusal = (body ?? {}) as Refusal;
  if (status !== 409 || !refusal.error?.problems?.some((problem) => problem.field === 'bookedFor')) return undefined;
  return { dueDate: /\((\d{4}-\d{2}-\d{2})\)/.exec(refusal.error.message ?? '')?.[1] ?? dueDate };
}

/** What the page says of a late booking refused: the due date, and what to do. */
export const lateMessage = (dueDate: string) => `The day is after the due date, ${longDate(dueDate)}: choose a day by then, or say why the meeting is booked late`;

// ---------------------------------------------------------------------------
// Recording a booked meeting as held
// ---------------------------------------------------------------------------

const DATE_HINT = 'Written year-month-day, for example 2026-03-27.';
const ABUSE_LABELS: Record<(typeof ABUSE_TYPES)[number], string> = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  emotional: 'Emotional abuse',
  sexual: 'Sexual abuse',
  financial: 'Financial abuse',
};
const yesNo = (name: string, label: string, short: string): FieldSpec => ({
  name,
  label,
  short,
  kind: 'boolean',
  options: [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }],
});

/** What a conference of this type decides, if it decides anything the register follows. */
export function decisionsOf(type: MeetingType): { value: string; label: string }[] {
  if (type === 'ICPC' || type === 'TRANSFER_IN') {
    return [
      { value: 'register', label: 'To register the child' },
      { value: 'do-not-register', label: 'Not to register the child' },
    ];
  }
  if (type === 'RCPC') {
    return [
      { value: 'continue', label: 'To keep the child on the register' },
      { value: 'deregister', label: 'To de-register the child' },
    ];
  }
  return [];
}

/** Whether the category is asked for: always to register, and (if it changed) to continue. */
export const asksCategory = (decision: string) => decision === 'register' || decision === 'continue';

/** The questions of the "held" form, in order, for a booked meeting of this type. */
export function heldFields(meeting: Pick<BookedMeeting, 'type' | 'bookedFor'>): FieldSpec[] {
  const decisions = decisionsOf(meeting.type);
  return [
    {
      name: 'heldOn',
      label: 'The day it was held',
      short: 'the day it was held',
      kind: 'date',
      hint: `The day it was booked for, ${longDate(meeting.bookedFor)}, unless it was held on another day. ${DATE_HINT}`,
    },
    { name: 'chairEmail', label: 'Chaired by (email, optional)', short: 'the chair’s email', kind: 'email', maxLength: 254 },
    yesNo('childParticipated', 'Did the child participate?', 'whether the child participated'),
    yesNo('advocacyOffered', 'Was advocacy actively offered?', 'whether advocacy was offered'),
    yesNo('advocacyProvided', 'Was an advocate provided?', 'whether an advocate was provided'),
    yesNo('qaAuditCompleted', 'Was the QA audit completed?', 'whether the QA audit was completed'),
    ...(decisions.length === 0
      ? []
      : [
          { name: 'decision', label: 'What did the conference decide?', short: 'the decision', kind: 'choice' as const, options: decisions, also: ['outcome'] },
          {
            name: 'abuseTypes',
            label: 'Category: the kinds of abuse',
            short: 'the category',
            kind: 'abuse-types' as const,
            hint: meeting.type === 'RCPC' ? 'Only if the category changed: the new one. Leave unticked to keep it.' : 'The category the child is registered under.',
            options: ABUSE_TYPES.map((value) => ({ value, label: ABUSE_LABELS[value] })),
            also: ['outcome.category', 'outcome.abuseTypes'],
          },
        ]),
  ];
}

/** The "held" form's answers as it starts: the day it was booked for, and its chair. */
export const heldInitialValues = (meeting: Pick<BookedMeeting, 'bookedFor' | 'chairEmail'>): FormValues => ({
  heldOn: meeting.bookedFor,
  chairEmail: meeting.chairEmail ?? '',
  childParticipated: '',
  advocacyOffered: '',
  advocacyProvided: '',
  qaAuditCompleted: '',
  decision: '',
  abuseTypes: '',
});

/**
 * The PATCH body that records a booked meeting as held (`heldOn` left out
 * when it is the day booked, which the API defaults to), or what is missing
 * or wrong before anything is sent.
 */
export function heldBody(
  meeting: Pick<BookedMeeting, 'type' | 'bookedFor'>,
  values: FormValues,
  today: string,
): { body: Record<string, unknown>; problems: [] } | { body?: undefined; problems: FormProblem[] } {
  const fields = heldFields(meeting);
  const problems: FormProblem[] = [];
  const value = (name: string) => (values[name] ?? '').trim();
  const heldOn = value('heldOn');
  if (heldOn !== '' && !isCalendarDate(heldOn)) problems.push({ field: 'heldOn', message: 'The day it was held must be a real date written yyyy-mm-dd' });
  else if (heldOn > today) problems.push({ field: 'heldOn', message: 'The day it was held is in the future: record it once it has been held' });
  for (const field of fields) {
    if (field.kind === 'boolean' && value(field.name) === '') problems.push({ field: field.name, message: `Select ${field.short}` });
  }
  const decision = value('decision');
  const abuseTypes = joinAbuseTypes(value('abuseTypes').split(','));
  if (fields.some((field) => field.name === 'decision')) {
    if (decision === '') problems.push({ field: 'decision', message: 'Select what the conference decided' });
    else if (decision === 'register' && abuseTypes === '') problems.push({ field: 'abuseTypes', message: 'Choose at least one kind of abuse' });
  }
  if (problems.length > 0) return { problems };
  const chairEmail = value('chairEmail');
  const outcome =
    decision === '' ? undefined : { decision, ...(asksCategory(decision) && abuseTypes !== '' ? { abuseTypes: abuseTypes.split(',') } : {}) };
  return {
    body: {
      status: 'held',
      ...(heldOn !== '' && heldOn !== meeting.bookedFor ? { heldOn } : {}),
      ...(chairEmail !== '' ? { chairEmail } : {}),
      childParticipated: value('childParticipated') === 'true',
      advocacyOffered: value('advocacyOffered') === 'true',
      advocacyProvided: value('advocacyProvided') === 'true',
      qaAuditCompleted: value('qaAuditCompleted') === 'true',
      ...(outcome ? { outcome } : {}),
    },
    problems: [],
  };
}

// ---------------------------------------------------------------------------
// Cancelling a booked meeting
// ---------------------------------------------------------------------------

/** The one field of a cancellation, for {@link problemsFor}. */
export const CANCEL_FIELDS: FieldSpec[] = [{ name: 'reason', label: 'Why was it cancelled?', short: 'the reason', kind: 'text', maxLength: REASON_MAX }];

/** The PATCH body that cancels a booked meeting, or what is wrong with the reason. */
export function cancelBody(reason: string): { body: { status: 'cancelled'; reason: string }; problems: [] } | { body?: undefined; problems: FormProblem[] } {
  const sent = reasonAsSent(reason);
  if (sent === '') return { problems: [{ field: 'reason', message: 'Enter why the meeting was cancelled' }] };
  if (sent.length > REASON_MAX) return { problems: [{ field: 'reason', message: `The reason must be ${REASON_MAX} characters or fewer` }] };
  return { body: { status: 'cancelled', reason: sent }, problems: [] };
}
