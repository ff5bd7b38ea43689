/**
 * Issue 9, item 6: the nightly job stopped at every point of a run (before
 * and after each ledger write, before, during and after each SES send) and
 * run again, against DynamoDB Local and the SES emulator. Each recipient ends
 * with exactly one digest, or the job's log names exactly who could have two.
 *
 * A kill is simulated by freezing the run at the chosen point: the wrapped
 * ledger or mailer never answers, so nothing after that point ever happens
 * (no catch, no mark, no log), as when the process is killed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import { runNightlyTimescales, type NightlyDeps } from '#shared/jobs/nightly-timescales';
import { SesMailer, type Mailer } from '#shared/mail/mailer';
import { DynamoDbDigestLedger } from '#shared/store/dynamodb/digest-ledger';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import type { DigestLedger } from '#shared/store/ports';
import { createTestTable } from '../support/dynamodb';
import { emailsFrom, emulatorSesClient } from '../support/ses';

const MONDAY = '2026-11-23';
const IRO_ONE = 'iro.one@example.org';
const IRO_TWO = 'iro.two@example.org';
const NORTH = 'tm.north@example.org';
const SOUTH = 'tm.south@example.org';
const RECIPIENTS = [IRO_ONE, IRO_TWO, NORTH, SOUTH].sort();
const STALE_AFTER_MS = 10 * 60 * 1000;

/** One child for each IRO and team manager pairing: four recipients, each with something due. */
const REGISTER = [
  { reference: 'N-1', iroEmail: IRO_ONE, teamManagerEmail: NORTH, dueDate: '2026-11-16' },
  { reference: 'N-2', iroEmail: IRO_TWO, teamManagerEmail: NORTH, dueDate: '2026-11-30' },
  { reference: 'S-1', iroEmail: IRO_TWO, teamManagerEmail: SOUTH, dueDate: '2026-12-01' },
  { reference: 'S-2', iroEmail: IRO_ONE, teamManagerEmail: SOUTH, dueDate: '2026-12-02' },
];

/** Where in a run it is stopped: the n-th call (1-based) of one kind, before it is made or after it has taken effect. */
type Step = 'claim' | 'send' | 'mark';
interface Kill {
  step: Step;
  nth: number;
  when: 'before' | 'after';
}
/** A fault rather than a kill: the n-th call of a kind fails, and the run goes on. */
interface Fault {
  step: 'send' | 'mark';
  nth: number;
}

const frozen = () => new Promise<never>(() => undefined);

interface Outcome {
  emails: Record<string, number>;
  /** Every recipient any run's log said could have two digests. */
  namedInLogs: Set<string>;
  runs: number;
  /** The recipient the first run was handling when it was stopped or failed. */
  stoppedAt: string | undefined;
}

const tally = { scenarios: 0, kills: 0, faults: 0, exactlyOne: 0, twoAndNamed: 0, namedButOne: 0 };

describe('the nightly job interrupted at any point and run again', () => {
  async function scenario(interrupt: { kill?: Kill; fault?: Fault }): Promise<Outcome> {
    const table = await createTestTable();
    const { reads, writes } = dynamoDbStores(table.documentClient, table.tableName);
    for (const child of REGISTER) {
      const childId = randomUUID();
      const at = '2026-11-01T09:00:00.000Z';
      const due: OpenTimescale[] = [{ kind: 'CER', dueDate: child.dueDate, statutory: true, countedFrom: { event: 'CER', date: '2026-05-01', recordId: randomUUID() }, rule: 'laterCer' }];
      await writes.commit({
        child: { childId, reference: child.reference, givenName: 'Ann', familyName: 'Bee', dateOfBirth: '2014-07-23', gender: 'female', iroEmail: child.iroEmail,
          teamName: 'Team', teamManagerEmail: child.teamManagerEmail, createdAt: at, updatedAt: at, version: 1 },
        status: { lookedAfter: true, registered: false },
        records: [],
        due,
        previousDue: [],
        audit: { auditId: randomUUID(), childId, at, actor: 'seed', action: 'seeded', recordType: 'child', recordId: childId, changes: [] },
      });
    }
    let now = Date.parse('2026-11-23T06:00:00Z');
    const realLedger = new DynamoDbDigestLedger({ client: table.documentClient, tableName: table.tableName }, STALE_AFTER_MS, () => now);
    const realMailer = new SesMailer(emulatorSesClient());
    const sender = `nightly-interrupted-${randomUUID()}@example.org`;
    const logs: { message: string; extra?: Record<string, unknown> }[] = [];
    const deps = (ledger: DigestLedger, mailer: Mailer): NightlyDeps => ({
      reads,
      ledger,
      mailer,
      sender,
      horizonWorkingDays: 10,
      concurrency: 1,
      log: (message, extra) => void logs.push({ message, ...(extra ? { extra } : {}) }),
      newRunId: () => randomUUID(),
    });

    // The first run, stopped or failing at the chosen point.
    const counts: Record<Step, number> = { claim: 0, send: 0, mark: 0 };
    let killed = false;
    let reached: () => void = () => undefined;
    const killReached = new Promise<void>((resolve) => (reached = resolve));
    let stoppedAt: string | undefined;
    const step = async <T>(kind: Step, recipient: string, act: () => Promise<T>): Promise<T> => {
      if (killed) return frozen();
      counts[kind] += 1;
      const { kill, fault } = interrupt;
      if (fault && fault.step === kind && fault.nth === counts[kind]) {
        stoppedAt = recipient;
        throw new Error(`injected ${kind} failure`);
      }
      if (!kill || kill.step !== kind || kill.nth !== counts[kind]) return act();
      killed = true;
      stoppedAt = recipient;
      if (kill.when === 'after') await act();
      reached();
      return frozen();
    };
    const ledger: DigestLedger = {
      claim: (date, recipient, runId) => step('claim', recipient, () => realLedger.claim(date, recipient, runId)),
      markSent: (date, recipient, runId, messageId) => step('mark', recipient, () => realLedger.markSent(date, recipient, runId, messageId)),
      markFailed: (date, recipient, runId, reason) => step('mark', recipient, () => realLedger.markFailed(date, recipient, runId, reason)),
      markUnknown: (date, recipient, runId, reason) => step('mark', recipient, () => realLedger.markUnknown(date, recipient, runId, reason)),
      entriesOf: (date) => realLedger.entriesOf(date),
    };
    const mailer: Mailer = { send: (email) => step('send', email.to, () => realMailer.send(email)) };
    const first = runNightlyTimescales(deps(ledger, mailer), MONDAY);
    // A killed run never ends; a faulted one does.
    if (!interrupt.kill) await first;
    else await Promise.race([first, killReached]);
    if (interrupt.kill) expect(killed, 'the kill point was reached').toBe(true);

    // Run again at once (the killed run's fresh claim is left alone), then again once it has gone stale.
    let runs = 1;
    for (const advance of [1000, STALE_AFTER_MS + 1000]) {
      now += advance;
      await runNightlyTimescales(deps(realLedger, realMailer), MONDAY);
      runs += 1;
    }

    const emails = Object.fromEntries(RECIPIENTS.map((r) => [r, 0]));
    for (const email of await emailsFrom(sender)) for (const to of email.destination.to) emails[to] = (emails[to] ?? 0) + 1;
    const namedInLogs = new Set<string>();
    for (const { message, extra } of logs) {
      if (/sent but not recorded|could have two/.test(message) && typeof extra?.['recipient'] === 'string') namedInLogs.add(extra['recipient']);
      for (const list of ['couldHaveTwo'] as const) for (const r of (extra?.[list] as string[] | undefined) ?? []) namedInLogs.add(r);
    }
    // Every recipient's digest is recorded as sent at the end.
    const entries = await realLedger.entriesOf(MONDAY);
    expect(entries.map((e) => `${e.recipient} ${e.status}`).sort()).toEqual(RECIPIENTS.map((r) => `${r} sent`));
    return { emails, namedInLogs, runs, stoppedAt };
  }

  /** Exactly one each, or two for exactly those the logs name (and the logs name no one who could not have two). */
  function expectOneOrNamed(outcome: Outcome, couldHaveTwo: string | undefined): void {
    tally.scenarios += 1;
    for (const recipient of RECIPIENTS) {
      const count = outcome.emails[recipient];
      expect(count, `${recipient}: digests`).toBeGreaterThanOrEqual(1);
      expect(count, `${recipient}: digests`).toBeLessThanOrEqual(2);
      if (count === 2) {
        expect(outcome.namedInLogs, `${recipient} got two digests: the log must name them`).toContain(recipient);
        tally.twoAndNamed += 1;
      } else {
        tally.exactlyOne += 1;
        if (outcome.namedInLogs.has(recipient)) tally.namedButOne += 1;
      }
    }
    expect([...outcome.namedInLogs], 'the log names only the recipient the interrupted run was handling').toEqual(couldHaveTwo ? [couldHaveTwo] : []);
  }

  // With one send at a time the n-th claim, send and mark are all the n-th recipient's, in the job's order.
  const kills: Kill[] = [];
  for (let nth = 1; nth <= RECIPIENTS.length; nth += 1) {
    for (const step of ['claim', 'send', 'mark'] as const) for (const when of ['before', 'after'] as const) kills.push({ step, nth, when });
  }

  for (const kill of kills) {
    it(`killed ${kill.when} ledger/SES call ${kill.step} #${kill.nth}: one digest each, or the rerun's log names who could have two`, async () => {
      tally.kills += 1;
      const outcome = await scenario({ kill });
      // A claim was held, and never recorded, by the killed run from its claim to its mark: whoever it was handling could have two.
      const held = (kill.step === 'claim' && kill.when === 'after') || kill.step === 'send' || (kill.step === 'mark' && kill.when === 'before');
      const emails = Object.values(outcome.emails);
      expect(emails.reduce((a, b) => a + b, 0)).toBe(RECIPIENTS.length + (kill.step === 'send' && kill.when === 'after' || kill.step === 'mark' && kill.when === 'before' ? 1 : 0));
      expect(outcome.stoppedAt).toBeDefined();
      expectOneOrNamed(outcome, held ? outcome.stoppedAt : undefined);
    });
  }

  for (let nth = 1; nth <= RECIPIENTS.length; nth += 1) {
    it(`SES fails on send #${nth}: the run goes on, the rerun sends it, exactly one digest each, no one named`, async () => {
      tally.faults += 1;
      const outcome = await scenario({ fault: { step: 'send', nth } });
      expect(Object.values(outcome.emails)).toEqual(RECIPIENTS.map(() => 1));
      expectOneOrNamed(outcome, undefined);
    });

    it(`the ledger fails to record send #${nth}: the run's log names that recipient as sent but not recorded`, async () => {
      tally.faults += 1;
      const outcome = await scenario({ fault: { step: 'mark', nth } });
      const twice = RECIPIENTS.filter((r) => outcome.emails[r] === 2);
      expect(twice).toEqual([outcome.stoppedAt]);
      expectOneOrNamed(outcome, outcome.stoppedAt);
    });
  }

  afterAll(() => {
    console.info(
      `nightly interrupted: ${tally.scenarios} scenarios (${tally.kills} kills, ${tally.faults} faults), ${tally.scenarios * RECIPIENTS.length} recipient outcomes: ` +
        `${tally.exactlyOne} exactly one digest, ${tally.twoAndNamed} two digests and named in the log, ${tally.namedButOne} named as could-have-two but got one`,
    );
  });
});

