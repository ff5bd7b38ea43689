import { describe, expect, it } from 'vitest';
import { withStatus } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy } from '#shared/domain/timescales/policy-override';
import type { OpenTimescale } from '#shared/domain/timescales/types';

/** The ICPC of docs/domain.md's worked example, due Tuesday 14 January 2025. */
const icpcDueMidJanuary: OpenTimescale = {
  kind: 'ICPC',
  dueDate: '2025-01-14',
  countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: 'sd1' },
  rule: 'icpc',
  statutory: true,
};

describe('withStatus', () => {
  it.each([
    ['2024-12-27', 'upcoming', 11, '11 working days left, beyond the 10-day horizon'],
    ['2024-12-30', 'due-soon', 10, 'exactly 10 working days left'],
    ['2025-01-13', 'due-soon', 1, 'due tomorrow'],
    ['2025-01-14', 'due-soon', 0, 'due today'],
    ['2025-01-15', 'breached', -1, 'one working day overdue'],
    ['2025-01-20', 'breached', -4, 'four working days overdue'],
  ])('on %s is %s with %i working days left (%s)', (asOf, status, workingDaysLeft) => {
    expect(withStatus(icpcDueMidJanuary, asOf, DEFAULT_TIMESCALE_POLICY)).toEqual({ ...icpcDueMidJanuary, status, workingDaysLeft });
  });

  it('uses the due-soon horizon the policy sets', () => {
    const fiveDays = parseTimescalePolicy({ dueSoonWorkingDays: 5 });

    expect(withStatus(icpcDueMidJanuary, '2025-01-06', fiveDays).status).toBe('upcoming');
    expect(withStatus(icpcDueMidJanuary, '2025-01-07', fiveDays).status).toBe('due-soon');
  });

  it('calls a month-based due date on a Saturday breached on the Sunday, though no working day has passed', () => {
    const rcpcDueOnSaturday: OpenTimescale = { ...icpcDueMidJanuary, kind: 'RCPC', rule: 'firstRcpc', dueDate: '2024-12-28' };

    expect(withStatus(rcpcDueOnSaturday, '2024-12-27', DEFAULT_TIMESCALE_POLICY)).toMatchObject({ status: 'due-soon', workingDaysLeft: 0 });
    expect(withStatus(rcpcDueOnSaturday, '2024-12-29', DEFAULT_TIMESCALE_POLICY)).toMatchObject({ status: 'breached', workingDaysLeft: 0 });
    expect(withStatus(rcpcDueOnSaturday, '2024-12-30', DEFAULT_TIMESCALE_POLICY)).toMatchObject({ status: 'breached', workingDaysLeft: -1 });
  });

  it('keeps everything the open timescale says: its rule, the date it was brought forward from and its booking', () => {
    const cerBroughtForward: OpenTimescale = {
      kind: 'CER',
      dueDate: '2025-01-14',
      countedFrom: { event: 'UNPLANNED_PLACEMENT_CHANGE', date: '2024-12-16', recordId: 'p1' },
      rule: 'unplannedPlacementChangeCer',
      broughtForwardFrom: '2025-03-03',
      booking: { meetingId: 'cer2', bookedFor: '2025-01-20', lateReason: 'the family could not come sooner' },
      statutory: true,
    };

    expect(withStatus(cerBroughtForward, '2025-01-15', DEFAULT_TIMESCALE_POLICY)).toEqual({ ...cerBroughtForward, status: 'breached', workingDaysLeft: -1 });
  });
});
