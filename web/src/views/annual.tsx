/** The annual report for a reporting year (April to March): the headlines, the report's thirteen charts, each figure month by month, and the downloads. */
import { REPORT_CHARTS, type ReportChart } from '#shared/domain/report-charts';
import { reportingYear, reportingYearOf } from '#shared/domain/year-month';
import type { Api } from '../api';
import { BarChart, type Series } from '../charts';
import { count, longMonth, reportingYearName, shortMonth } from '../format';
import { hrefOf } from '../router';
import { Downloads } from './downloads';
import { PageHeading, Show, useLoad } from './page';
import { Picker } from './picker';
import { listSnapshots } from './snapshots';

interface AnnualAnswer {
  year: number;
  months: string[];
  missingMonths: string[];
  /** Months whose snapshot was counted on an earlier basis (docs/domain.md, "Bases of the figures"). */
  monthsOnEarlierBasis: string[];
  rows: { key?: string; figure: string; months: (number | null)[]; year: number | '' }[];
  headlines: string[];
}

async function loadYear(api: Api, wanted: number | undefined) {
  const months = await listSnapshots(api);
  const years = [...new Set(months.map((m) => reportingYearOf(m.month)))].sort((a, b) => b - a);
  const year = wanted ?? years[0];
  if (year === undefined) return { years, report: undefined };
  return { years: years.includes(year) ? years : [year, ...years], report: await api.get<AnnualAnswer>(`/reports/annual?year=${year}`) };
}

export function AnnualScreen({ api, year }: { api: Api; year?: number }) {
  const loaded = useLoad(() => loadYear(api, year), [year]);
  return (
    <>
      <PageHeading>Annual report</PageHeading>
      <Show loaded={loaded} what="the annual report">
        {({ years, report }) =>
          report ? (
            <Report api={api} years={years} report={report} />
          ) : (
            <p class="govuk-body">No month has a snapshot yet, so there is no report to show.</p>
          )
        }
      </Show>
    </>
  );
}

function Report({ api, years, report }: { api: Api; years: number[]; report: AnnualAnswer }) {
  const months = reportingYear(report.year);
  return (
    <>
      <Picker id="year" label="Reporting year" button="Show year" value={String(report.year)} hrefOf={(year) => hrefOf.annual(Number(year))}
        options={years.map((y) => ({ value: String(y), label: reportingYearName(y) }))} />

      <h2 class="govuk-heading-l">{reportingYearName(report.year)}</h2>
      {report.missingMonths.length > 0 && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            No snapshot yet for {report.missingMonths.map(longMonth).join(', ')}: the year so far.
          </strong>
        </div>
      )}
      {report.monthsOnEarlierBasis.length > 0 && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {report.monthsOnEarlierBasis.map(longMonth).join(', ')} {report.monthsOnEarlierBasis.length === 1 ? 'was' : 'were'} counted on an earlier basis (advocacy in meetings, not children). An admin can take a new revision of each to count it as the reports do.
          </strong>
        </div>
      )}
      <ul class="govuk-list govuk-list--bullet">
        {report.headlines.map((headline) => (
          <li>{headline}</li>
        ))}
      </ul>
      <Downloads
        api={api}
        what={reportingYearName(report.year)}
        csv={{ path: `/reports/annual?year=${report.year}&format=csv`, name: `annual-report-${report.year}.csv` }}
        json={{ path: `/reports/annual?year=${report.year}`, name: `annual-report-${report.year}.json` }}
        docx={{ path: `/reports/annual?year=${report.year}&format=docx`, name: `annual-report-${report.year}-${String(report.year + 1).slice(2)}.docx` }}
      />
      <h2 class="govuk-heading-l">The report's charts</h2>
      {REPORT_CHARTS.map((chart) => (
        <AnnualChart chart={chart} report={report} months={months} />
      ))}
      <div class="app-table-scroll" tabIndex={0} role="region" aria-label="The annual report's figures">
        <table class="govuk-table app-table--small" data-annual-table>
          <caption class="govuk-table__caption govuk-table__caption--m">Each figure, month by month</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Figure</th>
              {months.map((m) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">{shortMonth(m)}</th>
              ))}
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Year</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {report.rows.map((row) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{row.figure}</th>
                {row.months.map((value) => (
                  <td class="govuk-table__cell govuk-table__cell--numeric">{value === null ? '–' : count(value)}</td>
                ))}
                <td class="govuk-table__cell govuk-table__cell--numeric">{row.year === '' ? '–' : count(row.year)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * One chart of the catalogue (shared/domain/report-charts.ts), as the
 * committee's document draws it: a line the report does not have is drawn as
 * zeros; a month with no snapshot is a gap, and "no snapshot" in the table.
 */
function AnnualChart({ chart, report, months }: { chart: ReportChart; report: AnnualAnswer; months: string[] }) {
  const rowOf = (key: string) => report.rows.find((row) => row.key === key);
  const title = `Chart ${chart.number} – ${chart.title}`;
  if (chart.over === 'period-end') {
    const categories = chart.categories ?? [];
    const series: Series[] = chart.series(report.rows).map((s) => ({
      label: s.label,
      values: categories.map((category) => {
        const year = rowOf(category.keyOf(s))?.year;
        return typeof year === 'number' ? year : 0;
      }),
    }));
    return <BarChart id={chart.id} title={title} categoryHeading="Age band" categories={categories.map((category) => category.label)} series={series} />;
  }
  const valuesOf = (key: string) => rowOf(key)?.months ?? months.map(() => 0);
  const series: Series[] = chart.series(report.rows).map((s) => ({ label: s.label, values: valuesOf(s.key) }));
  return (
    <BarChart
      id={chart.id}
      title={title}
      categoryHeading="Month"
      categories={months.map(shortMonth)}
      series={series}
      stacked={chart.kind === 'stacked-bar'}
      total={chart.kind === 'stacked-bar'}
      lines={chart.kind === 'line'}
      {...(chart.line ? { line: { label: chart.line.label, values: valuesOf(chart.line.key) } } : {})}
    />
  );
}
