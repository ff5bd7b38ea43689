/** Reading back what the SES emulator received, through its `/store`. */
import { SESClient } from '@aws-sdk/client-ses';
import { inject } from 'vitest';

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** Every email the emulator holds from this sender (tests give each run its own sender, as files run side by side). */
export async function emailsFrom(sender: string): Promise<SentEmail[]> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const { emails } = (await response.json()) as { emails: SentEmail[] };
  return emails.filter((email) => email.from === sender);
}

/** A real SES client pointed at the emulator. */
export function emulatorSesClient(): SESClient {
  return new SESClient({
    endpoint: inject('sesEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}
