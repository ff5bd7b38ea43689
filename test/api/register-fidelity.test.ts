/**
 * The register as councils really keep it, told as stories through the real
 * API (the local API Gateway stand-in, the real function, DynamoDB Local):
 * s47 enquiries that end without a conference, periods of care that run over
 * a change of legal status, corrections and removals entered in error, a
 * meeting recorded twice, categories named by the kinds of abuse, the
 * transfer-in conference, and histories that go back before 2015.
 *
 * Every due date was counted by hand from docs/domain.md: working days are
 * Monday to Friday less the England and Wales bank holidays; the day counted
 * from is day 0; a month-based date is the same day N months on, never moved
 * off a weekend or a holiday. Each comment says how.
 */
import { randomUUID } from 'node:crypto';
import type { MeetingCompliance, TimescaleWithStatus } from '#shared/domain/timescales/types';
import type { AuditEntry } from '#shared/store/ports';
import { describe, expect, it } from 'vitest';
import { REGISTRATION_CATEGORIES } from '#shared/domain/records';
import {
  ADMIN,
  aMeeting,
  expectRefusal,
  expectServiceError,
  fieldsOf,
  IRO_ONE,
  IRO_TWO,
  type Person,
  SERVICE_MANAGER,
  useApi,
  inTheFuture,
} from './harness';

type Timescale = TimescaleWithStatus;
type Verdict = MeetingCompliance;

/** The open timescales of a kind. */
const ofKind = (timescales: Timescale[], kind: string) => timescales.filter((timescale) => timescale.kind === kind);
/** An explanation whose sentence opens with these words (the explanations' own tests check the rest). */
const explainedAs = (opening: string) => expect.objectContaining({ sentence: expect.stringMatching(new RegExp(`^${opening}`)) });
/** Each open timescale as [kind, due date]. */
const kindsAndDates = (timescales: Timescale[]) => timescales.map((timescale) => [timescale.kind, timescale.dueDate]);

describe('the register as councils really keep it', () => {
  const api = useApi();

  const fileOf = async (childId: string, as: Person = IRO_ONE) => (await api.get(as, `/children/${childId}`)).body;
  const asOf = async (childId: string, date: string): Promise<{ timescales: Timescale[]; meetings: Verdict[] }> => {
    const answer = await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=${date}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  };
  /** The caller's due-date list (the index the nightly email reads), this child's entries only. */
  const listedFor = async (childId: string, date: string, as: Person = IRO_ONE): Promise<Timescale[]> => {
    const answer = await api.get(as, `/timescales?asOf=${date}&within=10`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body.timescales.filter((entry: { childId: string }) => entry.childId === childId);
  };
  const auditOf = async (childId: string): Promise<AuditEntry[]> => {
    const answer = await api.get(SERVICE_MANAGER, `/children/${childId}/audit`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body.entries;
  };
  const remove = (as: Person, path: string, body: unknown) => api.send('DELETE', path, { as, body });

  /** A child of IRO one (born 2015-12-10 unless `overrides` say) with a strategy discussion on `date`. */
  async function aChildWithStrategyDiscussion(date: string, body: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
    const childId = await api.createChild(IRO_ONE, overrides);
    const discussion = await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date, ...body });
    return { childId, discussionId: discussion.strategyDiscussionId as string, discussion };
  }

  /** A child of IRO one, looked after since `startDate`. */
  async function aChildInCareSince(startDate: string, overrides: Record<string, unknown> = {}) {
    const childId = await api.createChild(IRO_ONE, overrides);
    const episode = await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate });
    return { childId, episodeId: episode.episodeId as string };
  }

  /** A child of IRO one registered under `category` at an ICPC held on `heldOn`. */
  async function aChildRegisteredAtIcpc(heldOn: string, category = 'Neglect') {
    const childId = await api.createChild(IRO_ONE);
    const icpc = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('ICPC', heldOn, { outcome: { decision: 'register', category } }));
    const { registrations } = await fileOf(childId);
    return { childId, icpcId: icpc.meetingId as string, registrationId: registrations[0].registrationId as string };
  }

  /** A new revision of the month's snapshot, taken by an admin: its register by category. */
  async function registerByCategory(month: string): Promise<Record<string, number>> {
    const answer = await api.post(ADMIN, `/snapshots/${month}`, undefined);
    expect(answer.status, answer.text).toBe(201);
    return answer.body.figures.registerByCategory;
  }
  /** The rows that changed between two answers, by how much. */
  const changedRows = (before: Record<string, number>, after: Record<string, number>) =>
    Object.fromEntries(
      [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .map((row) => [row, (after[row] ?? 0) - (before[row] ?? 0)] as const)
        .filter(([, change]) => change !== 0),
    );

  // The ICPC of the worked example in docs/domain.md: Thursday 19 December 2024 + 15 working days. Day 1 is
  // Friday 20, then 23, 24, 27, 30, 31 December (25 and 26 are holidays), 2, 3, 6 to 10, 13 and 14 January
  // (1 January is a holiday): Tuesday 14 January 2025.
  const ICPC_DUE = '2025-01-14';

  describe('s47 enquiries and the ICPC timescale', () => {
    it('opens no ICPC timescale after a strategy discussion that decided no s47 enquiry was needed (section47: false)', async () => {
      const { childId, discussion } = await aChildWithStrategyDiscussion('2024-12-19', { section47: false });

      expect(discussion).toEqual({ strategyDiscussionId: expect.any(String), date: '2024-12-19', section47: false });
      expect((await asOf(childId, '2024-12-19')).timescales).toEqual([]);
      expect((await asOf(childId, '2025-01-20')).timescales).toEqual([]);
      expect((await fileOf(childId)).timescales).toEqual([]);
      expect(await listedFor(childId, '2025-01-13')).toEqual([]);
    });

    it('closes the ICPC timescale without a conference when the s47 enquiries find the concerns not substantiated (determination 1)', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');

      const determined = await api.patch(IRO_ONE, `/children/${childId}/strategy-discussions/${discussionId}`, {
        s47Determination: 'not-substantiated',
        determinedOn: '2025-01-08',
      });

      expect(determined.status, determined.text).toBe(200);
      expect(determined.body).toEqual({ strategyDiscussionId: discussionId, date: '2024-12-19', section47: true, s47Determination: 'not-substantiated', determinedOn: '2025-01-08' });
      // The day before the determination the enquiries were still under way, and the ICPC due.
      expect((await asOf(childId, '2025-01-07')).timescales).toEqual([
        expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE, stage: 's47-enquiries-under-way' }),
      ]);
      // From the day it was determined, nothing is due: not on the day, not after the due date, not today.
      expect((await asOf(childId, '2025-01-08')).timescales).toEqual([]);
      expect((await asOf(childId, '2025-01-20')).timescales).toEqual([]);
      expect((await fileOf(childId)).timescales).toEqual([]);
      expect(await listedFor(childId, '2025-01-13')).toEqual([]);
      expect((await auditOf(childId)).at(-1)).toMatchObject({ action: 'strategy-discussion.determined', recordId: discussionId });
    });

    it('closes the ICPC timescale without a conference when the s47 enquiries find no continuing risk of significant harm (determination 2)', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');

      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/strategy-discussions/${discussionId}`, { s47Determination: 'no-continuing-risk', determinedOn: '2025-01-10' });

      expect((await asOf(childId, '2025-01-09')).timescales).toEqual([
        expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE, stage: 's47-enquiries-under-way' }),
      ]);
      expect((await asOf(childId, '2025-01-10')).timescales).toEqual([]);
      expect((await asOf(childId, '2025-01-20')).timescales).toEqual([]);
      expect((await fileOf(childId)).timescales).toEqual([]);
      expect(await listedFor(childId, '2025-01-13')).toEqual([]);
    });

    it('keeps the ICPC due, no longer "s47 enquiries under way", when the enquiries determine a conference is needed (determination 3), until the ICPC is held', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/strategy-discussions/${discussionId}`, { s47Determination: 'conference', determinedOn: '2025-01-08' });

      const before = await asOf(childId, '2025-01-07');
      const determined = await asOf(childId, '2025-01-08');
      const breached = await asOf(childId, '2025-01-20');
      const listed = await listedFor(childId, '2025-01-13');
      const icpc = await api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('ICPC', '2025-01-21', { outcome: { decision: 'do-not-register' } }));
      const held = await asOf(childId, '2025-01-21');

      expect(before.timescales).toEqual([expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE, stage: 's47-enquiries-under-way' })]);
      const due = { kind: 'ICPC', dueDate: ICPC_DUE, statutory: true, countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: discussionId }, rule: 'icpc', explanation: explainedAs('Due by Tuesday 14 January 2025: 15 working days after') };
      // By hand: as of Wednesday 8 January, 9, 10, 13 and 14 January are left; on Monday 20 January, 15, 16, 17 and 20 are overdue.
      expect(determined.timescales).toEqual([{ ...due, status: 'due-soon', workingDaysLeft: 4 }]);
      expect(breached.timescales).toEqual([{ ...due, status: 'breached', workingDaysLeft: -4 }]);
      expect(listed).toEqual([expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE })]);
      expect(listed[0]).not.toHaveProperty('stage');
      expect(icpc.status, icpc.text).toBe(201);
      expect(held.timescales).toEqual([]);
      expect(held.meetings).toEqual([expect.objectContaining({ meetingId: icpc.body.meetingId, kind: 'ICPC', dueDate: ICPC_DUE, inCompliance: false })]);
    });

    it('the 2024-12-19 strategy discussion left undetermined is breached on 2025-01-20 (status breached, stage s47-enquiries-under-way)', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');

      const onTheDay = await asOf(childId, '2025-01-20');
      const listed = await listedFor(childId, '2025-01-20');
      const page = await fileOf(childId);

      // By hand: due Tuesday 14 January 2025; 15, 16, 17 and 20 January are working days past it.
      expect(onTheDay.timescales).toEqual([
        {
          kind: 'ICPC',
          dueDate: ICPC_DUE,
          countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: discussionId },
          rule: 'icpc',
          explanation: explainedAs('Due by Tuesday 14 January 2025: 15 working days after the last strategy discussion on Thursday 19 December 2024'),
          statutory: true,
          stage: 's47-enquiries-under-way',
          status: 'breached',
          workingDaysLeft: -4,
        },
      ]);
      expect(listed).toEqual([expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE, stage: 's47-enquiries-under-way', status: 'breached', workingDaysLeft: -4 })]);
      expect(page.timescales).toEqual([expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE, stage: 's47-enquiries-under-way', status: 'breached' })]);
    });

    it('counts the ICPC from the last strategy discussion since the last conference', async () => {
      // Monday 6 January 2025 + 15 working days: 7 to 10, 13 to 17, 20 to 24 and 27 January: Monday 27 January.
      const { childId } = await aChildWithStrategyDiscussion('2024-12-19');
      const later = await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date: '2025-01-06' });

      const due = await asOf(childId, '2025-01-20');

      expect(due.timescales).toEqual([
        expect.objectContaining({
          kind: 'ICPC',
          dueDate: '2025-01-27',
          stage: 's47-enquiries-under-way',
          countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2025-01-06', recordId: later.strategyDiscussionId },
        }),
      ]);
    });

    it('refuses a determination on a discussion that decided no s47 enquiry was needed, or dated before the discussion, with 400 naming the field, and writes nothing', async () => {
      const none = await aChildWithStrategyDiscussion('2024-12-19', { section47: false });
      const some = await aChildWithStrategyDiscussion('2024-12-19');

      const onNone = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${none.childId}/strategy-discussions/${none.discussionId}`, { s47Determination: 'not-substantiated', determinedOn: '2025-01-08' }),
      );
      const early = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${some.childId}/strategy-discussions/${some.discussionId}`, { s47Determination: 'not-substantiated', determinedOn: '2024-12-18' }),
      );

      expectRefusal(onNone, 's47Determination');
      expectRefusal(early, 'determinedOn');
    });
  });

  describe('periods of care', () => {
    it('runs the CER cycle on over a new episode that starts the day the last one ended: CER1 on 2024-02-01, a new episode from 2024-03-01, the CER still due 2024-05-01', async () => {
      // Came into care Monday 8 January 2024; + 20 working days (9 to 12, 15 to 19, 22 to 26, 29 January to 2
      // February, 5 February; no holiday) is Monday 5 February, so CER1 on Thursday 1 February is in time.
      const { childId, episodeId } = await aChildInCareSince('2024-01-08');
      const cer1 = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2024-02-01'));
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2024-03-01', reason: 'change of legal status' });
      const second = await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2024-03-01', legalStatus: 'care order' });
      const midpoint = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('MIDPOINT', '2024-03-14'));
      const cer2 = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2024-04-30'));

      const inTheSecondEpisode = await asOf(childId, '2024-03-13');
      const afterCer2 = await asOf(childId, '2024-04-30');

      // By hand: CER1 + 3 months is Wednesday 1 May 2024; the mid-point is halfway from 1 February to 1 May,
      // 90 calendar days (29 + 31 + 30), 45 on: Sunday 17 March; the recommendations are due Thursday 1
      // February + 5 working days (2, 5, 6, 7, 8 February): Thursday 8 February. A new cycle would instead have
      // put the CER 20 working days after 1 March (past Good Friday and Easter Monday): Tuesday 2 April.
      expect(kindsAndDates(inTheSecondEpisode.timescales)).toEqual([
        ['RECOMMENDATIONS', '2024-02-08'],
        ['MIDPOINT', '2024-03-17'],
        ['CER', '2024-05-01'],
      ]);
      expect(ofKind(inTheSecondEpisode.timescales, 'CER')[0]!.countedFrom).toEqual({ event: 'CER', date: '2024-02-01', recordId: cer1.meetingId });
      expect(second.episodeId).not.toBe(episodeId);
      expect(afterCer2.meetings).toEqual([
        { meetingId: cer1.meetingId, type: 'CER', heldOn: '2024-02-01', kind: 'CER', dueDate: '2024-02-05', inCompliance: true, countedFrom: { event: 'CARE_EPISODE_START', date: '2024-01-08', recordId: episodeId }, rule: 'firstCer', explanation: explainedAs('Held on Thursday 1 February 2024, in time: due by Monday 5 February 2024') },
        { meetingId: midpoint.meetingId, type: 'MIDPOINT', heldOn: '2024-03-14', kind: 'MIDPOINT', dueDate: '2024-03-17', inCompliance: true, countedFrom: { event: 'CER', date: '2024-02-01', recordId: cer1.meetingId }, rule: 'midpoint', halfwayTo: '2024-05-01', explanation: explainedAs('Held on Thursday 14 March 2024, in time') },
        { meetingId: cer2.meetingId, type: 'CER', heldOn: '2024-04-30', kind: 'CER', dueDate: '2024-05-01', inCompliance: true, countedFrom: { event: 'CER', date: '2024-02-01', recordId: cer1.meetingId }, rule: 'secondCer', explanation: explainedAs('Held on Tuesday 30 April 2024, in time: due by Wednesday 1 May 2024') },
      ]);
    });

    it('dues a first CER for a period that began on 2008-03-03 on 2008-04-02, over Easter 2008', async () => {
      // Monday 3 March 2008 + 20 working days: 4 to 7, 10 to 14, 17 to 20 March (13), then Good Friday 21 and
      // Easter Monday 24 March are bank holidays; 25 to 28, 31 March, 1 and 2 April: Wednesday 2 April 2008.
      const { childId, episodeId } = await aChildInCareSince('2008-03-03', { dateOfBirth: '2005-04-12' });

      const due = await asOf(childId, '2008-03-20');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2008-04-02'));
      const held = await asOf(childId, '2008-04-02');

      // By hand: after Thursday 20 March, 25 to 28, 31 March, 1 and 2 April are left: 7.
      expect(due.timescales).toEqual([
        { kind: 'CER', dueDate: '2008-04-02', countedFrom: { event: 'CARE_EPISODE_START', date: '2008-03-03', recordId: episodeId }, rule: 'firstCer', explanation: explainedAs('Due by Wednesday 2 April 2008: 20 working days after'), statutory: true, status: 'due-soon', workingDaysLeft: 7 },
      ]);
      expect(held.meetings).toEqual([expect.objectContaining({ meetingId: cer.meetingId, dueDate: '2008-04-02', inCompliance: true })]);
    });
  });

  describe('corrections', () => {
    it('moves the CER a placement change brought forward when the change’s date is corrected', async () => {
      // Care from Monday 1 September 2025; CER1 on Friday 26 September; the next regular one 3 months on, 26
      // December. An unplanned change on Wednesday 15 October + 20 working days (16, 17, 20 to 24, 27 to 31
      // October, 3 to 7, 10 to 12 November) is Wednesday 12 November; corrected to Wednesday 22 October, + 20
      // (23, 24, 27 to 31 October, 3 to 7, 10 to 14, 17 to 19 November) is Wednesday 19 November.
      const { childId } = await aChildInCareSince('2025-09-01');
      await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2025-09-26'));
      const change = await api.given(IRO_ONE, 'POST', `/children/${childId}/placement-changes`, { date: '2025-10-15', unplanned: true });
      const before = await asOf(childId, '2025-10-31');

      const corrected = await api.patch(IRO_ONE, `/children/${childId}/placement-changes/${change.placementChangeId}`, { date: '2025-10-22' });
      const after = await asOf(childId, '2025-10-31');

      expect(ofKind(before.timescales, 'CER')).toEqual([expect.objectContaining({ dueDate: '2025-11-12', countedFrom: expect.objectContaining({ date: '2025-10-15' }) })]);
      expect(corrected.status, corrected.text).toBe(200);
      expect(corrected.body).toEqual({ placementChangeId: change.placementChangeId, date: '2025-10-22', unplanned: true });
      expect(ofKind(after.timescales, 'CER')).toEqual([
        expect.objectContaining({ dueDate: '2025-11-19', countedFrom: { event: 'UNPLANNED_PLACEMENT_CHANGE', date: '2025-10-22', recordId: change.placementChangeId } }),
      ]);
      expect((await auditOf(childId)).at(-1)).toMatchObject({
        action: 'placement-change.corrected',
        changes: [{ field: 'date', from: '2025-10-15', to: '2025-10-22' }],
      });
    });

    it('moves the first CER when a care episode’s start is corrected', async () => {
      // Monday 1 September 2025 + 20 working days is Monday 29 September; Monday 8 September + 20 (9 to 12, 15
      // to 19, 22 to 26, 29 September to 3 October, 6 October) is Monday 6 October. No holiday.
      const { childId, episodeId } = await aChildInCareSince('2025-09-01');
      const before = await asOf(childId, '2025-09-10');

      const corrected = await api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { startDate: '2025-09-08' });
      const after = await asOf(childId, '2025-09-10');

      expect(kindsAndDates(before.timescales)).toEqual([['CER', '2025-09-29']]);
      expect(corrected.status, corrected.text).toBe(200);
      expect(corrected.body).toEqual({ episodeId, startDate: '2025-09-08' });
      expect(after.timescales).toEqual([
        expect.objectContaining({ kind: 'CER', dueDate: '2025-10-06', countedFrom: { event: 'CARE_EPISODE_START', date: '2025-09-08', recordId: episodeId } }),
      ]);
      expect((await fileOf(childId)).careEpisodes).toEqual([{ episodeId, startDate: '2025-09-08' }]);
    });

    it('moves the ICPC when a strategy discussion’s date is corrected', async () => {
      // Friday 20 December 2024 + 15 working days: 23, 24, 27, 30, 31 December, 2, 3, 6 to 10, 13 to 15
      // January: Wednesday 15 January 2025 (25, 26 December and 1 January are holidays).
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');

      const corrected = await api.patch(IRO_ONE, `/children/${childId}/strategy-discussions/${discussionId}`, { date: '2024-12-20' });
      const after = await asOf(childId, '2025-01-06');

      expect(corrected.status, corrected.text).toBe(200);
      expect(corrected.body).toEqual({ strategyDiscussionId: discussionId, date: '2024-12-20', section47: true });
      expect(after.timescales).toEqual([
        expect.objectContaining({ kind: 'ICPC', dueDate: '2025-01-15', countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-20', recordId: discussionId } }),
      ]);
    });

    it('refuses a correction that puts an end before its start with 400 naming endDate, and writes nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2025-09-01');
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2025-10-01' });

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2025-08-29' }));

      expectRefusal(answer, 'endDate');
    });

    it('refuses a correction of a care episode that would leave a placement change outside care with 400 naming startDate, and writes nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2025-09-01');
      await api.given(IRO_ONE, 'POST', `/children/${childId}/placement-changes`, { date: '2025-09-05', unplanned: true });

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { startDate: '2025-09-08' }));

      expectRefusal(answer, 'startDate');
    });

    it('refuses a correction that dates a record before the child was born with 400 naming the date, and writes nothing', async () => {
      // Born 2015-12-10 (the builder's default).
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}/strategy-discussions/${discussionId}`, { date: '2015-12-09' }));

      expectRefusal(answer, 'date');
      expect(answer.body.error.problems[0].reason).toContain('2015-12-10');
    });

    it('refuses a correction into the future with 400 naming the date, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2025-09-01');
      const change = await api.given(IRO_ONE, 'POST', `/children/${childId}/placement-changes`, { date: '2025-10-15', unplanned: true });

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/placement-changes/${change.placementChangeId}`, { date: inTheFuture() }),
      );

      expectRefusal(answer, 'date');
      expect(answer.body.error.problems[0].reason).toBe('is in the future');
    });

    it('refuses a date of birth corrected to after the child’s records with 400 naming dateOfBirth, and writes nothing (no record may be dated before the child’s birth)', async () => {
      const { childId } = await aChildWithStrategyDiscussion('2024-12-19');

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}`, { dateOfBirth: '2025-01-01' }));

      expectRefusal(answer, 'dateOfBirth');
    });

    it('refuses another IRO’s correction with 404, as for a child that does not exist, and lets an admin correct it', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');
      const path = `/children/${childId}/strategy-discussions/${discussionId}`;

      const byOther = await api.expectNothingWritten(() => api.patch(IRO_TWO, path, { date: '2024-12-20' }));
      const byAdmin = await api.patch(ADMIN, path, { date: '2024-12-20' });

      expectServiceError(byOther, 404, 'not_found');
      expect(byAdmin.status, byAdmin.text).toBe(200);
      expect((await auditOf(childId)).at(-1)).toMatchObject({ actor: ADMIN.email, action: 'strategy-discussion.corrected' });
    });
  });

  describe('removals', () => {
    it('a strategy discussion removed as entered in error leaves no ICPC timescale, and its reason in the audit with the whole record', async () => {
      const { childId, discussionId, discussion } = await aChildWithStrategyDiscussion('2024-12-19');
      const reason = 'entered in error: the discussion was about another child';
      const dueBefore = await listedFor(childId, '2025-01-13');

      const removed = await remove(IRO_ONE, `/children/${childId}/strategy-discussions/${discussionId}`, { reason });
      const file = await fileOf(childId);
      const audit = await auditOf(childId);

      expect(dueBefore).toEqual([expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE })]);
      expect(removed.status, removed.text).toBe(200);
      expect(removed.body).toEqual(discussion);
      expect(file.strategyDiscussions).toEqual([]);
      expect(file.timescales).toEqual([]);
      expect((await asOf(childId, '2025-01-20')).timescales).toEqual([]);
      expect(await listedFor(childId, '2025-01-13')).toEqual([]);
      const entry = audit.at(-1)!;
      expect(entry).toMatchObject({ actor: IRO_ONE.email, action: 'strategy-discussion.removed', recordType: 'strategyDiscussions', recordId: discussionId, reason });
      // Every field of the record as it was, and nothing it became.
      expect(Object.fromEntries(entry.changes.map((change) => [change.field, change.from]))).toEqual(discussion);
      expect(entry.changes.every((change) => !('to' in change))).toBe(true);
    });

    /** Each kind of record, made on a child of IRO one: where it is removed, and what the file shows after. */
    const KINDS: {
      what: string;
      collection: string;
      action: string;
      make: (childId: string) => Promise<{ path: string; record: Record<string, unknown> }>;
      afterwards: (childId: string) => Promise<void>;
    }[] = [
      {
        what: 'a care episode',
        collection: 'careEpisodes',
        action: 'care-episode.removed',
        make: async (childId) => {
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2025-09-01' });
          return { path: `/children/${childId}/care-episodes/${record.episodeId}`, record };
        },
        afterwards: async (childId) => {
          const file = await fileOf(childId);
          expect(file.lookedAfter).toBe(false);
          expect(file.timescales).toEqual([]);
        },
      },
      {
        what: 'a placement change',
        collection: 'placementChanges',
        action: 'placement-change.removed',
        make: async (childId) => {
          await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2025-09-01' });
          await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2025-09-26'));
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/placement-changes`, { date: '2025-10-15', unplanned: true });
          return { path: `/children/${childId}/placement-changes/${record.placementChangeId}`, record };
        },
        afterwards: async (childId) => {
          // Back to the regular date: Friday 26 September 2025 + 3 months, Friday 26 December (not moved off the holiday).
          expect(ofKind((await asOf(childId, '2025-10-31')).timescales, 'CER')).toEqual([expect.objectContaining({ dueDate: '2025-12-26' })]);
        },
      },
      {
        what: 'a strategy discussion',
        collection: 'strategyDiscussions',
        action: 'strategy-discussion.removed',
        make: async (childId) => {
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date: '2024-12-19' });
          return { path: `/children/${childId}/strategy-discussions/${record.strategyDiscussionId}`, record };
        },
        afterwards: async (childId) => expect((await fileOf(childId)).timescales).toEqual([]),
      },
      {
        what: 'a registration',
        collection: 'registrations',
        action: 'registration.removed',
        make: async (childId) => {
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/registrations`, { startDate: '2025-03-03', category: 'Neglect' });
          return { path: `/children/${childId}/registrations/${record.registrationId}`, record };
        },
        afterwards: async (childId) => {
          const file = await fileOf(childId);
          expect(file.registered).toBe(false);
          expect(file.timescales).toEqual([]);
        },
      },
      {
        what: 'a transfer-in',
        collection: 'transferIns',
        action: 'transfer-in.removed',
        make: async (childId) => {
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/transfer-ins`, { notifiedOn: '2025-06-02' });
          return { path: `/children/${childId}/transfer-ins/${record.transferInId}`, record };
        },
        afterwards: async (childId) => expect((await fileOf(childId)).timescales).toEqual([]),
      },
      {
        what: 'a case dispute',
        collection: 'disputes',
        action: 'dispute.removed',
        make: async (childId) => {
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/disputes`, {
            startedOn: '2025-06-02',
            stage: 'formal',
            raisedBy: 'IRO',
            resolvedOn: '2025-07-14',
            outcome: 'Care plan amended',
            legalAdviceSought: true,
          });
          return { path: `/children/${childId}/disputes/${record.disputeId}`, record };
        },
        afterwards: async (childId) => expect((await fileOf(childId)).disputes).toEqual([]),
      },
      {
        what: 'a meeting',
        collection: 'meetings',
        action: 'meeting.removed',
        make: async (childId) => {
          await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2025-09-01' });
          const record = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2025-09-26'));
          return { path: `/children/${childId}/meetings/${record.meetingId}`, record };
        },
        afterwards: async (childId) => {
          // The first CER is due again: Monday 1 September 2025 + 20 working days, Monday 29 September.
          expect(kindsAndDates((await fileOf(childId)).timescales)).toEqual([['CER', '2025-09-29']]);
        },
      },
    ];

    for (const kind of KINDS) {
      it(`removes ${kind.what} entered in error, with a reason: it counts for nothing, and the audit keeps it`, async () => {
        const childId = await api.createChild(IRO_ONE);
        const { path, record } = await kind.make(childId);
        const reason = `entered in error: ${kind.what} on the wrong child`;

        const removed = await remove(IRO_ONE, path, { reason });

        expect(removed.status, removed.text).toBe(200);
        expect(removed.body).toEqual(record);
        expect((await fileOf(childId))[kind.collection]).not.toContainEqual(record);
        await kind.afterwards(childId);
        const entry = (await auditOf(childId)).at(-1)!;
        expect(entry).toMatchObject({ actor: IRO_ONE.email, action: kind.action, recordType: kind.collection, reason });
        expect(Object.fromEntries(entry.changes.map((change) => [change.field, change.from]))).toEqual(record);
      });

      it(`refuses to remove ${kind.what} without a reason with 400 naming reason, and writes nothing`, async () => {
        const childId = await api.createChild(IRO_ONE);
        const { path } = await kind.make(childId);

        const noReason = await api.expectNothingWritten(() => remove(IRO_ONE, path, {}));
        const emptyReason = await api.expectNothingWritten(() => remove(IRO_ONE, path, { reason: '  ' }));

        expectRefusal(noReason, 'reason');
        expectRefusal(emptyReason, 'reason');
      });
    }

    it('counts a registration and a care episode removed as entered in error for nothing in the month’s figures', async () => {
      /** The figures a removed record would move, from a new revision of March 2025’s snapshot. */
      const figures = async () => {
        const answer = await api.post(ADMIN, '/snapshots/2025-03', undefined);
        expect(answer.status, answer.text).toBe(201);
        const { registerTotal, registerByCategory: byCategory, registrationsAdded, becameLookedAfter, lookedAfterAtMonthEnd, caseloadByIro } = answer.body.figures;
        return { registerTotal, registerByCategory: byCategory, registrationsAdded, becameLookedAfter, lookedAfterAtMonthEnd, caseloadByIro };
      };
      const before = await figures();
      const childId = await api.createChild(IRO_ONE);
      const registration = await api.given(IRO_ONE, 'POST', `/children/${childId}/registrations`, { startDate: '2025-03-03', category: 'Physical and Sexual Abuse' });
      const episode = await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2025-03-03' });
      const recorded = await figures();

      await remove(IRO_ONE, `/children/${childId}/registrations/${registration.registrationId}`, { reason: 'entered in error: another child' });
      await remove(IRO_ONE, `/children/${childId}/care-episodes/${episode.episodeId}`, { reason: 'entered in error: another child' });
      const after = await figures();

      expect(recorded.registerTotal).toBe(before.registerTotal + 1);
      expect(recorded.registrationsAdded).toBe(before.registrationsAdded + 1);
      expect(recorded.becameLookedAfter).toBe(before.becameLookedAfter + 1);
      expect(after).toEqual(before);
    });

    it('refuses a removal with no body at all with 400, and writes nothing', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');

      const answer = await api.expectNothingWritten(() => api.send('DELETE', `/children/${childId}/strategy-discussions/${discussionId}`, { as: IRO_ONE }));

      expectServiceError(answer, 400, 'validation_failed');
    });

    it('answers another IRO 404 for a child not theirs, and writes nothing; an admin may remove any record', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');
      const path = `/children/${childId}/strategy-discussions/${discussionId}`;

      const byOther = await api.expectNothingWritten(() => remove(IRO_TWO, path, { reason: 'entered in error' }));
      const byAdmin = await remove(ADMIN, path, { reason: 'entered in error: a duplicate of the case system’s record' });

      expectServiceError(byOther, 404, 'not_found');
      expect(byAdmin.status, byAdmin.text).toBe(200);
      expect((await fileOf(childId)).strategyDiscussions).toEqual([]);
      expect((await auditOf(childId)).at(-1)).toMatchObject({ actor: ADMIN.email, action: 'strategy-discussion.removed', recordId: discussionId });
    });

    it('answers 404 for a record already removed, and writes nothing', async () => {
      const { childId, discussionId } = await aChildWithStrategyDiscussion('2024-12-19');
      const path = `/children/${childId}/strategy-discussions/${discussionId}`;
      await remove(IRO_ONE, path, { reason: 'entered in error' });

      const again = await api.expectNothingWritten(() => remove(IRO_ONE, path, { reason: 'entered in error' }));

      expectServiceError(again, 404, 'not_found');
    });

    it('removes the registration with the ICPC that made it, when that ICPC is removed as entered in error', async () => {
      const childId = await api.createChild(IRO_ONE);
      const discussion = await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date: '2024-12-19' });
      const icpc = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('ICPC', '2025-01-10', { outcome: { decision: 'register', category: 'Neglect' } }));
      const registered = await fileOf(childId);

      const removed = await remove(IRO_ONE, `/children/${childId}/meetings/${icpc.meetingId}`, { reason: 'entered in error: recorded on the wrong child' });
      const file = await fileOf(childId);

      expect(registered.registered).toBe(true);
      expect(removed.status, removed.text).toBe(200);
      expect(file.registered).toBe(false);
      expect(file.registrations).toEqual([]);
      expect(file.meetings).toEqual([]);
      // No RCPC, core group or outline plan; the strategy discussion's ICPC is due again, 14 January 2025, and the enquiries are still under way.
      expect(file.timescales).toEqual([
        expect.objectContaining({ kind: 'ICPC', dueDate: ICPC_DUE, stage: 's47-enquiries-under-way', countedFrom: expect.objectContaining({ recordId: discussion.strategyDiscussionId }) }),
      ]);
      expect((await auditOf(childId)).at(-1)).toMatchObject({ action: 'meeting.removed', recordId: icpc.meetingId });
    });

    it('reopens the registration an RCPC ended, when that RCPC is removed as entered in error', async () => {
      const { childId, registrationId } = await aChildRegisteredAtIcpc('2025-01-10');
      const rcpc = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('RCPC', '2025-04-08', { outcome: { decision: 'deregister' } }));
      const deregistered = await fileOf(childId);

      const removed = await remove(IRO_ONE, `/children/${childId}/meetings/${rcpc.meetingId}`, { reason: 'entered in error: the conference continued the registration' });
      const file = await fileOf(childId);

      expect(deregistered.registered).toBe(false);
      expect(removed.status, removed.text).toBe(200);
      expect(file.registered).toBe(true);
      expect(file.registrations).toEqual([{ registrationId, startDate: '2025-01-10', category: 'Neglect', registeredAtMeetingId: expect.any(String) }]);
      // The RCPC is due again: Friday 10 January 2025 + 3 months, Thursday 10 April 2025.
      expect(ofKind(file.timescales, 'RCPC')).toEqual([expect.objectContaining({ dueDate: '2025-04-10', status: 'breached' })]);
    });
  });

  describe('a meeting recorded twice', () => {
    it('refuses a second CER on the same day with 409 naming heldOn and the first meeting, and writes nothing; the first POST replayed with its Idempotency-Key gets the first answer', async () => {
      const { childId } = await aChildInCareSince('2025-09-01');
      const key = randomUUID();
      const body = aMeeting('CER', '2025-09-26');
      const first = await api.post(IRO_ONE, `/children/${childId}/meetings`, body, { 'idempotency-key': key });

      const second = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('CER', '2025-09-26', { childParticipated: false })));
      const replayed = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/meetings`, body, { 'idempotency-key': key }));

      expect(first.status, first.text).toBe(201);
      expectServiceError(second, 409, 'conflict');
      expect(fieldsOf(second)).toEqual(['heldOn']);
      expect(second.body.error.problems[0].reason).toContain(first.body.meetingId);
      expect(replayed.status, replayed.text).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(first.body);
      expect((await fileOf(childId)).meetings).toHaveLength(1);
    });

    it('refuses a correction that moves a CER onto the day of another with 409 naming heldOn, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2025-09-01');
      const first = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2025-09-26'));
      const later = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2025-12-01'));

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}/meetings/${later.meetingId}`, { heldOn: '2025-09-26' }));

      expectServiceError(answer, 409, 'conflict');
      expect(fieldsOf(answer)).toEqual(['heldOn']);
      expect(answer.body.error.problems[0].reason).toContain(first.meetingId);
    });
  });

  describe('registration categories', () => {
    it('stores a registration naming abuseTypes neglect and emotional under the category "Neglect and Emotional Abuse"', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.post(IRO_ONE, `/children/${childId}/registrations`, { startDate: '2025-03-03', abuseTypes: ['neglect', 'emotional'] });

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body).toEqual({ registrationId: expect.any(String), startDate: '2025-03-03', category: 'Neglect and Emotional Abuse' });
      expect((await fileOf(childId)).registrations).toEqual([answer.body]);
    });

    it('stores a registration naming abuseTypes physical and neglect under Chart 4’s "Neglect and Physical Abuse"', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.post(IRO_ONE, `/children/${childId}/registrations`, { startDate: '2025-03-03', abuseTypes: ['physical', 'neglect'] });

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.category).toBe('Neglect and Physical Abuse');
    });

    it('refuses a registration naming both a category and abuseTypes with 400, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/registrations`, { startDate: '2025-03-03', category: 'Neglect', abuseTypes: ['neglect'] }),
      );

      expectRefusal(answer, 'abuseTypes');
    });

    it('moves a child between Chart 4’s rows at the month end after an RCPC changes the category', async () => {
      const februaryBefore = await registerByCategory('2025-02');
      const marchBefore = await registerByCategory('2025-03');
      const { childId, registrationId } = await aChildRegisteredAtIcpc('2025-01-10', 'Neglect');

      const rcpc = await api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('RCPC', '2025-03-10', { outcome: { decision: 'continue', category: 'Neglect and Physical Abuse' } }));
      const february = await registerByCategory('2025-02');
      const march = await registerByCategory('2025-03');

      expect(rcpc.status, rcpc.text).toBe(201);
      expect((await fileOf(childId)).registrations).toEqual([
        expect.objectContaining({ registrationId, category: 'Neglect', categoryChanges: [{ from: '2025-03-10', category: 'Neglect and Physical Abuse', atMeetingId: rcpc.body.meetingId }] }),
      ]);
      // At the end of February the child is under the category they were registered with; at the end of March, under the new one.
      expect(changedRows(februaryBefore, february)).toEqual({ Neglect: 1 });
      expect(changedRows(marchBefore, march)).toEqual({ 'Neglect and Physical Abuse': 1 });
      expect(Object.keys(march).slice(0, REGISTRATION_CATEGORIES.length)).toEqual([...REGISTRATION_CATEGORIES]);
      // The RCPC was on time: Friday 10 January + 3 months is Thursday 10 April; the next is 6 months on, 10 September 2025.
      expect((await asOf(childId, '2025-03-10')).meetings).toContainEqual(expect.objectContaining({ meetingId: rcpc.body.meetingId, dueDate: '2025-04-10', inCompliance: true }));
      expect(ofKind((await asOf(childId, '2025-03-10')).timescales, 'RCPC')).toEqual([expect.objectContaining({ dueDate: '2025-09-10' })]);
    });

    it('changes the category from a day by a dated correction, and a combination outside Chart 4 gets its own row after the ten', async () => {
      const februaryBefore = await registerByCategory('2025-02');
      const marchBefore = await registerByCategory('2025-03');
      const childId = await api.createChild(IRO_ONE);
      const registration = await api.given(IRO_ONE, 'POST', `/children/${childId}/registrations`, { startDate: '2025-02-03', category: 'Emotional Abuse' });

      const changed = await api.patch(IRO_ONE, `/children/${childId}/registrations/${registration.registrationId}`, { abuseTypes: ['emotional', 'neglect'], categoryFrom: '2025-03-20' });
      const february = await registerByCategory('2025-02');
      const march = await registerByCategory('2025-03');

      expect(changed.status, changed.text).toBe(200);
      expect(changed.body).toEqual({ ...registration, categoryChanges: [{ from: '2025-03-20', category: 'Neglect and Emotional Abuse' }] });
      expect(changedRows(februaryBefore, february)).toEqual({ 'Emotional Abuse': 1 });
      expect(changedRows(marchBefore, march)).toEqual({ 'Neglect and Emotional Abuse': 1 });
      const rows = Object.keys(march);
      expect(rows.slice(0, REGISTRATION_CATEGORIES.length)).toEqual([...REGISTRATION_CATEGORIES]);
      expect(rows.indexOf('Neglect and Emotional Abuse')).toBeGreaterThanOrEqual(REGISTRATION_CATEGORIES.length);
      expect((await auditOf(childId)).at(-1)).toMatchObject({ action: 'registration.category-changed' });
    });
  });

  describe('transfer-ins', () => {
    // Monday 2 June 2025 + 15 working days: 3 to 6, 9 to 13, 16 to 20 and 23 June: Monday 23 June 2025 (the
    // spring bank holiday was 26 May, before it).
    it('dues a transfer-in conference notified on 2025-06-02 on 2025-06-23', async () => {
      const childId = await api.createChild(IRO_ONE);

      const notified = await api.post(IRO_ONE, `/children/${childId}/transfer-ins`, { notifiedOn: '2025-06-02' });
      const onTheDay = await asOf(childId, '2025-06-02');

      expect(notified.status, notified.text).toBe(201);
      expect(notified.body).toEqual({ transferInId: expect.any(String), notifiedOn: '2025-06-02' });
      expect(onTheDay.timescales).toEqual([
        {
          kind: 'TRANSFER_IN',
          dueDate: '2025-06-23',
          countedFrom: { event: 'TRANSFER_IN_NOTIFIED', date: '2025-06-02', recordId: notified.body.transferInId },
          rule: 'transferIn',
          explanation: explainedAs('Due by Monday 23 June 2025: 15 working days after'),
          statutory: true,
          status: 'upcoming',
          workingDaysLeft: 15,
        },
      ]);
      expect(await listedFor(childId, '2025-06-09')).toEqual([expect.objectContaining({ kind: 'TRANSFER_IN', dueDate: '2025-06-23' })]);
    });

    it('closes the transfer-in timescale with a TRANSFER_IN conference held in time', async () => {
      const childId = await api.createChild(IRO_ONE);
      const notified = await api.given(IRO_ONE, 'POST', `/children/${childId}/transfer-ins`, { notifiedOn: '2025-06-02' });

      const conference = await api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('TRANSFER_IN', '2025-06-20', { outcome: { decision: 'do-not-register' } }));
      const after = await asOf(childId, '2025-06-20');
      const file = await fileOf(childId);

      expect(conference.status, conference.text).toBe(201);
      expect(after.timescales).toEqual([]);
      expect(after.meetings).toEqual([
        {
          meetingId: conference.body.meetingId,
          type: 'TRANSFER_IN',
          heldOn: '2025-06-20',
          kind: 'TRANSFER_IN',
          dueDate: '2025-06-23',
          inCompliance: true,
          countedFrom: { event: 'TRANSFER_IN_NOTIFIED', date: '2025-06-02', recordId: notified.transferInId },
          rule: 'transferIn',
          explanation: explainedAs('Held on Friday 20 June 2025, in time: due by Monday 23 June 2025'),
        },
      ]);
      expect(file.registered).toBe(false);
      expect(file.timescales).toEqual([]);
    });

    it('starts the RCPC cycle at a TRANSFER_IN conference that registers the child: the first RCPC 3 months on, then every 6', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/transfer-ins`, { notifiedOn: '2025-06-02' });

      const conference = await api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('TRANSFER_IN', '2025-06-20', { outcome: { decision: 'register', category: 'Sexual Abuse' } }));
      const registered = await asOf(childId, '2025-06-20');
      const rcpc = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('RCPC', '2025-09-18', { outcome: { decision: 'continue' } }));
      const reviewed = await asOf(childId, '2025-09-18');

      expect(conference.status, conference.text).toBe(201);
      expect((await fileOf(childId)).registrations).toEqual([
        { registrationId: expect.any(String), startDate: '2025-06-20', category: 'Sexual Abuse', registeredAtMeetingId: conference.body.meetingId },
      ]);
      // By hand: Friday 20 June 2025 + 10 working days (23 to 27 June, 30 June to 4 July) is Friday 4 July; + 3
      // months is Saturday 20 September (not moved off the weekend). No outline plan: a transfer-in conference is not an ICPC.
      expect(kindsAndDates(registered.timescales)).toEqual([
        ['CORE_GROUP', '2025-07-04'],
        ['RCPC', '2025-09-20'],
      ]);
      expect(ofKind(registered.timescales, 'RCPC')[0]!.countedFrom).toEqual(expect.objectContaining({ event: 'REGISTRATION', date: '2025-06-20' }));
      // The first RCPC on Thursday 18 September is in time; the next is due 6 months on, Wednesday 18 March 2026.
      expect(reviewed.meetings).toContainEqual(expect.objectContaining({ meetingId: rcpc.meetingId, kind: 'RCPC', dueDate: '2025-09-20', inCompliance: true }));
      expect(ofKind(reviewed.timescales, 'RCPC')).toEqual([expect.objectContaining({ dueDate: '2026-03-18', countedFrom: expect.objectContaining({ event: 'RCPC', recordId: rcpc.meetingId }) })]);
    });
  });

  describe('histories before 2015', () => {
    it('lets a child born 2001 be given a care episode from 2003, with its first CER counted then', async () => {
      const childId = await api.createChild(IRO_ONE, { dateOfBirth: '2001-03-15' });

      const episode = await api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2003-06-02' });
      const due = await asOf(childId, '2003-06-02');

      expect(episode.status, episode.text).toBe(201);
      // By hand: Monday 2 June 2003 + 20 working days (3 to 6, 9 to 13, 16 to 20, 23 to 27, 30 June; the spring
      // bank holiday was 26 May) is Monday 30 June 2003.
      expect(kindsAndDates(due.timescales)).toEqual([['CER', '2003-06-30']]);
    });

    it('refuses a record dated before the child’s birth with 400 naming the date field, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE, { dateOfBirth: '2001-03-15' });

      const episode = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2001-03-14' }));
      const discussion = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/strategy-discussions`, { date: '2000-11-01' }));
      const meeting = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('ICPC', '2001-01-10', { outcome: { decision: 'do-not-register' } })));
      const transferIn = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/transfer-ins`, { notifiedOn: '2001-03-01' }));
      const dispute = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/disputes`, { startedOn: '2001-03-01', stage: 'informal', raisedBy: 'IRO' }));

      expectRefusal(episode, 'startDate');
      expect(episode.body.error.problems[0].reason).toContain('2001-03-15');
      expectRefusal(discussion, 'date');
      expectRefusal(meeting, 'heldOn');
      expectRefusal(transferIn, 'notifiedOn');
      expectRefusal(dispute, 'startedOn');
    });

    it('takes records back to 2000-01-01 and no further', async () => {
      // Saturday 1 January 2000 + 20 working days: Monday 3 January was the substitute New Year holiday; 4 to 7,
      // 10 to 14, 17 to 21, 24 to 28 and 31 January: Monday 31 January 2000.
      const childId = await api.createChild(IRO_ONE, { dateOfBirth: '1998-05-01' });

      const tooEarly = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '1999-12-31' }));
      const first = await api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2000-01-01' });

      expectRefusal(tooEarly, 'startDate');
      expect(first.status, first.text).toBe(201);
      expect(kindsAndDates((await asOf(childId, '2000-01-04')).timescales)).toEqual([['CER', '2000-01-31']]);
    });
  });
});
