/**
 * The snapshots and the annual report as CSV, one table a section with a
 * blank line between, written with csv-stringify and a byte-order mark so
 * that Excel opens it cleanly (UTF-8, names with commas quoted).
 */
import { stringify } from 'csv-stringify/sync';
import { AGE_BANDS, categoryRows, percentage, type MonthlyFigures } from '#shared/domain/figures';
import { GENDERS } from '#shared/domain/records';

type Row = (string | number)[];

const BOM = '\uFEFF';

function sections(...tables: { title: string; header: Row; rows: Row[] }[]): string {
  const rows: Row[] = [];
  tables.forEach((table, index) => {
    if (index > 0) rows.push([]);
    rows.push([table.title], table.header, ...table.rows);
  });
  return BOM + stringify(rows, { record_delimiter: 'windows' });
}

const byEmail = (counts: Record<string, number>): Row[] => Object.entries(counts).map(([email, count]) => [email, count]);

/** One month's snapshot. */
export function snapshotCsv(figures: MonthlyFigures, revision: number): string {
  const meeting = (name: string, held: { held: number; inCompliance: number }): Row => [name, held.held, held.inCompliance, percentage(held.inCompliance, held.held)];
  return sections(
    { title: `Snapshot of ${figures.month} (revision ${revision}), month end ${figures.monthEnd}`, header: ['Figure', 'Value'], rows: [
      ['Children on the register at month end', figures.registerTotal],
      ['Registrations added', figures.registrationsAdded],
      ['Registrations removed', figures.registrationsRemoved],
      ['Re-registrations within 12 months', figures.reRegistrationsWithin12Months],
      ['Registered more than 18 months', figures.registeredMoreThan18Months],
      ['Removed at first review conference (under 90 days)', figures.removedAtFirstReviewConference],
      ['Became looked after', figures.becameLookedAfter],
      ['Ceased to be looked after', figures.ceasedLookedAfter],
      ['Care experienced children at month end', figures.lookedAfterAtMonthEnd],
      ['Advocacy: active offers made', figures.advocacy.offered],
      ['Advocacy: advocates provided', figures.advocacy.provided],
      ['Mid-point reviews held', figures.midpointReviewsHeld],
      ['Meetings booked after their due date, with a reason', figures.meetingsBookedLate],
      ['QA audits completed', figures.qaAuditsCompleted],
      ['Children whose meetings could not be judged', figures.childrenNotJudged],
    ] },
    { title: 'Children on the register by category at month end', header: ['Category', 'Children'], rows: [
      // Chart 4's ten, then any other combination on the register that month end.
      ...categoryRows([figures]).map((category) => [category, figures.registerByCategory[category] ?? 0]),
      ['Total', figures.registerTotal],
    ] },
    { title: 'Meetings held and held in compliance', header: ['Meeting', 'Held', 'In compliance', 'Percentage'], rows: [
      meeting('ICPC', figures.icpc),
      meeting('RCPC', figures.rcpc),
      meeting('CER', figures.cer),
      meeting('Transfer-in conference', figures.transferIn),
    ] },
    { title: "Children's participation", header: ['Conference', 'Held', 'Child participated'], rows: [
      ['ICPC', figures.participation.icpc.held, figures.participation.icpc.childParticipated],
      ['RCPC', figures.participation.rcpc.held, figures.participation.rcpc.childParticipated],
    ] },
    { title: 'Care experienced children by gender at month end', header: ['Gender', 'Children'], rows: GENDERS.map((gender) => [gender, figures.lookedAfterByGender[gender]]) },
    { title: 'Care experienced children by age band at month end', header: ['Age band', 'Children'], rows: AGE_BANDS.map((band) => [band, figures.lookedAfterByAgeBand[band]]) },
    { title: 'Meetings chaired', header: ['Chair', 'Meetings'], rows: byEmail(figures.meetingsChaired) },
    { title: 'Caseload by IRO at month end', header: ['IRO', 'Children'], rows: byEmail(figures.caseloadByIro) },
  );
}

/** One figure's line of the annual report: its name, its value each month and over the year. */
export interface AnnualRow {
  figure: string;
  /** One value a month, April to March; `null` where the month has no snapshot. */
  months: (number | null)[];
  /** The year's total (or, for a month-end figure, the March value). */
  year: number | string;
}

/** The annual report: each figure month by month with the year's total. */
export function annualCsv(year: number, months: string[], rows: AnnualRow[], headlines: string[]): string {
  return sections(
    { title: `Annual report ${year}-${String((year + 1) % 100).padStart(2, '0')} (April to March)`, header: ['Figure', ...months, 'Year'], rows: rows.map((row) => [row.figure, ...row.months.map((value) => value ?? ''), row.year]) },
    { title: 'Headlines', header: ['Headline'], rows: headlines.map((headline) => [headline]) },
  );
}
