/**
 * The HTTP API's Lambda: every route in `shared/http/routes.ts` arrives here.
 * It only wires: clients and stores built once per container, the operations,
 * the middleware.
 */
import { childOperations } from '#shared/api/children';
import { randomIds, systemClock } from '#shared/api/ports';
import { createDocumentClient } from '#shared/aws-clients';
import { requiredEnv } from '#shared/config';
import { createApiHandler } from '#shared/http/api-handler';
import { createLogger } from '#shared/logger';
import { DynamoDbChildrenStore } from '#shared/store/dynamodb-children-store';

const store = new DynamoDbChildrenStore(createDocumentClient(), requiredEnv('TABLE_NAME'));

export const handler = createApiHandler(
  { ...childOperations({ store, clock: systemClock, newId: randomIds }) },
  { logger: createLogger('api') },
);
