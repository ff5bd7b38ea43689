/**
 * The one place that turns an error into an HTTP response: a JSON body with a
 * code, a message, the fields that failed and the request id. Never a stack.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConflictError, ServiceError, ServiceUnavailableError, ValidationError } from '#shared/errors';

export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

export interface ErrorBody {
  error: { code: string; message: string; problems?: { field: string; reason: string }[]; requestId: string };
}

/** DynamoDB's answers that mean "busy, try again", once the SDK's own retries have run out. */
const BUSY = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'InternalServerError',
]);

function isBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (BUSY.has(error.name)) return true;
  // A transaction cancelled only by other transactions on the same items, not by a condition.
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return error.name === 'TransactionCanceledException' && !!reasons?.some((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'ThrottlingError');
}

/** The response for any error; an unexpected one is a 500 that says nothing of its cause. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  if (isBusy(error)) return errorResponse(new ServiceUnavailableError(1, { cause: error }), requestId);
  if (error instanceof ServiceError) {
    const problems = error instanceof ValidationError || error instanceof ConflictError ? error.problems : undefined;
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, ...(problems ? { problems } : {}), requestId },
    };
    return { statusCode: error.status, headers: { ...JSON_HEADERS, ...error.headers }, body: JSON.stringify(body) };
  }
  const body: ErrorBody = {
    error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.', requestId },
  };
  return { statusCode: 500, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}
