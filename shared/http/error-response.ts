/**
 * The one place that turns an error into an HTTP response: a JSON body with a
 * code, a message, the fields that failed and the request id. Never a stack.
 * Every error the service means to raise is a {@link ServiceError} carrying its
 * own status (domain, store and mailer errors included: each area classifies
 * its dependencies' errors itself); anything else is a 500 that says nothing
 * of its cause.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ServiceError } from '#shared/errors';

/** The headers of every JSON answer. */
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

/** The service's error body. */
export interface ErrorBody {
  error: { code: string; message: string; problems?: { field: string; reason: string }[]; requestId: string };
}

/** The response for any error. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  if (error instanceof ServiceError && error.status < 500) {
    return respond(error.status, { code: error.code, message: error.message, problems: error.problems }, error.headers, requestId);
  }
  if (error instanceof ServiceError && error.status === 503) {
    return respond(503, { code: error.code, message: error.message }, error.headers, requestId);
  }
  return respond(500, { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' }, {}, requestId);
}

function respond(
  status: number,
  error: { code: string; message: string; problems?: readonly { field: string; reason: string }[] | undefined },
  headers: Record<string, string>,
  requestId: string,
): APIGatewayProxyStructuredResultV2 {
  const problems = error.problems && error.problems.length > 0 ? { problems: [...error.problems] } : {};
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...problems, requestId } };
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}
