/**
 * Booking a child's meeting, and what follows when the day comes.
 *
 * "Book" (or "Move the booking"): the due date and why, the days it can be
 * held in time (the API's suggested dates, in words, the IRO's free days
 * first, busy days marked "(2 other meetings)"), or a day typed. A day after
 * the due date is refused by the API (409): the page says so with the due
 * date and asks why it is late; with a reason it books it late.
 *
 * "Record as held" (the day has come: who took part, and for a conference
 * what it decided) and "Cancel" (why). Every change is sent with the child's
 * ETag in `If-Match`; a refusal is shown as GOV.UK shows one (an error
 * summary at the top, focused, each problem beside its field); on success
 * the page goes back to the child with a banner saying what was done.
 */
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import type { BookedMeeting, MeetingType } from '#shared/domain/records';
import { useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import {
  CANCEL_FIELDS,
  asksCategory,
  bookedDay,
  bookingFields,
  bookingInWords,
  bookingRequest,
  cancelBody,
  heldBody,
  heldFields,
  heldInitialValues,
  lateMessage,
  lateRefusal,
  suggestedDateInWords,
  type BookingValues,
  type SuggestedDates,
} from '../bookings';
import { longDate } from '../format';
import { MEETING_LABELS, mayChangeRecords, recordSummary, type ChildFile, type FormValues } from '../records';
import { hrefOf, type MeetingAction } from '../router';
import type { SignedIn } from '../session';
import { PageHeading, Show, useLoad } from './page';
import { Buttons, ErrorMessage, ErrorSummary, Field, Fields, ReasonField, describedBy, fieldId, useChange } from './record-forms';

/** The heading and a way back, when there is no form to show. */
function NoForm({ child, title, children }: { child: Pick<ChildFile, 'childId' | 'reference'>; title: string; children: string }) {
  return (
    <>
      <PageHeading caption={`Case ${child.reference}`}>{title}</PageHeading>
      <p class="govuk-body">{children}</p>
      <p class="govuk-body">
        <a class="govuk-link" href={hrefOf.child(child.childId)}>Back to case {child.reference}</a>
      </p>
    </>
  );
}

// ---------------------------------------------------------------------------
// Booking
// ---------------------------------------------------------------------------

/** Reads the child (and its ETag) and the suggested days, and shows the booking form. */
export function BookScreen({ api, user, childId, kind }: { api: Api; user: SignedIn; childId: string; kind: MeetingType }) {
  const [reloads, setReloads] = useState(0);
  const path = `/children/${encodeURIComponent(childId)}`;
  const loaded = useLoad(
    () =>
      Promise.all([
        api.getWithEtag<ChildFile>(path),
        // Nothing of the kind due: no days to suggest, and nothing to book.
        api.get<SuggestedDates>(`${path}/timescales/${kind}/suggested-dates`).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return undefined;
          throw error;
        }),
      ]),
    [childId, kind, reloads],
  );
  return (
    <Show loaded={loaded} what="the days the meeting can be held">
      {([{ body: child, etag }, suggested]) => {
        if (!mayChangeRecords(user, child)) {
          return <NoForm child={child} title="You cannot book this meeting">Only the child's IRO, or an administrator, can book their meetings.</NoForm>;
        }
        if (!suggested) {
          return <NoForm child={child} title={`No ${MEETING_LABELS[kind]} is due`}>Nothing of this kind is due for this child, so there is nothing to book.</NoForm>;
        }
        return <BookForm key={etag} api={api} child={child} etag={etag} kind={kind} suggested={suggested} onReload={() => setReloads((n) => n + 1)} />;
      }}
    </Show>
  );
}

function BookForm({ api, child, etag, kind, suggested, onReload }: { api: Api; child: ChildFile; etag: string | undefined; kind: MeetingType; suggested: SuggestedDates; onReload: () => void }) {
  const label = MEETING_LABELS[kind];
  const moving = suggested.booking;
  const timescale = child.timescales.filter((t) => t.kind === kind).sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  const [values, setValues] = useState<BookingValues>({ suggested: '', typed: '', lateReason: '' });
  /** The due date a late booking was refused against: once known, the reason is asked for. */
  const [lateAgainst, setLateAgainst] = useState<string>();
  const { problems, setProblems, stale, send } = useChange(api, child.childId, etag);
  const set = (name: keyof BookingValues) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const error = (name: string) => problems.find((problem) => problem.field === name)?.message;
  const hasSuggestions = suggested.dates.length > 0;
  const dueDate = lateAgainst ?? suggested.dueDate;
  /** Whether the day now chosen is one the API refused as late: then why is asked, and the button books late. */
  const lateNow = lateAgainst !== undefined && bookedDay(values).date > lateAgainst;

  const submit = (event: Event) => {
    event.preventDefault();
    const request = bookingRequest(values, { childId: child.childId, type: kind, dueDate, moving, lateAsked: lateAgainst !== undefined, suggestions: hasSuggestions });
    if (!('method' in request)) return setProblems(request.problems);
    const { from } = bookedDay(values);
    const done = `The ${label} was ${moving ? 'moved to' : 'booked for'} ${longDate(request.bookedFor)}${request.late ? ', late' : ''}.`;
    void send(request.method, request.path, request.body, done, bookingFields(from), (status, body) => {
      const late = lateRefusal(status, body, suggested.dueDate);
      if (!late) return false;
      setLateAgainst(late.dueDate);
      setProblems([{ field: from, message: lateMessage(late.dueDate) }]);
      return true;
    });
  };

  const suggestedError = error('suggested');
  const typedError = error('typed');
  const hintId = `${fieldId('suggested')}-hint`;
  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading caption={`Case ${child.reference}`}>{moving ? `Move the ${label} booking` : `Book the ${label}`}</PageHeading>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Due by</dt>
          <dd class="govuk-summary-list__value">
            {longDate(suggested.dueDate)}
            {timescale?.explanation && <span class="govuk-body-s app-cell-note">{timescale.explanation.sentence}</span>}
          </dd>
        </div>
        {moving && (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Booked now</dt>
            <dd class="govuk-summary-list__value">
              {bookingInWords(moving, suggested.dueDate).text}
              {moving.lateReason && <span class="govuk-body-s app-cell-note">Booked late: {moving.lateReason}</span>}
            </dd>
          </div>
        )}
      </dl>
      <form onSubmit={submit} noValidate data-form="book">
        {hasSuggestions ? (
          <div class={`govuk-form-group${suggestedError ? ' govuk-form-group--error' : ''}`}>
            <h2 class="govuk-label-wrapper">
              <label class="govuk-label govuk-label--m" for={fieldId('suggested')}>
                Choose a day
              </label>
            </h2>
            <div class="govuk-hint" id={hintId}>
              The working days from today to the due date. The days free of your other meetings come first, then the busy ones.
            </div>
            {suggestedError && <ErrorMessage id={`${fieldId('suggested')}-error`} message={suggestedError} />}
            <select
              class={`govuk-select${suggestedError ? ' govuk-select--error' : ''}`}
              id={fieldId('suggested')}
              name="suggested"
              value={values.suggested}
              aria-describedby={describedBy(hintId, suggestedError && `${fieldId('suggested')}-error`)}
              onChange={(event) => set('suggested')((event.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">Choose a day</option>
              {suggested.dates.map((day) => (
                <option value={day.date}>{suggestedDateInWords(day)}</option>
              ))}
            </select>
          </div>
        ) : (
          <div class="govuk-inset-text">
            No working day is left before the due date, {longDate(suggested.dueDate)}: any day now is late. Enter the day the meeting is booked for; you will
            be asked why it is late.
          </div>
        )}
        <Field
          field={{
            name: 'typed',
            label: hasSuggestions ? 'Or enter another day' : 'The day it is booked for',
            short: 'the day',
            kind: 'date',
            hint: `Written year-month-day, for example 2026-03-27.${hasSuggestions ? ' Leave empty to book the day chosen above.' : ''}`,
          }}
          value={values.typed}
          error={typedError}
          onChange={set('typed')}
        />
        {lateNow && (
          <ReasonField
            name="lateReason"
            label="Why is it booked after the due date?"
            hint={`The meeting is due by ${longDate(lateAgainst)}. Say why it cannot be held by then, for example the family's availability. Up to 200 characters.`}
            value={values.lateReason}
            error={error('lateReason')}
            onChange={set('lateReason')}
          />
        )}
        <Buttons childId={child.childId} stale={stale} onReload={onReload}>
          <button type="submit" class="govuk-button" data-module="govuk-button">
            {lateNow ? 'Book late' : moving ? 'Move the booking' : 'Book the meeting'}
          </button>
        </Buttons>
      </form>
    </>
  );
}

// ---------------------------------------------------------------------------
// Held, or cancelled
// ---------------------------------------------------------------------------

/** Reads the child (and its ETag) and shows the "held" or "cancel" form for a booked meeting, or why there is none. */
export function MeetingScreen({ api, user, action, childId, meetingId }: { api: Api; user: SignedIn; action: MeetingAction; childId: string; meetingId: string }) {
  const [reloads, setReloads] = useState(0);
  const loaded = useLoad(() => api.getWithEtag<ChildFile>(`/children/${encodeURIComponent(childId)}`), [childId, meetingId, action, reloads]);
  return (
    <Show loaded={loaded} what="the child's meetings">
      {({ body: child, etag }) => {
        const meeting = child.meetings.find((m) => m.meetingId === meetingId);
        if (!meeting) return <NoForm child={child} title="Meeting not found">This meeting is not on the child's file: it may have been removed.</NoForm>;
        if (!mayChangeRecords(user, child)) {
          return <NoForm child={child} title="You cannot change this meeting">Only the child's IRO, or an administrator, can record their meetings.</NoForm>;
        }
        if (meeting.status !== 'booked') {
          return <NoForm child={child} title="This meeting is not booked">{`It is ${meeting.status} already: only a booked meeting is recorded as held or cancelled.`}</NoForm>;
        }
        const today = todayInLondon(new Date());
        if (action === 'held' && meeting.bookedFor > today) {
          return (
            <NoForm child={child} title="The day has not come yet">
              {`The ${MEETING_LABELS[meeting.type]} is booked for ${longDate(meeting.bookedFor)}: record it as held on that day or after.`}
            </NoForm>
          );
        }
        const props = { api, child, etag, meeting, onReload: () => setReloads((n) => n + 1) };
        return action === 'held' ? <HeldForm key={etag} {...props} today={today} /> : <CancelForm key={etag} {...props} />;
      }}
    </Show>
  );
}

interface MeetingFormProps {
  api: Api;
  child: ChildFile;
  etag: string | undefined;
  meeting: BookedMeeting;
  onReload: () => void;
}

const meetingPath = (childId: string, meetingId: string) => `/children/${encodeURIComponent(childId)}/meetings/${encodeURIComponent(meetingId)}`;

function HeldForm({ api, child, etag, meeting, onReload, today }: MeetingFormProps & { today: string }) {
  const label = MEETING_LABELS[meeting.type];
  const fields = heldFields(meeting);
  const [values, setValues] = useState<FormValues>(() => heldInitialValues(meeting));
  const { problems, setProblems, stale, send } = useChange(api, child.childId, etag);

  const submit = (event: Event) => {
    event.preventDefault();
    const held = heldBody(meeting, values, today);
    if (!held.body) return setProblems(held.problems);
    const day = (held.body['heldOn'] as string | undefined) ?? meeting.bookedFor;
    void send('PATCH', meetingPath(child.childId, meeting.meetingId), held.body, `The ${label} was recorded as held on ${longDate(day)}.`, fields);
  };
  // The category only for a decision that has one.
  const shown = fields.filter((field) => field.name !== 'abuseTypes' || asksCategory(values['decision'] ?? ''));

  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading caption={`Case ${child.reference}`}>{`Record the ${label} as held`}</PageHeading>
      <p class="govuk-body">
        Booked for {longDate(meeting.bookedFor)}. Once it is recorded as held, it meets its timescale (if it was held in time).
      </p>
      <form onSubmit={submit} noValidate data-form="held">
        <Fields fields={shown} values={values} problems={problems} setValues={setValues} />
        <Buttons childId={child.childId} stale={stale} onReload={onReload} back="Go back">
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Record as held
          </button>
        </Buttons>
      </form>
    </>
  );
}

function CancelForm({ api, child, etag, meeting, onReload }: MeetingFormProps) {
  const label = MEETING_LABELS[meeting.type];
  const [reason, setReason] = useState('');
  const { problems, setProblems, stale, send } = useChange(api, child.childId, etag);

  const submit = (event: Event) => {
    event.preventDefault();
    const cancelled = cancelBody(reason);
    if (!cancelled.body) return setProblems(cancelled.problems);
    void send('PATCH', meetingPath(child.childId, meeting.meetingId), cancelled.body, `The ${label} booked for ${longDate(meeting.bookedFor)} was cancelled.`, CANCEL_FIELDS);
  };

  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading caption={`Case ${child.reference}`}>{`Cancel the ${label}`}</PageHeading>
      <dl class="govuk-summary-list">
        {recordSummary('meetings', meeting).map(([name, value]) => (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{name}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <p class="govuk-body">A cancelled meeting meets nothing: the timescale stays open, to be booked again.</p>
      <form onSubmit={submit} noValidate data-form="cancel">
        <ReasonField
          name="reason"
          label="Why was it cancelled?"
          hint="For example, the family could not attend. Up to 200 characters."
          value={reason}
          error={problems.find((problem) => problem.field === 'reason')?.message}
          onChange={setReason}
        />
        <Buttons childId={child.childId} stale={stale} onReload={onReload} back="Keep the booking">
          <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
            Cancel the meeting
          </button>
        </Buttons>
      </form>
    </>
  );
}
