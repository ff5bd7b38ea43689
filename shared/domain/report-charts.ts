/**
 * The thirteen charts of the annual report (docs/domain.md and DOMAIN.md,
 * "Figures the service reports"), as data: each chart's number, title, kind
 * and the annual report's lines it plots, by their stable keys. The page's
 * annual view draws them with Chart.js and the committee's Word document with
 * Vega-Lite, from this one list, so the two cannot disagree on what a chart
 * shows. Pure: no store, no clock, no drawing library.
 */
import { AGE_BANDS, formatCount, percentage } from '#shared/domain/figures';
import { GENDERS, REGISTRATION_CATEGORIES } from '#shared/domain/records';

/** How a chart draws its series: side by side, one on another, or a line. */
export type ChartKind = 'bar' | 'grouped-bar' | 'stacked-bar' | 'line';

/** A line of the annual report as the charts read it: the report JSON's row, `key` and all. */
export interface ChartRow {
  key?: string;
  figure: string;
  months: (number | null)[];
  year: number | string;
}

/** One series of a chart: the annual report line it plots, and its name in the legend and the table. */
export interface ChartSeries {
  key: string;
  label: string;
}

/** One chart of the report. */
export interface ReportChart {
  /** Its number in the reports (Chart 1 to Chart 13). */
  number: number;
  /** A name for anchors and ids: `chart-2`. */
  id: string;
  /** As the reports title it, without "Chart n –". */
  title: string;
  kind: ChartKind;
  /**
   * `months`: one bar (or point) a month, April to March. `period-end`: the
   * last month's value of each series, across `categories` (Chart 11: the
   * care experienced by age band and gender at the year's end).
   */
  over: 'months' | 'period-end';
  /** The lines it plots, from the report's rows (Chart 4's categories depend on the year). */
  series(rows: readonly ChartRow[]): ChartSeries[];
  /** A month-end total drawn as a line over the bars, on its own scale (Chart 1's register, Chart 9's CEC). */
  line?: ChartSeries;
  /** The second series is part of the first (held in compliance of held): the alt text gives it as a percentage. */
  partOfFirst?: true;
  /** For `period-end` charts: the x axis (age bands), and each series' key for each (by gender). */
  categories?: readonly { label: string; keyOf(series: ChartSeries): string }[];
}

const months = (series: ChartSeries[]) => () => series;

const GENDER_NAMES: Record<(typeof GENDERS)[number], string> = { female: 'Female', male: 'Male', other: 'Other', 'not-stated': 'Not stated' };

/** The charts, in the reports' order. */
export const REPORT_CHARTS: readonly ReportChart[] = [
  {
    number: 1,
    id: 'chart-1',
    title: 'Additions to and removals from the Child Protection Register (CPR), and children on it at month end',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'registrationsAdded', label: 'Added to the CPR' },
      { key: 'registrationsRemoved', label: 'Removed from the CPR' },
    ]),
    line: { key: 'registerTotal', label: 'On the CPR at month end' },
  },
  {
    number: 2,
    partOfFirst: true,
    id: 'chart-2',
    title: 'Number of ICPCs and number held within statutory timescales',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'icpc.held', label: 'ICPCs held' },
      { key: 'icpc.inCompliance', label: 'Held within statutory timescales' },
    ]),
  },
  {
    number: 3,
    partOfFirst: true,
    id: 'chart-3',
    title: 'Number of CP reviews (RCPCs) held and number in compliance',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'rcpc.held', label: 'RCPCs held' },
      { key: 'rcpc.inCompliance', label: 'Held in compliance' },
    ]),
  },
  {
    number: 4,
    id: 'chart-4',
    title: 'Children on the CPR by registration category at month end',
    kind: 'stacked-bar',
    over: 'months',
    // Chart 4's ten, whether counted or not, then any other combination the year has a line for.
    series: (rows) => {
      const prefix = 'registerByCategory.';
      const chart4 = new Set<string>(REGISTRATION_CATEGORIES);
      const others = rows.flatMap((row) => (row.key?.startsWith(prefix) && !chart4.has(row.key.slice(prefix.length)) ? [row.key.slice(prefix.length)] : []));
      return [...REGISTRATION_CATEGORIES, ...others].map((category) => ({ key: `${prefix}${category}`, label: category }));
    },
  },
  {
    number: 5,
    id: 'chart-5',
    title: 'Re-registrations within 12 months',
    kind: 'bar',
    over: 'months',
    series: months([{ key: 'reRegistrationsWithin12Months', label: 'Re-registrations within 12 months' }]),
  },
  {
    number: 6,
    id: 'chart-6',
    title: 'Children subject to the CPR for more than 18 months',
    kind: 'line',
    over: 'months',
    series: months([{ key: 'registeredMoreThan18Months', label: 'On the CPR more than 18 months' }]),
  },
  {
    number: 7,
    partOfFirst: true,
    id: 'chart-7',
    title: 'Children whose names were removed from the CPR at their first review conference',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'firstReviewConferencesHeld', label: 'First review conferences held' },
      { key: 'removedAtFirstReviewConference', label: 'Removed at the first review conference' },
    ]),
  },
  {
    number: 8,
    id: 'chart-8',
    title: "Children's participation at child protection conferences",
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'participation.icpc.held', label: 'ICPCs held' },
      { key: 'participation.icpc.childParticipated', label: 'Child participated at ICPC' },
      { key: 'participation.rcpc.held', label: 'RCPCs held' },
      { key: 'participation.rcpc.childParticipated', label: 'Child participated at RCPC' },
    ]),
  },
  {
    number: 9,
    id: 'chart-9',
    title: 'Number of children who became looked after and who ceased to be looked after',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'becameLookedAfter', label: 'Became looked after' },
      { key: 'ceasedLookedAfter', label: 'Ceased to be looked after' },
    ]),
    line: { key: 'lookedAfterAtMonthEnd', label: 'Care experienced children at month end' },
  },
  {
    number: 10,
    partOfFirst: true,
    id: 'chart-10',
    title: 'Number of Care Experience Reviews (CER) and number held in compliance',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'cer.held', label: 'CERs held' },
      { key: 'cer.inCompliance', label: 'Held in compliance' },
    ]),
  },
  {
    number: 11,
    id: 'chart-11',
    title: 'Care experienced children (CEC) by gender and age at the end of the period',
    kind: 'grouped-bar',
    over: 'period-end',
    series: months(GENDERS.map((gender) => ({ key: `lookedAfterByGender.${gender}`, label: GENDER_NAMES[gender] }))),
    categories: AGE_BANDS.map((band) => ({
      label: band,
      keyOf: (series: ChartSeries) => `lookedAfterByGenderAndAgeBand.${series.key.slice('lookedAfterByGender.'.length)}.${band}`,
    })),
  },
  {
    number: 12,
    partOfFirst: true,
    id: 'chart-12',
    title: 'Children receiving an active offer of advocacy and those provided with the service',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'advocacy.offered', label: 'Active offer of advocacy made' },
      { key: 'advocacy.provided', label: 'Provided with an advocate' },
    ]),
  },
  {
    number: 13,
    id: 'chart-13',
    title: 'IRO caseloads, meetings chaired, quality assurance audits, mid-point reviews and formal case disputes',
    kind: 'grouped-bar',
    over: 'months',
    series: months([
      { key: 'meetingsChaired', label: 'Statutory meetings chaired' },
      { key: 'qaAuditsCompleted', label: 'QA audits completed' },
      { key: 'midpointReviewsHeld', label: 'Mid-point reviews held' },
      { key: 'disputes.startedFormal', label: 'Formal case disputes started' },
    ]),
    line: { key: 'caseloadPerFte.average', label: 'Caseload per full-time IRO' },
  },
];

/** A chart's series as numbers: each month's value (a missing row or month drawn as 0) and the year's. */
export interface SeriesValues extends ChartSeries {
  months: number[];
  year: number;
  /** False when the report has no line of this key (drawn as zeros). */
  present: boolean;
}

/**
 * The values of a series, by its key in the report's rows; a row the report
 * does not have yet (a figure added in a later release) is drawn as zeros, as
 * is a month with no snapshot.
 */
export function seriesValues(rows: readonly ChartRow[], series: ChartSeries): SeriesValues {
  const row = rows.find((candidate) => candidate.key === series.key);
  const months = Array.from({ length: 12 }, (_, index) => row?.months[index] ?? 0);
  const year = typeof row?.year === 'number' ? row.year : 0;
  return { ...series, months, year, present: row !== undefined };
}

/** Every series a chart shows, its line last: what its table lists. */
export function chartSeries(chart: ReportChart, rows: readonly ChartRow[]): SeriesValues[] {
  return [...chart.series(rows), ...(chart.line ? [chart.line] : [])].map((series) => seriesValues(rows, series));
}

/** A period-end chart's values: for each series (gender), its value in each category (age band) at the year's end. */
export function periodEndValues(chart: ReportChart, rows: readonly ChartRow[]): { series: ChartSeries; values: number[] }[] {
  return chart.series(rows).map((series) => ({
    series,
    values: (chart.categories ?? []).map((category) => seriesValues(rows, { key: category.keyOf(series), label: category.label }).year),
  }));
}

/**
 * The chart's alt text, built from its numbers: what it shows, over which
 * months, and each series' year (for a month-end figure, its value at the
 * year's end), so that a reader who cannot see the picture loses nothing
 * the headline needs; the table beneath has every month.
 *
 * @example
 * altText(REPORT_CHARTS[1]!, rows, 'April 2024 to March 2025');
 * // 'Chart 2, grouped bar chart by month, April 2024 to March 2025: Number of ICPCs and … ICPCs held: 70 over the year; Held within statutory timescales: 65 over the year (92.86%). The numbers are in the table beneath.'
 */
export function altText(chart: ReportChart, rows: readonly ChartRow[], period: string): string {
  const kind = { bar: 'bar chart', 'grouped-bar': 'grouped bar chart', 'stacked-bar': 'stacked bar chart', line: 'line chart' }[chart.kind];
  const head = `Chart ${chart.number}, ${kind} ${chart.over === 'months' ? 'by month' : 'by age band, at the end of the period'}, ${period}: ${chart.title}.`;
  if (chart.over === 'period-end') {
    const parts = periodEndValues(chart, rows).map(({ series, values }) => {
      const total = values.reduce((sum, value) => sum + value, 0);
      const largest = values.indexOf(Math.max(...values));
      const band = total === 0 ? '' : `, the most aged ${chart.categories?.[largest]?.label}`;
      return `${series.label}: ${formatCount(total)}${band}`;
    });
    return `${head} ${parts.join('; ')}. The numbers are in the table beneath.`;
  }
  const values = chartSeries(chart, rows);
  const first = values[0];
  const parts = values.map((series, index) => {
    const share = index === 1 && first && chart.partOfFirst ? ` (${percentage(series.year, first.year)})` : '';
    const stock = isStock(series.key);
    const range = stock ? `${formatCount(series.months[0] ?? 0)} in April to ${formatCount(series.months[11] ?? 0)} in March` : `${formatCount(series.year)} over the year`;
    return `${series.label}: ${range}${share}`;
  });
  return `${head} ${parts.join('; ')}. The numbers are in the table beneath.`;
}

/** Month-end counts (stocks) rather than counts over the month (flows): a year of them is the last month, not a sum. */
export function isStock(key: string): boolean {
  return /^(registerTotal|registerBy|lookedAfterAtMonthEnd|lookedAfterBy|registeredMoreThan18Months|caseloadPerFte|disputes\.openAtMonthEnd)/.test(key);
}
