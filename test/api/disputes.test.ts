/**
 * Case disputes through the real API (the local adapter, the real function,
 * DynamoDB Local): raised, resolved or corrected, and removed as entered in
 * error, each refusal a 400 naming its field that writes nothing, and the
 * audit trail keeping what was done and why.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, expectRefusal, expectServiceError, inTheFuture, IRO_ONE, IRO_TWO, SERVICE_MANAGER, useApi, type Person } from './harness';

/** An informal dispute the IRO raised, still open. */
const RAISED = { startedOn: '2025-01-14', stage: 'informal', raisedBy: 'IRO' };

describe('case disputes', () => {
  const api = useApi();

  const fileOf = async (childId: string) => (await api.get(IRO_ONE, `/children/${childId}`)).body;
  const auditOf = async (childId: string) => (await api.get(ADMIN, `/children/${childId}/audit`)).body.entries as { action: string; recordType: string; recordId: string; reason?: string; changes: { field: string; from?: unknown; to?: unknown }[] }[];
  const remove = (as: Person, path: string, body: unknown) => api.send('DELETE', path, { as, body });

  /** A child of IRO one with one dispute raised; answers the child and the dispute's path. */
  async function aChildWithADispute(body: Record<string, unknown> = RAISED): Promise<{ childId: string; path: string; dispute: Record<string, unknown> }> {
    const childId = await api.createChild(IRO_ONE);
    const dispute = await api.given(IRO_ONE, 'POST', `/children/${childId}/disputes`, body);
    return { childId, path: `/children/${childId}/disputes/${dispute.disputeId}`, dispute };
  }

  describe('POST /children/{childId}/disputes', () => {
    it('answers 201 with a disputeId, the booleans false unless given, and the file lists it', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.post(IRO_ONE, `/children/${childId}/disputes`, RAISED);
      const file = await fileOf(childId);

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body).toEqual({ disputeId: expect.any(String), ...RAISED, legalAdviceSought: false, cafcassReferral: false });
      expect(file.disputes).toEqual([answer.body]);
    });

    it('takes a dispute already resolved, with its outcome, legal advice and Cafcass referral, its text trimmed', async () => {
      const childId = await api.createChild(IRO_ONE);
      const body = { startedOn: '2025-03-04', stage: 'formal', raisedBy: "  Child's advocate ", resolvedOn: '2025-05-20', outcome: 'Care plan amended', legalAdviceSought: true, cafcassReferral: true };

      const answer = await api.post(IRO_ONE, `/children/${childId}/disputes`, body);

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body).toEqual({ disputeId: expect.any(String), ...body, raisedBy: "Child's advocate" });
    });

    it('lists the file’s disputes by the day they were raised', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/disputes`, { ...RAISED, startedOn: '2025-06-02' });
      await api.given(IRO_ONE, 'POST', `/children/${childId}/disputes`, { ...RAISED, startedOn: '2024-11-18', stage: 'formal' });
      await api.given(IRO_ONE, 'POST', `/children/${childId}/disputes`, { ...RAISED, startedOn: '2025-01-14' });

      const file = await fileOf(childId);

      expect(file.disputes.map((d: { startedOn: string }) => d.startedOn)).toEqual(['2024-11-18', '2025-01-14', '2025-06-02']);
    });

    it('audits the dispute raised, field by field, under dispute.recorded', async () => {
      const childId = await api.createChild(IRO_ONE);

      const { disputeId } = await api.given(IRO_ONE, 'POST', `/children/${childId}/disputes`, RAISED);
      const entry = (await auditOf(childId)).at(-1)!;

      expect(entry).toMatchObject({ action: 'dispute.recorded', recordType: 'disputes', recordId: disputeId });
      expect(Object.fromEntries(entry.changes.map((change) => [change.field, change.to]))).toEqual({ ...RAISED, legalAdviceSought: false, cafcassReferral: false });
    });

    it.each([
      ['startedOn', 'missing', { stage: 'informal', raisedBy: 'IRO' }],
      ['startedOn', 'not a real date', { ...RAISED, startedOn: '2025-02-30' }],
      ['startedOn', 'in the future', { ...RAISED, startedOn: 'FUTURE' }],
      ['startedOn', 'before the child was born', { ...RAISED, startedOn: '2015-12-09' }],
      ['stage', 'not a stage of the protocol', { ...RAISED, stage: 'escalated' }],
      ['raisedBy', 'blank', { ...RAISED, raisedBy: '   ' }],
      ['raisedBy', 'too long', { ...RAISED, raisedBy: 'x'.repeat(101) }],
      ['resolvedOn', 'before the dispute started', { ...RAISED, resolvedOn: '2025-01-13', outcome: 'Care plan amended' }],
      ['resolvedOn', 'in the future', { ...RAISED, resolvedOn: 'FUTURE' }],
      ['outcome', 'given without resolvedOn', { ...RAISED, outcome: 'Care plan amended' }],
      ['outcome', 'too long', { ...RAISED, resolvedOn: '2025-02-25', outcome: 'x'.repeat(201) }],
      ['legalAdviceSought', 'not true or false', { ...RAISED, legalAdviceSought: 'yes' }],
      ['cafcassReferral', 'not true or false', { ...RAISED, cafcassReferral: 1 }],
    ])('refuses %s %s with 400 naming it, and writes nothing', async (field, _why, body) => {
      const childId = await api.createChild(IRO_ONE);
      const sent = JSON.parse(JSON.stringify(body).replaceAll('FUTURE', inTheFuture()));

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/disputes`, sent));

      expectRefusal(answer, field);
    });

    it('says an outcome goes with resolvedOn, the day the dispute was resolved', async () => {
      const childId = await api.createChild(IRO_ONE);

      const answer = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/disputes`, { ...RAISED, outcome: 'Care plan amended' }));

      expectRefusal(answer, 'outcome');
      expect(answer.body.error.problems[0].reason).toContain('resolvedOn');
    });

    it('refuses a field the contract does not name, and another IRO’s child as if it did not exist', async () => {
      const childId = await api.createChild(IRO_ONE);

      const extra = await api.expectNothingWritten(() => api.post(IRO_ONE, `/children/${childId}/disputes`, { ...RAISED, childName: 'Ada' }));
      const elsewhere = await api.expectNothingWritten(() => api.post(IRO_TWO, `/children/${childId}/disputes`, RAISED));
      const reader = await api.expectNothingWritten(() => api.post(SERVICE_MANAGER, `/children/${childId}/disputes`, RAISED));

      expectServiceError(extra, 400, 'validation_failed');
      expectServiceError(elsewhere, 404, 'not_found');
      expectServiceError(reader, 403, 'forbidden');
    });
  });

  describe('PATCH /children/{childId}/disputes/{disputeId}', () => {
    it('resolves a dispute with the day and how, audited as dispute.resolved with each change', async () => {
      const { childId, path, dispute } = await aChildWithADispute();

      const answer = await api.patch(IRO_ONE, path, { resolvedOn: '2025-02-25', outcome: 'Contact arrangements restored' });
      const entry = (await auditOf(childId)).at(-1)!;

      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toEqual({ ...dispute, resolvedOn: '2025-02-25', outcome: 'Contact arrangements restored' });
      expect((await fileOf(childId)).disputes).toEqual([answer.body]);
      expect(entry).toMatchObject({ action: 'dispute.resolved', recordId: dispute['disputeId'] });
      expect(entry.changes).toEqual([
        { field: 'resolvedOn', to: '2025-02-25' },
        { field: 'outcome', to: 'Contact arrangements restored' },
      ]);
    });

    it('takes an informal dispute formal, and corrects who raised it and the flags, as dispute.corrected', async () => {
      const { childId, path, dispute } = await aChildWithADispute();

      const answer = await api.patch(IRO_ONE, path, { stage: 'formal', raisedBy: "Parent's solicitor", legalAdviceSought: true, cafcassReferral: true });

      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toEqual({ ...dispute, stage: 'formal', raisedBy: "Parent's solicitor", legalAdviceSought: true, cafcassReferral: true });
      expect((await auditOf(childId)).at(-1)).toMatchObject({ action: 'dispute.corrected' });
    });

    it('holds a correction to the same rules: an outcome of a dispute still open, a resolution before the start, the start moved after the resolution', async () => {
      const open = await aChildWithADispute();
      const resolved = await aChildWithADispute({ ...RAISED, resolvedOn: '2025-02-25', outcome: 'Care plan amended' });

      const outcome = await api.expectNothingWritten(() => api.patch(IRO_ONE, open.path, { outcome: 'Care plan amended' }));
      const early = await api.expectNothingWritten(() => api.patch(IRO_ONE, open.path, { resolvedOn: '2025-01-10' }));
      const moved = await api.expectNothingWritten(() => api.patch(IRO_ONE, resolved.path, { startedOn: '2025-03-01' }));
      const nothing = await api.expectNothingWritten(() => api.patch(IRO_ONE, open.path, {}));
      const blank = await api.expectNothingWritten(() => api.patch(IRO_ONE, open.path, { raisedBy: '' }));

      expectRefusal(outcome, 'outcome');
      expectRefusal(early, 'resolvedOn');
      expectRefusal(moved, 'resolvedOn');
      expectServiceError(nothing, 400, 'validation_failed');
      expectRefusal(blank, 'raisedBy');
    });

    it('answers 404 for a dispute of another child, as for one that does not exist', async () => {
      const { childId } = await aChildWithADispute();
      const other = await aChildWithADispute();
      const disputeId = other.path.split('/').at(-1);

      const answer = await api.expectNothingWritten(() => api.patch(IRO_ONE, `/children/${childId}/disputes/${disputeId}`, { stage: 'formal' }));

      expectServiceError(answer, 404, 'not_found');
    });
  });

  describe('DELETE /children/{childId}/disputes/{disputeId}', () => {
    it('removes a dispute entered in error, saying why: gone from the file, the audit keeping the whole of it and the reason', async () => {
      const { childId, path, dispute } = await aChildWithADispute({ ...RAISED, resolvedOn: '2025-02-25', outcome: 'Care plan amended', legalAdviceSought: true });
      const reason = 'entered in error: the dispute was about another child';

      const removed = await remove(IRO_ONE, path, { reason });
      const entry = (await auditOf(childId)).at(-1)!;

      expect(removed.status, removed.text).toBe(200);
      expect(removed.body).toEqual(dispute);
      expect((await fileOf(childId)).disputes).toEqual([]);
      expect(entry).toMatchObject({ action: 'dispute.removed', recordType: 'disputes', recordId: dispute['disputeId'], reason });
      expect(Object.fromEntries(entry.changes.map((change) => [change.field, change.from]))).toEqual(dispute);
    });

    it('refuses a removal without a reason, and a second removal answers 404', async () => {
      const { path } = await aChildWithADispute();

      const noReason = await api.expectNothingWritten(() => remove(IRO_ONE, path, {}));
      const first = await remove(IRO_ONE, path, { reason: 'entered in error' });
      const again = await api.expectNothingWritten(() => remove(IRO_ONE, path, { reason: 'entered in error' }));

      expectRefusal(noReason, 'reason');
      expect(first.status, first.text).toBe(200);
      expectServiceError(again, 404, 'not_found');
    });
  });
});
