/**
 * DynamoDB's errors are classified in the store's adapters, not in the HTTP
 * layer: "busy" becomes the store's StoreBusyError, which the one HTTP mapping
 * answers 503 with Retry-After; anything else stays what it was (a 500 when
 * nothing expected it).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '#shared/http/error-response';
import { classified } from '#shared/store/dynamodb/dynamodb-errors';

const bodyOf = (response: { body?: string }) => JSON.parse(response.body ?? '{}');
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('classified DynamoDB errors, as the API answers them', () => {
  it('answers DynamoDB throttling, once the SDK has given up, with 503 and Retry-After', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });

    const response = errorResponse(classified(throttled), 'req-2');

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(bodyOf(response).error.code).toBe('service_unavailable');
  });

  it('answers a transaction cancelled by a conflicting transaction with 503, and one cancelled by a condition with 500', () => {
    const conflict = cancelled(['None', 'TransactionConflict']);
    const condition = cancelled(['ConditionalCheckFailed']);

    expect(errorResponse(classified(conflict), 'r').statusCode).toBe(503);
    expect(errorResponse(classified(condition), 'r').statusCode).toBe(500);
  });
});
