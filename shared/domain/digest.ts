/**
 * The nightly digest: for each IRO and team manager, one email of what is
 * breached and what falls due soon for the children they are responsible
 * for, whether a meeting is booked for each, and the bookings made late since
 * the last email. Pure: the entries, the notices, the day and the page's
 * address come in as values. An email leaves the council's systems, so a
 * line names the child by case reference and initials only, never by name or
 * date of birth, and links to the child's page (behind sign-in) for the rest.
 */
import { addDays, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, workingDaysBetween } from '#shared/domain/calendar/working-days';
import type { CalendarDate, Child, MeetingType } from '#shared/domain/records';
import { isBookable } from '#shared/domain/timescales/bookings';
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

/**
 * A booking made (or moved) after its timescale's due date, filed the day it
 * was made for the next digest of the child's IRO and team manager. It holds
 * what a digest line needs, never the child's name or date of birth.
 */
export interface LateBookingNotice {
  childId: string;
  reference: string;
  initials: string;
  iroEmail: string;
  teamManagerEmail: string;
  meetingId: string;
  /** The meeting's type: the timescale it is to meet. */
  kind: MeetingType;
  dueDate: CalendarDate;
  bookedFor: CalendarDate;
  lateReason: string;
  /** The day the booking was made or moved: the day the notice is filed under. */
  bookedOn: CalendarDate;
}

/** Where a line's timescale stands for booking: only a kind a meeting meets has one. */
export type DigestBooking =
  | { status: 'not-booked' }
  | { status: 'booked'; bookedFor: CalendarDate }
  /** Booked for a day after the due date; the reason, when the booking gave one. */
  | { status: 'booked-late'; bookedFor: CalendarDate; lateReason?: string };

/** One line of a digest: a child's timescale, when it is due, whether it is breached, and its booking. */
export interface DigestLine {
  childId: string;
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
  /** Absent for a kind no meeting meets (an outline plan, recommendations, a manager's response). */
  booking?: DigestBooking;
  /** The child's page, when the page's address is known. */
  link?: string;
}

/** One line of a digest's "Booked late" section: a late-booking notice as the recipient reads it. */
export interface LateBookingLine {
  childId: string;
  reference: string;
  initials: string;
  kind: MeetingType;
  label: string;
  dueDate: CalendarDate;
  bookedFor: CalendarDate;
  lateReason: string;
  bookedOn: CalendarDate;
  /** The child's page, when the page's address is known. */
  link?: string;
}

/** One recipient's nightly email: its counts, its lines, and its subject and body as text and HTML. */
export interface Digest {
  recipient: string;
  asOf: CalendarDate;
  breached: number;
  dueSoon: number;
  /** Lines of a kind a meeting meets with nothing booked, breached or due soon. */
  notBooked: number;
  /** Bookings made late since the last email. */
  bookedLate: number;
  lines: DigestLine[];
  lateBookings: LateBookingLine[];
  subject: string;
  text: string;
  html: string;
}

/** What a digest is made of besides the due entries. */
export interface DigestOptions {
  /** The late-booking notices of {@link lateBookingDays}: each goes to its child's IRO and team manager. */
  notices?: readonly LateBookingNotice[];
  /** The web page's address (`https://…/`); without it, lines carry no link. */
  pageUrl?: string;
}

/**
 * The days whose late-booking notices go in `asOf`'s digest: from the
 * previous working day up to the day before `asOf`. The digest goes out at
 * 06:00, before most of a day's bookings, so a day's notices wait for the
 * next working day's digest; each day is in exactly one working day's
 * (the first working day after it), so no notice is missed or sent twice.
 *
 * @example
 * lateBookingDays('2026-11-23'); // a Monday: ['2026-11-20', '2026-11-21', '2026-11-22']
 */
export function lateBookingDays(asOf: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = addWorkingDays(asOf, -1); day < asOf; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The child's page on the web page at `pageUrl`, as the page's router names it (`#/children/<childId>`).
 *
 * @example
 * childPageUrl('https://d1.cloudfront.net/', '7f3c…'); // 'https://d1.cloudfront.net/#/children/7f3c…'
 */
export function childPageUrl(pageUrl: string, childId: string): string {
  return `${pageUrl.replace(/\/+$/, '')}/#/children/${encodeURIComponent(childId)}`;
}

/**
 * One digest per recipient with anything breached or due by `dueBy`, or a
 * late-booking notice: the IRO of each entry's child and its team manager.
 * Breached first, then by due date. A recipient with neither gets no digest.
 */
export function buildDigests(
  entries: readonly DigestEntry[],
  asOf: CalendarDate,
  dueBy: CalendarDate,
  horizonWorkingDays: number,
  options: DigestOptions = {},
): Digest[] {
  const linkTo = (childId: string) => (options.pageUrl ? { link: childPageUrl(options.pageUrl, childId) } : {});
  const byRecipient = new Map<string, { lines: Map<string, DigestLine>; late: Map<string, LateBookingLine> }>();
  const recipientOf = (email: string) => {
    let found = byRecipient.get(email);
    if (!found) byRecipient.set(email, (found = { lines: new Map(), late: new Map() }));
    return found;
  };
  for (const entry of entries) {
    if (entry.dueDate > dueBy) continue;
    const breached = entry.dueDate < asOf;
    const line: DigestLine = {
      childId: entry.childId,
      reference: entry.reference,
      initials: entry.initials,
      kind: entry.kind,
      label: timescaleInWords(entry),
      dueDate: entry.dueDate,
      breached,
      workingDaysLeft: workingDaysBetween(asOf, entry.dueDate),
      responseOverdue: entry.kind === 'MANAGER_RESPONSE' && breached,
      ...(isBookable(entry.kind) ? { booking: bookingOf(entry) } : {}),
      ...linkTo(entry.childId),
    };
    for (const recipient of new Set([entry.iroEmail, entry.teamManagerEmail])) {
      recipientOf(recipient).lines.set(`${entry.childId}#${entry.kind}#${entry.countedFrom.recordId}`, line);
    }
  }
  for (const notice of options.notices ?? []) {
    const line: LateBookingLine = {
      childId: notice.childId,
      reference: notice.reference,
      initials: notice.initials,
      kind: notice.kind,
      label: timescaleInWords({ kind: notice.kind }),
      dueDate: notice.dueDate,
      bookedFor: notice.bookedFor,
      lateReason: notice.lateReason,
      bookedOn: notice.bookedOn,
      ...linkTo(notice.childId),
    };
    for (const recipient of new Set([notice.iroEmail, notice.teamManagerEmail])) {
      const late = recipientOf(recipient).late;
      const key = `${notice.childId}#${notice.meetingId}`;
      // A booking moved late twice within the days read: the latest move stands.
      if ((late.get(key)?.bookedOn ?? '') <= notice.bookedOn) late.set(key, line);
    }
  }
  return [...byRecipient.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([recipient, { lines, late }]) =>
      digestFor(recipient, asOf, horizonWorkingDays, [...lines.values()].sort(byUrgency), [...late.values()].sort(byDueDate)),
    );
}

function bookingOf(entry: DigestEntry): DigestBooking {
  const { booking } = entry;
  if (!booking) return { status: 'not-booked' };
  if (booking.bookedFor <= entry.dueDate) return { status: 'booked', bookedFor: booking.bookedFor };
  return { status: 'booked-late', bookedFor: booking.bookedFor, ...(booking.lateReason ? { lateReason: booking.lateReason } : {}) };
}

const byUrgency = (a: DigestLine, b: DigestLine) =>
  Number(b.breached) - Number(a.breached) || a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind);

const byDueDate = (a: LateBookingLine, b: LateBookingLine) =>
  a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind);

/** The email's sections, in the order a busy IRO reads them. */
interface Sections {
  breached: DigestLine[];
  notBooked: DigestLine[];
  dueSoon: DigestLine[];
}

function digestFor(recipient: string, asOf: CalendarDate, horizon: number, lines: DigestLine[], lateBookings: LateBookingLine[]): Digest {
  // Breached first: those are failing already. Then "Not booked", the one list of what to do today so that nothing
  // else breaches (it repeats lines of the other two on purpose, breached ones first, so that it can be worked through
  // on its own). Then everything due soon, the whole picture the subject counts. "Booked late" last: news of bookings
  // already made, with their reasons, for the manager to weigh rather than a task.
  const sections: Sections = {
    breached: lines.filter((line) => line.breached),
    notBooked: lines.filter((line) => line.booking?.status === 'not-booked'),
    dueSoon: lines.filter((line) => !line.breached),
  };
  const counts = [
    `${sections.breached.length} breached`,
    `${sections.dueSoon.length} due in the next ${horizon} working days`,
    ...(sections.notBooked.length > 0 ? [`${sections.notBooked.length} not booked`] : []),
    ...(lateBookings.length > 0 ? [`${lateBookings.length} booked late`] : []),
  ];
  const subject = `IRO timescales: ${counts.join(', ')}`;
  return {
    recipient,
    asOf,
    breached: sections.breached.length,
    dueSoon: sections.dueSoon.length,
    notBooked: sections.notBooked.length,
    bookedLate: lateBookings.length,
    lines,
    lateBookings,
    subject,
    text: textOf(asOf, subject, sections, lateBookings),
    html: htmlOf(asOf, subject, sections, lateBookings),
  };
}

// Made on first use: a formatter costs a cold start. A night's emails write the same few hundred dates thousands of times.
let formatter: Intl.DateTimeFormat | undefined;
const written = new Map<CalendarDate, string>();

/**
 * A calendar date as people write it, the same everywhere in the email.
 * Assembled from its parts, since ICU versions differ on the comma after the
 * weekday; UTC, as a calendar date has no time zone.
 *
 * @example
 * dateInShort('2025-01-09'); // 'Thu 9 Jan 2025'
 */
export function dateInShort(date: CalendarDate): string {
  let text = written.get(date);
  if (text === undefined) {
    formatter ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    const parts: Record<string, string> = {};
    for (const part of formatter.formatToParts(toDayNumber(date) * 86_400_000)) parts[part.type] = part.value;
    text = `${parts['weekday']} ${parts['day']} ${parts['month']} ${parts['year']}`;
    written.set(date, text);
  }
  return text;
}

/** Free text on one line: a reason is written in a form, and the email's text part is read line by line. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function lateInWords(bookedFor: CalendarDate, lateReason: string | undefined): string {
  return `booked late for ${dateInShort(bookedFor)}${lateReason ? ` (${oneLine(lateReason)})` : ''}`;
}

/** A line's booking as the email says it: "booked for Thu 9 Jan 2025", "booked late for … (why)", "not booked". */
function bookingInWords(booking: DigestBooking): string {
  switch (booking.status) {
    case 'not-booked':
      return 'not booked';
    case 'booked':
      return `booked for ${dateInShort(booking.bookedFor)}`;
    case 'booked-late':
      return lateInWords(booking.bookedFor, booking.lateReason);
  }
}

const when = (line: DigestLine): string => workingDaysInWords(line.workingDaysLeft, line.breached);

const FOOTER = 'Children are named by case reference and initials only. Open the case record for details.';

function textOf(asOf: CalendarDate, subject: string, sections: Sections, lateBookings: LateBookingLine[]): string {
  const withLink = (text: string, link: string | undefined) => (link ? [text, `    ${link}`] : [text]);
  const dueLine = (line: DigestLine) =>
    withLink(
      [
        `  ${line.reference} (${line.initials})`,
        line.label,
        `due ${dateInShort(line.dueDate)}`,
        when(line),
        ...(line.booking ? [bookingInWords(line.booking)] : []),
        ...(line.responseOverdue ? ['RESPONSE OVERDUE'] : []),
      ].join('  '),
      line.link,
    );
  const lateLine = (line: LateBookingLine) =>
    withLink(
      [`  ${line.reference} (${line.initials})`, line.label, `due ${dateInShort(line.dueDate)}`, lateInWords(line.bookedFor, line.lateReason), `booked on ${dateInShort(line.bookedOn)}`].join('  '),
      line.link,
    );
  const section = <T>(title: string, part: T[], render: (line: T) => string[]) => (part.length === 0 ? [] : [title, ...part.flatMap(render), '']);
  return [
    `${subject}, as of ${dateInShort(asOf)}.`,
    '',
    ...section('BREACHED', sections.breached, dueLine),
    ...section('NOT BOOKED', sections.notBooked, dueLine),
    ...section('DUE SOON', sections.dueSoon, dueLine),
    ...section('BOOKED LATE SINCE THE LAST EMAIL', lateBookings, lateLine),
    FOOTER,
    '',
  ].join('\n');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

/** The case reference, a link to the child's page when there is one. */
const referenceCell = (line: { reference: string; link?: string }) =>
  `<td>${line.link ? `<a href="${escapeHtml(line.link)}">${escapeHtml(line.reference)}</a>` : escapeHtml(line.reference)}</td>`;

function htmlOf(asOf: CalendarDate, subject: string, sections: Sections, lateBookings: LateBookingLine[]): string {
  const dueRows = (part: DigestLine[]) =>
    part
      .map(
        (line) =>
          `<tr>${referenceCell(line)}<td>${escapeHtml(line.initials)}</td><td>${escapeHtml(line.label)}</td>` +
          `<td>${dateInShort(line.dueDate)}</td><td>${escapeHtml(when(line))}${line.responseOverdue ? ' <strong>(response overdue)</strong>' : ''}</td>` +
          `<td>${line.booking ? escapeHtml(bookingInWords(line.booking)) : ''}</td></tr>`,
      )
      .join('');
  const dueTable = (title: string, part: DigestLine[]) =>
    part.length === 0
      ? ''
      : `<h2>${title}</h2><table><thead><tr><th>Case reference</th><th>Initials</th><th>Timescale</th><th>Due</th><th></th><th>Booking</th></tr></thead><tbody>${dueRows(part)}</tbody></table>`;
  const lateRows = lateBookings
    .map(
      (line) =>
        `<tr>${referenceCell(line)}<td>${escapeHtml(line.initials)}</td><td>${escapeHtml(line.label)}</td>` +
        `<td>${dateInShort(line.dueDate)}</td><td>${escapeHtml(lateInWords(line.bookedFor, line.lateReason))}</td><td>${dateInShort(line.bookedOn)}</td></tr>`,
    )
    .join('');
  const lateTable =
    lateBookings.length === 0
      ? ''
      : `<h2>Booked late since the last email</h2><table><thead><tr><th>Case reference</th><th>Initials</th><th>Timescale</th><th>Due</th><th>Booking</th><th>Booked on</th></tr></thead><tbody>${lateRows}</tbody></table>`;
  return (
    `<!doctype html><html lang="en"><body><p>${escapeHtml(subject)}, as of ${dateInShort(asOf)}.</p>` +
    dueTable('Breached', sections.breached) +
    dueTable('Not booked', sections.notBooked) +
    dueTable('Due soon', sections.dueSoon) +
    lateTable +
    `<p>${FOOTER}</p></body></html>`
  );
}

/** Words of a name or a date of birth, as they are matched in free text. */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Whether free text (a booking's late reason, which the email carries) names
 * the child or gives their date of birth, as people commonly write them: a
 * part of their given or family name as a capitalised word ("Ada", "ADA";
 * not "may" for a May), or the date as `2014-07-23`, `23/07/2014`,
 * `23.7.2014` or `23 July 2014`. A guard for the email's one rule, not a
 * guarantee against every other name.
 *
 * @example
 * namesChild('Ada is in hospital', { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2014-07-23' }); // true
 * namesChild('The family may not attend', { givenName: 'May', familyName: 'Lee', dateOfBirth: '2014-07-23' }); // false
 */
export function namesChild(text: string, child: Pick<Child, 'givenName' | 'familyName' | 'dateOfBirth'>): boolean {
  const parts = new Set(
    `${child.givenName} ${child.familyName}`
      .split(/[\s-]+/)
      .filter((part) => [...part].length >= 2)
      .map((part) => part.toLocaleLowerCase('en-GB')),
  );
  const named = text
    .split(/[^\p{L}\p{M}'’]+/u)
    .some((word) => /^\p{Lu}/u.test(word) && parts.has(word.toLocaleLowerCase('en-GB').replace(/['’]s$/, '')));
  if (named) return true;
  const [year, month, day] = child.dateOfBirth.split('-').map(Number) as [number, number, number];
  const monthName = MONTHS[month - 1]!;
  const dates = [
    `\\b${child.dateOfBirth}\\b`,
    `\\b0?${day}[/.-]0?${month}[/.-]${year}\\b`,
    `\\b0?${day}(?:st|nd|rd|th)? (?:${monthName}|${monthName.slice(0, 3)}) ${year}\\b`,
  ];
  return dates.some((pattern) => new RegExp(pattern, 'i').test(text));
}
