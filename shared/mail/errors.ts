/** The mailer's errors, members of the service's one error family. */
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
