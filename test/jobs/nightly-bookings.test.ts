/**
 * The nightly email and bookings (issue 16, part 4): bookings made through
 * the real API (which writes the due-date index and, for a booking made or
 * moved late, a late-booking notice in the same transaction), then the real
 * job against the same DynamoDB Local table and the SES emulator.
 *
 * Bookings are for today or later, so the story counts from today (the API
 * reads the real clock): the job runs on the next working day after today
 * (the first digest that can tell of today's bookings) and on the one after.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays } from '#shared/domain/calendar/working-days';
import { dateInShort } from '#shared/domain/digest';
import { runNightlyTimescales, type NightlyDeps, type NightlySummary } from '#shared/jobs/nightly-timescales';
import { SesMailer } from '#shared/mail/mailer';
import { DynamoDbDigestLedger } from '#shared/store/dynamodb/digest-ledger';
import { DynamoDbQueries } from '#shared/store/dynamodb/queries';
import { ADMIN, expectRefusal, useApi } from '../api/harness';
import { emailsFrom, emulatorSesClient, type SentEmail } from '../support/ses';

const PAGE_URL = 'https://iro.example.gov.uk/';
const today = todayInLondon(new Date());
/** The first working day after today: its digest is the first to tell of today's bookings. */
const nextDay = addWorkingDays(today, 1);
const dayAfter = addWorkingDays(today, 2);
/** Recipients of this file alone: the emulator is shared by every test file. */
const TEAM_A = { iroEmail: `iro-a-${randomUUID()}@example.org`, teamManagerEmail: `tm-a-${randomUUID()}@example.org` };
/** Their only child with anything to tell is booked late, due beyond the horizon. */
const TEAM_B = { iroEmail: `iro-b-${randomUUID()}@example.org`, teamManagerEmail: `tm-b-${randomUUID()}@example.org` };
const FAR_REASON = 'The family is abroad until then';
const NEAR_REASON = 'The interpreter is away';

interface Child {
  childId: string;
  reference: string;
}

describe('the nightly email and bookings', () => {
  const api = useApi();
  const children: Record<'unbooked' | 'breached' | 'booked' | 'movedLate' | 'farLate' | 'withdrawn', Child> = {} as never;
  const dates = { unbookedDue: '', bookedFor: '', movedLateDue: '', movedLateFor: '', farDue: '', farFor: '' };
  const emails: Record<'next' | 'after', SentEmail[]> = { next: [], after: [] };
  const summaries: Partial<Record<'next' | 'after', NightlySummary>> = {};

  /** The job on the API's own table, with a sender of its own so that its emails can be told apart. */
  function deps(): NightlyDeps & { sender: string } {
    const tableRef = { client: api.table.documentClient, tableName: api.table.tableName };
    return {
      reads: new DynamoDbQueries(tableRef),
      ledger: new DynamoDbDigestLedger(tableRef),
      mailer: new SesMailer(emulatorSesClient()),
      sender: `nightly-bookings-${randomUUID()}@example.org`,
      horizonWorkingDays: 10,
      pageUrl: PAGE_URL,
      log: () => undefined,
      newRunId: () => randomUUID(),
    };
  }

  async function aChild(team: typeof TEAM_A): Promise<Child> {
    const reference = `BK-${randomUUID().slice(0, 8)}`;
    return { childId: await api.createChild(ADMIN, { reference, ...team }), reference };
  }
  /** A child of team A whose strategy discussion was `workingDaysAgo` working days ago: an ICPC is due 15 working days after it. */
  async function awaitingIcpc(workingDaysAgo: number): Promise<Child & { due: string }> {
    const child = await aChild(TEAM_A);
    await api.given(ADMIN, 'POST', `/children/${child.childId}/strategy-discussions`, { date: addWorkingDays(today, -workingDaysAgo) });
    return { ...child, due: await dueOf(child, 'ICPC') };
  }
  /** A child of team B who became looked after today: a CER is due 20 working days on, beyond the horizon. */
  async function lookedAfterToday(): Promise<Child & { due: string }> {
    const child = await aChild(TEAM_B);
    await api.given(ADMIN, 'POST', `/children/${child.childId}/care-episodes`, { startDate: today });
    return { ...child, due: await dueOf(child, 'CER') };
  }
  async function dueOf(child: Child, kind: string): Promise<string> {
    const { timescales } = (await api.get(ADMIN, `/children/${child.childId}/timescales`)).body as { timescales: { kind: string; dueDate: string }[] };
    return timescales.find((timescale) => timescale.kind === kind)!.dueDate;
  }
  const book = (child: Child, body: Record<string, unknown>) => api.given(ADMIN, 'POST', `/children/${child.childId}/meetings`, { status: 'booked', ...body });

  beforeAll(async () => {
    const unbooked = await awaitingIcpc(10);
    const breached = await awaitingIcpc(25);
    const booked = await awaitingIcpc(10);
    dates.bookedFor = addWorkingDays(today, 2);
    await book(booked, { type: 'ICPC', bookedFor: dates.bookedFor });
    // Booked in time, then moved past its due date (tomorrow or so) with a reason, and moved again the same day: noticed once, as last moved.
    const movedLate = await awaitingIcpc(14);
    dates.movedLateFor = addWorkingDays(movedLate.due, 2);
    const { meetingId } = await book(movedLate, { type: 'ICPC', bookedFor: movedLate.due });
    const meeting = `/children/${movedLate.childId}/meetings/${meetingId}`;
    await api.given(ADMIN, 'PATCH', meeting, { bookedFor: addWorkingDays(movedLate.due, 1), lateReason: 'The chair is away' });
    await api.given(ADMIN, 'PATCH', meeting, { bookedFor: dates.movedLateFor, lateReason: NEAR_REASON });
    // Booked late for a CER due beyond the horizon: the due-date query never reads it; its notice is the digest's only news of it.
    const farLate = await lookedAfterToday();
    dates.farFor = addWorkingDays(farLate.due, 1);
    await book(farLate, { type: 'CER', bookedFor: dates.farFor, lateReason: FAR_REASON });
    // Booked late and moved back within the timescale the same day: its notice is withdrawn.
    const withdrawn = await lookedAfterToday();
    const late = await book(withdrawn, { type: 'CER', bookedFor: addWorkingDays(withdrawn.due, 1), lateReason: FAR_REASON });
    await api.given(ADMIN, 'PATCH', `/children/${withdrawn.childId}/meetings/${late.meetingId}`, { bookedFor: withdrawn.due });
    Object.assign(children, { unbooked, breached, booked, movedLate, farLate, withdrawn });
    Object.assign(dates, { unbookedDue: unbooked.due, movedLateDue: movedLate.due, farDue: farLate.due });

    for (const [run, asOf] of [['next', nextDay], ['after', dayAfter]] as const) {
      const job = deps();
      summaries[run] = await runNightlyTimescales(job, asOf);
      emails[run] = await emailsFrom(job.sender);
    }
  });

  const to = (run: 'next' | 'after', recipient: string) => emails[run].filter((email) => email.destination.to.includes(recipient));
  const only = (run: 'next' | 'after', recipient: string): SentEmail => {
    const found = to(run, recipient);
    expect(found, `${run}: ${recipient}`).toHaveLength(1);
    return found[0]!;
  };
  /** The lines of a section of an email's text (from its title to the blank line after it); none when it has no such section. */
  const section = (email: SentEmail, title: string): string[] => {
    const after = email.body.text!.split(`\n${title}\n`)[1];
    return after === undefined ? [] : after.split('\n\n')[0]!.split('\n');
  };
  /** The line about a child (not the link beneath it). */
  const lineOf = (lines: readonly string[], child: Child) => lines.filter((line) => line.startsWith(`  ${child.reference} `));

  it('reads the due-date index up to the horizon, and the notices of the days since the last working day', () => {
    expect(summaries.next).toMatchObject({ asOf: nextDay, failed: [], lateBookings: 2 });
    expect(summaries.after).toMatchObject({ asOf: dayAfter, failed: [], lateBookings: 0 });
    // The CER booked late is due beyond the horizon: not among the entries the job read from the due-date index.
    expect(dates.farDue > summaries.next!.dueBy!).toBe(true);
  });

  it('says of each timescale a meeting meets "not booked", "booked for …" or "booked late for … (why)"', () => {
    for (const recipient of [TEAM_A.iroEmail, TEAM_A.teamManagerEmail]) {
      const email = only('next', recipient);
      const dueSoon = section(email, 'DUE SOON');

      expect(email.subject).toBe('IRO timescales: 1 breached, 3 due in the next 10 working days, 2 not booked, 1 booked late');
      expect(lineOf(dueSoon, children.unbooked)).toEqual([expect.stringMatching(new RegExp(`  due ${dateInShort(dates.unbookedDue)}  \\d+ working days left  not booked$`))]);
      expect(lineOf(dueSoon, children.booked)).toEqual([expect.stringMatching(new RegExp(`  booked for ${dateInShort(dates.bookedFor)}$`))]);
      expect(lineOf(dueSoon, children.movedLate)).toEqual([
        expect.stringMatching(new RegExp(`  due ${dateInShort(dates.movedLateDue)}  .*  booked late for ${dateInShort(dates.movedLateFor)} \\(${NEAR_REASON}\\)$`)),
      ]);
      expect(lineOf(section(email, 'BREACHED'), children.breached)).toEqual([expect.stringMatching(/working days overdue {2}not booked$/)]);
      expect(email.body.html).toContain(`<td>booked for ${dateInShort(dates.bookedFor)}</td>`);
    }
  });

  it('lists the timescales with nothing booked, breached ones first, in a "Not booked" section right after the breached', () => {
    const email = only('next', TEAM_A.iroEmail);

    const notBooked = section(email, 'NOT BOOKED').filter((line) => line.startsWith('  BK-'));
    expect(notBooked.map((line) => line.split(' ')[2])).toEqual([children.breached.reference, children.unbooked.reference]);
    expect(email.body.text!.indexOf('\nBREACHED\n')).toBeLessThan(email.body.text!.indexOf('\nNOT BOOKED\n'));
    expect(email.body.text!.indexOf('\nNOT BOOKED\n')).toBeLessThan(email.body.text!.indexOf('\nDUE SOON\n'));
    expect(email.body.html).toMatch(/<h2>Breached<\/h2>.*<h2>Not booked<\/h2>.*<h2>Due soon<\/h2>/);
  });

  it('tells the IRO and the team manager, in their next digest, of a booking made late, even one due beyond the horizon', () => {
    for (const recipient of [TEAM_B.iroEmail, TEAM_B.teamManagerEmail]) {
      // Nothing due for them within the horizon: the notice alone makes their digest.
      const email = only('next', recipient);

      expect(email.subject).toBe('IRO timescales: 0 breached, 0 due in the next 10 working days, 1 booked late');
      expect(lineOf(section(email, 'BOOKED LATE SINCE THE LAST EMAIL'), children.farLate)).toEqual([
        `  ${children.farLate.reference} (A.L.)  Care Experienced Review (CER)  due ${dateInShort(dates.farDue)}  booked late for ${dateInShort(dates.farFor)} (${FAR_REASON})  booked on ${dateInShort(today)}`,
      ]);
      expect(email.body.html).toContain('<h2>Booked late since the last email</h2>');
      // Moved back within the timescale the same day: nothing to tell.
      expect(email.body.text).not.toContain(children.withdrawn.reference);
    }
    for (const recipient of [TEAM_A.iroEmail, TEAM_A.teamManagerEmail]) {
      expect(lineOf(section(only('next', recipient), 'BOOKED LATE SINCE THE LAST EMAIL'), children.movedLate)).toHaveLength(1);
    }
  });

  it('tells of a late booking once: not in the digest of the day after', () => {
    // Team B has nothing else to hear of: no digest at all.
    expect(to('after', TEAM_B.iroEmail)).toEqual([]);
    expect(to('after', TEAM_B.teamManagerEmail)).toEqual([]);
    for (const recipient of [TEAM_A.iroEmail, TEAM_A.teamManagerEmail]) {
      const email = only('after', recipient);
      expect(email.subject).not.toContain('booked late');
      expect(section(email, 'BOOKED LATE SINCE THE LAST EMAIL')).toEqual([]);
      // The timescale's own line still says how it is booked.
      expect(lineOf(section(email, 'DUE SOON').concat(section(email, 'BREACHED')), children.movedLate)).toEqual([expect.stringContaining(`booked late for ${dateInShort(dates.movedLateFor)}`)]);
    }
  });

  it('links each line to the child’s page: after the line in the text, on the case reference in the HTML', () => {
    const email = only('next', TEAM_A.iroEmail);
    const { childId, reference } = children.booked;
    const link = `https://iro.example.gov.uk/#/children/${childId}`;

    const lines = email.body.text!.split('\n');
    const at = lines.findIndex((line) => line.startsWith(`  ${reference} `));
    expect(lines[at + 1]).toBe(`    ${link}`);
    expect(email.body.html).toContain(`<td><a href="${link}">${reference}</a></td><td>A.L.</td>`);
    const far = only('next', TEAM_B.iroEmail);
    expect(far.body.html).toContain(`<a href="https://iro.example.gov.uk/#/children/${children.farLate.childId}">${children.farLate.reference}</a>`);
  });

  it('writes dates as people do, the same everywhere in the email', () => {
    const email = only('next', TEAM_A.iroEmail);

    expect(email.body.text).toContain(`, as of ${dateInShort(nextDay)}.`);
    expect(email.body.text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(email.body.html).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
  });

  it('never puts a child’s name or date of birth in an email', () => {
    const everything = JSON.stringify([...emails.next, ...emails.after]);

    expect(everything).not.toContain('Ada');
    expect(everything).not.toContain('Lovelace');
    expect(everything).not.toContain('2015-12-10');
  });

  it('refuses a late reason that names the child or gives their date of birth: it would go in the email', async () => {
    const child = await lookedAfterToday();
    const late = addWorkingDays(child.due, 1);

    for (const lateReason of ['Ada is in hospital until then', 'The Lovelace family are away', 'Born 10/12/2015, so the school term decides']) {
      const answer = await api.expectNothingWritten(() => api.post(ADMIN, `/children/${child.childId}/meetings`, { type: 'CER', status: 'booked', bookedFor: late, lateReason }));
      expectRefusal(answer, 'lateReason');
    }
  });
});
