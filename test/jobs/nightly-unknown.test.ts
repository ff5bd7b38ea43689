/**
 * Issue 19: the SES send that times out. SES may have accepted it, so the
 * ledger marks it `unknown`, the job counts it in `unrecorded` (the handler's
 * `DigestsUnrecorded`) and not as failed, and no later run sends it again
 * unseen; a send SES definitely refused is marked `failed` and the next run
 * sends it. The faults are injected on the SES client (aws-sdk-client-mock,
 * or a real HTTP server that never answers), the ledger is DynamoDB Local's.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createSesClient } from '#shared/aws-clients';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import { runNightlyTimescales, type NightlyDeps, type NightlySummary } from '#shared/jobs/nightly-timescales';
import { PermanentSendError, SendOutcomeUnknownError, sendOutcomeOf } from '#shared/mail/errors';
import { SesMailer } from '#shared/mail/mailer';
import { DynamoDbCommit } from '#shared/store/dynamodb/commit';
import { DynamoDbDigestLedger } from '#shared/store/dynamodb/digest-ledger';
import { DynamoDbQueries } from '#shared/store/dynamodb/queries';
import type { TableRef } from '#shared/store/dynamodb/table';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { emailsFrom, emulatorSesClient, type SentEmail } from '../support/ses';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Monday 23 November 2026.
const MONDAY = '2026-11-23';
const GIVEN_NAME = 'Zephyrine';
const FAMILY_NAME = 'Quillfeather';
const DATE_OF_BIRTH = '2014-07-23';

/** The errors the SDK throws, as it shapes them. */
const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });
const REQUEST_TIMEOUT = () =>
  sdkError('TimeoutError', '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout.', { code: 'ETIMEDOUT', $metadata: { attempts: 1 } });
const REJECTED = () => sdkError('MessageRejected', 'Email address is not verified.', { $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });

async function emailsTo(recipient: string): Promise<SentEmail[]> {
  const { emails } = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: SentEmail[] };
  return emails.filter((email) => email.destination.to.includes(recipient));
}

describe('what an SES error says of the email', () => {
  const cases: [string, unknown, 'not-sent' | 'unknown'][] = [
    ['MessageRejected (400)', REJECTED(), 'not-sent'],
    ['throttling that outlasted the retries (400)', sdkError('Throttling', 'Maximum sending rate exceeded.', { $metadata: { httpStatusCode: 400, attempts: 6 } }), 'not-sent'],
    ['a validation error (400)', sdkError('InvalidParameterValue', 'Missing final @domain', { $metadata: { httpStatusCode: 400 } }), 'not-sent'],
    ['an unknown configuration set (400)', sdkError('ConfigurationSetDoesNotExistException', 'x', { $metadata: { httpStatusCode: 400 } }), 'not-sent'],
    ['sending paused (400)', sdkError('AccountSendingPausedException', 'x', { $metadata: { httpStatusCode: 400 } }), 'not-sent'],
    ['bad credentials (403)', sdkError('SignatureDoesNotMatch', 'x', { $metadata: { httpStatusCode: 403 } }), 'not-sent'],
    ['the connection refused', sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:443', { code: 'ECONNREFUSED', $metadata: { attempts: 6 } }), 'not-sent'],
    ['the host not found', sdkError('Error', 'getaddrinfo ENOTFOUND email.eu-west-2.amazonaws.com', { code: 'ENOTFOUND' }), 'not-sent'],
    ['no connection made in time', sdkError('TimeoutError', '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.'), 'not-sent'],
    ['no credentials', sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), 'not-sent'],
    ['the request timeout', REQUEST_TIMEOUT(), 'unknown'],
    ['the socket idle timeout', sdkError('TimeoutError', '@smithy/node-http-handler - the request socket timed out after 5000 ms of inactivity'), 'unknown'],
    ['a connection reset after sending', sdkError('TimeoutError', 'socket hang up', { code: 'ECONNRESET' }), 'unknown'],
    ['a broken pipe', sdkError('TimeoutError', 'write EPIPE', { code: 'EPIPE' }), 'unknown'],
    ['an abort', sdkError('AbortError', 'Request aborted'), 'unknown'],
    ['a 5xx after retries', sdkError('InternalFailure', 'x', { $fault: 'server', $metadata: { httpStatusCode: 500, attempts: 6 } }), 'unknown'],
    ['a 503: SES did not take it', sdkError('ServiceUnavailable', 'x', { $metadata: { httpStatusCode: 503 } }), 'not-sent'],
    ['an error it does not know', new Error('something else'), 'unknown'],
  ];
  for (const [what, error, outcome] of cases) {
    it(`${what}: ${outcome}`, () => {
      expect(sendOutcomeOf(error)).toBe(outcome);
    });
  }

  it('the SES mailer throws SendOutcomeUnknownError for the one and PermanentSendError for the other', async () => {
    const client = emulatorSesClient();
    const mock = mockClient(client);
    const email = { to: 'a@example.org', from: 'b@example.org', subject: 's', text: 't', html: '<p>t</p>' };
    try {
      mock.on(SendEmailCommand).rejectsOnce(REQUEST_TIMEOUT()).rejectsOnce(REJECTED());
      const timedOut = await new SesMailer(client).send(email).catch((error: unknown) => error);
      const rejected = await new SesMailer(client).send(email).catch((error: unknown) => error);
      expect(timedOut).toBeInstanceOf(SendOutcomeUnknownError);
      expect((timedOut as Error).message).toBe('SES gave no answer (TimeoutError): it may have accepted the email');
      expect(rejected).toBeInstanceOf(PermanentSendError);
      expect((rejected as Error).message).toBe('SES refused the email: MessageRejected');
    } finally {
      mock.restore();
    }
  });
});

describe('the SES client a job sends through (createSesClient), against a real HTTP server', () => {
  let server: Server;
  let requests: number;
  let answer: (request: IncomingMessage, response: ServerResponse, n: number) => void;
  const email = { to: 'a@example.org', from: 'b@example.org', subject: 's', text: 't', html: '<p>t</p>' };
  const sesError = (code: string) =>
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>x</Message></Error><RequestId>x</RequestId></ErrorResponse>`;
  const accepted = '<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>accepted</MessageId></SendEmailResult><ResponseMetadata><RequestId>y</RequestId></ResponseMetadata></SendEmailResponse>';

  beforeEach(async () => {
    requests = 0;
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => answer(request, response, ++requests));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (requestTimeout: number) =>
    createSesClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      // As createSesClient's own, but a shorter wait, so that the test does not take 10 s.
      requestHandler: { requestTimeout, throwOnRequestTimeout: true },
    });

  it('gives up a send that gets no answer after its request timeout, and does not send it again', async () => {
    answer = () => undefined; // the request is read, and never answered
    const started = performance.now();

    const error = await new SesMailer(client(300)).send(email).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(((error as Error).cause as Error).name).toBe('TimeoutError');
    expect(requests, 'the SDK did not retry it: SES may have it').toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('does not retry a 5xx either: SES may have accepted that one', async () => {
    answer = (_, response) => void response.writeHead(500, { 'content-type': 'text/xml' }).end(sesError('InternalFailure'));

    const error = await new SesMailer(client(5_000)).send(email).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect((error as Error).message).toBe('SES answered 500 (InternalFailure): it may have accepted the email');
    expect(requests).toBe(1);
  });

  it('retries a 503, which SES answers when it takes nothing, and then sends', async () => {
    answer = (_, response, n) =>
      void (n === 1 ? response.writeHead(503, { 'content-type': 'text/xml' }).end(sesError('ServiceUnavailable')) : response.writeHead(200, { 'content-type': 'text/xml' }).end(accepted));

    const sent = await new SesMailer(client(5_000)).send(email);

    expect(sent.messageId).toBe('accepted');
    expect(requests).toBe(2);
  });

  it('still retries throttling, which SES said no to, and then sends', async () => {
    answer = (_, response, n) =>
      void (n <= 2 ? response.writeHead(400, { 'content-type': 'text/xml' }).end(sesError('Throttling')) : response.writeHead(200, { 'content-type': 'text/xml' }).end(accepted));

    const sent = await new SesMailer(client(5_000)).send(email);

    expect(sent.messageId).toBe('accepted');
    expect(requests).toBe(3);
  });
});

describe('the nightly job when a send times out, or is refused', () => {
  let table: TestTable;
  let tableRef: TableRef;
  let iroOne: string;
  let iroTwo: string;
  let manager: string;
  let recipients: string[];

  beforeEach(async () => {
    table = await createTestTable();
    tableRef = { client: table.documentClient, tableName: table.tableName };
    // Recipients of this test alone: the emulator is shared by every test file, and the replay's sender is the same for all.
    [iroOne, iroTwo, manager] = ['iro-one', 'iro-two', 'tm'].map((who) => `${who}-${randomUUID()}@example.org`) as [string, string, string];
    recipients = [iroOne, iroTwo, manager];
    const at = '2026-11-01T09:00:00.000Z';
    for (const [reference, iroEmail] of [['U-1', iroOne], ['U-2', iroTwo]] as const) {
      const childId = randomUUID();
      const due: OpenTimescale[] = [{ kind: 'CER', dueDate: '2026-11-16', statutory: true, countedFrom: { event: 'CER', date: '2026-05-01', recordId: randomUUID() }, rule: 'laterCer' }];
      await new DynamoDbCommit(tableRef).commit({
        child: { childId, reference, givenName: GIVEN_NAME, familyName: FAMILY_NAME, dateOfBirth: DATE_OF_BIRTH, gender: 'female', iroEmail,
          teamName: 'Team', teamManagerEmail: manager, createdAt: at, updatedAt: at, version: 1 },
        status: { lookedAfter: true, registered: false },
        records: [],
        due,
        previousDue: [],
        audit: { auditId: randomUUID(), childId, at, actor: 'admin@example.org', action: 'seeded', recordType: 'child', recordId: childId, changes: [] },
      });
    }
  });

  function deps(logs: { message: string; extra?: Record<string, unknown> }[] = [], overrides: Partial<NightlyDeps> = {}): NightlyDeps {
    return {
      reads: new DynamoDbQueries(tableRef),
      ledger: new DynamoDbDigestLedger(tableRef),
      mailer: new SesMailer(emulatorSesClient()),
      sender: `nightly-unknown-${randomUUID()}@example.org`,
      horizonWorkingDays: 10,
      log: (message, extra) => void logs.push({ message, ...(extra ? { extra } : {}) }),
      newRunId: () => randomUUID(),
      ...overrides,
    };
  }

  /** A mailer on an SES client that passes every email on to the emulator but fails IRO two's with `error`. */
  function failingForIroTwo(error: () => Error) {
    const client = emulatorSesClient();
    const mock = mockClient(client);
    mock.on(SendEmailCommand).callsFake(async (input) => emulatorSesClient().send(new SendEmailCommand(input)));
    mock.on(SendEmailCommand, { Destination: { ToAddresses: [iroTwo] } }).callsFake(async () => {
      throw error();
    });
    return { mailer: new SesMailer(client), restore: () => mock.restore() };
  }

  it('marks a send that timed out unknown, counts it unrecorded and not failed, names it in the log, and no later run sends it unseen', async () => {
    const logs: { message: string; extra?: Record<string, unknown> }[] = [];
    const job = deps(logs);
    const faulty = failingForIroTwo(REQUEST_TIMEOUT);
    let first: NightlySummary;
    try {
      first = await runNightlyTimescales({ ...job, mailer: faulty.mailer }, MONDAY);
    } finally {
      faulty.restore();
    }

    expect(first.unrecorded).toEqual([iroTwo]);
    expect(first.outcomeUnknown).toEqual([iroTwo]);
    expect(first.failed).toEqual([]);
    expect(first.sent.map((sent) => sent.recipient).sort()).toEqual([iroOne, manager].sort());
    const entry = (await job.ledger.entriesOf(MONDAY)).find((e) => e.recipient === iroTwo);
    expect(entry).toMatchObject({ status: 'unknown', reason: 'SES gave no answer (TimeoutError): it may have accepted the email' });
    // The log names the recipient as one who could have two, and carries no child's data.
    const line = logs.find((log) => log.message.includes('outcome is unknown'));
    expect(line?.message).toContain('could have two');
    expect(line?.extra).toMatchObject({ asOf: MONDAY, recipient: iroTwo });
    expect(logs.at(-1)?.extra?.['couldHaveTwo']).toEqual([iroTwo]);
    const logged = JSON.stringify(logs);
    for (const childData of [GIVEN_NAME, FAMILY_NAME, DATE_OF_BIRTH]) expect(logged).not.toContain(childData);

    // Run again at once, and an hour later (long after any claim would go stale): IRO two is left alone.
    let now = Date.now();
    const ledger = new DynamoDbDigestLedger(tableRef, 10 * 60 * 1000, () => now);
    const second = await runNightlyTimescales({ ...job, ledger }, MONDAY);
    now += 60 * 60 * 1000;
    const third = await runNightlyTimescales({ ...job, ledger }, MONDAY);

    for (const rerun of [second, third]) {
      expect(rerun.sent).toEqual([]);
      expect(rerun.leftUnknown).toEqual([iroTwo]);
      expect(rerun.alreadySent.sort()).toEqual([iroOne, manager].sort());
      expect(rerun.unrecorded).toEqual([]);
    }
    const emails = await emailsFrom(job.sender);
    expect(emails.filter((email) => email.destination.to.includes(iroTwo))).toEqual([]);
    expect(emails.map((email) => email.destination.to.join()).sort()).toEqual([iroOne, manager].sort());
    expect((await job.ledger.entriesOf(MONDAY)).find((e) => e.recipient === iroTwo)?.status).toBe('unknown');
  });

  it('marks a send SES refused failed, and the next run sends it', async () => {
    const job = deps();
    const faulty = failingForIroTwo(REJECTED);
    let first: NightlySummary;
    try {
      first = await runNightlyTimescales({ ...job, mailer: faulty.mailer }, MONDAY);
    } finally {
      faulty.restore();
    }
    expect(first.failed).toEqual([{ recipient: iroTwo, reason: 'SES refused the email: MessageRejected' }]);
    expect(first.unrecorded).toEqual([]);
    expect((await job.ledger.entriesOf(MONDAY)).find((e) => e.recipient === iroTwo)?.status).toBe('failed');

    const second = await runNightlyTimescales(job, MONDAY);

    expect(second.sent.map((sent) => sent.recipient)).toEqual([iroTwo]);
    expect((await emailsFrom(job.sender)).map((email) => email.destination.to.join()).sort()).toEqual([...recipients].sort());
    expect((await job.ledger.entriesOf(MONDAY)).map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('resends an unknown one only when a person asks: npm run job:nightly -- --date D --resend-unknown', async () => {
    const faulty = failingForIroTwo(REQUEST_TIMEOUT);
    try {
      await runNightlyTimescales({ ...deps(), mailer: faulty.mailer }, MONDAY);
    } finally {
      faulty.restore();
    }
    // The runbook's command, against this test's table and the emulator, as npm start's would be.
    const job = async (...flags: string[]): Promise<NightlySummary> => {
      const env = { ...process.env, DYNAMODB_PORT: new URL(table.endpoint).port, SES_PORT: new URL(inject('sesEndpoint')).port, TABLE_NAME: table.tableName };
      const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
      const { stdout } = await promisify(execFile)(tsx, [path.join(ROOT, 'infra', 'local', 'run-job.ts'), 'nightly-timescales', '--date', MONDAY, ...flags], { env, cwd: ROOT });
      return JSON.parse(stdout) as NightlySummary;
    };

    const unasked = await job();
    const asked = await job('--resend-unknown');
    const again = await job('--resend-unknown');

    expect(unasked).toMatchObject({ sent: [], leftUnknown: [iroTwo] });
    expect(asked.sent.map((sent) => sent.recipient)).toEqual([iroTwo]);
    expect(asked.resentUnknown).toEqual([iroTwo]);
    expect(again).toMatchObject({ sent: [], leftUnknown: [], resentUnknown: [] });
    expect(again.alreadySent.sort()).toEqual([...recipients].sort());
    expect(await emailsTo(iroTwo)).toHaveLength(1);
    expect((await new DynamoDbDigestLedger(tableRef).entriesOf(MONDAY)).find((e) => e.recipient === iroTwo)?.status).toBe('sent');
  });

  it('resends only the recipients named (--resend-unknown-to)', async () => {
    const ledger = new DynamoDbDigestLedger(tableRef);
    // Two unknowns: IRO one's and IRO two's.
    for (const recipient of [iroOne, iroTwo]) {
      await ledger.claim(MONDAY, recipient, 'timed-out-run');
      await ledger.markUnknown(MONDAY, recipient, 'timed-out-run', 'SES gave no answer (TimeoutError): it may have accepted the email');
    }
    const job = deps();

    const summary = await runNightlyTimescales(job, MONDAY, { resendUnknown: [iroOne] });

    expect(summary.sent.map((sent) => sent.recipient).sort()).toEqual([iroOne, manager].sort());
    expect(summary.resentUnknown).toEqual([iroOne]);
    expect(summary.leftUnknown).toEqual([iroTwo]);
  });
});
