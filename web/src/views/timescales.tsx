/**
 * An IRO's or team manager's breached and due-soon timescales: the same scope
 * as the API gives them, breached first, each with its booking; or only the
 * meetings due with nothing booked (`?booking=not-booked`), the list that
 * prevents breaches.
 */
import type { TimescaleWithStatus } from '#shared/domain/timescales/types';
import { timescaleInWords, workingDaysInWords } from '#shared/domain/timescales/wording';
import type { Api } from '../api';
import { bookingInWords, isBookable } from '../bookings';
import { count, longDate } from '../format';
import { hrefOf, type ListFilter } from '../router';
import { PageHeading, Show, TableSection, useLoad } from './page';

/** An entry of `GET /timescales`: the due-date index's entry (shared/store/ports.ts DueEntry) with its status. */
interface Listed extends TimescaleWithStatus {
  childId: string;
  reference: string;
  initials: string;
}

interface TimescalesAnswer {
  asOf: string;
  dueBy: string;
  timescales: Listed[];
}

export function TimescalesScreen({ api, booking }: { api: Api; booking?: ListFilter | undefined }) {
  const loaded = useLoad(() => api.get<TimescalesAnswer>(booking ? `/timescales?booking=${booking}` : '/timescales'), [booking]);
  return (
    <>
      <PageHeading>{booking ? 'Your meetings not booked' : 'Your timescales'}</PageHeading>
      <p class="govuk-body" data-filter>
        {booking ? (
          <>
            Showing only the meetings due with nothing booked. <a class="govuk-link" href={hrefOf.timescales()}>Show every timescale</a>
          </>
        ) : (
          <>
            Showing every timescale. <a class="govuk-link" href={hrefOf.timescales('not-booked')}>Show only the meetings not booked</a>
          </>
        )}
      </p>
      <Show loaded={loaded} what="your timescales">
        {(answer) => {
          const breached = answer.timescales.filter((t) => t.status === 'breached');
          const dueSoon = answer.timescales.filter((t) => t.status !== 'breached');
          return (
            <>
              <p class="govuk-body">
                The children allocated to you, or to your team: every {booking ? 'meeting not booked that is' : 'timescale'} breached, and every one due by{' '}
                {longDate(answer.dueBy)}, as of {longDate(answer.asOf)}.
              </p>
              <TimescaleTable id="breached" title={`Breached (${count(breached.length)})`} empty="Nothing is breached." rows={breached} />
              <TimescaleTable id="due-soon" title={`Due soon (${count(dueSoon.length)})`} empty="Nothing is due soon." rows={dueSoon} />
            </>
          );
        }}
      </Show>
    </>
  );
}

function TimescaleTable({ id, title, empty, rows }: { id: string; title: string; empty: string; rows: Listed[] }) {
  return (
    <TableSection id={id} title={title} empty={empty} rows={rows} data={{ 'data-timescales': id }}
      headings={['Case reference', 'Child', 'Timescale', 'Due', 'Working days', 'Booking']}
      row={(row) => {
        const booking = isBookable(row.kind) ? bookingInWords(row.booking, row.dueDate) : undefined;
        return [
          <a class="govuk-link" href={hrefOf.child(row.childId)}>{row.reference}</a>,
          row.initials,
          timescaleInWords(row),
          longDate(row.dueDate),
          <>
            <StatusTag status={row.status} />
            {workingDaysInWords(row.workingDaysLeft, row.status === 'breached')}
          </>,
          booking ? (
            <>
              {booking.text}
              {booking.late && <span class="govuk-body-s app-cell-note">{booking.late}</span>}
            </>
          ) : (
            '–'
          ),
        ];
      }}
    />
  );
}

export function StatusTag({ status }: { status: TimescaleWithStatus['status'] }) {
  const [label, colour] = status === 'breached' ? ['Breached', 'govuk-tag--red'] : status === 'due-soon' ? ['Due soon', 'govuk-tag--yellow'] : ['Upcoming', 'govuk-tag--grey'];
  return <strong class={`govuk-tag ${colour} app-status-tag`}>{label}</strong>;
}
