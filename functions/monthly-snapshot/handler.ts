/**
 * The monthly snapshot job (02:00 Europe/London on the 1st, EventBridge
 * Scheduler). It only wires: clients built once per container, the job, traced.
 */
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '#shared/aws-clients';
import { requiredEnv } from '#shared/config';
import { parseYearMonth } from '#shared/domain/figures';
import { loadTimescalePolicy } from '#shared/domain/timescales/policy';
import { previousMonth, runMonthlySnapshot, type MonthlySummary } from '#shared/jobs/monthly-snapshot';
import { createLogger } from '#shared/logger';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { tracedHandler } from '#shared/tracing';

const logger = createLogger('monthly-snapshot');
const stores = dynamoDbStores(createDocumentClient(), requiredEnv('TABLE_NAME'));
const deps = {
  register: stores.register,
  snapshots: stores.snapshots,
  iros: stores.iros,
  policy: await loadTimescalePolicy(process.env['TIMESCALE_POLICY']),
  now: () => new Date(),
  log: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
};

export interface MonthlySnapshotEvent {
  /** The month to snapshot, yyyy-mm; defaults to the month just ended. */
  month?: string;
  /** Store a new revision even when the month has a snapshot. */
  force?: boolean;
}

async function monthlySnapshot(event: MonthlySnapshotEvent = {}, context?: Context): Promise<Omit<MonthlySummary, 'snapshot'>> {
  if (context) logger.addContext(context);
  const month = event.month === undefined ? previousMonth(new Date()) : parseYearMonth(event.month);
  const { snapshot: _snapshot, ...summary } = await runMonthlySnapshot(deps, { month, force: event.force ?? false });
  return summary;
}

/** The job, its invocation traced (shared/tracing.ts). */
export const handler = tracedHandler(monthlySnapshot);
