/**
 * Rebuilds the due-date index from the records, for when it is ever doubted:
 * every child's open timescales worked out afresh by the engine and policy
 * the API uses, as of a day (today in London by default), and the child's
 * due-date entries rewritten to match them, the stale deleted and the missing
 * added. Children are read a page of the children index at a time, never the
 * register whole; each child is read consistently and repaired in one
 * transaction guarded by its version. Idempotent: a second run keeps every
 * entry. The same pass gives profiles and records the register index
 * attributes they lack (a table made before that index).
 */
import pMap from 'p-map';
import type { CalendarDate } from '#shared/domain/records';
import { openTimescales } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { ChildReads, DueIndexRepair, DueRebuild } from '#shared/store/ports';

/** What the rebuild needs: the children to list, the repairer, the policy and the day to work out timescales on. */
export interface RebuildDeps {
  /** Where the children are listed from, a page at a time. */
  reads: Pick<ChildReads, 'listChildren'>;
  repair: DueIndexRepair;
  policy: TimescalePolicy;
  /** The day the timescales are worked out on, as the API does on a write that day. */
  asOf: CalendarDate;
  /** Report what would change, write nothing. */
  dryRun?: boolean;
  /** Children repaired at once. */
  concurrency?: number;
  /** Children read from the children index a page. */
  pageSize?: number;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

/** What a rebuild found: due-date entries kept, added, corrected and removed, and the children repaired. */
export interface RebuildSummary extends DueRebuild {
  asOf: CalendarDate;
  dryRun: boolean;
  children: number;
  /** Children at least one of whose entries (or register attributes) was wrong. */
  childrenRepaired: number;
  /** The first 100 of them, by id, for the log. */
  repaired: string[];
}

/** Works out every child's open timescales afresh and makes their due-date entries match. */
export async function rebuildDueIndex(deps: RebuildDeps): Promise<RebuildSummary> {
  const summary: RebuildSummary = {
    asOf: deps.asOf,
    dryRun: deps.dryRun ?? false,
    children: 0,
    kept: 0,
    added: 0,
    corrected: 0,
    removed: 0,
    registerKeysAdded: 0,
    childrenRepaired: 0,
    repaired: [],
  };
  const expected = ({ records }: { records: Parameters<typeof openTimescales>[0] }) => openTimescales(records, deps.policy, deps.asOf);
  const repair = async (childId: string) => {
    const result = await deps.repair.rebuildDueEntries(childId, expected, { dryRun: summary.dryRun });
    if (!result) return; // deleted meanwhile
    summary.children += 1;
    summary.kept += result.kept;
    summary.added += result.added;
    summary.corrected += result.corrected;
    summary.removed += result.removed;
    summary.registerKeysAdded += result.registerKeysAdded;
    if (result.added + result.corrected + result.removed + result.registerKeysAdded > 0) {
      summary.childrenRepaired += 1;
      if (summary.repaired.length < 100) summary.repaired.push(childId);
      deps.log?.(summary.dryRun ? 'due-date index: would repair' : 'due-date index: repaired', { childId, ...result });
    }
  };

  let cursor: string | undefined;
  do {
    const page = await deps.reads.listChildren([{ all: true }], { owner: 'rebuild-due-index', limit: deps.pageSize ?? 100, ...(cursor ? { cursor } : {}) });
    await pMap(page.items, (child) => repair(child.childId), { concurrency: deps.concurrency ?? 8 });
    cursor = page.cursor;
  } while (cursor);
  return summary;
}
