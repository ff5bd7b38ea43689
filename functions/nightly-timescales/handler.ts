/**
 * The nightly timescales job (06:00 Europe/London, EventBridge Scheduler).
 * It only wires: clients built once per container, the job, its metrics, traced.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { createDocumentClient, createSesClient } from '#shared/aws-clients';
import { requiredEnv } from '#shared/config';
import { parseCalendarDate, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { loadTimescalePolicy } from '#shared/domain/timescales/policy';
import { runNightlyTimescales, type NightlySummary } from '#shared/jobs/nightly-timescales';
import { createLogger } from '#shared/logger';
import { METRICS_NAMESPACE } from '#shared/schedules';
import { SesMailer, type Mailer } from '#shared/mail/mailer';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { tracedHandler } from '#shared/tracing';

const logger = createLogger('nightly-timescales');
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'nightly-timescales' });
const stores = dynamoDbStores(createDocumentClient(), requiredEnv('TABLE_NAME'));
const policy = await loadTimescalePolicy(process.env['TIMESCALE_POLICY']);
// The SES client is made for the first email, not at a cold start: a night with nothing due sends none. Its code is
// imported statically: a dynamic import kept 57 KB of it, not 25, and the cold start gained nothing (bench/cold-start.ts).
let sesMailer: SesMailer | undefined;

const deps = {
  reads: stores.reads,
  ledger: stores.ledger,
  mailer: { send: (email) => (sesMailer ??= new SesMailer(createSesClient())).send(email) } satisfies Mailer,
  sender: requiredEnv('SENDER_EMAIL'),
  horizonWorkingDays: Number(process.env['NIGHTLY_HORIZON_WORKING_DAYS'] || policy.dueSoonWorkingDays),
  concurrency: Number(process.env['NIGHTLY_SEND_CONCURRENCY'] || 5),
  // The page's address, for each line's link to the child's page; unset, the lines carry none.
  ...(process.env['PAGE_URL'] ? { pageUrl: process.env['PAGE_URL'] } : {}),
  log: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
  newRunId: () => crypto.randomUUID(),
};

export interface ScheduledJobEvent {
  /** Run as if on this London calendar date (yyyy-mm-dd); defaults to today. */
  date?: string;
  /**
   * Send again the day's digests whose send's outcome is unknown: all of them
   * (`true`) or these recipients'. Never set by the schedule: a person's
   * deliberate choice (README: "The nightly email").
   */
  resendUnknown?: true | string[];
}

async function nightlyTimescales(event: ScheduledJobEvent = {}, context?: Context): Promise<NightlySummary> {
  if (context) logger.addContext(context);
  const asOf = event.date === undefined ? todayInLondon(new Date()) : parseCalendarDate(event.date);
  const summary = await runNightlyTimescales(deps, asOf, event.resendUnknown === undefined ? {} : { resendUnknown: event.resendUnknown });
  metrics.addMetric('DigestsSent', MetricUnit.Count, summary.sent.length);
  metrics.addMetric('DigestsFailed', MetricUnit.Count, summary.failed.length);
  metrics.addMetric('DigestsUnrecorded', MetricUnit.Count, summary.unrecorded.length);
  metrics.addMetric('DigestsTakenOver', MetricUnit.Count, summary.takenOver.length);
  metrics.publishStoredMetrics();
  return summary;
}

/** The job, its invocation traced (shared/tracing.ts). */
export const handler = tracedHandler(nightlyTimescales);
