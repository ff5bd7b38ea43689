/**
 * The nightly digest as plain values: what it says of bookings, which days'
 * late-booking notices it reads, how it writes dates, and the guard on what
 * a late reason may say. The job against the SES emulator is in
 * test/jobs/nightly-bookings.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildDigests, childPageUrl, dateInShort, lateBookingDays, namesChild, type DigestEntry, type LateBookingNotice } from '#shared/domain/digest';
import type { TimescaleKind } from '#shared/domain/timescales/types';

// Monday 23 November 2026; ten working days on is Monday 7 December.
const MONDAY = '2026-11-23';
const DUE_BY = '2026-12-07';
const IRO = 'iro@example.org';
const MANAGER = 'tm@example.org';

function anEntry(kind: TimescaleKind, dueDate: string, overrides: Partial<DigestEntry> = {}): DigestEntry {
  return {
    kind,
    dueDate,
    rule: 'firstCer',
    statutory: true,
    countedFrom: { event: 'CER', date: '2026-05-01', recordId: `${kind}-${dueDate}` },
    childId: 'child-1',
    reference: 'N-1',
    initials: 'A.B.',
    iroEmail: IRO,
    teamManagerEmail: MANAGER,
    ...overrides,
  };
}

const aNotice = (overrides: Partial<LateBookingNotice> = {}): LateBookingNotice => ({
  childId: 'child-2',
  reference: 'N-2',
  initials: 'C.D.',
  iroEmail: 'other.iro@example.org',
  teamManagerEmail: MANAGER,
  meetingId: 'meeting-1',
  kind: 'CER',
  dueDate: '2027-01-14',
  bookedFor: '2027-01-18',
  lateReason: 'The family is away',
  bookedOn: '2026-11-20',
  ...overrides,
});

describe('the nightly digest', () => {
  it('says of each timescale a meeting meets how it is booked, and nothing of bookings for the others', () => {
    const entries = [
      anEntry('CER', '2026-11-30'),
      anEntry('ICPC', '2026-12-01', { booking: { meetingId: 'm1', bookedFor: '2026-11-27' } }),
      anEntry('RCPC', '2026-12-02', { booking: { meetingId: 'm2', bookedFor: '2026-12-04', lateReason: 'Chair unwell' } }),
      anEntry('MANAGER_RESPONSE', '2026-12-03'),
    ];

    const [digest] = buildDigests(entries, MONDAY, DUE_BY, 10).filter((d) => d.recipient === IRO);
    const lines = digest!.text.split('\n');

    expect(digest!.lines.map((line) => line.booking)).toEqual([
      { status: 'not-booked' },
      { status: 'booked', bookedFor: '2026-11-27' },
      { status: 'booked-late', bookedFor: '2026-12-04', lateReason: 'Chair unwell' },
      undefined,
    ]);
    expect(lines).toContain('  N-1 (A.B.)  Care Experienced Review (CER)  due Mon 30 Nov 2026  5 working days left  not booked');
    expect(lines).toContain('  N-1 (A.B.)  Initial Child Protection Conference (ICPC)  due Tue 1 Dec 2026  6 working days left  booked for Fri 27 Nov 2026');
    expect(lines).toContain('  N-1 (A.B.)  Review Child Protection Conference (RCPC)  due Wed 2 Dec 2026  7 working days left  booked late for Fri 4 Dec 2026 (Chair unwell)');
    expect(lines).toContain("  N-1 (A.B.)  Team manager's response to the recommendations  due Thu 3 Dec 2026  8 working days left");
    expect(digest!.subject).toBe('IRO timescales: 0 breached, 4 due in the next 10 working days, 1 not booked');
  });

  it('sends a digest to a recipient with only a late-booking notice, and tells of a meeting once, as last moved', () => {
    const notices = [aNotice(), aNotice({ bookedFor: '2027-01-19', bookedOn: '2026-11-22' })];

    const digests = buildDigests([], MONDAY, DUE_BY, 10, { notices });

    expect(digests.map((digest) => digest.recipient)).toEqual(['other.iro@example.org', MANAGER]);
    for (const digest of digests) {
      expect(digest.subject).toBe('IRO timescales: 0 breached, 0 due in the next 10 working days, 1 booked late');
      expect(digest.lateBookings.map((line) => line.bookedFor)).toEqual(['2027-01-19']);
    }
  });

  it('links each line to the child’s page when it knows the page, and not otherwise', () => {
    const [linked] = buildDigests([anEntry('CER', '2026-11-30')], MONDAY, DUE_BY, 10, { pageUrl: 'https://page.example/' });
    const [plain] = buildDigests([anEntry('CER', '2026-11-30')], MONDAY, DUE_BY, 10);

    expect(linked!.text).toContain('\n    https://page.example/#/children/child-1\n');
    expect(linked!.html).toContain('<td><a href="https://page.example/#/children/child-1">N-1</a></td>');
    expect(plain!.text).not.toContain('http');
    expect(childPageUrl('https://page.example', 'a b')).toBe('https://page.example/#/children/a%20b');
  });

  it('reads the notices of each day from the previous working day up to the day before', () => {
    expect(lateBookingDays('2026-11-24')).toEqual(['2026-11-23']);
    // A Monday: Friday, Saturday and Sunday.
    expect(lateBookingDays(MONDAY)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    // After Christmas 2026: Friday 25 and Monday 28 December are bank holidays.
    expect(lateBookingDays('2026-12-29')).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28']);
  });

  it('writes a date as people do', () => {
    expect(dateInShort('2025-01-09')).toBe('Thu 9 Jan 2025');
    expect(dateInShort('2026-12-25')).toBe('Fri 25 Dec 2026');
  });

  it('tells a late reason that names the child or gives their date of birth from one that does not', () => {
    const child = { givenName: 'May', familyName: "O'Neil", dateOfBirth: '2014-07-03' };

    expect(namesChild('May is in hospital', child)).toBe(true);
    expect(namesChild("The O'Neil family are away", child)).toBe(true);
    expect(namesChild('Born 3/7/2014', child)).toBe(true);
    expect(namesChild('Born 3rd July 2014', child)).toBe(true);
    expect(namesChild('Born 2014-07-03', child)).toBe(true);
    expect(namesChild('The family may not attend before half term', child)).toBe(false);
    expect(namesChild('The interpreter is away until 13/7/2024', child)).toBe(false);
  });
});
