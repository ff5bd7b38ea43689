import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { JOB_SCHEDULES, SCHEDULE_TIME_ZONE, cronerPattern, eventBridgeCron } from '#shared/schedules';

const scheduleOf = (job: string) => {
  const schedule = JOB_SCHEDULES.find((candidate) => candidate.job === job);
  if (!schedule) throw new Error(`no schedule ${job}`);
  return schedule;
};

/** The UTC instants the local scheduler would fire at, from `from`. */
function firings(job: string, from: string, count: number): string[] {
  const cron = new Cron(cronerPattern(scheduleOf(job)), { timezone: SCHEDULE_TIME_ZONE, paused: true });
  return cron.nextRuns(count, new Date(from)).map((date) => date.toISOString());
}

describe('job schedules', () => {
  it('write the EventBridge Scheduler cron the stack deploys', () => {
    expect(eventBridgeCron(scheduleOf('nightly-timescales'))).toBe('cron(0 6 * * ? *)');
    expect(eventBridgeCron(scheduleOf('monthly-snapshot'))).toBe('cron(0 2 1 * ? *)');
  });

  it('fire the nightly job at 06:00 London time on both sides of the spring clock change', () => {
    expect(firings('nightly-timescales', '2026-03-28T00:00:00Z', 2)).toEqual([
      '2026-03-28T06:00:00.000Z', // GMT
      '2026-03-29T05:00:00.000Z', // BST
    ]);
  });

  it('fire the nightly job at 06:00 London time on both sides of the autumn clock change', () => {
    expect(firings('nightly-timescales', '2026-10-24T00:00:00Z', 2)).toEqual([
      '2026-10-24T05:00:00.000Z', // BST
      '2026-10-25T06:00:00.000Z', // GMT
    ]);
  });

  it('fire the monthly job at 02:00 London time on the first of each month', () => {
    expect(firings('monthly-snapshot', '2026-11-23T00:00:00Z', 2)).toEqual(['2026-12-01T02:00:00.000Z', '2027-01-01T02:00:00.000Z']);
    expect(firings('monthly-snapshot', '2026-05-15T00:00:00Z', 1)).toEqual(['2026-06-01T01:00:00.000Z']);
  });
});
