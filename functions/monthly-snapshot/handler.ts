/**
 * The monthly snapshot job (02:00 Europe/London on the 1st). Until its issue
 * lands it only records that it ran, so that the schedule can be seen working.
 */
import type { Context } from 'aws-lambda';
import { createLogger } from '#shared/logger';

const logger = createLogger('monthly-snapshot');

export interface MonthlySnapshotEvent {
  /** The month to snapshot, yyyy-mm; defaults to the month just ended. */
  month?: string;
}

export async function handler(event: MonthlySnapshotEvent = {}, context?: Context): Promise<{ ran: string }> {
  logger.info('monthly snapshot job ran', { requestId: context?.awsRequestId, month: event.month });
  return { ran: 'monthly-snapshot' };
}
