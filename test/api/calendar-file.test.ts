/**
 * The calendar feed's file, without the API: what ical-generator makes of the
 * due-date entries, read back with ical.js; and the fast path that folds the
 * events' lines itself, held to ical-generator's own `toString()` (the plain
 * reference) character for character.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { bookingEventUid, calendarFileOf, calendarOf, dueEventUid, foldLines } from '#shared/api/calendar-file';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import type { DueEntry } from '#shared/store/ports';

/** A CER due on the day, counted from a care episode, of a child in IRO one's north team. */
function aDueEntry(overrides: Partial<DueEntry> = {}): DueEntry {
  return {
    kind: 'CER',
    dueDate: '2026-12-10',
    countedFrom: { event: 'CARE_EPISODE_START', date: '2026-11-12', recordId: 'episode-1' },
    rule: 'firstCer',
    statutory: true,
    childId: 'child-1',
    reference: 'C-100234',
    initials: 'A.L.',
    iroEmail: 'iro.one@example.org',
    teamName: 'North Team',
    teamManagerEmail: 'tm.north@example.org',
    ...overrides,
  };
}

const OPTIONS = { asOf: '2026-12-05', now: new Date('2026-12-05T07:00:00Z'), policy: DEFAULT_TIMESCALE_POLICY };

/** Entries with every shape a feed meets: a booking (on time and late), a stage, a practice standard, long and non-ASCII lines. */
const ENTRIES: DueEntry[] = [
  aDueEntry(),
  aDueEntry({ childId: 'child-2', reference: 'C-2/ÉÅ.long-reference-that-runs-on-and-on-past-the-fold', initials: 'É.Ø.', booking: { meetingId: 'meeting-2', bookedFor: '2026-12-09' } }),
  aDueEntry({ childId: 'child-3', kind: 'ICPC', stage: 's47-enquiries-under-way', dueDate: '2026-11-20', initials: '😀.中.', booking: { meetingId: 'meeting-3', bookedFor: '2026-11-27', lateReason: 'Sam’s mother away' } }),
  aDueEntry({ childId: 'child-4', kind: 'MIDPOINT', statutory: false, dueDate: '2027-03-01' }),
];

describe('the calendar feed’s file', () => {
  it('is exactly the text ical-generator’s own toString() makes', () => {
    expect(calendarFileOf(ENTRIES, OPTIONS)).toBe(calendarOf(ENTRIES, OPTIONS).toString());
    expect(calendarFileOf([], OPTIONS)).toBe(calendarOf([], OPTIONS).toString());
  });

  it('folds no line past 75 octets, and never inside a character', () => {
    const lines = calendarFileOf(ENTRIES, OPTIONS).split('\r\n');

    expect(Math.max(...lines.map((line) => Buffer.byteLength(line)))).toBeLessThanOrEqual(75);
    expect(lines.join('').includes('\uFFFD')).toBe(false);
    expect(foldLines('x'.repeat(200))).toBe(`${'x'.repeat(74)}\r\n ${'x'.repeat(74)}\r\n ${'x'.repeat(52)}`);
  });

  it('reads back with ical.js: an all-day event on each due date and each booked day, named without the late reason', () => {
    const calendar = new ICAL.Component(ICAL.parse(calendarFileOf(ENTRIES, OPTIONS)));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    const byUid = new Map(events.map((event) => [event.uid, event]));

    expect(events).toHaveLength(6);
    expect(events.every((event) => event.startDate.isDate && event.endDate.toString() > event.startDate.toString())).toBe(true);
    expect(byUid.get(dueEventUid(ENTRIES[0]!))?.summary).toBe('Due: Care Experienced Review (CER), C-100234 A.L.');
    expect(byUid.get(dueEventUid(ENTRIES[0]!))?.startDate.toString()).toBe('2026-12-10');
    expect(byUid.get(bookingEventUid('meeting-2'))?.startDate.toString()).toBe('2026-12-09');
    expect(byUid.get(bookingEventUid('meeting-3'))?.summary).toBe('Booked: Initial Child Protection Conference (ICPC), C-100234 😀.中.');
    expect(byUid.get(bookingEventUid('meeting-3'))?.description).toContain('booked after the due date');
    expect(byUid.get(dueEventUid(ENTRIES[2]!))?.description).toMatch(/s47 enquiries under way; as of 2026-12-05: \d+ working days overdue/);
    expect(byUid.get(dueEventUid(ENTRIES[3]!))?.description).toContain('a practice standard, not statutory');
    expect(JSON.stringify(events.map((event) => [event.summary, event.description]))).not.toContain('Sam');
  });
});
