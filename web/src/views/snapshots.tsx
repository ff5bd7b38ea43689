/**
 * The monthly figures, for service managers and admins: a month picker over
 * the stored snapshots, the month's headline figures, the charts the annual
 * reports are made of (each with its table), and the month's downloads.
 */
import { AGE_BANDS, FIGURES_BASIS, categoryRows, type MonthlyFigures } from '#shared/domain/figures';
import { GENDERS } from '#shared/domain/records';
import { monthsEndingWith, reportingYearOf } from '#shared/domain/year-month';
import type { Snapshot, SnapshotSummary } from '#shared/store/ports';
import { useEffect } from 'preact/hooks';
import type { Api } from '../api';
import { BarChart, type Series } from '../charts';
import { count, longMonth, percent, reportingYearName, shortMonth } from '../format';
import { hrefOf } from '../router';
import { Downloads } from './downloads';
import { PageHeading, Show, useLoad } from './page';
import { Picker } from './picker';

/** The month ends the history charts cover, as the reports' charts do. */
const HISTORY_MONTHS = 13;

/** The months that have a snapshot, newest first; read once a session. */
let snapshotList: Promise<SnapshotSummary[]> | undefined;
export function listSnapshots(api: Api): Promise<SnapshotSummary[]> {
  snapshotList ??= api.get<{ snapshots: SnapshotSummary[] }>('/snapshots').then(
    (answer) => answer.snapshots,
    (error: unknown) => {
      snapshotList = undefined;
      throw error;
    },
  );
  return snapshotList;
}

/** Each month's latest snapshot, read once a session (a snapshot never changes; a new revision is a new read next session). */
const snapshots = new Map<string, Promise<Snapshot>>();
function snapshotOf(api: Api, month: string): Promise<Snapshot> {
  let snapshot = snapshots.get(month);
  if (!snapshot) {
    snapshot = api.get<Snapshot>(`/snapshots/${month}`);
    snapshots.set(month, snapshot);
    snapshot.catch(() => snapshots.delete(month));
  }
  return snapshot;
}

interface MonthView {
  months: SnapshotSummary[];
  month: string;
  /** The history, oldest first; null where a month has no snapshot. */
  history: { month: string; figures: MonthlyFigures | null }[];
  /** The month's own snapshot. */
  snapshot: Snapshot;
  figures: MonthlyFigures;
}

async function loadMonth(api: Api, wanted: string | undefined): Promise<MonthView | { months: [] }> {
  const months = await listSnapshots(api);
  const month = wanted ?? months[0]?.month;
  if (!month) return { months: [] };
  const stored = new Set(months.map((m) => m.month));
  const window = monthsEndingWith(month, HISTORY_MONTHS);
  const history = await Promise.all(
    window.map(async (m) => ({ month: m, figures: stored.has(m) || m === month ? (await snapshotOf(api, m)).figures : null })),
  );
  const snapshot = await snapshotOf(api, month);
  return { months, month, history, snapshot, figures: snapshot.figures };
}

export function SnapshotsScreen({ api, month }: { api: Api; month?: string }) {
  const loaded = useLoad(() => loadMonth(api, month), [month]);
  return (
    <>
      <PageHeading>Monthly figures</PageHeading>
      <Show loaded={loaded} what="the monthly figures">
        {(view) => ('month' in view ? <MonthFigures api={api} view={view} /> : <p class="govuk-body">No month has a snapshot yet. The monthly job takes one at 02:00 on the 1st.</p>)}
      </Show>
    </>
  );
}

function MonthFigures({ api, view }: { api: Api; view: MonthView }) {
  const { figures, history, month, snapshot } = view;
  const icpcWithin = `within ${snapshot.settings.icpcWorkingDays} working days`;
  useEffect(() => {
    // For the page benchmark: the month is on screen, charts and all.
    performance.mark('snapshot-shown');
  }, [view]);
  const labels = history.map((h) => shortMonth(h.month));
  const series = (label: string, value: (f: MonthlyFigures) => number): Series => ({ label, values: history.map((h) => (h.figures ? value(h.figures) : null)) });
  const year = reportingYearOf(month);

  return (
    <div data-month={month}>
      <Picker id="month" label="Month" button="Show month" value={month} hrefOf={hrefOf.snapshots}
        options={view.months.map((m) => ({ value: m.month, label: longMonth(m.month) }))} />
      <h2 class="govuk-heading-l" id="month-heading">{longMonth(month)}</h2>
      {snapshot.basis < FIGURES_BASIS && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            This snapshot was counted on an earlier basis (advocacy in meetings, not children; see docs/domain.md, “Bases of the figures”). An admin can take a new revision to count it as the reports do.
          </strong>
        </div>
      )}
      <ul class="app-headlines" aria-labelledby="month-heading">
        <Headline label="Children on the register at month end" value={count(figures.registerTotal)} />
        <Headline label="Care experienced children at month end" value={count(figures.lookedAfterAtMonthEnd)} />
        <Headline label="CERs held in compliance" value={percent(figures.cer.inCompliance, figures.cer.held)} detail={`${count(figures.cer.inCompliance)} of ${count(figures.cer.held)}`} />
        <Headline label={`ICPCs ${icpcWithin}`} value={percent(figures.icpc.inCompliance, figures.icpc.held - figures.icpcNotJudged)}
          detail={`${count(figures.icpc.inCompliance)} of ${count(figures.icpc.held - figures.icpcNotJudged)}${figures.icpcNotJudged > 0 ? `; ${count(figures.icpcNotJudged)} not judged (no strategy discussion)` : ''}`} />
        <Headline label="RCPCs held in compliance" value={percent(figures.rcpc.inCompliance, figures.rcpc.held)} detail={`${count(figures.rcpc.inCompliance)} of ${count(figures.rcpc.held)}`} />
        <Headline label="Became looked after / ceased" value={`${count(figures.becameLookedAfter)} / ${count(figures.ceasedLookedAfter)}`} />
        <Headline label="Removed at the first review conference" value={percent(figures.removedAtFirstReviewConference, figures.firstReviewConferencesHeld)}
          detail={`${count(figures.removedAtFirstReviewConference)} of ${count(figures.firstReviewConferencesHeld)}`} />
        <Headline label="Children with advocacy: offered / provided" value={`${count(figures.advocacy.offered)} / ${count(figures.advocacy.provided)}`}
          detail={`Year to date: ${count(figures.advocacyYearToDate.offered)} / ${count(figures.advocacyYearToDate.provided)}`} />
        <Headline label="Caseload per full-time IRO" value={figures.caseloadPerFte.average === null ? 'n/a' : figures.caseloadPerFte.average.toFixed(1)} />
        <Headline label="Case disputes open at month end" value={count(figures.disputes.openAtMonthEnd)}
          detail={`Started this month: ${count(figures.disputes.startedInformal)} informal, ${count(figures.disputes.startedFormal)} formal`} />
      </ul>

      <Downloads
        api={api}
        what={longMonth(month)}
        csv={{ path: `/snapshots/${month}?format=csv`, name: `snapshot-${month}.csv` }}
        json={{ path: `/snapshots/${month}`, name: `snapshot-${month}.json` }}
      />
      <p class="govuk-body">
        <a class="govuk-link" href={hrefOf.annual(year)}>The annual report for {reportingYearName(year)}</a>
      </p>

      <h2 class="govuk-heading-l">The last {HISTORY_MONTHS} month ends</h2>
      <BarChart
        id="register-by-category"
        title="Children on the register by category"
        categoryHeading="Month end"
        categories={labels}
        series={categoryRows(history.flatMap((h) => (h.figures ? [h.figures] : []))).map((category) => series(category, (f) => f.registerByCategory[category] ?? 0))}
        stacked
        total
      />
      <BarChart id="icpc" title={`ICPCs held, and held ${icpcWithin}`} categoryHeading="Month" categories={labels}
        series={[series('Held', (f) => f.icpc.held), series(`Within ${snapshot.settings.icpcWorkingDays} working days`, (f) => f.icpc.inCompliance)]} />
      <BarChart id="rcpc" title="RCPCs held, and held in compliance" categoryHeading="Month" categories={labels}
        series={[series('Held', (f) => f.rcpc.held), series('In compliance', (f) => f.rcpc.inCompliance)]} />
      <BarChart id="cer" title="CERs held, and held in compliance" categoryHeading="Month" categories={labels}
        series={[series('Held', (f) => f.cer.held), series('In compliance', (f) => f.cer.inCompliance)]} />
      <BarChart id="looked-after" title="Children who became and ceased to be looked after" categoryHeading="Month" categories={labels}
        series={[series('Became looked after', (f) => f.becameLookedAfter), series('Ceased to be looked after', (f) => f.ceasedLookedAfter)]} />

      <h2 class="govuk-heading-l">Care experienced children at the end of {longMonth(month)}</h2>
      <BarChart id="cec-age" title="Care experienced children by age band" categoryHeading="Age band" categories={[...AGE_BANDS]}
        series={[{ label: 'Children', values: AGE_BANDS.map((band) => figures.lookedAfterByAgeBand[band]) }]} />
      <BarChart id="cec-gender" title="Care experienced children by gender" categoryHeading="Gender" categories={GENDERS.map(genderName)}
        series={[{ label: 'Children', values: GENDERS.map((gender) => figures.lookedAfterByGender[gender]) }]} />

      <h2 class="govuk-heading-l">Children on the register at the end of {longMonth(month)}</h2>
      <BarChart id="register-gender-age" title="Children on the register by gender and age band" categoryHeading="Age band" categories={[...AGE_BANDS]}
        series={GENDERS.map((gender) => ({ label: genderName(gender), values: AGE_BANDS.map((band) => figures.registerByGenderAndAgeBand[gender][band]) }))} stacked total />
    </div>
  );
}

const GENDER_NAMES: Record<(typeof GENDERS)[number], string> = { female: 'Female', male: 'Male', other: 'Other', 'not-stated': 'Not stated' };
const genderName = (gender: (typeof GENDERS)[number]) => GENDER_NAMES[gender];

function Headline({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <li class="app-headline">
      <span class="app-headline__value">{value}</span>
      <span class="govuk-body-s">{label}</span>
      {detail && <span class="govuk-body-s govuk-!-display-block">{detail}</span>}
    </li>
  );
}
