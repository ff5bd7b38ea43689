/**
 * The audit trail: who changed what in a child's file, and when, oldest
 * first; readable by service managers and admins, editable by no one.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, aMeeting, expectServiceError, IRO_ONE, IRO_TWO, SERVICE_MANAGER, useApi } from './harness';

describe('GET /children/{childId}/audit', () => {
  const api = useApi();

  it('lists who did what to which record, and what changed, oldest first', async () => {
    const childId = await api.createChild(IRO_ONE);
    const episode = await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-10-01' });
    const cer = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));
    await api.given(IRO_ONE, 'PATCH', `/children/${childId}/meetings/${cer.meetingId}`, { recommendationsSentOn: '2026-10-22' });
    await api.given(ADMIN, 'PATCH', `/children/${childId}`, { iroEmail: IRO_TWO.email });

    const audit = await api.get(SERVICE_MANAGER, `/children/${childId}/audit`);

    expect(audit.status).toBe(200);
    expect(audit.body.childId).toBe(childId);
    const entries = audit.body.entries;
    expect(entries.map((entry: { actor: string; action: string; recordType: string; recordId: string }) => [entry.actor, entry.action, entry.recordType, entry.recordId])).toEqual([
      [IRO_ONE.email, 'child.created', 'child', childId],
      [IRO_ONE.email, 'care-episode.started', 'careEpisodes', episode.episodeId],
      [IRO_ONE.email, 'meeting.recorded', 'meetings', cer.meetingId],
      [IRO_ONE.email, 'meeting.updated', 'meetings', cer.meetingId],
      [ADMIN.email, 'child.reallocated', 'child', childId],
    ]);
    const times = entries.map((entry: { at: string }) => entry.at);
    expect(times.every((at: string) => !Number.isNaN(Date.parse(at)))).toBe(true);
    expect([...times].sort()).toEqual(times);
    expect(entries[1].changes).toEqual([{ field: 'startDate', to: '2026-10-01' }]);
    expect(entries[3].changes).toEqual([{ field: 'recommendationsSentOn', to: '2026-10-22' }]);
    expect(entries[4].changes).toEqual([{ field: 'iroEmail', from: IRO_ONE.email, to: IRO_TWO.email }]);
  });

  it('records nothing for a refused write', async () => {
    const childId = await api.createChild(IRO_ONE);
    const before = await api.get(ADMIN, `/children/${childId}/audit`);

    await api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2026-02-30' });
    await api.patch(IRO_ONE, `/children/${childId}`, { iroEmail: IRO_TWO.email });
    const after = await api.get(ADMIN, `/children/${childId}/audit`);

    expect(after.body.entries).toEqual(before.body.entries);
  });

  it('refuses an IRO, even the child’s own, with 403', async () => {
    const childId = await api.createChild(IRO_ONE);

    const answer = await api.get(IRO_ONE, `/children/${childId}/audit`);

    expectServiceError(answer, 403, 'forbidden');
  });

  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    it(`has no route to edit it: ${method} answers 404 from the gateway, and nothing is written`, async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() =>
        api.send(method, `/children/${childId}/audit`, { as: ADMIN, body: { entries: [] } }),
      );

      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ message: 'Not Found' });
    });
  }
});
