/**
 * A child's whole file, out (`GET /children/{childId}/export`), for a subject
 * access request: everything held about the child and nothing of another,
 * the records removed as entered in error recovered from the audit, as JSON
 * or as a self-contained HTML document; an admin's alone, and itself a read
 * recorded in the child's read log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, aMeeting, expectServiceError, IRO_ONE, NORTH_MANAGER, SERVICE_MANAGER, useApi, type Answer } from './harness';

const api = useApi();

/** The child whose file is exported: a name that needs escaping, and one record of several kinds, one removed in error. */
const SUBJECT = { reference: `SAR-${Date.now()}`, givenName: 'Ada <b>bold</b>', familyName: `O'Hara & "Sons"` };
/** Another child of the same IRO and team, whose file must not leak into the subject's. */
const OTHER = { reference: `OTHER-${Date.now()}`, givenName: 'Bartholomew-Elsewhere', familyName: 'Unrelated-Family' };

interface Built {
  childId: string;
  episodeId: string;
  strategyDiscussionId: string;
  meetingId: string;
  transferInId: string;
  removedPlacementChangeId: string;
}

async function build(profile: Record<string, unknown>): Promise<Built> {
  const childId = await api.createChild(ADMIN, profile);
  const path = `/children/${childId}`;
  const { episodeId } = await api.given(IRO_ONE, 'POST', `${path}/care-episodes`, { startDate: '2026-10-01' });
  const { placementChangeId } = await api.given(IRO_ONE, 'POST', `${path}/placement-changes`, { date: '2026-10-15', unplanned: true });
  const { strategyDiscussionId } = await api.given(IRO_ONE, 'POST', `${path}/strategy-discussions`, { date: '2026-10-02' });
  const { meetingId } = await api.given(IRO_ONE, 'POST', `${path}/meetings`, aMeeting('CER', '2026-10-20'));
  const { transferInId } = await api.given(IRO_ONE, 'POST', `${path}/transfer-ins`, { notifiedOn: '2026-10-05' });
  const removal = await api.send('DELETE', `${path}/placement-changes/${placementChangeId}`, { as: IRO_ONE, body: { reason: 'Typed against the wrong child' } });
  expect(removal.status, removal.text).toBe(200);
  return { childId, episodeId, strategyDiscussionId, meetingId, transferInId, removedPlacementChangeId: placementChangeId };
}

describe('GET /children/{childId}/export', () => {
  let subject: Built;
  let other: Built;
  let json: Answer;
  let html: Answer;

  beforeAll(async () => {
    subject = await build(SUBJECT);
    other = await build(OTHER);
    // The other child is read too, so that its read log holds entries that must not appear.
    await api.get(IRO_ONE, `/children/${other.childId}`);
    await api.get(IRO_ONE, `/children/${subject.childId}`);
    json = await api.get(ADMIN, `/children/${subject.childId}/export`);
    html = await api.get(ADMIN, `/children/${subject.childId}/export?format=html`);
  });

  it('holds the profile, every record, the timescales and verdicts, the audit trail and the read log', () => {
    expect(json.status, json.text).toBe(200);
    const body = json.body;
    expect(body.child).toMatchObject({ childId: subject.childId, ...SUBJECT, lookedAfter: true });
    expect(body.records.careEpisodes.map((r: { episodeId: string }) => r.episodeId)).toEqual([subject.episodeId]);
    expect(body.records.strategyDiscussions.map((r: { strategyDiscussionId: string }) => r.strategyDiscussionId)).toEqual([subject.strategyDiscussionId]);
    expect(body.records.meetings.map((r: { meetingId: string }) => r.meetingId)).toEqual([subject.meetingId]);
    expect(body.records.transferIns.map((r: { transferInId: string }) => r.transferInId)).toEqual([subject.transferInId]);
    expect(body.records.placementChanges).toEqual([]);
    expect(body.meetings.map((verdict: { meetingId: string }) => verdict.meetingId)).toEqual([subject.meetingId]);
    expect(body.timescales.length).toBeGreaterThan(0);
    // Created, six records, one removal.
    expect(body.audit).toHaveLength(7);
    expect(body.reads.map((read: { operationId: string }) => read.operationId)).toEqual(['getChild', 'exportChild']);
  });

  it('holds the record removed as entered in error, whole, from the audit entry of its removal', () => {
    expect(json.body.removedRecords).toEqual([
      {
        recordType: 'placementChanges',
        recordId: subject.removedPlacementChangeId,
        removedAt: expect.any(String),
        removedBy: IRO_ONE.email,
        reason: 'Typed against the wrong child',
        record: { placementChangeId: subject.removedPlacementChangeId, date: '2026-10-15', unplanned: true },
      },
    ]);
  });

  it('holds nothing of another child, as JSON or as HTML', () => {
    const otherIds = [other.childId, other.episodeId, other.strategyDiscussionId, other.meetingId, other.transferInId, other.removedPlacementChangeId];
    for (const text of [json.text, html.text]) {
      for (const trace of [OTHER.reference, OTHER.givenName, OTHER.familyName, ...otherIds]) expect(text).not.toContain(trace);
    }
  });

  it('answers a readable, self-contained HTML document, every value escaped', () => {
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const text = html.text;
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain(`<title>Case ${SUBJECT.reference}: everything held</title>`);
    expect(text).toContain('Ada &lt;b&gt;bold&lt;/b&gt;');
    expect(text).toContain('O&#39;Hara &amp; &quot;Sons&quot;');
    expect(text).not.toContain('<b>bold</b>');
    for (const heading of ['Profile', 'Records: careEpisodes', 'Records removed as entered in error', 'Open timescales', "Meetings&#39; verdicts", 'Audit trail', 'Read log']) {
      expect(text).toContain(`<h2>${heading}`);
    }
    for (const id of [subject.episodeId, subject.meetingId, subject.removedPlacementChangeId, 'Typed against the wrong child']) expect(text).toContain(id);
    // No external asset: nothing fetched, no script.
    expect(text).not.toMatch(/<script|<link|\ssrc=|\shref=|url\(/i);
  });

  it('is an admin’s alone: other roles are refused, and write nothing', async () => {
    for (const person of [IRO_ONE, NORTH_MANAGER, SERVICE_MANAGER]) {
      const answer = await api.expectNothingWritten(() => api.get(person, `/children/${subject.childId}/export`));
      expectServiceError(answer, 403, 'forbidden');
    }
  });

  it('is itself recorded as a read of the file', async () => {
    const audit = await api.get(ADMIN, `/children/${subject.childId}/audit?include=reads`);

    expect(audit.body.reads.map((read: { reader: string; operationId: string }) => [read.reader, read.operationId])).toEqual([
      [IRO_ONE.email, 'getChild'],
      [ADMIN.email, 'exportChild'],
      [ADMIN.email, 'exportChild'],
      [ADMIN.email, 'getChildAudit'],
    ]);
  });
});
