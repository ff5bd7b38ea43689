/**
 * The monthly snapshot job: computes the figures of a month (by default the
 * month just ended, in Europe/London) from one read of the whole register
 * (a child at a time, so its memory does not grow with the register),
 * and stores them as an immutable snapshot. A rerun keeps the first; `force`
 * stores a new revision beside it.
 */
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { FIGURES_BASIS, monthlyTally, type YearMonth } from '#shared/domain/figures';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { IroDirectory, RegisterReader, Snapshot, SnapshotStore } from '#shared/store/ports';

/** What the monthly snapshot needs: the register to read, the IRO directory, the snapshots to store, the policy and a clock. */
export interface MonthlyDeps {
  /** Hands every child's file to the tally, one at a time (never the whole register at once). */
  register: RegisterReader;
  snapshots: SnapshotStore;
  /** The IROs and their FTE, for the caseload per full-time IRO. */
  iros: IroDirectory;
  policy: TimescalePolicy;
  now: () => Date;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

/** Which month to take, whether to store a new revision beside an existing one, and who asked. */
export interface MonthlyRun {
  month: YearMonth;
  force?: boolean;
  /** Who asked: the schedule, or an admin's email. */
  by?: string;
}

/** What a run did: the snapshot kept or stored, its revision, and how much of the register it read. */
export interface MonthlySummary {
  month: YearMonth;
  revision: number;
  created: boolean;
  children: number;
  /** DynamoDB requests made to read the register. */
  requests: number;
  snapshot: Snapshot;
}

/** The month before the one `now` falls in, in Europe/London. */
export function previousMonth(now: Date): YearMonth {
  const [year, month] = todayInLondon(now).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** Takes a month's snapshot: keeps the first unless forced, else tallies the register and stores a revision. */
export async function runMonthlySnapshot(deps: MonthlyDeps, run: MonthlyRun): Promise<MonthlySummary> {
  if (!run.force) {
    const existing = await deps.snapshots.get(run.month);
    if (existing) {
      deps.log('monthly snapshot: kept the first', { month: run.month, revision: existing.revision });
      return { month: run.month, revision: existing.revision, created: false, children: 0, requests: 0, snapshot: existing };
    }
  }
  const iros = await deps.iros.list();
  const tally = monthlyTally(run.month, deps.policy, { iros });
  const { children, requests } = await deps.register.eachChildFile(({ child, records }) => tally.add(child, records));
  const figures = tally.figures();
  const { snapshot, created } = await deps.snapshots.save(
    { month: run.month, createdAt: deps.now().toISOString(), createdBy: run.by ?? 'schedule', basis: FIGURES_BASIS, settings: { icpcWorkingDays: deps.policy.icpcWorkingDays }, figures },
    { force: run.force ?? false },
  );
  deps.log('monthly snapshot: stored', { month: run.month, revision: snapshot.revision, created, children, requests, iros: iros.length });
  return { month: run.month, revision: snapshot.revision, created, children, requests, snapshot };
}
