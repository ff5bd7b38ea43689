/**
 * The HTTP API's Lambda: every route in `shared/http/routes.ts` arrives here.
 * It only wires: clients and stores built once per container, the operations,
 * the middleware. The OpenAPI document is generated at build time
 * (`npm run generate:openapi`), not built here from the schemas.
 */
import { childOperations } from '#shared/api/children';
import { listOperations } from '#shared/api/lists';
import { randomIds, systemClock } from '#shared/api/ports';
import { recordOperations } from '#shared/api/records';
import { reportOperations } from '#shared/api/reports';
import { createDocumentClient } from '#shared/aws-clients';
import { requiredEnv } from '#shared/config';
import { timescalePolicyFromJson } from '#shared/domain/timescales/policy';
import { createApiHandler } from '#shared/http/api-handler';
import { createLogger } from '#shared/logger';
import { DynamoDbChildrenStore } from '#shared/store/dynamodb-children-store';
import { DynamoDbSnapshotStore } from '#shared/store/snapshots';
import openApiDocument from './openapi.json' with { type: 'json' };

const documentClient = createDocumentClient();
const tableName = requiredEnv('TABLE_NAME');
const store = new DynamoDbChildrenStore(documentClient, tableName);
const policy = timescalePolicyFromJson(process.env['TIMESCALE_POLICY']);
const deps = { store, clock: systemClock, newId: randomIds, policy };
const logger = createLogger('api');
const reportDeps = {
  register: store,
  snapshots: new DynamoDbSnapshotStore(documentClient, tableName),
  policy,
  now: () => systemClock.now(),
  log: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
};

export const handler = createApiHandler(
  {
    ...childOperations(deps),
    ...recordOperations(deps),
    ...listOperations(deps),
    ...reportOperations(reportDeps),
    getOpenApi: async () => ({ status: 200, body: openApiDocument }),
  },
  { logger },
);
