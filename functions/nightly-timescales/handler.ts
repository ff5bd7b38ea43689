/**
 * The nightly timescales job (06:00 Europe/London). Until its issue lands it
 * only records that it ran, so that the schedule can be seen working.
 */
import type { Context } from 'aws-lambda';
import { createLogger } from '#shared/logger';

const logger = createLogger('nightly-timescales');

export interface ScheduledJobEvent {
  /** Run as if on this London calendar date (yyyy-mm-dd); defaults to today. */
  date?: string;
}

export async function handler(event: ScheduledJobEvent = {}, context?: Context): Promise<{ ran: string }> {
  logger.info('nightly timescales job ran', { requestId: context?.awsRequestId, date: event.date });
  return { ran: 'nightly-timescales' };
}
