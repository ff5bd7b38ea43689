/**
 * The snapshots and the annual report as CSV, one table a section with a
 * blank line between, written with csv-stringify and a byte-order mark so
 * that Excel opens it cleanly (UTF-8, names with commas quoted).
 */
import { stringify } from 'csv-stringify/sync';
import { AGE_BANDS, categoryRows, percentage, type MonthlyFigures } from '#shared/domain/figures';
import { GENDERS } from '#shared/domain/records';
import type { AnnualRow } from '#shared/api/annual-report';

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
      ['First review conferences held', figures.firstReviewConferencesHeld],
      ['Removed from the register at the first review conference', figures.removedAtFirstReviewConference],
      ['Became looked after', figures.becameLookedAfter],
      ['Ceased to be looked after', figures.ceasedLookedAfter],
      ['Care experienced children at month end', figures.lookedAfterAtMonthEnd],
      ['Advocacy: children with an active offer made', figures.advocacy.offered],
      ['Advocacy: children provided with an advocate', figures.advocacy.provided],
      ['Advocacy, year to date: children with an active offer made', figures.advocacyYearToDate.offered],
      ['Advocacy, year to date: children provided with an advocate', figures.advocacyYearToDate.provided],
      ['ICPCs not judged: no strategy discussion recorded', figures.icpcNotJudged],
      ['Mid-point reviews held', figures.midpointReviewsHeld],
      ['Core groups held', figures.coreGroupsHeld],
      ['Meetings booked after their due date, with a reason', figures.meetingsBookedLate],
      ['QA audits completed (statutory meetings)', figures.qaAuditsCompleted],
      ['Caseload per full-time IRO (average)', figures.caseloadPerFte.average ?? ''],
      ['Case disputes started: informal', figures.disputes.startedInformal],
      ['Case disputes started: formal', figures.disputes.startedFormal],
      ['Case disputes resolved', figures.disputes.resolved],
      ['Case disputes open at month end', figures.disputes.openAtMonthEnd],
      ['Case disputes: independent legal advice sought', figures.disputes.legalAdviceSought],
      ['Case disputes: referred to Cafcass Cymru', figures.disputes.cafcassReferrals],
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
      ['CER', figures.cerParticipation.held, figures.cerParticipation.childParticipated],
    ] },
    { title: 'CERs held by participation code (SSDA903)', header: ['Code', 'CERs'], rows: Object.entries(figures.cerParticipation.byCode).map(([code, count]) => [code, count]) },
    { title: 'Children on the register by gender and age band at month end', header: ['Gender', ...AGE_BANDS, 'Total'], rows: GENDERS.map((gender) => [gender, ...AGE_BANDS.map((band) => figures.registerByGenderAndAgeBand[gender][band]), figures.registerByGender[gender]]) },
    { title: 'Care experienced children by gender and age band at month end', header: ['Gender', ...AGE_BANDS, 'Total'], rows: GENDERS.map((gender) => [gender, ...AGE_BANDS.map((band) => figures.lookedAfterByGenderAndAgeBand[gender][band]), figures.lookedAfterByGender[gender]]) },
    { title: 'Care experienced children by age band at month end', header: ['Age band', 'Children'], rows: AGE_BANDS.map((band) => [band, figures.lookedAfterByAgeBand[band]]) },
    { title: 'Statutory meetings chaired', header: ['Chair', 'Meetings'], rows: byEmail(figures.meetingsChaired) },
    { title: 'Caseload by IRO at month end', header: ['IRO', 'Children', 'Per full-time equivalent'], rows: Object.entries(figures.caseloadByIro).map(([email, count]) => [email, count, figures.caseloadPerFte.byIro[email] ?? '']) },
  );
}

/** The annual report: each figure month by month with the year's total. */
export function annualCsv(year: number, months: string[], rows: AnnualRow[], headlines: string[]): string {
  return sections(
    { title: `Annual report ${year}-${String((year + 1) % 100).padStart(2, '0')} (April to March)`, header: ['Figure', ...months, 'Year'], rows: rows.map((row) => [row.figure, ...row.months.map((value) => value ?? ''), row.year]) },
    { title: 'Headlines', header: ['Headline'], rows: headlines.map((headline) => [headline]) },
  );
}
