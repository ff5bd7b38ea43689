/**
 * The store's errors, members of the service's one error family. The
 * DynamoDB adapters raise them (see `shared/store/dynamodb/dynamodb-errors.ts`
 * for how DynamoDB's own errors are classified); the use cases catch the ones
 * they recover from, and the rest map to HTTP in the one mapping.
 */
import { ConflictError, ServiceUnavailableError, ValidationError } from '#shared/errors';

/** Another child already holds this case reference (409, naming `reference`). */
export class ReferenceTakenError extends ConflictError {
  constructor(
    readonly reference: string,
    options: { cause?: unknown } = {},
  ) {
    super([{ field: 'reference', reason: 'another child already has this case reference' }], options);
  }
}

/**
 * The child's file changed since it was read: read again and recompute. The
 * write path retries it; it reaches a client only as a 412 (with If-Match) or
 * a 503 (when other writes kept getting there first).
 */
export class StaleChildError extends ConflictError {
  constructor(
    readonly childId: string,
    options: { cause?: unknown } = {},
  ) {
    super([], { message: 'The child changed while this write was being made.', ...options });
  }
}

/** The idempotency key was claimed by another request meanwhile: its answer is replayed. */
export class IdempotencyKeyUsedError extends ConflictError {
  constructor(options: { cause?: unknown } = {}) {
    super([{ field: 'Idempotency-Key', reason: 'was used by another request meanwhile' }], options);
  }
}

/** A list's cursor that this store did not make for this list (400, naming `cursor`). */
export class InvalidCursorError extends ValidationError {
  constructor(options: { cause?: unknown } = {}) {
    super([{ field: 'cursor', reason: 'is not a cursor this API gave for this list' }], options);
  }
}

/** DynamoDB was busy (throttled, or a transaction kept meeting others) beyond the retries: try again shortly (503). */
export class StoreBusyError extends ServiceUnavailableError {
  constructor(options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(options.retryAfterSeconds ?? 1, { cause: options.cause });
  }
}

/** Other runs kept storing revisions of the month first, however often this one looked again: try later (503). */
export class SnapshotContendedError extends ServiceUnavailableError {
  constructor(
    readonly month: string,
    options: { cause?: unknown } = {},
  ) {
    super(2, { message: `Could not store the snapshot of ${month}: other runs kept getting there first; please retry shortly.`, cause: options.cause });
  }
}

/** DynamoDB left items of a bulk import unwritten, however often they were sent again. */
export class ImportIncompleteError extends ServiceUnavailableError {
  constructor(
    readonly unwritten: number,
    attempts: number,
    options: { cause?: unknown } = {},
  ) {
    super(1, { message: `DynamoDB left ${unwritten} items unwritten after ${attempts} tries`, cause: options.cause });
  }
}
