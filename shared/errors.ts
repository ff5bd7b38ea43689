/**
 * The base of every error the service raises on purpose, and the errors any
 * area may raise. Each carries a stable code and the HTTP status it maps to;
 * `shared/http/error-response.ts` is the one place that turns any error into a
 * JSON response. Areas keep their own errors beside them (the domain's in
 * `shared/domain/errors.ts`, the store's in `shared/store/errors.ts`, the
 * mailer's in `shared/mail/errors.ts`), all subclasses of {@link ServiceError}.
 *
 * @example
 * throw ValidationError.of('heldOn', 'is in the future');
 */

/** One field that failed, and why, as a client is shown it. */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `outcome.category`; empty for the whole body. */
  field: string;
  reason: string;
}

/** What every error of the family may carry besides its message. */
export interface ServiceErrorOptions {
  cause?: unknown;
  /** The fields at fault, when the error is about a request's fields. */
  problems?: readonly FieldProblem[];
}

/** Base of every error the service raises on purpose: a stable code and the HTTP status it maps to. */
export abstract class ServiceError extends Error {
  /** The HTTP status the error maps to. */
  abstract readonly status: number;
  /** A stable, machine-readable code for clients. */
  abstract readonly code: string;
  /** Headers the response carries (`retry-after`). */
  readonly headers: Record<string, string> = {};
  /** The fields at fault, when there are any. */
  readonly problems: readonly FieldProblem[] | undefined;

  constructor(message: string, options: ServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.problems = options.problems;
  }
}

/** The request is malformed or fails validation (400). */
export class ValidationError extends ServiceError {
  readonly status = 400;
  readonly code = 'validation_failed';
  constructor(problems: readonly FieldProblem[], options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? 'The request is not valid.', { problems, cause: options.cause });
  }

  /** One field's problem. */
  static of(field: string, reason: string): ValidationError {
    return new ValidationError([{ field, reason }]);
  }
}

/** No usable credentials (401). */
export class UnauthorizedError extends ServiceError {
  readonly status = 401;
  readonly code = 'unauthorized';
  constructor(message = 'A valid bearer token is required.', options: { cause?: unknown } = {}) {
    super(message, options);
  }
}

/** The caller's role may not do this (403). */
export class ForbiddenError extends ServiceError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(message = 'Your role may not do this.', options: { cause?: unknown } = {}) {
    super(message, options);
  }
}

/**
 * The record does not exist, or is outside the caller's scope: the two give
 * the same answer so that a caller cannot learn which children exist (404).
 */
export class NotFoundError extends ServiceError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(message = 'No such record.', options: { cause?: unknown } = {}) {
    super(message, options);
  }
}

/**
 * No child with this id in the caller's scope (404, as {@link NotFoundError}):
 * a read of a child's file refused, which the API logs (never records).
 */
export class ChildNotFoundError extends NotFoundError {
  constructor(options: { cause?: unknown } = {}) {
    super('No child with this id.', options);
  }
}

/** The write conflicts with what is stored, e.g. a duplicate reference (409). */
export class ConflictError extends ServiceError {
  readonly status: number = 409;
  readonly code: string = 'conflict';
  constructor(problems: readonly FieldProblem[], options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? 'The request conflicts with a stored record.', { problems, cause: options.cause });
  }
}

/** `If-Match` names a version that is no longer the current one (412). */
export class PreconditionFailedError extends ServiceError {
  readonly status = 412;
  readonly code = 'precondition_failed';
  constructor(options: { cause?: unknown } = {}) {
    super('The record has changed since you read it (If-Match): read it again and retry.', options);
  }
}

/** The body is larger than the API accepts (413). */
export class PayloadTooLargeError extends ServiceError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(limitBytes: number, options: { cause?: unknown } = {}) {
    super(`The request body is larger than ${limitBytes} bytes.`, options);
  }
}

/** The body is not JSON (415). */
export class UnsupportedMediaTypeError extends ServiceError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor(options: { cause?: unknown } = {}) {
    super('The request body must be JSON (Content-Type: application/json).', options);
  }
}

/** A dependency is busy or failing for now; the client may retry later (503). */
export class ServiceUnavailableError extends ServiceError {
  readonly status = 503;
  readonly code = 'service_unavailable';
  constructor(retryAfterSeconds: number, options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? 'The service is busy; please retry shortly.', { cause: options.cause });
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/** A fault in the service itself or its configuration, never the client's (500). */
export class InternalError extends ServiceError {
  readonly status: number = 500;
  readonly code: string = 'internal_error';
}
