/**
 * The nightly email and the s47 enquiries: records made through the real API
 * (which writes the due-date index), then the real job against the same
 * DynamoDB Local table and the SES emulator. An ICPC timescale that the
 * enquiries closed without a conference is in nobody's email; one whose
 * enquiries are not yet determined says so on its line.
 *
 * The due date, by hand (docs/domain.md's worked example): a strategy
 * discussion on Thursday 19 December 2024 + 15 working days is Tuesday 14
 * January 2025 (25 and 26 December and 1 January are bank holidays).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runNightlyTimescales, type NightlyDeps } from '#shared/jobs/nightly-timescales';
import { SesMailer } from '#shared/mail/mailer';
import { DynamoDbDigestLedger } from '#shared/store/dynamodb/digest-ledger';
import { DynamoDbQueries } from '#shared/store/dynamodb/queries';
import type { TableRef } from '#shared/store/dynamodb/table';
import { IRO_ONE, IRO_TWO, type Person, useApi } from '../api/harness';
import { emailsFrom, emulatorSesClient } from '../support/ses';

const ICPC = 'Initial Child Protection Conference (ICPC)';
/** The team manager of the children whose enquiries closed: nobody else's. */
const CLOSED_TEAM_MANAGER = 'tm.closed@example.org';

describe('the nightly email and s47 enquiries', () => {
  const api = useApi();

  /** The job on the API's own table, with a sender of its own so that its emails can be told apart. */
  function deps(): NightlyDeps & { sender: string } {
    const tableRef: TableRef = { client: api.table.documentClient, tableName: api.table.tableName };
    return {
      reads: new DynamoDbQueries(tableRef),
      ledger: new DynamoDbDigestLedger(tableRef),
      mailer: new SesMailer(emulatorSesClient()),
      sender: `nightly-s47-${randomUUID()}@example.org`,
      horizonWorkingDays: 10,
      log: () => undefined,
      newRunId: () => randomUUID(),
    };
  }

  /** A child (Ada Lovelace, "A.L.") with a strategy discussion on 2024-12-19, its s47 enquiries ending as `change` says; answers its case reference. */
  async function aChildAfterStrategyDiscussion(as: Person, child: Record<string, unknown>, discussion: Record<string, unknown>, change?: Record<string, unknown>): Promise<string> {
    const reference = `S47-${randomUUID().slice(0, 8)}`;
    const childId = await api.createChild(as, { reference, ...child });
    const { strategyDiscussionId } = await api.given(as, 'POST', `/children/${childId}/strategy-discussions`, { date: '2024-12-19', ...discussion });
    if (change) await api.given(as, 'PATCH', `/children/${childId}/strategy-discussions/${strategyDiscussionId}`, change);
    return reference;
  }

  /** The lines of an email's text that name a case reference. */
  const linesOf = (text: string | undefined, reference: string) => (text ?? '').split('\n').filter((line) => line.includes(reference));

  it('sends nothing about an ICPC timescale that a determination closed', async () => {
    // IRO two and their own team manager hear of no other child in this file.
    const theirs = { iroEmail: IRO_TWO.email, teamManagerEmail: CLOSED_TEAM_MANAGER };
    const closed = [
      await aChildAfterStrategyDiscussion(IRO_TWO, theirs, {}, { s47Determination: 'not-substantiated', determinedOn: '2025-01-08' }),
      await aChildAfterStrategyDiscussion(IRO_TWO, theirs, {}, { s47Determination: 'no-continuing-risk', determinedOn: '2025-01-08' }),
      await aChildAfterStrategyDiscussion(IRO_TWO, theirs, { section47: false }),
    ];
    // For contrast, one of IRO one's whose enquiries are still under way: the job did run, and did send.
    const open = await aChildAfterStrategyDiscussion(IRO_ONE, {}, {});
    const job = deps();

    // Monday 20 January 2025: the ICPCs were all due on Tuesday 14 January.
    const summary = await runNightlyTimescales(job, '2025-01-20');
    const emails = await emailsFrom(job.sender);

    expect(summary.failed).toEqual([]);
    expect(emails.map((email) => email.destination.to.join()).sort()).toEqual([IRO_ONE.email, 'tm.north@example.org'].sort());
    expect(summary.sent.map((sent) => sent.recipient)).not.toContain(IRO_TWO.email);
    expect(summary.sent.map((sent) => sent.recipient)).not.toContain(CLOSED_TEAM_MANAGER);
    const everything = JSON.stringify(emails);
    for (const reference of closed) expect(everything).not.toContain(reference);
    expect(everything).toContain(open);
  });

  it('says "s47 enquiries under way" on the digest line of an ICPC whose enquiries are not yet determined', async () => {
    const reference = await aChildAfterStrategyDiscussion(IRO_ONE, {}, {});
    const job = deps();

    // Tuesday 21 January 2025: 15, 16, 17, 20 and 21 January are working days past Tuesday 14 January.
    await runNightlyTimescales(job, '2025-01-21');
    const emails = await emailsFrom(job.sender);

    const line = `  ${reference} (A.L.)  ${ICPC}: s47 enquiries under way  due Tue 14 Jan 2025  5 working days overdue  not booked`;
    const toIro = emails.find((email) => email.destination.to.includes(IRO_ONE.email));
    const toManager = emails.find((email) => email.destination.to.includes('tm.north@example.org'));
    // Under BREACHED, and again under NOT BOOKED: nothing is booked for it.
    expect(linesOf(toIro?.body.text, reference)).toEqual([line, line]);
    expect(linesOf(toManager?.body.text, reference)).toEqual([line, line]);
    expect(toIro?.body.text).toMatch(new RegExp(`BREACHED\\n(  .*\\n)*${line.replace(/[()]/g, '\\$&')}`));
    expect(toIro?.body.html).toContain(`<td>${reference}</td><td>A.L.</td><td>${ICPC}: s47 enquiries under way</td><td>Tue 14 Jan 2025</td><td>5 working days overdue</td><td>not booked</td>`);
  });

  it('drops "s47 enquiries under way" from the line once the enquiries determine a conference is needed: the ICPC is still due', async () => {
    const reference = await aChildAfterStrategyDiscussion(IRO_ONE, {}, {}, { s47Determination: 'conference', determinedOn: '2025-01-08' });
    const job = deps();

    // Wednesday 22 January 2025: 15, 16, 17, 20, 21 and 22 January are working days past Tuesday 14 January.
    await runNightlyTimescales(job, '2025-01-22');
    const toIro = (await emailsFrom(job.sender)).find((email) => email.destination.to.includes(IRO_ONE.email));

    const line = `  ${reference} (A.L.)  ${ICPC}  due Tue 14 Jan 2025  6 working days overdue  not booked`;
    expect(linesOf(toIro?.body.text, reference)).toEqual([line, line]);
  });
});
