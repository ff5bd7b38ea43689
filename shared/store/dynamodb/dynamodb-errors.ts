/**
 * What DynamoDB's errors mean to the service, decided here and nowhere else:
 * which are "busy, try again" (once the SDK's own retries have run out), and
 * which cancelled transaction may simply be sent again. The adapters pass
 * every call's error through {@link classified} (see `table.ts`), so the rest of the service
 * sees the store's own errors, never DynamoDB's.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { StoreBusyError } from '#shared/store/errors';

/** DynamoDB's answers that mean "busy, try again". */
const BUSY = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'InternalServerError',
]);

const RETRYABLE_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError']);

/**
 * A transaction cancelled only by another transaction on the same items (or
 * throttled), with no condition failing: nothing was written, and the same
 * transaction may simply be sent again. The SDK does not retry these itself.
 */
export function isTransactionConflict(error: unknown): error is TransactionCanceledException {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return codes.some((code) => RETRYABLE_CANCELLATIONS.has(code)) && codes.every((code) => code === 'None' || RETRYABLE_CANCELLATIONS.has(code));
}

/** Whether DynamoDB was only busy: throttled, overloaded, or a transaction that met others. */
export function isBusy(error: unknown): boolean {
  return (error instanceof Error && BUSY.has(error.name)) || isTransactionConflict(error);
}

/** The store's error for a DynamoDB error: {@link StoreBusyError} when DynamoDB was only busy, the error itself otherwise. */
export function classified(error: unknown): unknown {
  return isBusy(error) ? new StoreBusyError({ cause: error }) : error;
}
