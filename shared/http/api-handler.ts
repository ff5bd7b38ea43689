/**
 * Builds the API function's handler: the {@link httpApi} middleware around a
 * dispatcher that calls the operation named by the matched route.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { JSON_HEADERS } from './error-response';
import { httpApi, type ApiEvent, type ApiResult, type HttpApiOptions } from './http-api';
import type { OperationId } from './routes';
import type { Operation } from './types';

/** Every route in the table must have an operation: the compiler checks it. */
export type Operations = Record<OperationId, Operation>;

export function createApiHandler(operations: Operations, options: HttpApiOptions) {
  return middy<ApiEvent, ApiResult, Error, Context>()
    .use(httpApi(options))
    .handler(async (event) => {
      const { route, apiRequest } = event;
      if (!route || !apiRequest) throw new Error('httpApi middleware did not run');
      const operation = operations[route.operationId as OperationId];
      const result = await operation(apiRequest);
      return {
        statusCode: result.status,
        headers: { ...JSON_HEADERS, ...result.headers },
        ...(result.text !== undefined ? { body: result.text } : result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
      };
    });
}
