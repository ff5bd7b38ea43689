/**
 * The errors the service raises on purpose. Each carries the HTTP status it
 * maps to; `shared/http/error-response.ts` is the one place that turns any
 * error into a JSON response.
 */

/** One field that failed, and why, as a client is shown it. */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `outcome.category`; empty for the whole body. */
  field: string;
  reason: string;
}

/** Base of every error the service raises on purpose. */
export abstract class ServiceError extends Error {
  abstract readonly status: number;
  /** A stable, machine-readable code for clients. */
  abstract readonly code: string;
  readonly headers: Record<string, string> = {};

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request is malformed or fails validation (400). */
export class ValidationError extends ServiceError {
  readonly status = 400;
  readonly code = 'validation_failed';
  constructor(
    readonly problems: FieldProblem[],
    message = 'The request is not valid.',
  ) {
    super(message);
  }

  static of(field: string, reason: string): ValidationError {
    return new ValidationError([{ field, reason }]);
  }
}

/** No usable credentials (401). */
export class UnauthorizedError extends ServiceError {
  readonly status = 401;
  readonly code = 'unauthorized';
  constructor(message = 'A valid bearer token is required.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller's role may not do this (403). */
export class ForbiddenError extends ServiceError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(message = 'Your role may not do this.') {
    super(message);
  }
}

/**
 * The record does not exist, or is outside the caller's scope: the two give
 * the same answer so that a caller cannot learn which children exist (404).
 */
export class NotFoundError extends ServiceError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(message = 'No such record.') {
    super(message);
  }
}

/** The write conflicts with what is stored, e.g. a duplicate reference (409). */
export class ConflictError extends ServiceError {
  readonly status = 409;
  readonly code = 'conflict';
  constructor(
    readonly problems: FieldProblem[],
    message = 'The request conflicts with a stored record.',
  ) {
    super(message);
  }
}

/** The body is larger than the API accepts (413). */
export class PayloadTooLargeError extends ServiceError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
  }
}

/** The body is not JSON (415). */
export class UnsupportedMediaTypeError extends ServiceError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor() {
    super('The request body must be JSON (Content-Type: application/json).');
  }
}

/** A dependency is failing for now; the client may retry later (503). */
export class ServiceUnavailableError extends ServiceError {
  readonly status = 503;
  readonly code = 'service_unavailable';
  constructor(retryAfterSeconds: number, options?: { cause?: unknown }) {
    super('The service is busy; please retry shortly.', options);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/** `If-Match` names a version that is no longer the current one (412). */
export class PreconditionFailedError extends ServiceError {
  readonly status = 412;
  readonly code = 'precondition_failed';
  constructor() {
    super('The record has changed since you read it (If-Match): read it again and retry.');
  }
}
