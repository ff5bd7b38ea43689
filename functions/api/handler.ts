/**
 * The HTTP API's Lambda: every route in `shared/http/routes.ts` arrives here.
 * It only wires: clients and stores built once per container, the operations,
 * the middleware. The OpenAPI document is generated at build time
 * (`npm run generate:openapi`), not built here from the schemas.
 */
import { bookingOperations } from '#shared/api/bookings';
import { calendarFeedOperations } from '#shared/api/calendar-feeds';
import { childOperations } from '#shared/api/children';
import { iroOperations } from '#shared/api/iros';
import { listOperations } from '#shared/api/lists';
import { randomIds, randomSecrets, systemClock } from '#shared/api/ports';
import { recordOperations } from '#shared/api/records';
import { reportOperations } from '#shared/api/reports';
import { createDocumentClient } from '#shared/aws-clients';
import { requiredEnv } from '#shared/config';
import { loadTimescalePolicy } from '#shared/domain/timescales/policy';
import { createApiHandler } from '#shared/http/api-handler';
import { createLogger } from '#shared/logger';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { lambdaAnnualDocuments } from '#shared/report-document/annual-documents';
import { readFile } from 'node:fs/promises';

/**
 * The OpenAPI document, read on the first request for it: it sits beside this
 * file (and beside the bundle, copied there by the stack), so its 150 KB are
 * neither bundled nor parsed at a cold start.
 */
let openApiDocument: Promise<unknown> | undefined;
const readOpenApiDocument = () => (openApiDocument ??= readFile(new URL('./openapi.json', import.meta.url), 'utf8').then((text) => JSON.parse(text) as unknown));

const stores = dynamoDbStores(createDocumentClient(), requiredEnv('TABLE_NAME'));
const policy = await loadTimescalePolicy(process.env['TIMESCALE_POLICY']);
const logger = createLogger('api');
const deps = { reads: stores.reads, writes: stores.writes, readLog: stores.readLog, clock: systemClock, newId: randomIds, policy };
const reportDeps = {
  register: stores.register,
  snapshots: stores.snapshots,
  iros: stores.iros,
  // The committee's Word document is made by a function of its own: docx, Vega and resvg stay out of this bundle.
  documents: lambdaAnnualDocuments(requiredEnv('ANNUAL_DOCUMENT_FUNCTION_NAME')),
  policy,
  now: () => systemClock.now(),
  log: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
};

export const handler = createApiHandler(
  {
    ...childOperations(deps),
    ...recordOperations(deps),
    ...bookingOperations(deps),
    ...listOperations(deps),
    ...reportOperations(reportDeps),
    ...calendarFeedOperations({ calendarFeeds: stores.calendarFeeds, reads: stores.reads, clock: systemClock, policy, newSecret: randomSecrets }),
    ...iroOperations({ iros: stores.iros, clock: systemClock }),
    getOpenApi: async () => ({ status: 200, body: await readOpenApiDocument() }),
  },
  { logger },
);
