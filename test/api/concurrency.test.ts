/**
 * Safe writes under load: many writes to one child at once, If-Match, and
 * Idempotency-Key, through the real API against DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { EXPIRES_AT, keys, RETENTION_DAYS } from '#shared/store/table-design';
import { aChildBody } from '../support/children';
import { aMeeting, ADMIN, type Api, expectServiceError, fieldsOf, IRO_ONE, useApi, versionOf } from './harness';

/** The placement changes in a child's file, by id. */
async function placementChangeIds(api: Api, childId: string): Promise<string[]> {
  const file = await api.get(IRO_ONE, `/children/${childId}`);
  return file.body.placementChanges.map((change: { placementChangeId: string }) => change.placementChangeId);
}

describe('writes to one child', () => {
  const api = useApi();

  describe('50 at once', () => {
    it('keeps every placement change it answers 201 for, refuses the rest with 503 and Retry-After, and counts each in the version', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-06-01' });
      const before = await api.get(IRO_ONE, `/children/${childId}`);
      const dates = Array.from({ length: 50 }, (_, i) => `2026-${String(7 + Math.floor(i / 28)).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`);

      const answers = await Promise.all(
        dates.map((date, i) => api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date, unplanned: i % 2 === 0 })),
      );

      const kept = answers.filter((answer) => answer.status === 201);
      const busy = answers.filter((answer) => answer.status === 503);
      const others = answers.filter((answer) => answer.status !== 201 && answer.status !== 503);
      expect(others.map((answer) => `${answer.status} ${answer.text}`)).toEqual([]);
      for (const answer of busy) {
        expectServiceError(answer, 503, 'service_unavailable');
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      console.info(`50 concurrent placement changes: ${kept.length} kept, ${busy.length} answered 503 after the retries ran out`);
      expect(kept.length).toBeGreaterThan(0);
      const stored = await placementChangeIds(api, childId);
      expect(stored.sort()).toEqual(kept.map((answer) => answer.body.placementChangeId).sort());
      const after = await api.get(IRO_ONE, `/children/${childId}`);
      expect(versionOf(after)).toBe(versionOf(before) + kept.length);
      const audit = await api.get(ADMIN, `/children/${childId}/audit`);
      expect(audit.body.entries.filter((entry: { action: string }) => entry.action === 'placement-change.recorded')).toHaveLength(kept.length);
    });

    it('leaves the due-date index holding exactly the open timescales of the file as it ends up', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-06-01' });
      await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-06-20'));

      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: `2026-07-${String(i + 1).padStart(2, '0')}`, unplanned: true }),
        ),
      );

      const file = await api.get(IRO_ONE, `/children/${childId}`);
      const dueItems = (await api.everyItem()).filter((item) => item['PK'] === `CHILD#${childId}` && String(item['SK']).startsWith('CHILD#DUE#'));
      const asIndexed = dueItems.map((item) => `${item['kind']} ${item['dueDate']}`).sort();
      const asComputed = file.body.timescales.map((t: { kind: string; dueDate: string }) => `${t.kind} ${t.dueDate}`).sort();
      expect(asIndexed).toEqual(asComputed);
    });
  });

  describe('If-Match', () => {
    it('refuses a write with a stale ETag with 412 and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);
      const read = await api.get(IRO_ONE, `/children/${childId}`);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date: '2026-10-01' });

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/strategy-discussions`, { date: '2026-10-05' }, { 'if-match': read.headers.get('etag')! }),
      );

      expectServiceError(answer, 412, 'precondition_failed');
    });

    it('makes a write with the current ETag and answers the next one', async () => {
      const childId = await api.createChild(IRO_ONE);
      const read = await api.get(IRO_ONE, `/children/${childId}`);

      const answer = await api.post(IRO_ONE, `/children/${childId}/strategy-discussions`, { date: '2026-10-05' }, { 'if-match': read.headers.get('etag')! });

      expect(answer.status).toBe(201);
      expect(versionOf(answer)).toBe(versionOf(read) + 1);
      expect((await api.get(IRO_ONE, `/children/${childId}`)).headers.get('etag')).toBe(answer.headers.get('etag'));
    });

    it('lets exactly one of several writes with the same current ETag through; the rest get 412', async () => {
      const childId = await api.createChild(IRO_ONE);
      const etag = (await api.get(IRO_ONE, `/children/${childId}`)).headers.get('etag')!;

      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          api.post(IRO_ONE, `/children/${childId}/strategy-discussions`, { date: `2026-10-0${i + 1}` }, { 'if-match': etag }),
        ),
      );

      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 412, 412, 412, 412]);
      expect((await api.get(IRO_ONE, `/children/${childId}`)).body.strategyDiscussions).toHaveLength(1);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer, marked replayed, and records one placement change', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-06-01' });
      const change = { date: '2026-07-01', unplanned: true };

      const first = await api.post(IRO_ONE, `/children/${childId}/placement-changes`, change, { 'idempotency-key': 'pc-retry-1' });
      const retry = await api.post(IRO_ONE, `/children/${childId}/placement-changes`, change, { 'idempotency-key': 'pc-retry-1' });

      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(retry.status).toBe(first.status);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await placementChangeIds(api, childId)).toEqual([first.body.placementChangeId]);
    });

    it('remembers the answer (a copy of the child’s file) for seven days, then lets DynamoDB’s time to live delete it', async () => {
      const childId = await api.createChild(IRO_ONE);
      const key = `ttl-${childId}`;
      const before = Math.floor(Date.now() / 1000);

      await api.post(IRO_ONE, `/children/${childId}/care-episodes`, { startDate: '2026-06-01' }, { 'idempotency-key': key });

      const remembered = (await api.everyItem()).find((item) => item['PK'] === keys.idempotency(IRO_ONE.email, key).PK);
      const days = (Number(remembered?.[EXPIRES_AT]) - before) / 86_400;
      expect(days).toBeGreaterThanOrEqual(RETENTION_DAYS.idempotency - 0.01);
      expect(days).toBeLessThanOrEqual(RETENTION_DAYS.idempotency + 0.01);
    });

    it('answers a retry of POST /children with the first answer and records one child', async () => {
      const child = aChildBody();

      const first = await api.post(IRO_ONE, '/children', child, { 'idempotency-key': 'child-retry-1' });
      const retry = await api.post(IRO_ONE, '/children', child, { 'idempotency-key': 'child-retry-1' });

      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const profiles = (await api.everyItem()).filter((item) => item['SK'] === 'CHILD' && item['reference'] === child['reference']);
      expect(profiles).toHaveLength(1);
    });

    it('refuses the same key with a different body with 409 naming Idempotency-Key, and writes nothing', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-06-01' });
      await api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-07-01', unplanned: true }, { 'idempotency-key': 'pc-reused' });

      const answer = await api.expectNothingWritten(() =>
        api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-07-02', unplanned: true }, { 'idempotency-key': 'pc-reused' }),
      );

      expectServiceError(answer, 409, 'conflict');
      expect(fieldsOf(answer)).toEqual(['Idempotency-Key']);
    });

    it('records one placement change for 10 concurrent POSTs with the same key, and answers each with it', async () => {
      const childId = await api.createChild(IRO_ONE);
      await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-06-01' });
      const change = { date: '2026-07-01', unplanned: false };

      const answers = await Promise.all(
        Array.from({ length: 10 }, () => api.post(IRO_ONE, `/children/${childId}/placement-changes`, change, { 'idempotency-key': 'pc-burst' })),
      );

      const stored = await placementChangeIds(api, childId);
      expect(stored).toHaveLength(1);
      expect(answers.map((answer) => `${answer.status} ${answer.body?.placementChangeId ?? fieldsOf(answer).join()}`)).toEqual(
        Array.from({ length: 10 }, () => `201 ${stored[0]}`),
      );
    });

    it('records one child for 10 concurrent POST /children with the same key', async () => {
      const child = aChildBody();

      const answers = await Promise.all(
        Array.from({ length: 10 }, () => api.post(IRO_ONE, '/children', child, { 'idempotency-key': 'child-burst' })),
      );

      const profiles = (await api.everyItem()).filter((item) => item['SK'] === 'CHILD' && item['reference'] === child['reference']);
      expect(profiles).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.childId)).toContain(profiles[0]!['childId']);
    });

    it('answers each of 20 concurrent POST /children with the same key with the first answer, not a clash over the reference', async () => {
      const child = aChildBody();

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => api.post(IRO_ONE, '/children', child, { 'idempotency-key': 'child-burst-answers' })),
      );

      const childIds = new Set(answers.map((answer) => answer.body?.childId));
      // A duplicate still in flight must be answered as a retry, not as another child holding the case reference.
      expect(answers.map((answer) => `${answer.status} ${answer.body?.error ? fieldsOf(answer).join() : 'childId'}`)).toEqual(
        Array.from({ length: 20 }, () => '201 childId'),
      );
      expect(childIds.size).toBe(1);
    });
  });
});
