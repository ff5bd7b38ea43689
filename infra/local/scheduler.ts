/**
 * The local stand-in for EventBridge Scheduler: the same schedules as the
 * deployed stack (`shared/schedules.ts`), in Europe/London, calling the same
 * job handlers in this process.
 */
import { Cron } from 'croner';
import { JOB_SCHEDULES, SCHEDULE_TIME_ZONE, cronerPattern, type JobSchedule } from '#shared/schedules';

export type JobRunner = (job: JobSchedule['job']) => Promise<unknown>;

export interface LocalScheduler {
  /** When each job runs next, for the start-up banner. */
  nextRuns(): { job: string; next: Date | null }[];
  stop(): void;
}

export function startLocalScheduler(run: JobRunner, onError: (job: string, error: unknown) => void): LocalScheduler {
  const crons = JOB_SCHEDULES.map(
    (schedule) =>
      new Cron(cronerPattern(schedule), { name: schedule.job, timezone: SCHEDULE_TIME_ZONE, protect: true }, async () => {
        try {
          await run(schedule.job);
        } catch (error) {
          onError(schedule.job, error);
        }
      }),
  );
  return {
    nextRuns: () => crons.map((cron) => ({ job: cron.name ?? '', next: cron.nextRun() })),
    stop: () => crons.forEach((cron) => cron.stop()),
  };
}
