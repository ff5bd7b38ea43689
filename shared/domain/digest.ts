/**
 * The nightly digest: for each IRO and team manager, one email of what is
 * breached and what falls due soon for the children they are responsible
 * for. Pure: the entries and the day come in as values. An email leaves the
 * council's systems, so a line names the child by case reference and
 * initials only, never by name or date of birth.
 */
import { workingDaysBetween } from '#shared/domain/calendar/working-days';
import type { CalendarDate } from '#shared/domain/records';
import type { OpenTimescale, TimescaleKind } from '#shared/domain/timescales/types';
import { timescaleInWords, workingDaysInWords } from '#shared/domain/timescales/wording';

/** An open timescale with whom it concerns, as the due-date index holds it. */
export interface DigestEntry extends OpenTimescale {
  childId: string;
  reference: string;
  initials: string;
  iroEmail: string;
  teamManagerEmail: string;
}

/** One line of a digest: a child's timescale, when it is due and whether it is breached. */
export interface DigestLine {
  reference: string;
  initials: string;
  kind: TimescaleKind;
  label: string;
  dueDate: CalendarDate;
  breached: boolean;
  /** Working days left (positive) or overdue (negative). */
  workingDaysLeft: number;
  /** A team manager's response to recommendations, past its 5 working days. */
  responseOverdue: boolean;
}

/** One recipient's nightly email: its counts, its lines, and its subject and body as text and HTML. */
export interface Digest {
  recipient: string;
  asOf: CalendarDate;
  breached: number;
  dueSoon: number;
  lines: DigestLine[];
  subject: string;
  text: string;
  html: string;
}

/**
 * One digest per recipient with anything breached or due by `dueBy`:
 * the IRO of each entry's child and its team manager. Breached first, then by
 * due date. A recipient with nothing due gets no digest.
 */
export function buildDigests(entries: readonly DigestEntry[], asOf: CalendarDate, dueBy: CalendarDate, horizonWorkingDays: number): Digest[] {
  const byRecipient = new Map<string, Map<string, DigestLine>>();
  for (const entry of entries) {
    if (entry.dueDate > dueBy) continue;
    const breached = entry.dueDate < asOf;
    const line: DigestLine = {
      reference: entry.reference,
      initials: entry.initials,
      kind: entry.kind,
      label: timescaleInWords(entry),
      dueDate: entry.dueDate,
      breached,
      workingDaysLeft: workingDaysBetween(asOf, entry.dueDate),
      responseOverdue: entry.kind === 'MANAGER_RESPONSE' && breached,
    };
    for (const recipient of new Set([entry.iroEmail, entry.teamManagerEmail])) {
      const lines = byRecipient.get(recipient) ?? new Map<string, DigestLine>();
      lines.set(`${entry.childId}#${entry.kind}#${entry.countedFrom.recordId}`, line);
      byRecipient.set(recipient, lines);
    }
  }
  return [...byRecipient.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([recipient, lines]) => digestFor(recipient, asOf, horizonWorkingDays, [...lines.values()].sort(byUrgency)));
}

const byUrgency = (a: DigestLine, b: DigestLine) =>
  Number(b.breached) - Number(a.breached) || a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind);

function digestFor(recipient: string, asOf: CalendarDate, horizon: number, lines: DigestLine[]): Digest {
  const breached = lines.filter((line) => line.breached).length;
  const dueSoon = lines.length - breached;
  const subject = `IRO timescales: ${breached} breached, ${dueSoon} due in the next ${horizon} working days`;
  return { recipient, asOf, breached, dueSoon, lines, subject, text: textOf(asOf, subject, lines), html: htmlOf(asOf, subject, lines) };
}

const when = (line: DigestLine): string => workingDaysInWords(line.workingDaysLeft, line.breached);

function textOf(asOf: CalendarDate, subject: string, lines: DigestLine[]): string {
  const section = (title: string, part: DigestLine[]) =>
    part.length === 0
      ? []
      : [
          title,
          ...part.map(
            (line) =>
              `  ${line.reference} (${line.initials})  ${line.label}  due ${line.dueDate}  ${when(line)}${line.responseOverdue ? '  RESPONSE OVERDUE' : ''}`,
          ),
          '',
        ];
  return [
    `${subject}, as of ${asOf}.`,
    '',
    ...section('BREACHED', lines.filter((line) => line.breached)),
    ...section('DUE SOON', lines.filter((line) => !line.breached)),
    'Children are named by case reference and initials only. Open the case record for details.',
    '',
  ].join('\n');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

function htmlOf(asOf: CalendarDate, subject: string, lines: DigestLine[]): string {
  const rows = (part: DigestLine[]) =>
    part
      .map(
        (line) =>
          `<tr><td>${escapeHtml(line.reference)}</td><td>${escapeHtml(line.initials)}</td><td>${escapeHtml(line.label)}</td>` +
          `<td>${line.dueDate}</td><td>${escapeHtml(when(line))}${line.responseOverdue ? ' <strong>(response overdue)</strong>' : ''}</td></tr>`,
      )
      .join('');
  const table = (title: string, part: DigestLine[]) =>
    part.length === 0
      ? ''
      : `<h2>${title}</h2><table><thead><tr><th>Case reference</th><th>Initials</th><th>Timescale</th><th>Due</th><th></th></tr></thead><tbody>${rows(part)}</tbody></table>`;
  return (
    `<!doctype html><html lang="en"><body><p>${escapeHtml(subject)}, as of ${asOf}.</p>` +
    table('Breached', lines.filter((line) => line.breached)) +
    table('Due soon', lines.filter((line) => !line.breached)) +
    '<p>Children are named by case reference and initials only. Open the case record for details.</p></body></html>'
  );
}
