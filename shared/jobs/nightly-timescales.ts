/**
 * The nightly timescales job: on a working day, read every open timescale
 * due by the horizon from the due-date index (one query a shard) and the
 * late-booking notices filed since the last working day's run (one query a
 * day), build one digest a recipient, and send each at most once a day,
 * recorded in the ledger. A recipient whose email fails for good is recorded
 * and reported and does not stop the others; one whose send's outcome is
 * unknown (SES may have accepted it) is recorded, reported and not sent again
 * unless a person asks ({@link NightlyOptions.resendUnknown}).
 */
import pMap from 'p-map';
import { addWorkingDays, isWorkingDay } from '#shared/domain/calendar/working-days';
import { buildDigests, lateBookingDays, type Digest } from '#shared/domain/digest';
import type { CalendarDate } from '#shared/domain/records';
import { SendOutcomeUnknownError } from '#shared/mail/errors';
import type { Mailer } from '#shared/mail/mailer';
import type { ChildReads, DigestLedger } from '#shared/store/ports';

/** What the nightly job needs: the due-date index and the notices, the ledger of digests sent, the mailer and the horizon. */
export interface NightlyDeps {
  reads: Pick<ChildReads, 'listDue' | 'listLateBookings'>;
  ledger: DigestLedger;
  mailer: Mailer;
  sender: string;
  /** How far ahead "due soon" looks, in working days. */
  horizonWorkingDays: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
  newRunId: () => string;
  /** How many digests are sent at once. */
  concurrency?: number;
  /** The web page's address (`https://…/`), so that each line links to the child's page; without it, no links. */
  pageUrl?: string;
}

/** How a run is asked to differ from the nightly one. */
export interface NightlyOptions {
  /**
   * Send again the digests whose send's outcome is unknown (the ledger's
   * `unknown`): every one of the day (`true`), or these recipients'. A
   * person's deliberate choice: SES may have accepted the first, so they
   * could have two.
   */
  resendUnknown?: true | readonly string[];
}

/** What a night's run did: each recipient sent, already sent, busy, failed or at risk of a second digest. */
export interface NightlySummary {
  asOf: CalendarDate;
  skipped?: string;
  dueBy?: CalendarDate;
  timescales: number;
  /** Late-booking notices read: the bookings made late since the last working day's run. */
  lateBookings: number;
  sent: { recipient: string; breached: number; dueSoon: number }[];
  alreadySent: string[];
  busy: string[];
  failed: { recipient: string; reason: string }[];
  /**
   * Sent, or perhaps sent, but not recorded as sent: the ledger could not
   * record it after SES accepted it (these could receive a second digest), or
   * SES gave no answer ({@link outcomeUnknown}).
   */
  unrecorded: string[];
  /**
   * Those of {@link unrecorded} whose send's outcome is unknown (a timeout, a
   * connection lost after sending, a 5xx): SES may have accepted it, or not.
   * Marked `unknown` in the ledger; no run sends it again unless asked
   * ({@link NightlyOptions.resendUnknown}), so they may have no digest today,
   * and could have two if it is resent.
   */
  outcomeUnknown: string[];
  /** Not sent by this run: an earlier send's outcome is unknown, and this run was not asked to resend it. */
  leftUnknown: string[];
  /** Sent again as asked, over an earlier send whose outcome is unknown: these could have two. */
  resentUnknown: string[];
  /**
   * Sent by this run after taking over the stale claim of a run that stopped
   * between claiming and recording: that run may have sent one too, so these
   * could have two.
   */
  takenOver: string[];
}

/** Sends each IRO and team manager, on a working day, their digest of breached and due-soon timescales. */
export async function runNightlyTimescales(deps: NightlyDeps, asOf: CalendarDate, options: NightlyOptions = {}): Promise<NightlySummary> {
  const summary: NightlySummary = {
    asOf, timescales: 0, lateBookings: 0, sent: [], alreadySent: [], busy: [], failed: [], unrecorded: [], outcomeUnknown: [], leftUnknown: [], resentUnknown: [], takenOver: [],
  };
  const resend = options.resendUnknown;
  const takeUnknown = (recipient: string) => resend === true || (resend ?? []).includes(recipient);
  if (!isWorkingDay(asOf)) {
    // The next working day's digest covers whatever fell due meanwhile: it includes everything breached.
    summary.skipped = `${asOf} is not a working day (a weekend or an England and Wales bank holiday)`;
    deps.log('nightly timescales: nothing to do', { asOf, reason: summary.skipped });
    return summary;
  }
  const dueBy = addWorkingDays(asOf, deps.horizonWorkingDays);
  summary.dueBy = dueBy;
  const [entries, notices] = await Promise.all([deps.reads.listDue([{ all: true }], dueBy), deps.reads.listLateBookings(lateBookingDays(asOf))]);
  summary.timescales = entries.length;
  summary.lateBookings = notices.length;
  const digests = buildDigests(entries, asOf, dueBy, deps.horizonWorkingDays, { notices, ...(deps.pageUrl ? { pageUrl: deps.pageUrl } : {}) });
  const runId = deps.newRunId();

  const sendOne = async (digest: Digest) => {
    const claim = await deps.ledger.claim(asOf, digest.recipient, runId, { takeUnknown: takeUnknown(digest.recipient) });
    if (claim === 'already-sent') return void summary.alreadySent.push(digest.recipient);
    if (claim === 'busy') return void summary.busy.push(digest.recipient);
    if (claim === 'unknown') return void summary.leftUnknown.push(digest.recipient);
    if (claim === 'claimed-unknown') {
      summary.resentUnknown.push(digest.recipient);
      deps.log('nightly timescales: resending, as asked, a digest whose first send has an unknown outcome; SES may have accepted that one, so this recipient could have two', {
        asOf,
        recipient: digest.recipient,
      });
    }
    if (claim === 'taken-over') {
      summary.takenOver.push(digest.recipient);
      deps.log('nightly timescales: took over a stale claim; the run that made it stopped before recording, and may already have sent this recipient a digest, so they could have two', {
        asOf,
        recipient: digest.recipient,
      });
    }
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({
        to: digest.recipient,
        from: deps.sender,
        subject: digest.subject,
        text: digest.text,
        html: digest.html,
      }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof SendOutcomeUnknownError) {
        // SES may have it: sent again unseen it could be a second digest, so no run sends it again unless a person asks.
        summary.unrecorded.push(digest.recipient);
        summary.outcomeUnknown.push(digest.recipient);
        const marked = await deps.ledger.markUnknown(asOf, digest.recipient, runId, reason).then(
          () => true,
          () => false,
        );
        deps.log(
          marked
            ? 'nightly timescales: the send\'s outcome is unknown (SES may have accepted it); marked unknown and not sent again, so this recipient may have no digest today, and could have two if it is resent (README: "The nightly email")'
            : 'nightly timescales: the send\'s outcome is unknown (SES may have accepted it), and the ledger could not record it; a rerun after the claim goes stale will send it again, so this recipient could have two',
          { asOf, recipient: digest.recipient, error: reason },
        );
        return;
      }
      summary.failed.push({ recipient: digest.recipient, reason });
      // A failed digest is tried again by the next run that day.
      await deps.ledger.markFailed(asOf, digest.recipient, runId, reason).catch(() => undefined);
      return;
    }
    summary.sent.push({ recipient: digest.recipient, breached: digest.breached, dueSoon: digest.dueSoon });
    try {
      await deps.ledger.markSent(asOf, digest.recipient, runId, messageId);
    } catch (error) {
      // The one window for a duplicate: SES has the email, the ledger does not know.
      summary.unrecorded.push(digest.recipient);
      deps.log('nightly timescales: sent but not recorded; a rerun after the claim goes stale may send this recipient a second digest', {
        asOf,
        recipient: digest.recipient,
        messageId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  await pMap(digests, sendOne, { concurrency: deps.concurrency ?? 5 });
  deps.log('nightly timescales: done', {
    asOf,
    dueBy,
    timescales: summary.timescales,
    lateBookings: summary.lateBookings,
    digests: digests.length,
    sent: summary.sent.length,
    alreadySent: summary.alreadySent.length,
    busy: summary.busy.length,
    failed: summary.failed.map((failure) => failure.recipient),
    unrecorded: summary.unrecorded,
    outcomeUnknown: summary.outcomeUnknown,
    leftUnknown: summary.leftUnknown,
    resentUnknown: summary.resentUnknown,
    takenOver: summary.takenOver,
    // Everyone this run knows could have received two digests today.
    couldHaveTwo: [...summary.unrecorded, ...summary.takenOver, ...summary.resentUnknown],
  });
  return summary;
}
