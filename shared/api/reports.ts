/**
 * The service manager's downloads: the monthly snapshots (JSON or CSV) and
 * the annual report (April to March) built from that year's snapshots.
 */
import { categoryRows, formatCount, percentage, sumMonths, type MonthlyFigures } from '#shared/domain/figures';
import { reportingYear } from '#shared/domain/year-month';
import { NotFoundError } from '#shared/errors';
import type { ApiRequest, ApiResponse, RequestOf } from '#shared/http/types';
import { runMonthlySnapshot, type MonthlyDeps } from '#shared/jobs/monthly-snapshot';
import type { SnapshotStore } from '#shared/store/ports';
import { annualCsv, snapshotCsv, type AnnualRow } from '#shared/api/report-csv';

/** What the report routes need: the stored snapshots, and what taking a snapshot on request needs. */
export interface ReportDeps extends MonthlyDeps {
  snapshots: SnapshotStore;
}

const CSV_HEADERS = (filename: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${filename}"`,
});

/** CSV when asked by `?format=csv` or `Accept: text/csv`; JSON otherwise. */
function wantsCsv(request: ApiRequest, format: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(request.headers['accept'] ?? ''));
}

/** The operations of the report routes. */
export function reportOperations(deps: ReportDeps) {
  return {
    async listSnapshots(): Promise<ApiResponse> {
      const snapshots = await deps.snapshots.list();
      return { status: 200, body: { snapshots: snapshots.sort((a, b) => b.month.localeCompare(a.month)) } };
    },

    async getSnapshot(request: RequestOf<'getSnapshot'>): Promise<ApiResponse> {
      const { month } = request.params;
      const { query } = request;
      const snapshot = await deps.snapshots.get(month, query.revision);
      if (!snapshot) throw new NotFoundError(`No snapshot of ${month}${query.revision ? ` revision ${query.revision}` : ''}.`);
      if (wantsCsv(request, query.format)) {
        return { status: 200, text: snapshotCsv(snapshot.figures, snapshot.revision), headers: CSV_HEADERS(`snapshot-${month}-r${snapshot.revision}.csv`) };
      }
      return { status: 200, body: snapshot };
    },

    async createSnapshot(request: RequestOf<'createSnapshot'>): Promise<ApiResponse> {
      const { month } = request.params;
      const { snapshot, created } = await runMonthlySnapshot(deps, { month, force: true, by: request.caller.email });
      return { status: created ? 201 : 200, body: snapshot, headers: { location: `/snapshots/${month}?revision=${snapshot.revision}` } };
    },

    async getAnnualReport(request: RequestOf<'getAnnualReport'>): Promise<ApiResponse> {
      const { query } = request;
      const months = reportingYear(query.year);
      const snapshots = await Promise.all(months.map((month) => deps.snapshots.get(month)));
      const figures = snapshots.flatMap((snapshot) => (snapshot ? [snapshot.figures] : []));
      const missingMonths = months.filter((_, index) => !snapshots[index]);
      const byMonth = (value: (f: MonthlyFigures) => number) => snapshots.map((snapshot) => (snapshot ? value(snapshot.figures) : null));
      const total = sumMonths(figures);
      const last = figures.at(-1);
      // Month-end figures are stocks: the year's value is the last month's, not a sum.
      const stock = (figure: string, value: (f: MonthlyFigures) => number): AnnualRow => ({ figure, months: byMonth(value), year: last ? value(last) : '' });
      const flow = (figure: string, value: (f: MonthlyFigures) => number, year: number): AnnualRow => ({ figure, months: byMonth(value), year });
      const rows: AnnualRow[] = [
        stock('Children on the register at month end', (f) => f.registerTotal),
        // Chart 4's ten, then every other combination on the register at any month end of the year.
        ...categoryRows(figures).map((category) => stock(`On the register: ${category}`, (f) => f.registerByCategory[category] ?? 0)),
        flow('Registrations added', (f) => f.registrationsAdded, total.registrationsAdded),
        flow('Registrations removed', (f) => f.registrationsRemoved, total.registrationsRemoved),
        flow('ICPCs held', (f) => f.icpc.held, total.icpc.held),
        flow('ICPCs held within 15 working days', (f) => f.icpc.inCompliance, total.icpc.inCompliance),
        flow('RCPCs held', (f) => f.rcpc.held, total.rcpc.held),
        flow('RCPCs held in compliance', (f) => f.rcpc.inCompliance, total.rcpc.inCompliance),
        flow('Transfer-in conferences held', (f) => f.transferIn.held, total.transferIn.held),
        flow('Transfer-in conferences held in compliance', (f) => f.transferIn.inCompliance, total.transferIn.inCompliance),
        flow('CERs held', (f) => f.cer.held, total.cer.held),
        flow('CERs held in compliance', (f) => f.cer.inCompliance, total.cer.inCompliance),
        flow('Re-registrations within 12 months', (f) => f.reRegistrationsWithin12Months, total.reRegistrationsWithin12Months),
        stock('Registered more than 18 months', (f) => f.registeredMoreThan18Months),
        flow('Removed at first review conference', (f) => f.removedAtFirstReviewConference, total.removedAtFirstReviewConference),
        flow('Became looked after', (f) => f.becameLookedAfter, total.becameLookedAfter),
        flow('Ceased to be looked after', (f) => f.ceasedLookedAfter, total.ceasedLookedAfter),
        stock('Care experienced children at month end', (f) => f.lookedAfterAtMonthEnd),
        flow('Children participating at ICPC', (f) => f.participation.icpc.childParticipated, total.participation.icpc.childParticipated),
        flow('Children participating at RCPC', (f) => f.participation.rcpc.childParticipated, total.participation.rcpc.childParticipated),
        flow('Advocacy: active offers made', (f) => f.advocacy.offered, total.advocacy.offered),
        flow('Advocacy: advocates provided', (f) => f.advocacy.provided, total.advocacy.provided),
        flow('Mid-point reviews held', (f) => f.midpointReviewsHeld, total.midpointReviewsHeld),
        flow('Meetings booked after their due date, with a reason', (f) => f.meetingsBookedLate, total.meetingsBookedLate),
        flow('QA audits completed', (f) => f.qaAuditsCompleted, total.qaAuditsCompleted),
      ];
      const headline = (count: number, what: string, compliant: number, within: string) =>
        `${formatCount(count)} ${what}, ${percentage(compliant, count)} ${within}`;
      const headlines = [
        headline(total.cer.held, 'CERs', total.cer.inCompliance, 'within timescales'),
        headline(total.icpc.held, 'ICPCs', total.icpc.inCompliance, 'within 15 working days'),
        headline(total.rcpc.held, 'RCPCs', total.rcpc.inCompliance, 'in compliance'),
        `${formatCount(total.becameLookedAfter)} children became looked after and ${formatCount(total.ceasedLookedAfter)} ceased`,
      ];
      if (wantsCsv(request, query.format)) {
        return { status: 200, text: annualCsv(query.year, months, rows, headlines), headers: CSV_HEADERS(`annual-report-${query.year}.csv`) };
      }
      return { status: 200, body: { year: query.year, months, missingMonths, rows, totals: total, headlines } };
    },
  };
}
