/** An IRO's or team manager's breached and due-soon timescales: the same scope as the API gives them, breached first. */
import type { TimescaleWithStatus } from '#shared/domain/timescales/types';
import { TIMESCALE_LABELS, workingDaysInWords } from '#shared/domain/timescales/wording';
import type { Api } from '../api';
import { count, longDate } from '../format';
import { hrefOf } from '../router';
import { PageHeading, Show, useLoad } from './page';

/** An entry of `GET /timescales`: the due-date index's entry (shared/store/children-store.ts DueEntry) with its status. */
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

export function TimescalesScreen({ api }: { api: Api }) {
  const loaded = useLoad(() => api.get<TimescalesAnswer>('/timescales'), []);
  return (
    <>
      <PageHeading>Your timescales</PageHeading>
      <Show loaded={loaded} what="your timescales">
        {(answer) => {
          const breached = answer.timescales.filter((t) => t.status === 'breached');
          const dueSoon = answer.timescales.filter((t) => t.status !== 'breached');
          return (
            <>
              <p class="govuk-body">
                The children allocated to you, or to your team: every timescale breached, and every one due by {longDate(answer.dueBy)}, as of{' '}
                {longDate(answer.asOf)}.
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
    <section aria-labelledby={`${id}-heading`}>
      <h2 class="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {rows.length === 0 ? (
        <p class="govuk-body">{empty}</p>
      ) : (
        <div class="app-table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-heading`}>
          <table class="govuk-table" data-timescales={id}>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Case reference</th>
                <th scope="col" class="govuk-table__header">Child</th>
                <th scope="col" class="govuk-table__header">Timescale</th>
                <th scope="col" class="govuk-table__header">Due</th>
                <th scope="col" class="govuk-table__header">Working days</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {rows.map((row) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href={hrefOf.child(row.childId)}>
                      {row.reference}
                    </a>
                  </td>
                  <td class="govuk-table__cell">{row.initials}</td>
                  <td class="govuk-table__cell">{TIMESCALE_LABELS[row.kind]}</td>
                  <td class="govuk-table__cell">{longDate(row.dueDate)}</td>
                  <td class="govuk-table__cell">
                    <StatusTag status={row.status} />
                    {workingDaysInWords(row.workingDaysLeft, row.status === 'breached')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function StatusTag({ status }: { status: TimescaleWithStatus['status'] }) {
  const [label, colour] = status === 'breached' ? ['Breached', 'govuk-tag--red'] : status === 'due-soon' ? ['Due soon', 'govuk-tag--yellow'] : ['Upcoming', 'govuk-tag--grey'];
  return <strong class={`govuk-tag ${colour} app-status-tag`}>{label}</strong>;
}
