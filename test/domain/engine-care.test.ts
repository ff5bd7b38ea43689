import { describe, expect, it } from 'vitest';
import { computeTimescales, meetingCompliance, openTimescales } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy } from '#shared/domain/timescales/policy-override';
import { CalendarRangeError } from '#shared/domain/errors';
import type { Meeting } from '#shared/domain/records';
import { booked, cancelled, cer, child, episode, held, plannedChange, unplannedChange } from './fixtures';

const policy = DEFAULT_TIMESCALE_POLICY;

/** Looked after from 8 January 2024; first CER on 1 February (due 5 February); second due 1 May. */
const firstCerHeld = child({ careEpisodes: [episode('e1', '2024-01-08')], meetings: [cer('c1', '2024-02-01')] });

/** As above, with the second CER on 25 April 2024: the third is due 6 months later, 25 October. */
const secondCerHeld = child({
  careEpisodes: [episode('e1', '2024-01-08')],
  meetings: [cer('c1', '2024-02-01'), cer('c2', '2024-04-25')],
});

describe('the CER cycle', () => {
  it('puts the first CER 20 working days after the child becomes looked after, across Christmas', () => {
    // prepare: looked after from Monday 16 December 2024
    const records = child({ careEpisodes: [episode('e1', '2024-12-16')] });

    // act
    const open = openTimescales(records, policy, '2024-12-20');

    // assess
    expect(open).toEqual([
      {
        kind: 'CER',
        dueDate: '2025-01-16',
        countedFrom: { event: 'CARE_EPISODE_START', date: '2024-12-16', recordId: 'e1' },
        rule: 'firstCer',
        statutory: true,
      },
    ]);
  });

  it('puts the first CER 20 working days after a start across Easter', () => {
    const records = child({ careEpisodes: [episode('e1', '2024-03-25')] });

    const open = openTimescales(records, policy, '2024-03-25');

    expect(open.map((t) => [t.kind, t.dueDate])).toEqual([['CER', '2024-04-24']]);
  });

  it('puts the second CER 3 months after the first', () => {
    const open = openTimescales(firstCerHeld, policy, '2024-02-10');

    expect(open.find((t) => t.kind === 'CER')).toEqual({
      kind: 'CER',
      dueDate: '2024-05-01',
      countedFrom: { event: 'CER', date: '2024-02-01', recordId: 'c1' },
      rule: 'secondCer',
      statutory: true,
    });
  });

  it('puts later CERs 6 months after the previous one', () => {
    const open = openTimescales(secondCerHeld, policy, '2024-05-01');

    expect(open.find((t) => t.kind === 'CER')).toMatchObject({ dueDate: '2024-10-25', rule: 'laterCer' });
  });

  it('clamps a month-based due date to the end of a shorter month, 29 February included', () => {
    // prepare: second CER on 31 August 2023, so the third is due 6 months later
    const records = child({
      careEpisodes: [episode('e1', '2023-07-03')],
      meetings: [cer('c1', '2023-07-20'), cer('c2', '2023-08-31'), cer('c3', '2024-02-29')],
    });

    // act
    const judged = meetingCompliance(records, policy, '2024-03-01');
    const open = openTimescales(records, policy, '2024-03-01');

    // assess
    expect(judged.find((m) => m.meetingId === 'c2')?.dueDate).toBe('2023-10-20');
    expect(judged.find((m) => m.meetingId === 'c3')).toMatchObject({ dueDate: '2024-02-29', inCompliance: true });
    expect(open.find((t) => t.kind === 'CER')?.dueDate).toBe('2024-08-29');
  });

  it('judges a CER held on its due date in compliance, and one held the day after not', () => {
    // prepare: first CER due Thursday 16 January 2025
    const onTime = child({ careEpisodes: [episode('e1', '2024-12-16')], meetings: [cer('c1', '2025-01-16')] });
    const late = child({ careEpisodes: [episode('e1', '2024-12-16')], meetings: [cer('c1', '2025-01-17')] });

    // act
    const [onTimeVerdict] = meetingCompliance(onTime, policy, '2025-02-01');
    const [lateVerdict] = meetingCompliance(late, policy, '2025-02-01');

    // assess
    expect(onTimeVerdict).toEqual({
      meetingId: 'c1',
      type: 'CER',
      heldOn: '2025-01-16',
      kind: 'CER',
      dueDate: '2025-01-16',
      inCompliance: true,
      countedFrom: { event: 'CARE_EPISODE_START', date: '2024-12-16', recordId: 'e1' },
      rule: 'firstCer',
    });
    expect(lateVerdict).toMatchObject({ dueDate: '2025-01-16', inCompliance: false });
  });

  it('restarts the cycle from the day a late CER was held', () => {
    const late = child({ careEpisodes: [episode('e1', '2024-12-16')], meetings: [cer('c1', '2025-01-17')] });

    const open = openTimescales(late, policy, '2025-02-01');

    expect(open.find((t) => t.kind === 'CER')?.dueDate).toBe('2025-04-17');
  });

  it('lets a cancelled CER satisfy nothing', () => {
    // prepare: the first CER, due 16 January 2025, was cancelled on the 10th
    const records = child({ careEpisodes: [episode('e1', '2024-12-16')], meetings: [cancelled('CER', 'c1', '2025-01-10')] });

    // act
    const result = computeTimescales(records, policy, '2025-01-20');

    // assess
    expect(result.meetings).toEqual([]);
    expect(result.timescales).toEqual([
      expect.objectContaining({ kind: 'CER', dueDate: '2025-01-16', status: 'breached', workingDaysLeft: -2 }),
    ]);
  });

  it('stops the cycle when care ends, with everything owed on its CERs', () => {
    // prepare: ceased to be looked after on 30 June 2024; the CER's recommendations never went out
    const records = child({
      careEpisodes: [episode('e1', '2024-01-08', '2024-06-30')],
      meetings: [held('CER', 'c1', '2024-02-01')],
    });

    // act
    const result = computeTimescales(records, policy, '2024-09-01');

    // assess
    expect(result.timescales).toEqual([]);
    expect(result.meetings).toEqual([expect.objectContaining({ meetingId: 'c1', dueDate: '2024-02-05', inCompliance: true })]);
  });

  it('starts a new cycle for a new episode: its first CER 20 working days after it starts', () => {
    // prepare: a first episode in 2023, and a second from Monday 25 March 2024 (Easter follows)
    const records = child({
      careEpisodes: [episode('e1', '2023-01-09', '2023-06-30'), episode('e2', '2024-03-25')],
      meetings: [cer('c1', '2023-02-01'), cer('c-between', '2023-09-01')],
    });

    // act
    const open = openTimescales(records, policy, '2024-04-01');

    // assess
    expect(open).toEqual([
      expect.objectContaining({
        kind: 'CER',
        dueDate: '2024-04-24',
        countedFrom: { event: 'CARE_EPISODE_START', date: '2024-03-25', recordId: 'e2' },
      }),
    ]);
  });

  it('judges each CER against the cycle of its own episode, over several episodes', () => {
    // prepare
    const records = child({
      careEpisodes: [episode('e1', '2023-01-09', '2023-06-30'), episode('e2', '2024-03-25', '2024-12-31'), episode('e3', '2025-03-03')],
      meetings: [
        cer('c1', '2023-02-01'), // due 2023-02-06
        cer('c-between', '2023-09-01'), // not looked after: no timescale
        cer('c2', '2024-04-25'), // due 2024-04-24: a day late
        cer('c3', '2024-07-25'), // due 2024-07-25
        cer('c4', '2025-03-31'), // due 2025-03-31
      ],
    });

    // act
    const judged = meetingCompliance(records, policy, '2025-04-01');

    // assess
    expect(judged.map((m) => [m.meetingId, m.dueDate, m.inCompliance])).toEqual([
      ['c1', '2023-02-06', true],
      ['c2', '2024-04-24', false],
      ['c3', '2024-07-25', true],
      ['c4', '2025-03-31', true],
    ]);
  });

  it('ignores records dated after the as-of date, as if it were that day', () => {
    // prepare: a CER on 1 February 2025, an end of care in March, a later episode
    const records = child({
      careEpisodes: [episode('e1', '2024-12-16', '2025-03-31'), episode('e2', '2025-06-02')],
      meetings: [cer('c1', '2025-02-01')],
    });

    // act
    const result = computeTimescales(records, policy, '2025-01-10');

    // assess
    expect(result.meetings).toEqual([]);
    expect(result.timescales).toEqual([
      expect.objectContaining({ kind: 'CER', dueDate: '2025-01-16', status: 'due-soon', workingDaysLeft: 4 }),
    ]);
  });
});

describe('the CER after an unplanned change of placement', () => {
  it('is due 20 working days after the change when that is earlier than the regular date', () => {
    // prepare: third CER regularly due 25 October 2024; an unplanned move on Friday 3 May
    const records = { ...secondCerHeld, placementChanges: [unplannedChange('p1', '2024-05-03')] };

    // act
    const open = openTimescales(records, policy, '2024-05-10');

    // assess: both May bank holidays fall in the 20 working days; the regular date it replaced is kept
    expect(open.find((t) => t.kind === 'CER')).toEqual({
      kind: 'CER',
      dueDate: '2024-06-04',
      countedFrom: { event: 'UNPLANNED_PLACEMENT_CHANGE', date: '2024-05-03', recordId: 'p1' },
      rule: 'unplannedPlacementChangeCer',
      broughtForwardFrom: '2024-10-25',
      statutory: true,
    });
  });

  it('leaves the regular date when that is earlier', () => {
    // prepare: second CER due 1 May 2024; an unplanned move on 19 April
    const records = { ...firstCerHeld, placementChanges: [unplannedChange('p1', '2024-04-19')] };

    const open = openTimescales(records, policy, '2024-04-22');

    expect(open.find((t) => t.kind === 'CER')).toMatchObject({ dueDate: '2024-05-01', countedFrom: { event: 'CER', recordId: 'c1' }, rule: 'secondCer' });
    expect(open.find((t) => t.kind === 'CER')).not.toHaveProperty('broughtForwardFrom');
  });

  it('counts from the earliest of several unplanned changes', () => {
    const records = {
      ...secondCerHeld,
      placementChanges: [unplannedChange('p2', '2024-05-20'), unplannedChange('p1', '2024-05-03')],
    };

    const open = openTimescales(records, policy, '2024-05-21');

    expect(open.find((t) => t.kind === 'CER')?.countedFrom.recordId).toBe('p1');
  });

  it('does nothing for a planned change', () => {
    const records = { ...secondCerHeld, placementChanges: [plannedChange('p1', '2024-05-03')] };

    const open = openTimescales(records, policy, '2024-05-10');

    expect(open.find((t) => t.kind === 'CER')?.dueDate).toBe('2024-10-25');
  });

  it('does nothing when the authority turns the local-practice rule off', () => {
    const records = { ...secondCerHeld, placementChanges: [unplannedChange('p1', '2024-05-03')] };
    const noUnplannedRule = parseTimescalePolicy({ unplannedPlacementChangeCer: false });

    const open = openTimescales(records, noUnplannedRule, '2024-05-10');

    expect(open.find((t) => t.kind === 'CER')?.dueDate).toBe('2024-10-25');
  });

  it('judges the CER that follows against the change, and the cycle runs on from it', () => {
    // prepare: the CER after the move was held a day late, on 5 June
    const records = {
      ...secondCerHeld,
      placementChanges: [unplannedChange('p1', '2024-05-03')],
      meetings: [...secondCerHeld.meetings, cer('c3', '2024-06-05')],
    };

    // act
    const judged = meetingCompliance(records, policy, '2024-06-10');
    const open = openTimescales(records, policy, '2024-06-10');

    // assess
    expect(judged.find((m) => m.meetingId === 'c3')).toMatchObject({
      dueDate: '2024-06-04',
      inCompliance: false,
      countedFrom: { event: 'UNPLANNED_PLACEMENT_CHANGE', recordId: 'p1' },
      rule: 'unplannedPlacementChangeCer',
      broughtForwardFrom: '2024-10-25',
    });
    expect(open.find((t) => t.kind === 'CER')).toMatchObject({ dueDate: '2024-12-05', rule: 'laterCer' });
    expect(open.find((t) => t.kind === 'CER')).not.toHaveProperty('broughtForwardFrom');
  });

  it('is not brought forward by a change on the day of the previous CER', () => {
    const records = { ...secondCerHeld, placementChanges: [unplannedChange('p1', '2024-04-25')] };

    const open = openTimescales(records, policy, '2024-05-10');

    expect(open.find((t) => t.kind === 'CER')?.dueDate).toBe('2024-10-25');
  });
});

describe('recommendations and the team manager\'s response', () => {
  /** A CER on Thursday 19 December 2024 whose recommendations are still to go out. */
  const cerBeforeChristmas = (extra: Parameters<typeof held>[3] = {}) =>
    child({ careEpisodes: [episode('e1', '2024-11-25')], meetings: [held('CER', 'c1', '2024-12-19', extra)] });

  it('puts the recommendations 5 working days after the CER', () => {
    const open = openTimescales(cerBeforeChristmas(), policy, '2024-12-20');

    expect(open.find((t) => t.kind === 'RECOMMENDATIONS')).toEqual({
      kind: 'RECOMMENDATIONS',
      dueDate: '2024-12-30',
      countedFrom: { event: 'CER', date: '2024-12-19', recordId: 'c1' },
      rule: 'recommendations',
      statutory: true,
    });
    expect(open.some((t) => t.kind === 'MANAGER_RESPONSE')).toBe(false);
  });

  it("closes the recommendations when sent, and puts the manager's response 5 working days after", () => {
    const open = openTimescales(cerBeforeChristmas({ recommendationsSentOn: '2024-12-23' }), policy, '2024-12-24');

    expect(open.some((t) => t.kind === 'RECOMMENDATIONS')).toBe(false);
    expect(open.find((t) => t.kind === 'MANAGER_RESPONSE')).toEqual({
      kind: 'MANAGER_RESPONSE',
      dueDate: '2025-01-02',
      countedFrom: { event: 'RECOMMENDATIONS_SENT', date: '2024-12-23', recordId: 'c1' },
      rule: 'managerResponse',
      statutory: true,
    });
  });

  it("closes the manager's response when the manager responds", () => {
    const records = cerBeforeChristmas({ recommendationsSentOn: '2024-12-23', managerRespondedOn: '2025-01-02' });

    const open = openTimescales(records, policy, '2025-01-03');

    expect(open.map((t) => t.kind).sort()).toEqual(['CER', 'MIDPOINT']);
  });

  it('treats recommendations sent after the as-of date as not yet sent', () => {
    const open = openTimescales(cerBeforeChristmas({ recommendationsSentOn: '2024-12-23' }), policy, '2024-12-20');

    expect(open.some((t) => t.kind === 'RECOMMENDATIONS')).toBe(true);
  });

  it("chases only the latest CER's recommendations", () => {
    // prepare: c1's recommendations never went out, but a second CER has been held and sent its own
    const records = child({
      careEpisodes: [episode('e1', '2024-11-25')],
      meetings: [held('CER', 'c1', '2024-12-19'), cer('c2', '2025-02-20')],
    });

    const open = openTimescales(records, policy, '2025-03-01');

    expect(open.some((t) => t.kind === 'RECOMMENDATIONS' || t.kind === 'MANAGER_RESPONSE')).toBe(false);
  });
});

describe('the mid-point review', () => {
  it('is due halfway between the CER and the next CER\'s due date, and is not statutory', () => {
    // prepare: CER on 1 February 2024, next due 1 May: 90 days, so halfway is 45 days on
    const open = openTimescales(firstCerHeld, policy, '2024-02-10');

    expect(open.find((t) => t.kind === 'MIDPOINT')).toEqual({
      kind: 'MIDPOINT',
      dueDate: '2024-03-17',
      countedFrom: { event: 'CER', date: '2024-02-01', recordId: 'c1' },
      rule: 'midpoint',
      halfwayTo: '2024-05-01',
      statutory: false,
    });
  });

  it('is due halfway through a 6-month cycle', () => {
    const open = openTimescales(secondCerHeld, policy, '2024-05-01');

    expect(open.find((t) => t.kind === 'MIDPOINT')?.dueDate).toBe('2024-07-25');
  });

  it('is not due before the first CER', () => {
    const open = openTimescales(child({ careEpisodes: [episode('e1', '2024-01-08')] }), policy, '2024-01-20');

    expect(open.map((t) => t.kind)).toEqual(['CER']);
  });

  it('is closed by a mid-point review held after the last CER, and judged against its due date', () => {
    // prepare
    const records = { ...firstCerHeld, meetings: [...firstCerHeld.meetings, held('MIDPOINT', 'mp1', '2024-03-15')] };

    // act
    const result = computeTimescales(records, policy, '2024-03-20');

    // assess
    expect(result.timescales.map((t) => t.kind)).toEqual(['CER']);
    expect(result.meetings.find((m) => m.meetingId === 'mp1')).toMatchObject({
      kind: 'MIDPOINT',
      dueDate: '2024-03-17',
      inCompliance: true,
      rule: 'midpoint',
      halfwayTo: '2024-05-01',
    });
  });

  it('is not closed by a mid-point review held before the last CER', () => {
    const records = { ...firstCerHeld, meetings: [held('MIDPOINT', 'mp0', '2024-01-20'), ...firstCerHeld.meetings] };

    const result = computeTimescales(records, policy, '2024-03-20');

    expect(result.timescales.find((t) => t.kind === 'MIDPOINT')).toMatchObject({ dueDate: '2024-03-17', status: 'breached' });
    expect(result.meetings.map((m) => m.meetingId)).toEqual(['c1']);
  });

  it('judges a late mid-point review out of compliance', () => {
    const records = { ...firstCerHeld, meetings: [...firstCerHeld.meetings, held('MIDPOINT', 'mp1', '2024-03-18')] };

    const judged = meetingCompliance(records, policy, '2024-03-20');

    expect(judged.find((m) => m.meetingId === 'mp1')).toMatchObject({ dueDate: '2024-03-17', inCompliance: false });
  });

  it('is not tracked when the authority turns mid-point reviews off', () => {
    const open = openTimescales(firstCerHeld, parseTimescalePolicy({ midpointReviews: false }), '2024-02-10');

    expect(open.map((t) => t.kind)).toEqual(['CER']);
  });
});

describe('a history older than the working-day calendar', () => {
  /** Looked after since 1998, reviewed ever since: the first CER's due date is counted in 1998's working days. */
  const inCareSince1998 = child({
    careEpisodes: [episode('e1', '1998-09-01')],
    meetings: [held('CER', 'c1', '1998-09-25'), cer('c2', '1998-12-15'), cer('c3', '2024-11-20')],
  });

  it('still gives the open timescales, which need no working day before 2000', () => {
    const open = openTimescales(inCareSince1998, policy, '2024-12-02');

    expect(open.map((t) => [t.kind, t.dueDate])).toEqual([
      ['MIDPOINT', '2025-02-18'],
      ['CER', '2025-05-20'],
    ]);
  });

  it('refuses, with CalendarRangeError, to judge a meeting whose due date it cannot count', () => {
    expect(() => meetingCompliance(inCareSince1998, policy, '2024-12-02')).toThrow(CalendarRangeError);
    expect(() => computeTimescales(inCareSince1998, policy, '2024-12-02')).toThrow(/1998-09-01 is outside the calendar/);
  });
});

describe('a meeting booked to meet a timescale', () => {
  /** Looked after from Monday 16 December 2024: the first CER is due Thursday 16 January 2025. */
  const lookedAfter = (...meetings: Meeting[]) => child({ careEpisodes: [episode('e1', '2024-12-16')], meetings });

  it('satisfies nothing, and the earliest booking stands for the open timescale of its type', () => {
    const records = lookedAfter(booked('CER', 'b2', '2025-01-20'), booked('CER', 'b1', '2025-01-14'));

    const result = computeTimescales(records, policy, '2025-01-10');

    expect(result.meetings).toEqual([]);
    expect(result.timescales).toEqual([
      expect.objectContaining({ kind: 'CER', dueDate: '2025-01-16', rule: 'firstCer', booking: { meetingId: 'b1', bookedFor: '2025-01-14' } }),
    ]);
  });

  it('still stands once the day it was booked for has passed without the meeting being recorded as held', () => {
    const records = lookedAfter(booked('CER', 'b1', '2025-01-14'));

    const [cerTimescale] = computeTimescales(records, policy, '2025-01-20').timescales;

    expect(cerTimescale).toMatchObject({ kind: 'CER', status: 'breached', booking: { meetingId: 'b1', bookedFor: '2025-01-14' } });
  });

  it('says why it was booked late, when the booking does, and nothing of the day it was made', () => {
    const records = lookedAfter(booked('CER', 'b1', '2025-01-21', { bookedOn: '2025-01-06', lateReason: 'the family could not come sooner' }));

    const [cerTimescale] = openTimescales(records, policy, '2025-01-10');

    expect(cerTimescale!.booking).toEqual({ meetingId: 'b1', bookedFor: '2025-01-21', lateReason: 'the family could not come sooner' });
  });

  it('goes to the lower meeting id (as text) when two are booked for the same day', () => {
    const records = lookedAfter(booked('CER', 'm2', '2025-01-14'), booked('CER', 'm10', '2025-01-14'));

    const [cerTimescale] = openTimescales(records, policy, '2025-01-10');

    expect(cerTimescale!.booking?.meetingId).toBe('m10');
  });

  it('stands only for a timescale of its own type', () => {
    // prepare: a CER held, its recommendations still to go out, a mid-point review booked
    const records = lookedAfter(held('CER', 'c1', '2025-01-14'), booked('MIDPOINT', 'b1', '2025-03-01'));

    const open = openTimescales(records, policy, '2025-01-15');

    expect(open.find((t) => t.kind === 'MIDPOINT')?.booking).toEqual({ meetingId: 'b1', bookedFor: '2025-03-01' });
    expect(open.filter((t) => t.booking !== undefined).map((t) => t.kind)).toEqual(['MIDPOINT']);
  });

  it('is a booking no longer once held: the held meeting keeps the day it was booked for, and is judged', () => {
    const records = lookedAfter(held('CER', 'c1', '2025-01-14', { bookedFor: '2025-01-14', bookedOn: '2025-01-02' }));

    const result = computeTimescales(records, policy, '2025-01-15');

    expect(result.meetings).toEqual([expect.objectContaining({ meetingId: 'c1', inCompliance: true, rule: 'firstCer' })]);
    expect(result.timescales.some((t) => t.booking !== undefined)).toBe(false);
  });
});
