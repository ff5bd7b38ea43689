/**
 * What follows a CER or a registration: the mid-point review, the
 * recommendations and the manager's response after a CER (walked with the
 * care cycle), and the first core group and the outline plan after a
 * registration (walked with the protection cycle). Decisions where
 * docs/domain.md is silent are marked "Decision:".
 */
import type { Meeting, Registration } from '#shared/domain/records';
import type { DayNumber } from '#shared/domain/calendar/calendar-date';
import { fromDayNumber } from '#shared/domain/calendar/calendar-date';
import { addWorkingDaysToDayNumber } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { CountedFrom } from '#shared/domain/timescales/types';
import type { CareWalk } from '#shared/domain/timescales/care-cycle';
import { HELD, dayUpTo, from, heldAt, judged, open, type Collected, type Period } from '#shared/domain/timescales/walk';

/** Halfway between a CER and the next CER's regular due date, a calendar date rounded down. */
function midpointDue(cerDay: DayNumber, nextCerDue: DayNumber): DayNumber {
  return cerDay + Math.floor((nextCerDue - cerDay) / 2);
}

/** Looks at the mid-point reviews held after the last CER up to `upTo`, judging the first; answers whether one was held. */
export function midpointsUpTo(walk: CareWalk, upTo: DayNumber, collected: Collected): boolean {
  const { midpoints } = walk;
  const { days, count } = midpoints;
  if (walk.lastCer === undefined) {
    while (walk.nextMidpoint < count && days[walk.nextMidpoint]! <= upTo) walk.nextMidpoint += 1;
    return false;
  }
  while (walk.nextMidpoint < count && days[walk.nextMidpoint]! <= walk.lastCerDay) walk.nextMidpoint += 1;
  if (walk.nextMidpoint >= count || days[walk.nextMidpoint]! > upTo) return false;
  if (collected.meetings !== undefined) {
    // With a CER held, the anchor is that CER.
    const midpoint = heldAt(walk.meetings, midpoints.at[walk.nextMidpoint]!);
    judged(collected, midpoint, days[walk.nextMidpoint]!, 'MIDPOINT', 'midpoint', midpointDue(walk.lastCerDay, walk.regularDue), walk.anchorFrom!, { halfwayTo: walk.regularDue });
  }
  while (walk.nextMidpoint < count && days[walk.nextMidpoint]! <= upTo) walk.nextMidpoint += 1;
  return true;
}

/** What is still owed on the last CER of an open period of care: the mid-point review, the recommendations, the manager's response. */
export function cerFollowUps(walk: CareWalk, midpointHeld: boolean, asOf: DayNumber, collected: Collected): void {
  const { lastCer, lastCerDay, policy } = walk;
  if (lastCer === undefined) return;

  if (policy.midpointReviews && !midpointHeld) {
    // Decision: halfway to the regular due date, not one an unplanned change
    // brought forward (that CER replaces the check).
    open(collected, 'MIDPOINT', 'midpoint', midpointDue(lastCerDay, walk.regularDue), walk.anchorFrom!, { halfwayTo: walk.regularDue });
  }

  // Decision: only the latest CER's recommendations are chased; a later CER
  // makes fresh ones and supersedes them.
  const sent = dayUpTo(lastCer.recommendationsSentOn, asOf);
  if (sent === undefined) {
    open(collected, 'RECOMMENDATIONS', 'recommendations', addWorkingDaysToDayNumber(lastCerDay, policy.recommendationsWorkingDays), walk.anchorFrom!);
  } else if (dayUpTo(lastCer.managerRespondedOn, asOf) === undefined) {
    const responseDue = addWorkingDaysToDayNumber(sent, policy.managerResponseWorkingDays);
    open(collected, 'MANAGER_RESPONSE', 'managerResponse', responseDue, from('RECOMMENDATIONS_SENT', fromDayNumber(sent), lastCer.meetingId));
  }
}

/** Where the walk through the core groups has got to, across a child's registrations. */
export interface CoreGroupWalk {
  /** The next core group to look at. */
  nextCoreGroup: number;
}

/**
 * The first core group after a registration, and the outline plan of the ICPC
 * that registered the child.
 */
export function registrationFollowUps(
  registration: Period<Registration>,
  registered: CountedFrom,
  meetings: readonly Meeting[],
  policy: TimescalePolicy,
  asOf: DayNumber,
  walk: CoreGroupWalk,
  collected: Collected,
): void {
  const isOpen = registration.end === Infinity;
  const { days: coreGroupDays, at: coreGroupAt, count: coreGroups } = HELD.CORE_GROUP;
  // Decision: a core group held on the registration day (straight after the
  // conference, as some authorities do) counts.
  while (walk.nextCoreGroup < coreGroups && coreGroupDays[walk.nextCoreGroup]! < registration.day) walk.nextCoreGroup += 1;
  if (walk.nextCoreGroup < coreGroups && coreGroupDays[walk.nextCoreGroup]! <= registration.end) {
    if (collected.meetings !== undefined) {
      const due = addWorkingDaysToDayNumber(registration.day, policy.firstCoreGroupWorkingDays);
      judged(collected, heldAt(meetings, coreGroupAt[walk.nextCoreGroup]!), coreGroupDays[walk.nextCoreGroup]!, 'CORE_GROUP', 'firstCoreGroup', due, registered);
    }
    while (walk.nextCoreGroup < coreGroups && coreGroupDays[walk.nextCoreGroup]! <= registration.end) walk.nextCoreGroup += 1;
  } else if (isOpen) {
    open(collected, 'CORE_GROUP', 'firstCoreGroup', addWorkingDaysToDayNumber(registration.day, policy.firstCoreGroupWorkingDays), registered);
  }

  // The outline plan lives on the registering ICPC, so it is tracked only when
  // that meeting is recorded; it stops with the registration. A transfer-in
  // conference is not an ICPC: the plan came with the child.
  if (!isOpen) return;
  const { days: icpcDays, at: icpcAt, count: icpcs } = HELD.ICPC;
  const linked = registration.record.registeredAtMeetingId;
  let icpc = -1;
  if (linked !== undefined) {
    for (let i = 0; i < icpcs && icpc < 0; i += 1) if (meetings[icpcAt[i]!]!.meetingId === linked) icpc = i;
  }
  for (let i = 0; i < icpcs && icpc < 0; i += 1) if (icpcDays[i] === registration.day) icpc = i;
  if (icpc < 0) return;
  const meeting = heldAt(meetings, icpcAt[icpc]!);
  if (dayUpTo(meeting.outlinePlanSentOn, asOf) === undefined) {
    const due = addWorkingDaysToDayNumber(icpcDays[icpc]!, policy.outlinePlanWorkingDays);
    open(collected, 'OUTLINE_PLAN', 'outlinePlan', due, from('ICPC', meeting.heldOn, meeting.meetingId));
  }
}
