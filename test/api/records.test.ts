/**
 * Every record route's success and refusal paths, as a client meets them:
 * real HTTP, the real function, DynamoDB Local. The due dates marked "by
 * hand" were counted from docs/domain.md; nothing in them is a bank holiday.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/domain/calendar/calendar-date';
import { CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { aChildBody } from '../support/children';
import {
  ADMIN,
  aMeeting,
  type Answer,
  expectRefusal,
  expectServiceError,
  fieldsOf,
  IRO_ONE,
  IRO_TWO,
  SERVICE_MANAGER,
  useApi,
  versionOf,
  inTheFuture,
} from './harness';

interface Timescale {
  kind: string;
  dueDate: string;
  status: string;
  countedFrom: { event: string; date: string; recordId: string };
}

/** The open timescales of a kind. */
const ofKind = (timescales: Timescale[], kind: string) => timescales.filter((timescale) => timescale.kind === kind);

describe('the records API', () => {
  const api = useApi();

  /** A child of IRO one, looked after since `startDate`. */
  async function aChildInCareSince(startDate: string): Promise<{ childId: string; episodeId: string }> {
    const childId = await api.createChild(IRO_ONE);
    const episode = await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate });
    return { childId, episodeId: episode.episodeId };
  }

  /** A child of IRO one, registered at an ICPC held on `heldOn`. */
  async function aRegisteredChild(heldOn: string): Promise<{ childId: string; registrationId: string }> {
    const childId = await api.createChild(IRO_ONE);
    await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('ICPC', heldOn, { outcome: { decision: 'register', category: 'Neglect' } }));
    const file = await api.get(IRO_ONE, `/children/${childId}`);
    return { childId, registrationId: file.body.registrations[0].registrationId };
  }

  const fileOf = async (childId: string) => (await api.get(IRO_ONE, `/children/${childId}`)).body;
  const timescalesAsOf = async (childId: string, asOf: string) =>
    (await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=${asOf}`)).body;

  describe('POST /children/{childId}/care-episodes', () => {
    it('answers 201 with an episodeId, and the file shows the episode and a first CER due 20 working days later', async () => {
      const childId = await api.createChild(IRO_ONE);

      const started = await api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2026-10-01', legalStatus: 'S76' });
      const file = await fileOf(childId);

      expect(started.status).toBe(201);
      expect(started.body).toEqual({ episodeId: expect.stringMatching(/^[0-9a-f-]{36}$/), startDate: '2026-10-01', legalStatus: 'S76' });
      expect(file.lookedAfter).toBe(true);
      expect(file.careEpisodes).toEqual([started.body]);
      // By hand: Thursday 1 October 2026 + 20 working days is Thursday 29 October.
      expect(ofKind(file.timescales, 'CER')).toEqual([
        expect.objectContaining({
          dueDate: '2026-10-29',
          countedFrom: { event: 'CARE_EPISODE_START', date: '2026-10-01', recordId: started.body.episodeId },
          status: 'breached',
        }),
      ]);
    });

    it('refuses a second open care episode with 400 naming startDate, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2026-10-05' }));

      expectRefusal(answer, 'startDate');
    });

    it('refuses a start date in the future with 400 naming startDate, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: inTheFuture() }));

      expectRefusal(answer, 'startDate');
      expect(answer.body.error.problems[0].reason).toBe('is in the future');
    });

    it('refuses an impossible date, 2026-02-30, with 400 naming startDate, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2026-02-30' }));

      expectRefusal(answer, 'startDate');
    });

    it('refuses a start before the end of an earlier episode with 400 naming startDate, and writes nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-01-05');
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2026-03-01' });

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2026-02-01' }));

      expectRefusal(answer, 'startDate');
    });

    it('answers 404 for a child that does not exist, and writes nothing', async () => {
      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${crypto.randomUUID()}/care-episodes`, { startDate: '2026-10-01' }),
      );

      expectServiceError(answer, 404, 'not_found');
    });
  });

  describe('PATCH /children/{childId}/care-episodes/{episodeId}', () => {
    it('ends the episode: the child is no longer looked after and the CER cycle stops', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-10-01');

      const ended = await api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2026-11-02', reason: 'returned home' });
      const file = await fileOf(childId);

      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({ episodeId, startDate: '2026-10-01', endDate: '2026-11-02', endReason: 'returned home' });
      expect(file.lookedAfter).toBe(false);
      expect(ofKind(file.timescales, 'CER')).toEqual([]);
    });

    it('refuses an end before the start with 400 naming endDate, and writes nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2026-09-30' }),
      );

      expectRefusal(answer, 'endDate');
    });

    it('refuses an end in the future with 400 naming endDate, and writes nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { endDate: inTheFuture() }),
      );

      expectRefusal(answer, 'endDate');
    });

    it('refuses an end that would overlap a later episode with 400 naming endDate, and writes nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-01-05');
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2026-03-01' });
      await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-04-01' });

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/care-episodes/${episodeId}`, { endDate: '2026-05-01' }),
      );

      expectRefusal(answer, 'endDate');
    });

    it('answers 404 for an episode the child does not have, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/care-episodes/${crypto.randomUUID()}`, { endDate: '2026-11-02' }),
      );

      expectServiceError(answer, 404, 'not_found');
    });
  });

  describe('POST /children/{childId}/placement-changes', () => {
    it('brings the next CER forward to 20 working days after an unplanned change, and leaves it for a planned one', async () => {
      const { childId } = await aChildInCareSince('2026-09-01');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-09-25'));

      const planned = await api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-10-15', unplanned: false });
      const afterPlanned = ofKind((await fileOf(childId)).timescales, 'CER');
      const unplanned = await api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-10-15', unplanned: true });
      const afterUnplanned = ofKind((await fileOf(childId)).timescales, 'CER');

      expect(planned.status).toBe(201);
      expect(unplanned.status).toBe(201);
      expect(unplanned.body).toEqual({ placementChangeId: expect.any(String), date: '2026-10-15', unplanned: true });
      // By hand: the second CER is due 3 months after the first, 25 December 2026 (not moved off a holiday) …
      expect(afterPlanned).toEqual([expect.objectContaining({ dueDate: '2026-12-25', countedFrom: expect.objectContaining({ event: 'CER', recordId: cer.meetingId }) })]);
      // … and Thursday 15 October + 20 working days is Thursday 12 November, which is earlier.
      expect(afterUnplanned).toEqual([
        expect.objectContaining({
          dueDate: '2026-11-12',
          countedFrom: { event: 'UNPLANNED_PLACEMENT_CHANGE', date: '2026-10-15', recordId: unplanned.body.placementChangeId },
        }),
      ]);
    });

    it('refuses a change on a day the child was not looked after with 400 naming date, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-09-01');

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-08-15', unplanned: true }),
      );

      expectRefusal(answer, 'date');
    });

    it('refuses a change in the future with 400 naming date, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-09-01');

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: inTheFuture(), unplanned: true }),
      );

      expectRefusal(answer, 'date');
    });

    it('refuses a change without unplanned with 400 naming it as required, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-09-01');

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-10-15' }));

      expectRefusal(answer, 'unplanned');
    });
  });

  describe('POST /children/{childId}/strategy-discussions', () => {
    it('opens an ICPC timescale 15 working days after the discussion, across Christmas (docs/domain.md’s worked example)', async () => {
      const childId = await api.createChild(IRO_ONE);

      const discussion = await api.post(IRO_ONE, `/children/${childId}/strategy-discussions`, { date: '2024-12-19' });
      const asOf = await timescalesAsOf(childId, '2025-01-02');

      expect(discussion.status).toBe(201);
      expect(discussion.body).toEqual({ strategyDiscussionId: expect.any(String), date: '2024-12-19', section47: true });
      expect(asOf).toMatchObject({ childId, asOf: '2025-01-02' });
      expect(asOf.timescales).toEqual([
        {
          kind: 'ICPC',
          dueDate: '2025-01-14',
          countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: discussion.body.strategyDiscussionId },
          rule: 'icpc',
          // What it says is test/api/explanations.test.ts's.
          explanation: expect.objectContaining({ rule: expect.objectContaining({ name: 'icpc' }) }),
          statutory: true,
          stage: 's47-enquiries-under-way',
          status: 'due-soon',
          // By hand: 3, 6 to 10, 13 and 14 January.
          workingDaysLeft: 8,
        },
      ]);
    });

    it('refuses a discussion in the future with 400 naming date, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/strategy-discussions`, { date: inTheFuture() }));

      expectRefusal(answer, 'date');
    });
  });

  describe('POST /children/{childId}/meetings', () => {
    it('registers the child at an ICPC that decides so, and opens the RCPC, outline plan and core group timescales', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date: '2024-12-19' });

      const icpc = await api.post(
        IRO_ONE,
        `/children/${childId}/meetings`,
        aMeeting('ICPC', '2025-01-10', { outcome: { decision: 'register', category: 'Neglect and Physical Abuse' } }),
      );
      const file = await fileOf(childId);
      const asOf = await timescalesAsOf(childId, '2025-01-10');

      expect(icpc.status).toBe(201);
      expect(icpc.body).toMatchObject({ meetingId: expect.any(String), type: 'ICPC', heldOn: '2025-01-10', status: 'held' });
      expect(file.registered).toBe(true);
      expect(file.registrations).toEqual([
        { registrationId: expect.any(String), startDate: '2025-01-10', category: 'Neglect and Physical Abuse', registeredAtMeetingId: icpc.body.meetingId },
      ]);
      // By hand: Friday 10 January 2025 + 5 working days is Friday 17 January, + 10 is Friday 24 January; + 3 months is 10 April.
      expect(asOf.timescales.map((t: Timescale) => [t.kind, t.dueDate])).toEqual([
        ['OUTLINE_PLAN', '2025-01-17'],
        ['CORE_GROUP', '2025-01-24'],
        ['RCPC', '2025-04-10'],
      ]);
      expect(asOf.meetings).toEqual([expect.objectContaining({ meetingId: icpc.body.meetingId, kind: 'ICPC', dueDate: '2025-01-14', inCompliance: true })]);
      expect(file.meetings).toEqual([expect.objectContaining({ meetingId: icpc.body.meetingId, dueDate: '2025-01-14', inCompliance: true })]);
    });

    it('ends the registration at an RCPC that de-registers, and stops the RCPC cycle', async () => {
      const { childId, registrationId } = await aRegisteredChild('2025-01-10');

      const rcpc = await api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('RCPC', '2025-04-08', { outcome: { decision: 'deregister' } }));
      const file = await fileOf(childId);

      expect(rcpc.status).toBe(201);
      expect(file.registered).toBe(false);
      expect(file.registrations).toEqual([
        expect.objectContaining({ registrationId, endDate: '2025-04-08', deregisteredAtMeetingId: rcpc.body.meetingId }),
      ]);
      expect(ofKind(file.timescales, 'RCPC')).toEqual([]);
      expect(file.meetings).toContainEqual(expect.objectContaining({ meetingId: rcpc.body.meetingId, dueDate: '2025-04-10', inCompliance: true }));
    });

    it('refuses an RCPC for a child who is not registered with 400 naming heldOn, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('RCPC', '2025-04-08', { outcome: { decision: 'continue' } })),
      );

      expectRefusal(answer, 'heldOn');
    });

    it('refuses a registering ICPC with a category not in the list with 400 naming outcome.category, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('ICPC', '2025-01-10', { outcome: { decision: 'register', category: 'Neglect & Physical Abuse' } })),
      );

      expectRefusal(answer, 'outcome.category');
    });

    it('refuses a meeting held in the future with 400 naming heldOn, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('CER', inTheFuture())));

      expectRefusal(answer, 'heldOn');
      expect(answer.body.error.problems[0].reason).toBe('is in the future');
    });

    it('refuses an ICPC without an outcome with 400 naming outcome, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('ICPC', '2025-01-10')));

      expectRefusal(answer, 'outcome');
    });

    it('refuses an advocate provided without an active offer with 400 naming advocacyProvided, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20', { advocacyOffered: false, advocacyProvided: true })),
      );

      expectRefusal(answer, 'advocacyProvided');
    });

    it('refuses a meeting type that does not exist with 400 naming type, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/meetings`, aMeeting('LAC', '2026-10-20')));

      expectRefusal(answer, 'type');
    });
  });

  describe('POST and PATCH /children/{childId}/registrations', () => {
    it('records a registration made elsewhere, opens its RCPC cycle, and ends it on de-registration', async () => {
      const childId = await api.createChild(IRO_ONE);

      const registered = await api.post(IRO_ONE, `/children/${childId}/registrations`, { startDate: '2026-03-02', category: 'Emotional Abuse' });
      const whileRegistered = await fileOf(childId);
      const ended = await api.patch(IRO_ONE, `/children/${childId}/registrations/${registered.body.registrationId}`, { endDate: '2026-09-01' });
      const afterwards = await fileOf(childId);

      expect(registered.status).toBe(201);
      expect(registered.body).toEqual({ registrationId: expect.any(String), startDate: '2026-03-02', category: 'Emotional Abuse' });
      expect(whileRegistered.registered).toBe(true);
      expect(ofKind(whileRegistered.timescales, 'RCPC')).toEqual([expect.objectContaining({ dueDate: '2026-06-02' })]);
      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({ ...registered.body, endDate: '2026-09-01' });
      expect(afterwards.registered).toBe(false);
      expect(afterwards.timescales).toEqual([]);
    });

    it('corrects the de-registration day of a registration that has ended, as any field entered wrongly', async () => {
      const childId = await api.createChild(IRO_ONE);
      const { registrationId } = await api.given(IRO_ONE, 'POST', `/children/${childId}/registrations`, { startDate: '2026-03-02', category: 'Neglect' });
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}/registrations/${registrationId}`, { endDate: '2026-09-01' });

      const corrected = await api.patch(IRO_ONE, `/children/${childId}/registrations/${registrationId}`, { endDate: '2026-10-01' });

      expect(corrected.status, corrected.text).toBe(200);
      expect(corrected.body).toMatchObject({ registrationId, startDate: '2026-03-02', endDate: '2026-10-01' });
    });

    it('refuses a category not in the list with 400 naming category, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/registrations`, { startDate: '2026-03-02', category: 'Financial Abuse' }),
      );

      expectRefusal(answer, 'category');
    });

    it('refuses a second registration while one is open with 400 naming startDate, and writes nothing', async () => {
      const { childId } = await aRegisteredChild('2025-01-10');

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/registrations`, { startDate: '2026-03-02', category: 'Neglect' }),
      );

      expectRefusal(answer, 'startDate');
    });

    it('refuses a de-registration before the registration with 400 naming endDate, and writes nothing', async () => {
      const { childId, registrationId } = await aRegisteredChild('2025-01-10');

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/registrations/${registrationId}`, { endDate: '2025-01-09' }),
      );

      expectRefusal(answer, 'endDate');
    });
  });

  describe('PATCH /children/{childId}/meetings/{meetingId}', () => {
    it('closes RECOMMENDATIONS when they are sent and opens the manager’s response, which the response closes', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));
      const before = await fileOf(childId);

      const sent = await api.patch(IRO_ONE, `/children/${childId}/meetings/${cer.meetingId}`, { recommendationsSentOn: '2026-10-22' });
      const afterSent = await fileOf(childId);
      const responded = await api.patch(IRO_ONE, `/children/${childId}/meetings/${cer.meetingId}`, { managerRespondedOn: '2026-10-28' });
      const afterResponse = await fileOf(childId);

      // By hand: Tuesday 20 October + 5 working days is Tuesday 27 October; Thursday 22 October + 5 is Thursday 29 October.
      expect(ofKind(before.timescales, 'RECOMMENDATIONS')).toEqual([expect.objectContaining({ dueDate: '2026-10-27' })]);
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ meetingId: cer.meetingId, recommendationsSentOn: '2026-10-22' });
      expect(ofKind(afterSent.timescales, 'RECOMMENDATIONS')).toEqual([]);
      expect(ofKind(afterSent.timescales, 'MANAGER_RESPONSE')).toEqual([
        expect.objectContaining({ dueDate: '2026-10-29', countedFrom: { event: 'RECOMMENDATIONS_SENT', date: '2026-10-22', recordId: cer.meetingId } }),
      ]);
      expect(responded.status).toBe(200);
      expect(ofKind(afterResponse.timescales, 'MANAGER_RESPONSE')).toEqual([]);
    });

    it('reopens the CER timescale a cancelled CER had closed: a cancelled meeting satisfies nothing', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-10-01');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));
      const whileHeld = await fileOf(childId);

      const cancelled = await api.patch(IRO_ONE, `/children/${childId}/meetings/${cer.meetingId}`, { status: 'cancelled', reason: 'the child was unwell' });
      const file = await fileOf(childId);

      // By hand: 20 October + 3 months is 20 January 2027.
      expect(ofKind(whileHeld.timescales, 'CER')).toEqual([expect.objectContaining({ dueDate: '2027-01-20' })]);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'the child was unwell' });
      expect(file.timescales.map((t: Timescale) => [t.kind, t.dueDate, t.countedFrom.recordId])).toEqual([['CER', '2026-10-29', episodeId]]);
      expect(file.meetings).toEqual([expect.not.objectContaining({ inCompliance: expect.anything() })]);
    });

    it('refuses a cancellation without a reason with 400 naming reason, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}/meetings/${cer.meetingId}`, { status: 'cancelled' }));

      expectRefusal(answer, 'reason');
    });

    it('refuses to cancel the ICPC that registered the child with 400 naming status, and writes nothing', async () => {
      const { childId } = await aRegisteredChild('2025-01-10');
      const icpc = (await fileOf(childId)).meetings[0];

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/meetings/${icpc.meetingId}`, { status: 'cancelled', reason: 'recorded twice' }),
      );

      expectRefusal(answer, 'status');
    });

    it('refuses a manager’s response before the recommendations were sent with 400 naming managerRespondedOn, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/meetings/${cer.meetingId}`, { managerRespondedOn: '2026-10-28' }),
      );

      expectRefusal(answer, 'managerRespondedOn');
    });

    it('refuses recommendations sent in the future with 400 naming recommendationsSentOn, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');
      const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/meetings/${cer.meetingId}`, { recommendationsSentOn: inTheFuture() }),
      );

      expectRefusal(answer, 'recommendationsSentOn');
    });

    it('answers 404 for a meeting the child does not have, and writes nothing', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const answer = await api.expectNothingWritten(() =>
        api.patch(IRO_ONE, `/children/${childId}/meetings/${crypto.randomUUID()}`, { qaAuditCompleted: true }),
      );

      expectServiceError(answer, 404, 'not_found');
    });
  });

  describe('PATCH /children/{childId}', () => {
    it('lets the IRO correct a name, and answers the whole file with it', async () => {
      const childId = await api.createChild(IRO_ONE);

      const corrected = await api.patch(IRO_ONE, `/children/${childId}`, { givenName: 'Augusta' });

      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ childId, givenName: 'Augusta', familyName: 'Lovelace', timescales: [] });
      expect(versionOf(corrected)).toBe(2);
      expect((await fileOf(childId)).givenName).toBe('Augusta');
    });

    it('refuses the IRO changing iroEmail with 403, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}`, { iroEmail: IRO_TWO.email }));

      expectServiceError(answer, 403, 'forbidden');
    });

    it('lets an admin reallocate the child: the new IRO reads it, the old one gets 404, and the lists follow', async () => {
      const { childId } = await aChildInCareSince('2026-10-01');

      const reallocated = await api.patch(ADMIN, `/children/${childId}`, { iroEmail: IRO_TWO.email });
      const byNewIro = await api.get(IRO_TWO, `/children/${childId}`);
      const byOldIro = await api.get(IRO_ONE, `/children/${childId}`);
      const newIroLists = await api.get(IRO_TWO, '/children?limit=100');
      const oldIroLists = await api.get(IRO_ONE, '/children?limit=100');
      const newIroDue = await api.get(IRO_TWO, '/timescales?within=260');
      const oldIroDue = await api.get(IRO_ONE, '/timescales?within=260');

      expect(reallocated.status).toBe(200);
      expect(reallocated.body.iroEmail).toBe(IRO_TWO.email);
      expect(byNewIro.status).toBe(200);
      expectServiceError(byOldIro, 404, 'not_found');
      const ids = (answer: Answer, list: string) => answer.body[list].map((entry: { childId: string }) => entry.childId);
      expect(ids(newIroLists, 'children')).toContain(childId);
      expect(ids(oldIroLists, 'children')).not.toContain(childId);
      expect(ids(newIroDue, 'timescales')).toContain(childId);
      expect(ids(oldIroDue, 'timescales')).not.toContain(childId);
    });

    it('refuses a case reference another child has with 409 naming reference, and writes nothing', async () => {
      const taken = aChildBody();
      await api.given(IRO_ONE, 'POST', '/children', taken);
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}`, { reference: taken['reference'] }));

      expectServiceError(answer, 409, 'conflict');
      expect(fieldsOf(answer)).toEqual(['reference']);
    });

    it('frees the old case reference when the reference is corrected', async () => {
      const child = aChildBody();
      const childId = (await api.given(IRO_ONE, 'POST', '/children', child)).childId;
      await api.given(IRO_ONE, 'PATCH', `/children/${childId}`, { reference: `${child['reference']}-X` });

      const reused = await api.post(IRO_ONE, '/children', aChildBody({ reference: child['reference'] }));

      expect(reused.status).toBe(201);
    });

    it('refuses a date of birth in the future with 400 naming dateOfBirth, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}`, { dateOfBirth: inTheFuture() }));

      expectRefusal(answer, 'dateOfBirth');
    });

    it('refuses an empty change with 400, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}`, {}));

      expectServiceError(answer, 400, 'validation_failed');
    });
  });

  describe('GET /children/{childId}/timescales and GET /children/{childId}', () => {
    it('gives each held meeting the date it was due and whether it was held by then', async () => {
      const { childId } = await aChildInCareSince('2026-06-01');
      const late = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-07-15'));
      const onTime = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-01'));

      const asOf = await api.get(SERVICE_MANAGER, `/children/${childId}/timescales?asOf=2026-10-02`);
      const file = await fileOf(childId);

      expect(asOf.status).toBe(200);
      // By hand: Monday 1 June + 20 working days is Monday 29 June; 15 July + 3 months is 15 October.
      expect(asOf.body.meetings).toEqual([
        expect.objectContaining({ meetingId: late.meetingId, kind: 'CER', dueDate: '2026-06-29', inCompliance: false }),
        expect.objectContaining({ meetingId: onTime.meetingId, kind: 'CER', dueDate: '2026-10-15', inCompliance: true }),
      ]);
      expect(file.meetings).toHaveLength(2);
      expect(file.meetings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ meetingId: late.meetingId, dueDate: '2026-06-29', inCompliance: false }),
          expect.objectContaining({ meetingId: onTime.meetingId, dueDate: '2026-10-15', inCompliance: true }),
        ]),
      );
    });

    it('looks at the file as it stood on the as-of date: later records are not yet there', async () => {
      const { childId, episodeId } = await aChildInCareSince('2026-06-01');
      await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-07-15'));

      const before = await timescalesAsOf(childId, '2026-06-16');

      // By hand: 17 to 19, 22 to 26 and 29 June: 9 working days left, within the 10 of "due soon".
      expect(before.timescales).toEqual([
        expect.objectContaining({ kind: 'CER', dueDate: '2026-06-29', status: 'due-soon', workingDaysLeft: 9, countedFrom: expect.objectContaining({ recordId: episodeId }) }),
      ]);
      expect(before.meetings).toEqual([]);
    });

    it('refuses an as-of date that is not a date with 400 naming asOf', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=2026-13-01`);

      expectRefusal(answer, 'asOf');
    });

    it('refuses an as-of date after the calendar’s last day with 400 naming asOf, not a 500 (found by the fuzz)', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=${addDays(CALENDAR_LAST_DATE, 1)}`);

      expectRefusal(answer, 'asOf');
    });
  });
});
