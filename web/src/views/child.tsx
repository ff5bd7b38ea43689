/** A child's page: who they are, their open timescales, each meeting and its compliance, and their records. */
import type { Child, CareEpisode, Meeting, PlacementChange, Registration, StrategyDiscussion } from '#shared/domain/records';
import type { TimescaleWithStatus } from '#shared/domain/timescales/types';
import { timescaleInWords, workingDaysInWords } from '#shared/domain/timescales/wording';
import type { ComponentChildren } from 'preact';
import type { Api } from '../api';
import { longDate } from '../format';
import { PageHeading, Show, TableSection, useLoad } from './page';
import { StatusTag } from './timescales';

interface ChildAnswer extends Child {
  childId: string;
  lookedAfter: boolean;
  registered: boolean;
  careEpisodes: CareEpisode[];
  placementChanges: PlacementChange[];
  strategyDiscussions: StrategyDiscussion[];
  registrations: Registration[];
  meetings: (Meeting & { dueDate?: string; inCompliance?: boolean })[];
  timescales: TimescaleWithStatus[];
}

const date = (value: string | undefined) => (value ? longDate(value) : '–');

export function ChildScreen({ api, childId }: { api: Api; childId: string }) {
  const loaded = useLoad(() => api.get<ChildAnswer>(`/children/${encodeURIComponent(childId)}`), [childId]);
  return (
    <Show loaded={loaded} what="the child's records">
      {(child) => (
        <>
          <PageHeading caption={`${child.givenName} ${child.familyName}`}>{`Case ${child.reference}`}</PageHeading>
          <dl class="govuk-summary-list">
            <Row name="Looked after">{child.lookedAfter ? 'Yes' : 'No'}</Row>
            <Row name="On the child protection register">{child.registered ? 'Yes' : 'No'}</Row>
            <Row name="IRO">{child.iroEmail}</Row>
            <Row name="Team">{child.teamName}</Row>
            <Row name="Team manager">{child.teamManagerEmail}</Row>
          </dl>

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
            headings={['Meeting', 'Held on', 'Due by', 'In compliance']}
            row={(m) => [
              `${m.type}${m.status === 'cancelled' ? ' (cancelled)' : ''}`,
              longDate(m.heldOn),
              date(m.dueDate),
              m.inCompliance === undefined ? '–' : m.inCompliance ? 'Yes' : <strong class="govuk-tag govuk-tag--red">No</strong>,
            ]}
          />
          <TableSection id="care-episodes" title="Care episodes" empty="Never looked after." rows={child.careEpisodes}
            headings={['Became looked after', 'Ceased']} row={(e) => [longDate(e.startDate), date(e.endDate)]} />
          <TableSection id="registrations" title="Child protection registrations" empty="Never registered." rows={child.registrations}
            headings={['Category', 'Registered', 'De-registered']} row={(r) => [r.category, longDate(r.startDate), date(r.endDate)]} />
          <TableSection id="placement-changes" title="Placement changes" empty="No placement changes." rows={child.placementChanges}
            headings={['Date', 'Planned or not']} row={(p) => [longDate(p.date), p.unplanned ? 'Unplanned' : 'Planned']} />
          <TableSection id="strategy-discussions" title="Strategy discussions" empty="No strategy discussions." rows={child.strategyDiscussions}
            headings={['Date']} row={(s) => [longDate(s.date)]} />
        </>
      )}
    </Show>
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
