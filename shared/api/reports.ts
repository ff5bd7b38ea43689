/**
 * The service manager's downloads: the monthly snapshots (JSON or CSV) and
 * the annual report (April to March) built from that year's snapshots.
 */
import { FIGURES_BASIS, sumMonths } from '#shared/domain/figures';
import { reportingYear } from '#shared/domain/year-month';
import { NotFoundError } from '#shared/errors';
import type { ApiRequest, ApiResponse, RequestOf } from '#shared/http/types';
import { runMonthlySnapshot, type MonthlyDeps } from '#shared/jobs/monthly-snapshot';
import type { SnapshotStore } from '#shared/store/ports';
import { annualHeadlines, annualRows } from '#shared/api/annual-report';
import { annualDocumentName, DOCX_CONTENT_TYPE, type AnnualDocuments } from '#shared/report-document/annual-documents';

/** What the report routes need: the stored snapshots, and what taking a snapshot on request needs. */
export interface ReportDeps extends MonthlyDeps {
  snapshots: SnapshotStore;
  /** Makes the committee's Word document of an annual report (`?format=docx`). */
  documents: AnnualDocuments;
}

const CSV_HEADERS = (filename: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${filename}"`,
});

/** The CSV writer (csv-stringify), loaded on the first CSV asked for, not at every cold start of the API. */
const reportCsv = () => import('#shared/api/report-csv');

/** CSV when asked by `?format=csv` or `Accept: text/csv`; JSON otherwise. */
function wantsCsv(request: ApiRequest, format: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(request.headers['accept'] ?? ''));
}

/** The committee's Word document when asked by `?format=docx` or by its media type in `Accept`. */
function wantsDocx(request: ApiRequest, format: string | undefined): boolean {
  return format === 'docx' || (format === undefined && (request.headers['accept'] ?? '').includes(DOCX_CONTENT_TYPE));
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
        return { status: 200, text: (await reportCsv()).snapshotCsv(snapshot.figures, snapshot.revision), headers: CSV_HEADERS(`snapshot-${month}-r${snapshot.revision}.csv`) };
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
      const monthsOnEarlierBasis = snapshots.flatMap((snapshot) => (snapshot && snapshot.basis < FIGURES_BASIS ? [snapshot.month] : []));
      const totals = sumMonths(figures);
      const rows = annualRows(snapshots.map((snapshot) => snapshot?.figures), totals, deps.policy);
      const headlines = annualHeadlines(query.year, totals, deps.policy);
      if (wantsCsv(request, query.format)) {
        return { status: 200, text: (await reportCsv()).annualCsv(query.year, months, rows, headlines), headers: CSV_HEADERS(`annual-report-${query.year}.csv`) };
      }
      const report = { year: query.year, basis: FIGURES_BASIS, months, missingMonths, monthsOnEarlierBasis, rows, totals, headlines };
      if (wantsDocx(request, query.format)) {
        const bytes = await deps.documents.render(report);
        return { status: 200, bytes, headers: { 'content-type': DOCX_CONTENT_TYPE, 'content-disposition': `attachment; filename="${annualDocumentName(query.year)}"` } };
      }
      return { status: 200, body: report };
    },
  };
}
