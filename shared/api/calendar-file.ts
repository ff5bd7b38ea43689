/**
 * A calendar feed's file: the open timescales of a scope as an iCalendar
 * file (RFC 5545, made by `ical-generator`), an all-day event on each due
 * date and on each booked meeting's day. Each event names the timescale, the
 * case reference and the child's initials, as the due-date index holds them:
 * never a name or a date of birth, and not a booking's late reason either,
 * which is free text that may name someone.
 */
import ical, { ICalEventTransparency, type ICalCalendar } from 'ical-generator';
import { addDays } from '#shared/domain/calendar/calendar-date';
import type { CalendarDate } from '#shared/domain/records';
import { withStatus } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { STAGE_LABELS, TIMESCALE_LABELS, workingDaysInWords } from '#shared/domain/timescales/wording';
import type { DueEntry } from '#shared/store/ports';

/** The domain of every event's UID: stable across fetches, so a calendar updates an event rather than adding another. */
export const CALENDAR_UID_DOMAIN = 'iro-timescales';

/** What a feed is made of besides its entries. */
export interface CalendarFileOptions {
  /** The day the statuses in the events' descriptions are as of (today). */
  asOf: CalendarDate;
  /** When the file is made: every event's DTSTAMP. */
  now: Date;
  policy: TimescalePolicy;
}

/** The UID of a timescale's due-date event: one a timescale (a child may have two of one kind open, each counted from its own record). */
export const dueEventUid = (entry: Pick<DueEntry, 'childId' | 'kind' | 'countedFrom'>): string =>
  `${entry.childId}-${entry.kind}-${entry.countedFrom.recordId}-due@${CALENDAR_UID_DOMAIN}`;

/** The UID of a booked meeting's event. */
export const bookingEventUid = (meetingId: string): string => `${meetingId}-booking@${CALENDAR_UID_DOMAIN}`;

/** The calendar of the entries, as ical-generator holds it: an event on each due date, and on each booked meeting's day. */
export function calendarOf(entries: readonly DueEntry[], options: CalendarFileOptions): ICalCalendar {
  const calendar = ical({
    prodId: { company: 'IRO timescales', product: 'Calendar feed', language: 'EN' },
    name: 'IRO timescales',
    description: 'Your due dates and booked meetings, from the IRO timescales service.',
    // Calendars that honour it look again every hour; Outlook chooses for itself.
    ttl: 60 * 60,
  });
  for (const entry of entries) {
    const label = TIMESCALE_LABELS[entry.kind];
    const caseOf = `${entry.reference} ${entry.initials}`.trim();
    const { status, workingDaysLeft } = withStatus(entry, options.asOf, options.policy);
    const standing = [
      `due ${entry.dueDate}${entry.statutory ? '' : ' (a practice standard, not statutory)'}`,
      ...(entry.stage ? [STAGE_LABELS[entry.stage]] : []),
      `as of ${options.asOf}: ${workingDaysInWords(workingDaysLeft, status === 'breached')}`,
    ].join('; ');
    calendar.createEvent({
      id: dueEventUid(entry),
      start: entry.dueDate,
      end: addDays(entry.dueDate, 1),
      allDay: true,
      stamp: options.now,
      summary: `Due: ${label}, ${caseOf}`,
      description: `${label} for case ${caseOf}: ${standing}.${entry.booking ? ` Booked for ${entry.booking.bookedFor}.` : ''}`,
      // A deadline, not time taken: the day stays free.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
    if (entry.booking) {
      const { meetingId, bookedFor } = entry.booking;
      calendar.createEvent({
        id: bookingEventUid(meetingId),
        start: bookedFor,
        end: addDays(bookedFor, 1),
        allDay: true,
        stamp: options.now,
        summary: `Booked: ${label}, ${caseOf}`,
        description: `${label} for case ${caseOf}: booked for ${bookedFor}; due ${entry.dueDate}${bookedFor > entry.dueDate ? ' (booked after the due date)' : ''}.`,
        transparency: ICalEventTransparency.TRANSPARENT,
      });
    }
  }
  return calendar;
}

/**
 * The iCalendar file of the entries: exactly the text `calendarOf(…).toString()`
 * gives (the tests hold it to that), made faster. ical-generator 10 folds the
 * whole file's lines measuring each character with a new TextEncoder, which
 * took two thirds of a feed's time; its version 11 folds by character codes,
 * as {@link foldLines} does, but needs Node 22. So the events are folded here
 * and set into the calendar's own text, which ical-generator makes and folds.
 */
export function calendarFileOf(entries: readonly DueEntry[], options: CalendarFileOptions): string {
  const calendar = calendarOf(entries, options);
  const events = foldLines(calendar.events().map((event) => event.toString()).join(''));
  const shell = calendar.clear().toString();
  const end = shell.lastIndexOf('END:VCALENDAR');
  return `${shell.slice(0, end)}${events}${shell.slice(end)}`;
}

/**
 * Folds each line of iCalendar text as RFC 5545 §3.1 asks, and as
 * ical-generator folds: a line break and a space before the octet that would
 * take a line past 74 octets of UTF-8, never inside a character.
 */
export function foldLines(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      // ASCII alone, at most 74 characters: nothing to fold (the common case).
      if (line.length <= 74 && !/[^\x00-\x7f]/.test(line)) return line;
      let folded = '';
      let octets = 0;
      for (let i = 0; i < line.length; i += 1) {
        const code = line.charCodeAt(i);
        let character = line.charAt(i);
        let size: number;
        if (code < 0x80) size = 1;
        else if (code < 0x800) size = 2;
        else if (code >= 0xd800 && code <= 0xdbff) {
          character += line.charAt((i += 1));
          size = 4;
        } else size = 3;
        octets += size;
        if (octets > 74) {
          folded += '\r\n ';
          octets = size;
        }
        folded += character;
      }
      return folded;
    })
    .join('\r\n');
}
