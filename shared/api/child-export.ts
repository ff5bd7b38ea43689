/**
 * A child's whole file, out, for a subject access request: what
 * `GET /children/{childId}/export` answers, as JSON or as one readable,
 * self-contained HTML document (every value escaped, no external asset).
 *
 * Decision: a record removed as entered in error is deleted from the child's
 * partition; the audit entry of its removal keeps every field it had
 * (`from`), who removed it, when and why. The export recovers removed records
 * from those entries, and from nothing else.
 */
import type { AuditEntry } from '#shared/store/ports';

/** A record removed as entered in error, recovered from the audit entry of its removal. */
export interface RemovedRecord {
  recordType: string;
  recordId: string;
  removedAt: string;
  removedBy: string;
  reason?: string;
  /** Every field the record had when it was removed. */
  record: Record<string, unknown>;
}

/** The records the audit trail says were removed as entered in error, oldest first, each whole. */
export function removedRecordsOf(audit: readonly AuditEntry[]): RemovedRecord[] {
  return audit
    .filter((entry) => entry.action.endsWith('.removed') && entry.recordType !== 'child')
    .map((entry) => ({
      recordType: entry.recordType,
      recordId: entry.recordId,
      removedAt: entry.at,
      removedBy: entry.actor,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      record: Object.fromEntries(entry.changes.map((change) => [change.field, change.from])),
    }));
}

/** The parts of an export the HTML document shows, section by section. */
export interface ExportForHtml {
  exportedAt: string;
  exportedBy: string;
  asOf: string;
  child: { reference: string } & Record<string, unknown>;
  records: Record<string, readonly object[]>;
  removedRecords: readonly RemovedRecord[];
  timescales: readonly object[];
  meetings: readonly object[];
  audit: readonly object[];
  reads: readonly object[];
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: unknown): string => String(value).replace(/[&<>"']/g, (character) => ENTITIES[character]!);
const cell = (value: unknown): string => (value === undefined ? '' : escape(typeof value === 'object' && value !== null ? JSON.stringify(value) : value));

/** A table of rows, a column for every field any row has. */
function table(rows: readonly object[]): string {
  if (rows.length === 0) return '<p>None.</p>';
  const records = rows as readonly Record<string, unknown>[];
  const columns = [...new Set(records.flatMap((row) => Object.keys(row)))];
  const head = columns.map((column) => `<th scope="col">${escape(column)}</th>`).join('');
  const body = records.map((row) => `<tr>${columns.map((column) => `<td>${cell(row[column])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const section = (title: string, content: string) => `<section><h2>${escape(title)}</h2>\n${content}\n</section>`;

/** The export as one self-contained HTML document: a title with the case reference, a section a kind. */
export function exportHtml(data: ExportForHtml): string {
  const profile = `<table><tbody>${Object.entries(data.child)
    .map(([field, value]) => `<tr><th scope="row">${escape(field)}</th><td>${cell(value)}</td></tr>`)
    .join('')}</tbody></table>`;
  const title = `Case ${data.child.reference}: everything held`;
  return [
    '<!doctype html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escape(title)}</title>`,
    '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #999;padding:.2em .4em;text-align:left;vertical-align:top}</style>',
    '</head><body>',
    `<h1>${escape(title)}</h1>`,
    `<p>Exported ${escape(data.exportedAt)} by ${escape(data.exportedBy)}; timescales as of ${escape(data.asOf)}.</p>`,
    section('Profile', profile),
    ...Object.entries(data.records).map(([kind, rows]) => section(`Records: ${kind}`, table(rows))),
    section('Records removed as entered in error', table(data.removedRecords)),
    section('Open timescales', table(data.timescales)),
    section("Meetings' verdicts", table(data.meetings)),
    section('Audit trail: who changed what', table(data.audit)),
    section('Read log: who read this file', table(data.reads)),
    '</body></html>',
    '',
  ].join('\n');
}
