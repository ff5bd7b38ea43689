/**
 * A child's page: who they are, their open timescales, each meeting and its
 * compliance, and their records (each strategy discussion's s47 enquiries, each
 * care episode's legal status and period of care, each registration's category
 * and its changes, the transfer-ins). To the IRO the child is allocated to, and
 * to an admin, each record has "Correct" and "Remove" beside it.
 */
import { timescaleInWords, workingDaysInWords } from '#shared/domain/timescales/wording';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { longDate } from '../format';
import { takeNotice } from '../notice';
import {
  MEETING_LABELS,
  categoryChangesInWords,
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
              headings={['Timescale', 'Due', 'Where it stands']}
              row={(t) => [
                timescaleInWords(t),
                longDate(t.dueDate),
                <>
                  <StatusTag status={t.status} />
                  {workingDaysInWords(t.workingDaysLeft, t.status === 'breached')}
                </>,
              ]}
            />
            <TableSection id="meetings" title="Meetings" empty="No meetings recorded." rows={child.meetings}
              headings={headings('Meeting', 'Held on', 'Due by', 'In compliance')}
              row={(m) =>
                cells(
                  'meetings',
                  m,
                  `${MEETING_LABELS[m.type]}${m.status === 'cancelled' ? ' (cancelled)' : ''}`,
                  longDate(m.heldOn),
                  date(m.dueDate),
                  m.inCompliance === undefined ? '–' : m.inCompliance ? 'Yes' : <strong class="govuk-tag govuk-tag--red">No</strong>,
                )
              }
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
