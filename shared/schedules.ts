/**
 * When the scheduled jobs run: one definition, read by the CDK stack
 * (EventBridge Scheduler) and by the local scheduler (croner), both in
 * Europe/London so that the clock change never moves a job.
 */

export const SCHEDULE_TIME_ZONE = 'Europe/London';

/** The CloudWatch namespace the jobs' metrics (and the stack's alarms) use. */
export const METRICS_NAMESPACE = 'IroTimescales';

/** When one scheduled job runs, London time: a minute and hour, every day or one day of the month. */
export interface JobSchedule {
  /** Names the job and its function folder under `functions/`. */
  job: 'nightly-timescales' | 'monthly-snapshot';
  description: string;
  minute: number;
  hour: number;
  /** A day of the month; every day when absent. */
  dayOfMonth?: number;
}

/** The nightly digests at 06:00 and the monthly snapshot at 02:00 on the 1st. */
export const JOB_SCHEDULES: readonly JobSchedule[] = [
  {
    job: 'nightly-timescales',
    description: 'Emails each IRO and team manager their breached and due-soon timescales',
    minute: 0,
    hour: 6,
  },
  {
    job: 'monthly-snapshot',
    description: 'Snapshots the month just ended: register by category and compliance figures',
    minute: 0,
    hour: 2,
    dayOfMonth: 1,
  },
];

/** EventBridge Scheduler's six-field cron: minutes hours day-of-month month day-of-week year. */
export function eventBridgeCron(schedule: JobSchedule): string {
  return `cron(${schedule.minute} ${schedule.hour} ${schedule.dayOfMonth ?? '*'} * ? *)`;
}

/** croner's pattern (seconds first, no year), for the local scheduler. */
export function cronerPattern(schedule: JobSchedule): string {
  return `0 ${schedule.minute} ${schedule.hour} ${schedule.dayOfMonth ?? '*'} * *`;
}
