/**
 * The port the jobs send email through, and its SES adapter. Throttling and
 * transient failures are retried by the SDK's own standard retry strategy
 * (the client's `maxAttempts`, see `createSesClient`), which knows SES's
 * throttling errors (but never retries a send SES may have accepted); the
 * adapter only tells a client what an error that outlasted those retries
 * means: definitely not sent, or an outcome unknown (`sendOutcomeOf`).
 */
import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { PermanentSendError, SendOutcomeUnknownError, sendOutcomeOf } from '#shared/mail/errors';

/** One email: plain text and HTML, to one recipient. */
export interface OutgoingEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email. */
export interface Mailer {
  /**
   * Sends one email; answers the provider's message id. Throws
   * {@link PermanentSendError} when it was not sent and retrying now cannot
   * help, {@link SendOutcomeUnknownError} when it may have been sent.
   */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** {@link Mailer} on SES's `SendEmail`, through a client made by `createSesClient`. */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESClient) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    try {
      const { MessageId } = await this.client.send(
        new SendEmailCommand({
          Source: email.from,
          Destination: { ToAddresses: [email.to] },
          Message: { Subject: utf8(email.subject), Body: { Text: utf8(email.text), Html: utf8(email.html) } },
        }),
      );
      return { messageId: MessageId ?? '' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'unknown error';
      const { attempts = 1, httpStatusCode } = (error as { $metadata?: { attempts?: number; httpStatusCode?: number } }).$metadata ?? {};
      if (sendOutcomeOf(error) === 'unknown') {
        const answer = httpStatusCode === undefined ? `SES gave no answer (${name})` : `SES answered ${httpStatusCode} (${name})`;
        throw new SendOutcomeUnknownError(`${answer}: it may have accepted the email`, { cause: error });
      }
      const message = attempts > 1 ? `SES kept failing after ${attempts} attempts: ${name}` : `SES refused the email: ${name}`;
      throw new PermanentSendError(message, { cause: error });
    }
  }
}
