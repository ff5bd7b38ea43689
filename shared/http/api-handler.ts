/**
 * Builds the API function's handler: the {@link httpApi} middleware around a
 * dispatcher that calls the operation named by the matched route, the whole
 * request traced (Powertools' `captureLambdaHandler`, where tracing is on: shared/tracing.ts).
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { JSON_HEADERS } from '#shared/http/error-response';
import { httpApi, type ApiEvent, type ApiResult, type HttpApiOptions } from '#shared/http/http-api';
import type { OperationId } from '#shared/http/routes';
import type { Operation, Operations } from '#shared/http/types';
import { handlerTracing } from '#shared/tracing';

/** The API function's handler, dispatching every route of the table to its operation. */
export function createApiHandler(operations: Operations, options: HttpApiOptions) {
  return middy<ApiEvent, ApiResult, Error, Context>()
    // First, so that the request's subsegment spans its checks too; never the response: it is a child's record.
    .use(handlerTracing)
    .use(httpApi(options))
    .handler(async (event) => {
      const { route, apiRequest } = event;
      if (!route || !apiRequest) throw new Error('httpApi middleware did not run');
      // The middleware parsed the request with this very route's schemas: the operation's input type.
      const operation = operations[route.operationId as OperationId] as Operation;
      const result = await operation(apiRequest as never);
      return {
        statusCode: result.status,
        headers: { ...JSON_HEADERS, ...result.headers },
        ...(result.bytes !== undefined
          ? { body: Buffer.from(result.bytes).toString('base64'), isBase64Encoded: true }
          : result.text !== undefined
            ? { body: result.text }
            : result.body === undefined
              ? {}
              : { body: JSON.stringify(result.body) }),
      };
    });
}
