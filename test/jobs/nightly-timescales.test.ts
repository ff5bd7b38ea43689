/**
 * The nightly job against DynamoDB Local and the SES emulator: the right
 * people hear about the right timescales, once.
 */
import { randomUUID } from 'node:crypto';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { OpenTimescale, TimescaleKind } from '#shared/domain/timescales/types';
import { runNightlyTimescales, type NightlyDeps } from '#shared/jobs/nightly-timescales';
import { SesMailer, type Mailer } from '#shared/mail/mailer';
import { DynamoDbCommit } from '#shared/store/dynamodb/commit';
import { DynamoDbDigestLedger } from '#shared/store/dynamodb/digest-ledger';
import { DynamoDbQueries } from '#shared/store/dynamodb/queries';
import type { TableRef } from '#shared/store/dynamodb/table';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { emailsFrom, emulatorSesClient } from '../support/ses';
import { RULE_OF_KIND } from '../support/timescales';

// Monday 23 November 2026; ten working days on is Monday 7 December.
const MONDAY = '2026-11-23';
const IRO_ONE = 'iro.one@example.org';
const IRO_TWO = 'iro.two@example.org';
const NORTH = 'tm.north@example.org';
const SOUTH = 'tm.south@example.org';

interface ChildOnFile {
  reference: string;
  givenName: string;
  familyName: string;
  iroEmail: string;
  teamManagerEmail: string;
  due: [TimescaleKind, string][];
}

/** A register of three children: one breached, some due soon, one due beyond the horizon. */
const REGISTER: ChildOnFile[] = [
  { reference: 'N-1', givenName: 'Alice', familyName: 'Brown', iroEmail: IRO_ONE, teamManagerEmail: NORTH, due: [['CER', '2026-11-16'], ['ICPC', '2026-11-30']] },
  { reference: 'N-2', givenName: 'Carl', familyName: 'Dean', iroEmail: IRO_TWO, teamManagerEmail: NORTH, due: [['MANAGER_RESPONSE', '2026-11-20'], ['RCPC', '2026-12-07']] },
  { reference: 'S-1', givenName: 'Eve', familyName: 'Frost', iroEmail: IRO_TWO, teamManagerEmail: SOUTH, due: [['CER', '2027-02-15']] },
  { reference: 'S-2', givenName: 'Gus', familyName: 'Hale', iroEmail: IRO_ONE, teamManagerEmail: SOUTH, due: [['ICPC', '2026-12-01']] },
];

describe('the nightly timescales job', () => {
  let table: TestTable;
  let tableRef: TableRef;

  async function seed(child: ChildOnFile): Promise<void> {
    const childId = randomUUID();
    const at = '2026-11-01T09:00:00.000Z';
    const due: OpenTimescale[] = child.due.map(([kind, dueDate]) => ({
      kind,
      dueDate,
      statutory: kind !== 'MIDPOINT',
      countedFrom: { event: 'CER', date: '2026-05-01', recordId: randomUUID() },
      rule: RULE_OF_KIND[kind],
    }));
    await new DynamoDbCommit(tableRef).commit({
      child: { childId, reference: child.reference, givenName: child.givenName, familyName: child.familyName, dateOfBirth: '2014-07-23', gender: 'female',
        iroEmail: child.iroEmail, teamName: 'Team', teamManagerEmail: child.teamManagerEmail, createdAt: at, updatedAt: at, version: 1 },
      status: { lookedAfter: true, registered: false },
      records: [],
      due,
      previousDue: [],
      audit: { auditId: randomUUID(), childId, at, actor: 'admin@example.org', action: 'seeded', recordType: 'child', recordId: childId, changes: [] },
    });
  }

  /** The job's dependencies, each run with its own sender so that its emails can be told apart. */
  function deps(overrides: Partial<NightlyDeps> = {}): NightlyDeps & { sender: string } {
    return {
      reads: new DynamoDbQueries(tableRef),
      ledger: new DynamoDbDigestLedger(tableRef),
      mailer: new SesMailer(emulatorSesClient()),
      sender: `nightly-${randomUUID()}@example.org`,
      horizonWorkingDays: 10,
      log: () => undefined,
      newRunId: () => randomUUID(),
      ...overrides,
    };
  }

  /** Each test gets its own table: the ledger is per table, and so is the register. */
  beforeEach(async () => {
    table = await createTestTable();
    tableRef = { client: table.documentClient, tableName: table.tableName };
    for (const child of REGISTER) await seed(child);
  });

  it('sends each IRO and team manager one digest of their own children’s breached and due-soon timescales', async () => {
    const job = deps();

    const summary = await runNightlyTimescales(job, MONDAY);
    const emails = await emailsFrom(job.sender);

    const byRecipient = Object.fromEntries(emails.map((email) => [email.destination.to.join(','), email]));
    expect(Object.keys(byRecipient).sort()).toEqual([IRO_ONE, IRO_TWO, NORTH, SOUTH].sort());
    expect(summary.sent).toHaveLength(4);
    // Nothing in this register is booked: every CER, ICPC and RCPC is "not booked"; a manager's response cannot be.
    expect(byRecipient[IRO_ONE]!.subject).toBe('IRO timescales: 1 breached, 2 due in the next 10 working days, 3 not booked');
    expect(byRecipient[IRO_ONE]!.body.text).toContain('N-1 (A.B.)');
    expect(byRecipient[IRO_ONE]!.body.text).toContain('S-2 (G.H.)');
    expect(byRecipient[IRO_ONE]!.body.text).not.toContain('N-2');
    // Each team manager hears of their own team's children only.
    expect(byRecipient[SOUTH]!.subject).toBe('IRO timescales: 0 breached, 1 due in the next 10 working days, 1 not booked');
    expect(byRecipient[SOUTH]!.body.text).not.toMatch(/N-\d/);
    expect(byRecipient[NORTH]!.body.text).not.toMatch(/S-\d/);
    expect(byRecipient[IRO_TWO]!.body.text).toContain('N-2 (C.D.)');
    expect(byRecipient[IRO_TWO]!.body.text).not.toContain('S-1'); // due beyond the horizon
    expect(byRecipient[NORTH]!.subject).toBe('IRO timescales: 2 breached, 2 due in the next 10 working days, 3 not booked');
    expect(byRecipient[NORTH]!.body.text).toMatch(/N-2 \(C\.D\.\).*response to the recommendations.*1 working day overdue.*RESPONSE OVERDUE/);
  });

  it('puts breached timescales first, then by due date, with working days overdue or left', async () => {
    const job = deps();

    await runNightlyTimescales(job, MONDAY);
    const [north] = (await emailsFrom(job.sender)).filter((email) => email.destination.to.includes(NORTH));

    // The whole picture is BREACHED then DUE SOON; NOT BOOKED, between them, repeats the lines to book.
    const sectionOf = (title: string) => north!.body.text!.split(`\n${title}\n`)[1]!.split('\n\n')[0]!.split('\n');
    const lines = [...sectionOf('BREACHED'), ...sectionOf('DUE SOON')];
    expect(lines.map((line) => line.trim().split(' ')[0] + ' ' + line.match(/due (\w{3} \d{1,2} \w{3,4} \d{4})/)?.[1])).toEqual([
      'N-1 Mon 16 Nov 2026',
      'N-2 Fri 20 Nov 2026',
      'N-1 Mon 30 Nov 2026',
      'N-2 Mon 7 Dec 2026',
    ]);
    expect(lines[0]).toContain('5 working days overdue'); // Tue 17 to Mon 23 November
    expect(lines[2]).toContain('5 working days left');
    expect(north!.body.html).toContain('<td>N-1</td><td>A.B.</td>');
  });

  it('never puts a child’s name or date of birth in an email', async () => {
    const job = deps();

    await runNightlyTimescales(job, MONDAY);
    const everything = JSON.stringify(await emailsFrom(job.sender));

    for (const child of REGISTER) {
      expect(everything).not.toContain(child.givenName);
      expect(everything).not.toContain(child.familyName);
    }
    expect(everything).not.toContain('2014-07-23');
  });

  it('sends nothing on a Saturday or a bank holiday, and says why', async () => {
    const job = deps();

    const saturday = await runNightlyTimescales(job, '2026-11-28');
    const christmas = await runNightlyTimescales(job, '2026-12-25');

    expect(saturday.skipped).toMatch(/not a working day/);
    expect(christmas.skipped).toMatch(/not a working day/);
    expect(await emailsFrom(job.sender)).toEqual([]);
  });

  it('sends nothing on a second run the same day', async () => {
    const job = deps();

    await runNightlyTimescales(job, MONDAY);
    const second = await runNightlyTimescales(job, MONDAY);

    expect(second.sent).toEqual([]);
    expect(second.alreadySent.sort()).toEqual([IRO_ONE, IRO_TWO, NORTH, SOUTH].sort());
    expect(await emailsFrom(job.sender)).toHaveLength(4);
  });

  it('completes a run killed after some sends, leaving every recipient exactly one digest', async () => {
    const job = deps();
    // The first run dies after its first email: the process is gone before the ledger hears of it.
    let sends = 0;
    const dying: Mailer = {
      async send(email) {
        sends += 1;
        if (sends > 1) throw new Error('the process was killed');
        return job.mailer.send(email);
      },
    };
    const killed = await runNightlyTimescales({ ...job, mailer: dying, concurrency: 1 }, MONDAY);

    const rerun = await runNightlyTimescales(job, MONDAY);
    const emails = await emailsFrom(job.sender);

    expect(killed.sent).toHaveLength(1);
    expect(rerun.sent).toHaveLength(3);
    expect(emails.map((email) => email.destination.to.join()).sort()).toEqual([IRO_ONE, IRO_TWO, NORTH, SOUTH].sort());
  });

  it('takes over a claim left by a run that crashed between claiming and sending, once it is stale', async () => {
    const job = deps();
    let now = Date.parse('2026-11-23T06:00:00Z');
    const ledger = new DynamoDbDigestLedger(tableRef, 10 * 60 * 1000, () => now);
    await ledger.claim(MONDAY, IRO_ONE, 'crashed-run');

    const early = await runNightlyTimescales({ ...job, ledger }, MONDAY);
    now += 11 * 60 * 1000;
    const later = await runNightlyTimescales({ ...job, ledger }, MONDAY);

    expect(early.busy).toEqual([IRO_ONE]);
    expect(later.sent.map((sent) => sent.recipient)).toEqual([IRO_ONE]);
    expect((await emailsFrom(job.sender)).filter((email) => email.destination.to.includes(IRO_ONE))).toHaveLength(1);
  });

  it('retries SES throttling with backoff and then sends', async () => {
    // The SDK retries beneath `send`: the throttling is answered at its HTTP layer, as SES answers it, so its own retry strategy sees it.
    const client = new SESClient({ endpoint: inject('sesEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 3 });
    const answers = [
      { statusCode: 400, body: '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>x</RequestId></ErrorResponse>' },
      { statusCode: 400, body: '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>x</RequestId></ErrorResponse>' },
      { statusCode: 200, body: '<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>accepted</MessageId></SendEmailResult><ResponseMetadata><RequestId>y</RequestId></ResponseMetadata></SendEmailResponse>' },
    ];
    const sendEmailCalls: number[] = [];
    const handler = client.config.requestHandler as { handle: (request: any, options?: any) => Promise<{ response: any }> };
    const pass = handler.handle.bind(handler);
    handler.handle = async (request, options) => {
      if (!String(request.body ?? '').includes('Action=SendEmail')) return pass(request, options);
      sendEmailCalls.push(performance.now());
      const answer = answers.shift();
      if (!answer) throw new Error('SendEmail called more often than the test answers it');
      return {
        response: {
          statusCode: answer.statusCode,
          reason: answer.statusCode === 200 ? 'OK' : 'Bad Request',
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
          body: new TextEncoder().encode(answer.body),
        },
      };
    };
    // Each retry the SDK's retry strategy grants is a wait (its backoff) before the call is made again.
    const strategy = await client.config.retryStrategy();
    if (!('refreshRetryTokenForRetry' in strategy)) throw new Error('expected the SDK\'s standard retry strategy');
    const waits: number[] = [];
    const refresh = strategy.refreshRetryTokenForRetry.bind(strategy);
    strategy.refreshRetryTokenForRetry = async (token, errorInfo) => {
      const started = performance.now();
      const next = await refresh(token, errorInfo);
      waits.push(performance.now() - started + next.getRetryDelay());
      return next;
    };
    client.config.retryStrategy = async () => strategy;
    const mailer = new SesMailer(client);

    const sent = await mailer.send({ to: IRO_ONE, from: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' });

    expect(sent.messageId).toBe('accepted');
    expect(sendEmailCalls).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('records a recipient whose email fails for good, and still sends to the rest', async () => {
    const job = deps();
    const client = emulatorSesClient();
    const mock = mockClient(client);
    // Every email goes on to the emulator, but SES refuses IRO two's address.
    mock.on(SendEmailCommand).callsFake(async (input) => emulatorSesClient().send(new SendEmailCommand(input)));
    mock
      .on(SendEmailCommand, { Destination: { ToAddresses: [IRO_TWO] } })
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }));

    const summary = await runNightlyTimescales({ ...job, mailer: new SesMailer(client) }, MONDAY);
    const ledger = await job.ledger.entriesOf(MONDAY);

    expect(summary.failed.map((failure) => failure.recipient)).toEqual([IRO_TWO]);
    expect(summary.sent.map((sent) => sent.recipient).sort()).toEqual([IRO_ONE, NORTH, SOUTH].sort());
    expect((await emailsFrom(job.sender)).map((email) => email.destination.to.join()).sort()).toEqual([IRO_ONE, NORTH, SOUTH].sort());
    expect(ledger.find((entry) => entry.recipient === IRO_TWO)?.status).toBe('failed');
    mock.restore();
  });
});
