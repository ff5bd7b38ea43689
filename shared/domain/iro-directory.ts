/**
 * The IRO directory the service's admins keep: each Independent Reviewing
 * Officer's name, the fraction of a full-time post they work, and the days
 * they were active. The caseload per full-time IRO is counted from it
 * (docs/domain.md, "Figures the service reports").
 */
import type { CalendarDate } from '#shared/domain/records';

/** One IRO as the directory holds them. */
export interface IroDirectoryEntry {
  /** The IRO's work email: how children are allocated to them (`Child.iroEmail`). */
  email: string;
  name: string;
  /** Full-time equivalent, a fraction: 1 is full time, 0.6 three days a week. More than 0, at most 1. */
  fte: number;
  /** The first day they worked as an IRO here. */
  activeFrom: CalendarDate;
  /** The last day they worked as an IRO here; absent while they still do. */
  activeTo?: CalendarDate;
}

/** Whether the entry's IRO was active on a day: from `activeFrom` to `activeTo`, both included. */
export function activeOn(entry: Pick<IroDirectoryEntry, 'activeFrom' | 'activeTo'>, day: CalendarDate): boolean {
  return entry.activeFrom <= day && (entry.activeTo === undefined || entry.activeTo >= day);
}
