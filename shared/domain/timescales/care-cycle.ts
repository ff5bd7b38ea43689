/**
 * The care cycle: for each period of care, the CERs held and the next one
 * due, an unplanned placement change bringing it forward. Its follow-ups (the
 * mid-point review, the recommendations and the manager's response) are in
 * `follow-ups.ts`. Decisions where docs/domain.md is silent are marked
 * "Decision:".
 */
import { continuesPeriodOfCare, type CareEpisode, type ChildRecords, type HeldMeeting, type Meeting } from '#shared/domain/records';
import type { DayNumber } from '#shared/domain/calendar/calendar-date';
import { addMonthsToDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { addWorkingDaysToDayNumber } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { CountedFrom, TimescaleRule } from '#shared/domain/timescales/types';
import { cerFollowUps, midpointsUpTo } from '#shared/domain/timescales/follow-ups';
import { HELD, NO_MEETINGS, from, heldAt, judged, open, periods, sortIfNeeded, type Collected, type Dated, type HeldMeetings, type Period } from '#shared/domain/timescales/walk';

/** Where the walk through a child's care history has got to. */
export interface CareWalk {
  readonly policy: TimescalePolicy;
  readonly meetings: readonly Meeting[];
  /** The unplanned placement changes, by day (none when the policy does not bring CERs forward). */
  readonly unplannedChanges: readonly Dated<unknown>[];
  /** The mid-point reviews held (none when the policy does not track them). */
  readonly midpoints: HeldMeetings;
  period: Period<CareEpisode>;
  /** The day of the previous CER, or of the period's start. */
  anchorDay: DayNumber;
  /**
   * What the next CER is counted from, unless an unplanned placement change
   * binds. Made once per anchor and shared by every answer counted from it.
   */
  anchorFrom: CountedFrom | undefined;
  /** CERs held in this period. */
  cersHeld: number;
  /** The next CER's regular due date once a CER has been held. */
  regularDue: DayNumber;
  /** The last CER held in this period (undefined before the first). */
  lastCer: HeldMeeting | undefined;
  lastCerDay: DayNumber;
  /** The next unplanned placement change to look at. */
  nextChange: number;
  /** The next mid-point review to look at. */
  nextMidpoint: number;
  /** The next CER's due date, set by {@link nextCerDue}. */
  due: DayNumber;
  /** What that due date is counted from. */
  dueFrom: CountedFrom | undefined;
  /** The rule that gave it. */
  dueRule: TimescaleRule;
  /** The regular due date, when an unplanned placement change brought it forward. */
  broughtForwardFrom: DayNumber | undefined;
}

/**
 * The due date of the next CER after the walk's anchor, counting unplanned
 * placement changes up to `upTo`; sets `walk.due` and `walk.dueFrom`.
 * Decision: a change on the day of a CER is taken to have been considered by
 * that CER, so only later changes bring the next one forward. Of several
 * changes, the earliest binds.
 */
function nextCerDue(walk: CareWalk, upTo: DayNumber): void {
  const { unplannedChanges: changes, policy } = walk;
  while (walk.nextChange < changes.length && changes[walk.nextChange]!.day <= walk.anchorDay) walk.nextChange += 1;
  walk.due = walk.cersHeld === 0 ? addWorkingDaysToDayNumber(walk.period.day, policy.firstCerWorkingDays) : walk.regularDue;
  walk.dueFrom = walk.anchorFrom;
  walk.dueRule = walk.cersHeld === 0 ? 'firstCer' : walk.cersHeld === 1 ? 'secondCer' : 'laterCer';
  walk.broughtForwardFrom = undefined;
  const change = changes[walk.nextChange];
  if (change !== undefined && change.day <= upTo && change.day <= walk.period.end) {
    const changeDue = addWorkingDaysToDayNumber(change.day, policy.unplannedPlacementChangeCerWorkingDays);
    if (changeDue < walk.due) {
      walk.broughtForwardFrom = walk.due;
      walk.due = changeDue;
      walk.dueFrom = from('UNPLANNED_PLACEMENT_CHANGE', change.date, change.id);
      walk.dueRule = 'unplannedPlacementChangeCer';
    }
  }
}

/** The CER cycle of each period of care, with its follow-ups. */
export function careTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
  const periodsOfCare = periods(records.careEpisodes, asOf, episodeIdOf, continuesPeriodOfCare);
  if (periodsOfCare.length === 0) return;

  const unplannedChanges: Dated<unknown>[] = [];
  if (policy.unplannedPlacementChangeCer) {
    for (const change of records.placementChanges) {
      if (!change.unplanned) continue;
      const day = toDayNumber(change.date);
      if (day <= asOf) unplannedChanges.push({ day, date: change.date, id: change.placementChangeId, record: change });
    }
    sortIfNeeded(unplannedChanges);
  }

  const meetings = records.meetings;
  const { days: cerDays, at: cerAt, count: cers } = HELD.CER;
  const judging = collected.meetings !== undefined;
  const walk: CareWalk = {
    policy,
    meetings,
    unplannedChanges,
    midpoints: policy.midpointReviews ? HELD.MIDPOINT : NO_MEETINGS,
    period: periodsOfCare[0]!,
    anchorDay: NaN,
    anchorFrom: undefined,
    cersHeld: 0,
    regularDue: NaN,
    lastCer: undefined,
    lastCerDay: NaN,
    nextChange: 0,
    nextMidpoint: 0,
    due: NaN,
    dueFrom: undefined,
    dueRule: 'firstCer',
    broughtForwardFrom: undefined,
  };
  let nextCer = 0;

  for (const period of periodsOfCare) {
    walk.period = period;
    walk.anchorDay = period.day;
    walk.anchorFrom = from('CARE_EPISODE_START', period.date, period.id);
    walk.cersHeld = 0;
    walk.regularDue = NaN; // the first CER's is counted in working days, lazily
    walk.lastCer = undefined;
    walk.lastCerDay = NaN;
    // A CER outside every period of care has no timescale: skip it.
    while (nextCer < cers && cerDays[nextCer]! < period.day) nextCer += 1;

    for (; nextCer < cers && cerDays[nextCer]! <= period.end; nextCer += 1) {
      const cer = heldAt(meetings, cerAt[nextCer]!);
      const day = cerDays[nextCer]!;
      if (judging) {
        midpointsUpTo(walk, day, collected);
        nextCerDue(walk, day);
        judged(collected, cer, day, 'CER', walk.dueRule, walk.due, walk.dueFrom!, broughtForward(walk));
      }
      // A late CER still restarts the cycle from the day it was held.
      walk.cersHeld += 1;
      walk.regularDue = addMonthsToDayNumber(day, walk.cersHeld === 1 ? policy.secondCerMonths : policy.laterCerMonths);
      walk.anchorDay = day;
      walk.anchorFrom = from('CER', cer.heldOn, cer.meetingId);
      walk.lastCer = cer;
      walk.lastCerDay = day;
    }

    const midpointHeld = midpointsUpTo(walk, period.end, collected);
    // Decision: when care ends, everything owed on its CERs stops with it; the
    // recommendations address a care plan that no longer exists.
    if (period.end !== Infinity) continue;

    nextCerDue(walk, asOf);
    open(collected, 'CER', walk.dueRule, walk.due, walk.dueFrom!, broughtForward(walk));
    cerFollowUps(walk, midpointHeld, asOf, collected);
  }
}

/** What the walk's CER due date was brought forward from, when it was. */
function broughtForward(walk: CareWalk): { broughtForwardFrom: DayNumber } | undefined {
  return walk.broughtForwardFrom === undefined ? undefined : { broughtForwardFrom: walk.broughtForwardFrom };
}

function episodeIdOf(episode: CareEpisode): string {
  return episode.episodeId;
}
