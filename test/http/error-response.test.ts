import { describe, expect, it } from 'vitest';
import { errorResponse } from '#shared/http/error-response';
import { NotFoundError, ValidationError } from '#shared/errors';

const bodyOf = (response: { body?: string }) => JSON.parse(response.body ?? '{}');

describe('errorResponse', () => {
  it('answers a service error with its status, code, problems and the request id', () => {
    const response = errorResponse(ValidationError.of('heldOn', 'is in the future'), 'req-1');

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      error: { code: 'validation_failed', message: 'The request is not valid.', problems: [{ field: 'heldOn', reason: 'is in the future' }], requestId: 'req-1' },
    });
  });

  it('answers DynamoDB throttling, once the SDK has given up, with 503 and Retry-After', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });

    const response = errorResponse(throttled, 'req-2');

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(bodyOf(response).error.code).toBe('service_unavailable');
  });

  it('answers a transaction cancelled by a conflicting transaction with 503, and one cancelled by a condition with 500', () => {
    const conflict = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
    const condition = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });

    expect(errorResponse(conflict, 'r').statusCode).toBe(503);
    expect(errorResponse(condition, 'r').statusCode).toBe(500);
  });

  it('answers anything unexpected with 500, saying nothing of its cause', () => {
    const response = errorResponse(new TypeError('secret internals at line 3'), 'req-3');

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(bodyOf(response).error).toEqual({ code: 'internal_error', message: expect.any(String), requestId: 'req-3' });
  });

  it('answers a not-found the same whatever the record', () => {
    expect(errorResponse(new NotFoundError('No child with this id.'), 'r').statusCode).toBe(404);
  });
});
