/** The mailer's errors, members of the service's one error family, and what an SES error says of the email. */
import { ServiceUnavailableError } from '#shared/errors';

/**
 * The email could not be sent and retrying now will not help: SES refused it,
 * or kept failing through the SDK's retries. The nightly job records it and
 * goes on with the other recipients; a later run that day tries again.
 */
export class PermanentSendError extends ServiceUnavailableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(60, { message, cause: options.cause });
  }
}

/**
 * The send's outcome is unknown: the request may have reached SES, and SES
 * may have accepted the email, but no answer says so (a timeout, a connection
 * dropped after the request was written, an abort, a 500). Sending it again
 * unseen could give the recipient two; not sending it could give them none.
 * The nightly job records it as `unknown` in the ledger, and no run sends it
 * again unless a person asks (README: "The nightly email").
 */
export class SendOutcomeUnknownError extends ServiceUnavailableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(60, { message, cause: options.cause });
  }
}

/**
 * What an error from an SES send says of the email:
 * - `not-sent`: definitely not sent. SES answered and said no (any 4xx:
 *   `MessageRejected`, throttling that outlasted the retries, a validation
 *   error, an unknown configuration set, sending paused, bad credentials), or
 *   the request never left (the connection was refused, never made in time,
 *   or the host not found; no credentials to sign it).
 * - `unknown`: SES may have accepted it. No answer came (the request timed
 *   out, the socket went idle, the connection was reset or the pipe broke
 *   after the request was written, the call was aborted), SES answered 500 (it
 *   failed somewhere after taking the request), or the error is one this does
 *   not know: when in doubt, unknown.
 */
export type SendOutcome = 'not-sent' | 'unknown';

/** Error codes of a connection that was never made: nothing was written, so nothing was sent. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** See {@link SendOutcome}. */
export function sendOutcomeOf(error: unknown): SendOutcome {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { name, code, message, $metadata } = error as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = $metadata?.httpStatusCode;
  // SES answered: a 4xx is SES saying no, and so is a 503 (unavailable: the request was not taken, and is retried as
  // throttling is, so that one blip does not leave everyone without a digest); anything else (a 500, or a 2xx that
  // could not be read) may have been accepted.
  if (typeof status === 'number') return (status >= 400 && status < 500) || status === 503 ? 'not-sent' : 'unknown';
  if (typeof code === 'string' && NEVER_CONNECTED_CODES.has(code)) return 'not-sent';
  // @smithy/node-http-handler's connection timeout (the socket never connected) is a TimeoutError with no code, told by its message.
  if (name === 'TimeoutError' && code === undefined && typeof message === 'string' && message.includes('did not establish a connection')) return 'not-sent';
  if (name === 'CredentialsProviderError') return 'not-sent';
  return 'unknown';
}
