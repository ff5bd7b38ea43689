/**
 * Booked meetings, through the real API: a booking is checked against its
 * timescale's due date the day it is made (and each time it is moved); one
 * after the due date is refused unless it says why; it satisfies nothing
 * until it is held; and the working days a meeting can be held in time are
 * suggested, the IRO's busy days last.
 *
 * Bookings are for today or later, so every story counts from today: a
 * strategy discussion today makes an ICPC due 15 working days on.
 */
import { describe, expect, it } from 'vitest';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, isWorkingDay } from '#shared/domain/calendar/working-days';
import type { AuditEntry } from '#shared/store/ports';
import { ADMIN, aMeeting, expectRefusal, expectServiceError, fieldsOf, IRO_ONE, IRO_TWO, SERVICE_MANAGER, useApi } from './harness';

const today = todayInLondon(new Date());
/** The ICPC after a strategy discussion today. */
const icpcDue = addWorkingDays(today, 15);
const FLAGS = { childParticipated: true, advocacyOffered: false, advocacyProvided: false, qaAuditCompleted: false };

describe('booked meetings', () => {
  const api = useApi();

  /** A child of IRO one with a strategy discussion today: an ICPC is due on `icpcDue`. */
  async function childAwaitingIcpc(iro = IRO_ONE): Promise<string> {
    const childId = await api.createChild(ADMIN, { iroEmail: iro.email });
    await api.given(ADMIN, 'POST', `/children/${childId}/strategy-discussions`, { date: today });
    return childId;
  }
  const book = (childId: string, body: Record<string, unknown>) => api.post(IRO_ONE, `/children/${childId}/meetings`, { type: 'ICPC', status: 'booked', ...body });
  const openIcpc = async (childId: string) => {
    const answer = await api.get(IRO_ONE, `/children/${childId}/timescales`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body.timescales.find((timescale: { kind: string }) => timescale.kind === 'ICPC');
  };
  const auditOf = async (childId: string): Promise<AuditEntry[]> => (await api.get(SERVICE_MANAGER, `/children/${childId}/audit`)).body.entries;

  it('answers a booking in time with its due date and the working days to spare, and it satisfies nothing yet', async () => {
    const childId = await childAwaitingIcpc();
    const bookedFor = addWorkingDays(today, 12);

    const answer = await book(childId, { bookedFor });

    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toMatchObject({ type: 'ICPC', status: 'booked', bookedFor, bookedOn: today });
    expect(answer.body.booking).toEqual({ dueDate: icpcDue, withinTimescale: true, workingDaysToSpare: 3 });
    // Still due, now with its booking: a booking is not a conference.
    expect(await openIcpc(childId)).toMatchObject({ dueDate: icpcDue, booking: { meetingId: answer.body.meetingId, bookedFor } });
    expect((await auditOf(childId)).map((entry) => entry.action)).toContain('meeting.booked');
  });

  it('books on the due date itself, with no day to spare', async () => {
    const childId = await childAwaitingIcpc();

    const answer = await book(childId, { bookedFor: icpcDue });

    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.booking).toEqual({ dueDate: icpcDue, withinTimescale: true, workingDaysToSpare: 0 });
  });

  it('refuses a booking one working day late with 409 and the due date, and writes nothing', async () => {
    const childId = await childAwaitingIcpc();
    const late = addWorkingDays(icpcDue, 1);

    const answer = await api.expectNothingWritten(() => book(childId, { bookedFor: late }));

    expectServiceError(answer, 409, 'conflict');
    expect(fieldsOf(answer)).toEqual(['bookedFor']);
    expect(answer.body.error.message).toContain(icpcDue);
    expect(answer.body.error.problems[0].reason).toContain('1 working day after');
  });

  /** This month's figure of meetings booked late, from a snapshot taken now. */
  const bookedLateThisMonth = async (): Promise<number> => {
    const snapshot = await api.given(ADMIN, 'POST', `/snapshots/${today.slice(0, 7)}`, undefined);
    return snapshot.figures.meetingsBookedLate;
  };

  it('keeps a late booking that says why, flagged late, counted, and audited as booked late', async () => {
    const childId = await childAwaitingIcpc();
    const late = addWorkingDays(icpcDue, 1);
    const countedBefore = await bookedLateThisMonth();

    const answer = await book(childId, { bookedFor: late, lateReason: 'The family can only attend after the school holiday' });

    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toMatchObject({ bookedFor: late, lateReason: 'The family can only attend after the school holiday' });
    expect(answer.body.booking).toEqual({ dueDate: icpcDue, withinTimescale: false, workingDaysToSpare: -1 });
    expect(await openIcpc(childId)).toMatchObject({ booking: { bookedFor: late, lateReason: 'The family can only attend after the school holiday' } });
    expect((await auditOf(childId)).map((entry) => entry.action)).toContain('meeting.booked-late');
    expect(await bookedLateThisMonth()).toBe(countedBefore + 1);
  });

  it('refuses a late reason on a booking in time (400), a booking for a day gone (400), and a held field on a booking (400)', async () => {
    const childId = await childAwaitingIcpc();

    expectRefusal(await book(childId, { bookedFor: icpcDue, lateReason: 'no need' }), 'lateReason');
    expectRefusal(await book(childId, { bookedFor: '2020-01-06' }), 'bookedFor');
    expectRefusal(await book(childId, { bookedFor: icpcDue, childParticipated: true }), 'childParticipated');
    expectRefusal(await book(childId, {}), 'bookedFor');
    expectRefusal(await api.post(IRO_ONE, `/children/${childId}/meetings`, { type: 'ICPC', status: 'maybe', bookedFor: icpcDue }), 'status');
  });

  it('checks a moved booking the same way: past the due date 409, with a reason 200', async () => {
    const childId = await childAwaitingIcpc();
    const { meetingId } = (await book(childId, { bookedFor: icpcDue })).body;
    const at = `/children/${childId}/meetings/${meetingId}`;
    const late = addWorkingDays(icpcDue, 2);

    const refused = await api.expectNothingWritten(() => api.patch(IRO_ONE, at, { bookedFor: late }));
    expectServiceError(refused, 409, 'conflict');
    expect(fieldsOf(refused)).toEqual(['bookedFor']);

    const moved = await api.patch(IRO_ONE, at, { bookedFor: late, lateReason: 'The interpreter is away' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ status: 'booked', bookedFor: late, lateReason: 'The interpreter is away', booking: { dueDate: icpcDue, withinTimescale: false, workingDaysToSpare: -2 } });

    // Moved back in time: the reason goes with the lateness.
    const back = await api.patch(IRO_ONE, at, { bookedFor: icpcDue });
    expect(back.status, back.text).toBe(200);
    expect(back.body.lateReason).toBeUndefined();
    expect(back.body.booking.withinTimescale).toBe(true);
    expect((await auditOf(childId)).map((entry) => entry.action)).toEqual(expect.arrayContaining(['meeting.booking-moved-late', 'meeting.booking-moved']));
  });

  it('once held, with its outcome, the booking satisfies the timescale (and the conference registers the child)', async () => {
    const childId = await childAwaitingIcpc();
    const { meetingId } = (await book(childId, { bookedFor: icpcDue })).body;
    const at = `/children/${childId}/meetings/${meetingId}`;

    expectRefusal(await api.patch(IRO_ONE, at, { status: 'held', heldOn: today }), 'childParticipated', 'advocacyOffered', 'advocacyProvided', 'qaAuditCompleted');
    expectRefusal(await api.patch(IRO_ONE, at, { status: 'held', heldOn: today, ...FLAGS }), 'outcome');
    expectRefusal(await api.patch(IRO_ONE, at, { childParticipated: true }), 'childParticipated');

    const held = await api.patch(IRO_ONE, at, { status: 'held', heldOn: today, ...FLAGS, outcome: { decision: 'register', category: 'Neglect' } });

    expect(held.status, held.text).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', heldOn: today, bookedFor: icpcDue, outcome: { decision: 'register', category: 'Neglect' } });
    expect(await openIcpc(childId)).toBeUndefined();
    const file = (await api.get(IRO_ONE, `/children/${childId}`)).body;
    expect(file.registrations).toMatchObject([{ startDate: today, category: 'Neglect', registeredAtMeetingId: meetingId }]);
    expect(file.meetings).toMatchObject([{ meetingId, status: 'held', dueDate: icpcDue, inCompliance: true }]);
    expect((await auditOf(childId)).map((entry) => entry.action)).toContain('meeting.held');
    // Held is held: no moving it, no holding it again.
    expectRefusal(await api.patch(IRO_ONE, at, { bookedFor: icpcDue }), 'bookedFor');
    expectRefusal(await api.patch(IRO_ONE, at, { status: 'held', ...FLAGS }), 'status');
  });

  it('a booking held on a day not yet come is refused (400): it is held when the day comes', async () => {
    const childId = await childAwaitingIcpc();
    const { meetingId } = (await book(childId, { bookedFor: icpcDue })).body;

    const answer = await api.patch(IRO_ONE, `/children/${childId}/meetings/${meetingId}`, { status: 'held', ...FLAGS, outcome: { decision: 'do-not-register' } });

    // Held on its booked day, which is still to come.
    expectRefusal(answer, 'heldOn');
  });

  it('a cancelled booking never satisfied anything: the timescale is due again, with nothing booked', async () => {
    const childId = await childAwaitingIcpc();
    const { meetingId } = (await book(childId, { bookedFor: icpcDue })).body;
    const at = `/children/${childId}/meetings/${meetingId}`;

    expectRefusal(await api.patch(IRO_ONE, at, { status: 'cancelled' }), 'reason');
    const cancelled = await api.patch(IRO_ONE, at, { status: 'cancelled', reason: 'Chair unwell' });

    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', heldOn: icpcDue, cancellationReason: 'Chair unwell' });
    const icpc = await openIcpc(childId);
    expect(icpc).toMatchObject({ dueDate: icpcDue });
    expect(icpc.booking).toBeUndefined();
  });

  it('lists the timescales due with nothing booked (booking=not-booked) and those booked (booking=booked)', async () => {
    const booked = await childAwaitingIcpc();
    const notBooked = await childAwaitingIcpc();
    await book(booked, { bookedFor: icpcDue });
    const ids = async (filter: string) =>
      ((await api.get(IRO_ONE, `/timescales?within=20&booking=${filter}`)).body.timescales as { childId: string; kind: string }[])
        .filter((entry) => entry.kind === 'ICPC')
        .map((entry) => entry.childId);

    expect(await ids('not-booked')).toContain(notBooked);
    expect(await ids('not-booked')).not.toContain(booked);
    expect(await ids('booked')).toContain(booked);
    expect(await ids('booked')).not.toContain(notBooked);
    expectRefusal(await api.get(IRO_ONE, '/timescales?booking=maybe'), 'booking');
  });

  describe('suggested dates', () => {
    it('gives the working days from today to the due date: no weekend, no bank holiday, none past the due date', async () => {
      const childId = await childAwaitingIcpc();

      const answer = await api.get(IRO_ONE, `/children/${childId}/timescales/ICPC/suggested-dates`);

      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ childId, kind: 'ICPC', asOf: today, dueDate: icpcDue });
      const dates: string[] = answer.body.dates.map((day: { date: string }) => day.date);
      expect(dates.every((date) => isWorkingDay(date) && date >= today && date <= icpcDue)).toBe(true);
      // Every working day of the window, once: 15 after today, and today when it is one.
      expect(new Set(dates).size).toBe(dates.length);
      expect(dates.length).toBe(15 + (isWorkingDay(today) ? 1 : 0));
    });

    it("puts the IRO's days already holding another booked meeting last", async () => {
      const childId = await childAwaitingIcpc();
      const other = await childAwaitingIcpc();
      const busyDay = addWorkingDays(today, 3);
      await book(other, { bookedFor: busyDay });

      const dates = (await api.get(IRO_ONE, `/children/${childId}/timescales/ICPC/suggested-dates`)).body.dates as { date: string; otherBookings: number }[];

      // Other stories here booked IRO one's other days too: every free day comes before every busy one.
      const busy = dates.findIndex((day) => day.date === busyDay);
      expect(dates[busy]!.otherBookings).toBeGreaterThanOrEqual(1);
      const free = dates.filter((day) => day.otherBookings === 0).map((day) => day.date);
      expect(free.length).toBeGreaterThan(0);
      expect(free).toEqual([...free].sort());
      expect(dates.slice(0, free.length).map((day) => day.date)).toEqual(free);
      expect(busy).toBeGreaterThanOrEqual(free.length);
      const counts = dates.map((day) => day.otherBookings);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    });

    it('counts as of ?asOf=, 404 for a timescale not due, 400 for a kind no meeting meets, 404 for a child outside the scope', async () => {
      const childId = await childAwaitingIcpc();

      expect((await api.get(IRO_ONE, `/children/${childId}/timescales/CER/suggested-dates`)).status).toBe(404);
      expectRefusal(await api.get(IRO_ONE, `/children/${childId}/timescales/OUTLINE_PLAN/suggested-dates`), 'kind');
      expect((await api.get(IRO_TWO, `/children/${childId}/timescales/ICPC/suggested-dates`)).status).toBe(404);
      const later = addWorkingDays(today, 10);
      const fromLater = await api.get(IRO_ONE, `/children/${childId}/timescales/ICPC/suggested-dates?asOf=${later}`);
      expect(fromLater.status, fromLater.text).toBe(200);
      expect(fromLater.body.dates.map((day: { date: string }) => day.date).every((date: string) => date >= later)).toBe(true);
      // After the due date: nothing can be held in time.
      const past = await api.get(IRO_ONE, `/children/${childId}/timescales/ICPC/suggested-dates?asOf=${addWorkingDays(icpcDue, 1)}`);
      expect(past.status, past.text).toBe(200);
      expect(past.body.dates).toEqual([]);
    });
  });

  it('a held meeting recorded directly is still a held meeting (status may be given or left out)', async () => {
    const childId = await childAwaitingIcpc();

    const answer = await api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('ICPC', today, { status: 'held', outcome: { decision: 'do-not-register' } }));

    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.status).toBe('held');
  });
});
