/**
 * Every due date the API gives explains itself: each open timescale and each
 * meeting's verdict carries its explanation, on the child's file and on the
 * child's timescales. The harness holds every answer to the OpenAPI document.
 */
import { describe, expect, it } from 'vitest';
import { IRO_ONE, aMeeting, useApi } from './harness';

const WORKED_EXAMPLE =
  'Due by Tuesday 14 January 2025: 15 working days after the last strategy discussion on Thursday 19 December 2024 (Wales Safeguarding Procedures). ' +
  '25 and 26 December and 1 January are bank holidays.';

describe('the explanations the API gives', () => {
  const api = useApi();

  /** A child of IRO one with a strategy discussion on Thursday 19 December 2024; answers its id and the discussion's. */
  async function aChildWithAStrategyDiscussion(): Promise<{ childId: string; strategyDiscussionId: string }> {
    const childId = await api.createChild(IRO_ONE);
    const discussion = await api.given(IRO_ONE, 'POST', `/children/${childId}/strategy-discussions`, { date: '2024-12-19' });
    return { childId, strategyDiscussionId: discussion.strategyDiscussionId };
  }

  it('puts the explanation on each open timescale of GET /children/{childId}/timescales', async () => {
    const { childId, strategyDiscussionId } = await aChildWithAStrategyDiscussion();

    const answer = await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=2024-12-20`);

    expect(answer.status, answer.text).toBe(200);
    const [icpc] = answer.body.timescales;
    expect(icpc).toMatchObject({ kind: 'ICPC', dueDate: '2025-01-14', rule: 'icpc' });
    expect(icpc.explanation).toEqual({
      rule: { name: 'icpc', setting: 'icpcWorkingDays', value: 15, unit: 'working-days', source: 'Wales Safeguarding Procedures' },
      countedFrom: { event: 'STRATEGY_DISCUSSION', recordId: strategyDiscussionId, date: '2024-12-19' },
      bankHolidaysSkipped: [
        { date: '2024-12-25', name: 'Christmas Day' },
        { date: '2024-12-26', name: 'Boxing Day' },
        { date: '2025-01-01', name: "New Year's Day" },
      ],
      weekendDaysSkipped: 8,
      sentence: WORKED_EXAMPLE,
    });
  });

  it('puts the explanation on each verdict, and beside the due date of each held meeting in GET /children/{childId}', async () => {
    // prepare: the ICPC held a day late, on Wednesday 15 January 2025
    const { childId } = await aChildWithAStrategyDiscussion();
    const { meetingId } = await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('ICPC', '2025-01-15', { outcome: { decision: 'do-not-register' } }));
    const late =
      'Held on Wednesday 15 January 2025, late: due by Tuesday 14 January 2025, 15 working days after the last strategy discussion on Thursday 19 December 2024 ' +
      '(Wales Safeguarding Procedures). 25 and 26 December and 1 January are bank holidays.';

    // act
    const timescales = await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=2025-01-20`);
    const file = await api.get(IRO_ONE, `/children/${childId}`);

    // assess
    expect(timescales.body.meetings).toEqual([expect.objectContaining({ meetingId, inCompliance: false, explanation: expect.objectContaining({ sentence: late }) })]);
    expect(file.status, file.text).toBe(200);
    expect(file.body.meetings).toEqual([expect.objectContaining({ meetingId, dueDate: '2025-01-14', inCompliance: false, explanation: expect.objectContaining({ sentence: late }) })]);
  });

  it('explains the open timescales of the child’s file, a CER brought forward by an unplanned placement change among them', async () => {
    // prepare: care from 2 September 2024, a CER on 27 September (next due 27 December), an unplanned change on 4 November
    const childId = await api.createChild(IRO_ONE);
    await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2024-09-02' });
    await api.given(IRO_ONE, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2024-09-27'));
    const change = await api.given(IRO_ONE, 'POST', `/children/${childId}/placement-changes`, { date: '2024-11-04', unplanned: true });

    // act
    const answer = await api.get(IRO_ONE, `/children/${childId}/timescales?asOf=2024-11-05`);

    // assess
    const cer = answer.body.timescales.find((timescale: { kind: string }) => timescale.kind === 'CER');
    expect(cer).toMatchObject({ dueDate: '2024-12-02', rule: 'unplannedPlacementChangeCer', broughtForwardFrom: '2024-12-27' });
    expect(cer.explanation.broughtForward).toEqual({
      by: { event: 'UNPLANNED_PLACEMENT_CHANGE', recordId: change.placementChangeId, date: '2024-11-04' },
      regularDueDate: '2024-12-27',
    });
    const midpoint = answer.body.timescales.find((timescale: { kind: string }) => timescale.kind === 'MIDPOINT');
    expect(midpoint.explanation).toMatchObject({ rule: { name: 'midpoint', unit: 'halfway' }, halfwayTo: '2024-12-27' });
    const file = await api.get(IRO_ONE, `/children/${childId}`);
    for (const timescale of file.body.timescales) expect(timescale.explanation.sentence).toMatch(/^Due by /);
  });
});
