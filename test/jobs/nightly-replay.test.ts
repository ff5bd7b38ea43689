/**
 * Replaying the nightly job for a missed day, as the runbook says:
 * `npm run job:nightly -- --date <day>` against DynamoDB Local and the SES
 * emulator sends that day's digests, worked out as of that day, and run
 * again sends nothing more (the ledger keeps it to one a recipient a day).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import type { NightlySummary } from '#shared/jobs/nightly-timescales';
import { DynamoDbCommit } from '#shared/store/dynamodb/commit';
import { createTestTable, type TestTable } from '../support/dynamodb';
import type { SentEmail } from '../support/ses';
import { RULE_OF_KIND } from '../support/timescales';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Monday 30 November 2026, the missed day; ten working days on is Monday 14 December.
const MISSED = '2026-11-30';

async function emailsTo(recipient: string): Promise<SentEmail[]> {
  const { emails } = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: SentEmail[] };
  return emails.filter((email) => email.destination.to.includes(recipient));
}

describe('replaying the nightly job for a missed day', () => {
  let table: TestTable;
  // Recipients of this test alone: the emulator is shared by every test file.
  const iro = `iro-${randomUUID()}@example.org`;
  const manager = `tm-${randomUUID()}@example.org`;

  beforeAll(async () => {
    table = await createTestTable();
    const writes = new DynamoDbCommit({ client: table.documentClient, tableName: table.tableName });
    const childId = randomUUID();
    const at = '2026-11-01T09:00:00.000Z';
    const timescale = (kind: OpenTimescale['kind'], dueDate: string): OpenTimescale => ({
      kind,
      dueDate,
      statutory: true,
      countedFrom: { event: 'CER', date: '2026-05-01', recordId: randomUUID() },
      rule: RULE_OF_KIND[kind],
    });
    await writes.commit({
      child: {
        childId, reference: 'R-1', givenName: 'Rhea', familyName: 'Stone', dateOfBirth: '2014-07-23', gender: 'female',
        iroEmail: iro, teamName: 'Team', teamManagerEmail: manager, createdAt: at, updatedAt: at, version: 1,
      },
      status: { lookedAfter: true, registered: false },
      records: [],
      // Breached on the missed day (due the Friday before), due soon after it, and beyond its horizon.
      due: [timescale('CER', '2026-11-27'), timescale('RCPC', '2026-12-10'), timescale('ICPC', '2027-01-20')],
      previousDue: [],
      audit: { auditId: randomUUID(), childId, at, actor: 'admin@example.org', action: 'seeded', recordType: 'child', recordId: childId, changes: [] },
    });
  });

  const replay = async (): Promise<NightlySummary> => {
    const env = {
      ...process.env,
      DYNAMODB_PORT: new URL(table.endpoint).port,
      SES_PORT: new URL(inject('sesEndpoint')).port,
      TABLE_NAME: table.tableName,
    };
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, [path.join(ROOT, 'infra', 'local', 'run-job.ts'), 'nightly-timescales', '--date', MISSED], { env, cwd: ROOT });
    return JSON.parse(stdout) as NightlySummary;
  };

  it('sends that day’s digests, as of that day, once however often it is replayed', async () => {
    const first = await replay();

    expect(first).toMatchObject({ asOf: MISSED, dueBy: '2026-12-14', timescales: 2, alreadySent: [], failed: [] });
    expect(first.sent.map((sent) => sent.recipient).sort()).toEqual([iro, manager].sort());
    for (const recipient of [iro, manager]) {
      const emails = await emailsTo(recipient);
      expect(emails).toHaveLength(1);
      expect(emails[0]!.subject).toBe('IRO timescales: 1 breached, 1 due in the next 10 working days, 2 not booked');
      // run-job gives the job the local page's address: each line links to the child's page.
      expect(emails[0]!.body.text).toMatch(/^ {4}http:\/\/127\.0\.0\.1:\d+\/#\/children\/[0-9a-f-]{36}$/m);
    }

    const second = await replay();

    expect(second).toMatchObject({ asOf: MISSED, sent: [], failed: [] });
    expect(second.alreadySent.sort()).toEqual([iro, manager].sort());
    for (const recipient of [iro, manager]) expect(await emailsTo(recipient)).toHaveLength(1);
  });
});
