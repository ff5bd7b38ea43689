/**
 * A child's page: who they are, their open timescales, each meeting and its
 * compliance, and their records (each strategy discussion's s47 enquiries, each
 * care episode's legal status and period of care, each registration's category
 * and its changes, the transfer-ins, the case disputes). To the IRO the child
 * is allocated to, and to an admin, each record has "Correct" and "Remove"
 * beside it, and the case disputes an "Add" of their own; each
 * timescale a meeting meets says whether it is booked, with a link to book it
 * (or move the booking); each booked meeting has "Record as held" (once the
 * day has come) and "Cancel".
 */
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { meetingDay, type BookedMeeting, type MeetingType } from '#shared/domain/records';
import { timescaleInWords, workingDaysInWords } from '#shared/domain/timescales/wording';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { bookingInWords, isBookable } from '../bookings';
import { longDate } from '../format';
import { takeNotice } from '../notice';
import {
  MEETING_LABELS,
  DISPUTE_STAGE_LABELS,
  categoryChangesInWords,
  disputeInWords,
  idOf,
  mayChangeRecords,
  periodInWords,
  periodsOfCare,
  recordInWords,
  removableAlone,
  s47InWords,
  type AnyRecord,
  type ChildFile,
  type RecordKind,
} from '../records';
import { hrefOf } from '../router';
import type { SignedIn } from '../session';
import { PageHeading, Show, TableSection, useLoad } from './page';
import { StatusTag } from './timescales';

const date = (value: string | undefined) => (value ? longDate(value) : '–');

export function ChildScreen({ api, childId, user }: { api: Api; childId: string; user: SignedIn }) {
  const loaded = useLoad(() => api.get<ChildFile>(`/children/${encodeURIComponent(childId)}`), [childId]);
  const [notice] = useState(takeNotice);
  return (
    <Show loaded={loaded} what="the child's records">
      {(child) => {
        const changes = mayChangeRecords(user, child);
        /** The records' headings, with the actions column for whoever may use it. */
        const headings = (...names: string[]) => (changes ? [...names, <span class="govuk-visually-hidden">Actions</span>] : names);
        /** A record's cells, with "Correct" and "Remove" for whoever may use them. */
        const cells = (kind: RecordKind, record: AnyRecord, ...values: ComponentChildren[]) =>
          changes ? [...values, <RecordActions childId={child.childId} kind={kind} record={record} />] : values;
        const episodes = periodsOfCare(child.careEpisodes);
        return (
          <>
            {notice && <SuccessBanner text={notice} />}
            <PageHeading caption={`${child.givenName} ${child.familyName}`}>{`Case ${child.reference}`}</PageHeading>
            <dl class="govuk-summary-list">
              <Row name="Looked after">{child.lookedAfter ? 'Yes' : 'No'}</Row>
              <Row name="On the child protection register">{child.registered ? 'Yes' : 'No'}</Row>
              <Row name="IRO">{child.iroEmail}</Row>
              <Row name="Team">{child.teamName}</Row>
              <Row name="Team manager">{child.teamManagerEmail}</Row>
            </dl>
            {changes && (
              <p class="govuk-body">
                You can correct a record entered wrongly, or remove one entered in error, saying why: the audit trail keeps what it was, who changed it and
                why.
              </p>
            )}

            <TableSection id="open-timescales" title="Open timescales" empty="No open timescales." rows={child.timescales}
              intro={
                child.timescales.some((t) => isBookable(t.kind)) && (
                  <p class="govuk-body">A meeting booked meets nothing until it is held: record it as held when the day comes.</p>
                )
              }
              headings={['Timescale', 'Due', 'Where it stands', 'Booking']}
              row={(t) => [
                <>
                  <span data-timescale-name>{timescaleInWords(t)}</span>
                  {t.explanation && <span class="govuk-body-s app-cell-note" data-explanation>{t.explanation.sentence}</span>}
                </>,
                longDate(t.dueDate),
                <>
                  <StatusTag status={t.status} />
                  {workingDaysInWords(t.workingDaysLeft, t.status === 'breached')}
                </>,
                isBookable(t.kind) ? <TimescaleBooking childId={child.childId} timescale={t} kind={t.kind} changes={changes} /> : '–',
              ]}
            />
            <TableSection id="meetings" title="Meetings" empty="No meetings recorded." rows={child.meetings}
              headings={headings('Meeting', 'Held on, or booked for', 'Due by', 'In compliance')}
              row={(m) => {
                const values = [
                  <>
                    {MEETING_LABELS[m.type]}
                    {m.status !== 'held' && <strong class={`govuk-tag ${m.status === 'booked' ? 'govuk-tag--blue' : 'govuk-tag--grey'} app-inline-tag`}>{m.status === 'booked' ? 'Booked' : 'Cancelled'}</strong>}
                    {m.status === 'booked' && m.lateReason && <span class="govuk-body-s app-cell-note">Booked late: {m.lateReason}</span>}
                    {m.status === 'cancelled' && m.cancellationReason && <span class="govuk-body-s app-cell-note">Cancelled: {m.cancellationReason}</span>}
                  </>,
                  longDate(meetingDay(m)),
                  date(m.dueDate),
                  m.inCompliance === undefined ? '–' : m.inCompliance ? 'Yes' : <strong class="govuk-tag govuk-tag--red">No</strong>,
                ];
                if (!changes) return values;
                return [...values, m.status === 'booked' ? <BookingActions child={child} meeting={m} /> : <RecordActions childId={child.childId} kind="meetings" record={m} />];
              }}
            />
            <TableSection id="care-episodes" title="Care episodes" empty="Never looked after." rows={episodes}
              intro={
                episodes.some((e) => e.continues) && (
                  <p class="govuk-body">An episode that starts the day the one before it ended continues the same period of care: a change of legal status.</p>
                )
              }
              headings={headings('Became looked after', 'Ceased', 'Legal status', 'Period of care')}
              row={({ episode: e, ...period }) =>
                cells(
                  'careEpisodes',
                  e,
                  longDate(e.startDate),
                  e.endDate ? (
                    <>
                      {longDate(e.endDate)}
                      {e.endReason && <span class="govuk-body-s app-cell-note">{e.endReason}</span>}
                    </>
                  ) : (
                    '–'
                  ),
                  e.legalStatus ?? '–',
                  periodInWords(period),
                )
              }
            />
            <TableSection id="registrations" title="Child protection registrations" empty="Never registered." rows={child.registrations}
              headings={headings('Category', 'Registered', 'De-registered', 'Changes of category')}
              row={(r) => {
                const changed = categoryChangesInWords(r);
                return cells(
                  'registrations',
                  r,
                  r.category,
                  longDate(r.startDate),
                  date(r.endDate),
                  changed.length === 0 ? '–' : (
                    <ul class="govuk-list app-table-list">
                      {changed.map((line) => <li>{line}</li>)}
                    </ul>
                  ),
                );
              }}
            />
            <TableSection id="transfer-ins" title="Transfer-ins" empty="No transfer-ins." rows={child.transferIns}
              headings={headings('Move into the area notified as permanent')}
              row={(t) => cells('transferIns', t, longDate(t.notifiedOn))} />
            <TableSection id="disputes" title="Case disputes" empty="No case disputes." rows={child.disputes}
              intro={
                changes && (
                  <p class="govuk-body">
                    <a class="govuk-link" href={hrefOf.add(child.childId, 'disputes')} data-action="add">
                      Record a case dispute
                    </a>
                  </p>
                )
              }
              headings={headings('Raised', 'Stage', 'Raised by', 'Where it stands', 'Legal advice sought', 'Referred to Cafcass Cymru')}
              row={(d) => cells('disputes', d, longDate(d.startedOn), DISPUTE_STAGE_LABELS[d.stage].label, d.raisedBy, disputeInWords(d), d.legalAdviceSought ? 'Yes' : 'No', d.cafcassReferral ? 'Yes' : 'No')} />
            <TableSection id="placement-changes" title="Placement changes" empty="No placement changes." rows={child.placementChanges}
              headings={headings('Date', 'Planned or not')}
              row={(p) => cells('placementChanges', p, longDate(p.date), p.unplanned ? 'Unplanned' : 'Planned')} />
            <TableSection id="strategy-discussions" title="Strategy discussions" empty="No strategy discussions." rows={child.strategyDiscussions}
              headings={headings('Date', 's47 enquiries')}
              row={(s) => cells('strategyDiscussions', s, longDate(s.date), s47InWords(s))} />
          </>
        );
      }}
    </Show>
  );
}

/** "Correct" and "Remove" for one record, each naming the record for a screen reader. */
function RecordActions({ childId, kind, record }: { childId: string; kind: RecordKind; record: AnyRecord }) {
  const id = idOf(kind, record);
  const what = <span class="govuk-visually-hidden"> the {recordInWords(kind, record)}</span>;
  return (
    <ul class="app-record-actions">
      <li>
        <a class="govuk-link" href={hrefOf.record('correct', childId, kind, id)} data-action="correct">
          Correct{what}
        </a>
      </li>
      {removableAlone(kind, record) && (
        <li>
          <a class="govuk-link" href={hrefOf.record('remove', childId, kind, id)} data-action="remove">
            Remove{what}
          </a>
        </li>
      )}
    </ul>
  );
}

/** A timescale's booking ("Booked for Thu 9 Jan 2025", and why it is late; or "Not booked"), and the link to book it or move it. */
function TimescaleBooking({ childId, timescale, kind, changes }: { childId: string; timescale: ChildFile['timescales'][number]; kind: MeetingType; changes: boolean }) {
  const words = bookingInWords(timescale.booking, timescale.dueDate);
  const what = <span class="govuk-visually-hidden">{timescale.booking ? ' of' : ''} the {MEETING_LABELS[kind]}</span>;
  return (
    <>
      <span data-booking>{words.text}</span>
      {words.late && <span class="govuk-body-s app-cell-note" data-booking-late>{words.late}</span>}
      {changes && (
        <span class="app-cell-action">
          <a class="govuk-link" href={hrefOf.book(childId, kind)} data-action="book">
            {timescale.booking ? 'Move the booking' : 'Book'}
            {what}
          </a>
        </span>
      )}
    </>
  );
}

/** A booked meeting's actions: move it, record it as held (once the day has come), cancel it, or remove it as entered in error. */
function BookingActions({ child, meeting }: { child: ChildFile; meeting: BookedMeeting }) {
  const what = <span class="govuk-visually-hidden"> the {recordInWords('meetings', meeting)}</span>;
  const standsFor = child.timescales.some((t) => t.kind === meeting.type && t.booking?.meetingId === meeting.meetingId);
  const dayHasCome = meeting.bookedFor <= todayInLondon(new Date());
  return (
    <ul class="app-record-actions">
      {standsFor && (
        <li>
          <a class="govuk-link" href={hrefOf.book(child.childId, meeting.type)} data-action="move">
            Move{what}
          </a>
        </li>
      )}
      {dayHasCome && (
        <li>
          <a class="govuk-link" href={hrefOf.meeting('held', child.childId, meeting.meetingId)} data-action="held">
            Record as held<span class="govuk-visually-hidden">: {recordInWords('meetings', meeting)}</span>
          </a>
        </li>
      )}
      <li>
        <a class="govuk-link" href={hrefOf.meeting('cancel', child.childId, meeting.meetingId)} data-action="cancel">
          Cancel{what}
        </a>
      </li>
      <li>
        <a class="govuk-link" href={hrefOf.record('remove', child.childId, 'meetings', meeting.meetingId)} data-action="remove">
          Remove{what}
        </a>
      </li>
    </ul>
  );
}

/** GOV.UK's success banner: announced when it appears. */
export function SuccessBanner({ text }: { text: string }) {
  return (
    <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="success-title" data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="success-title">
          Success
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{text}</p>
      </div>
    </div>
  );
}

function Row({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{name}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
