import { describe, expect, it } from 'vitest';
import { errorResponse } from '#shared/http/error-response';
import { CalendarRangeError } from '#shared/domain/errors';
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

  it('answers a domain error with its 4xx, not a 500', () => {
    const response = errorResponse(new CalendarRangeError('2036-01-02', '2010-01-01', '2035-12-31'), 'req-4');

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('outside_calendar');
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
