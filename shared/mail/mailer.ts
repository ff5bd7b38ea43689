/**
 * The port the jobs send email through, and its SES (v2) adapter, which
 * retries throttling and transient failures with backoff and jitter and
 * tells a permanent failure apart.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { setTimeout as sleepFor } from 'node:timers/promises';

export interface OutgoingEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Sends one email; answers the provider's message id. Throws {@link PermanentSendError} when retrying cannot help. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** The email could not be sent and retrying will not help (or the retries ran out). */
export class PermanentSendError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentSendError';
  }
}

const TRANSIENT = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);

/** Whether an SES error may go away on its own: throttling, a 5xx, or the network. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT.has(error.name)) return true;
  const metadata = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  if (metadata?.httpStatusCode !== undefined) return metadata.httpStatusCode >= 500 || metadata.httpStatusCode === 429;
  // No HTTP answer at all: the connection failed.
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up/i.test(error.message);
}

export interface SesMailerOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
}

export class SesMailer implements Mailer {
  private readonly options: Required<SesMailerOptions>;

  constructor(
    private readonly client: SESv2Client,
    options: SesMailerOptions = {},
  ) {
    this.options = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5_000, sleep: (ms) => sleepFor(ms), ...options };
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const command = new SendEmailCommand({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      },
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { MessageId } = await this.client.send(command);
        return { messageId: MessageId ?? '' };
      } catch (error) {
        if (!isTransient(error)) throw new PermanentSendError(`SES refused the email: ${(error as Error).name}`, { cause: error });
        if (attempt >= this.options.maxAttempts) {
          throw new PermanentSendError(`SES kept failing after ${attempt} attempts: ${(error as Error).name}`, { cause: error });
        }
        // Full jitter: a random wait up to an exponentially growing cap.
        const cap = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
        await this.options.sleep(Math.random() * cap);
      }
    }
  }
}
