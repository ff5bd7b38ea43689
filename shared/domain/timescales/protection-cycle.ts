/**
 * The protection cycle: the ICPC after strategy discussions (closed by a
 * conference, or without one by the s47 enquiries' outcome), the transfer-in
 * conference after a notification, and for each registration its RCPC cycle.
 * A registration's follow-ups (the first core group, the outline plan) are in
 * `follow-ups.ts`. Decisions where docs/domain.md is silent are marked
 * "Decision:".
 */
import type { ChildRecords, Registration, StrategyDiscussion, TransferIn } from '#shared/domain/records';
import type { DayNumber } from '#shared/domain/calendar/calendar-date';
import { addMonthsToDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { addWorkingDaysToDayNumber } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { TimescaleRule } from '#shared/domain/timescales/types';
import { registrationFollowUps, type CoreGroupWalk } from '#shared/domain/timescales/follow-ups';
import { HELD, dayUpTo, from, heldAt, judged, open, periods, sortIfNeeded, type Collected, type Dated, type Period } from '#shared/domain/timescales/walk';

/** Whether the child is on the register after its registration day and before de-registration. */
function registeredDuring(registrations: readonly Period<Registration>[], day: DayNumber): boolean {
  for (const registration of registrations) {
    // The end is the de-registration day, by when the child is off the register.
    if (registration.day < day && day < registration.end) return true;
  }
  return false;
}

/**
 * Whether the s47 enquiries after this discussion ended without a conference
 * by the as-of date: it decided none were needed, or they were determined
 * "not substantiated" (1) or "no continuing risk" (2).
 */
function closedWithoutConference(discussion: StrategyDiscussion, asOf: DayNumber): boolean {
  if (discussion.section47 === false) return true;
  const determination = discussion.s47Determination;
  if (determination !== 'not-substantiated' && determination !== 'no-continuing-risk') return false;
  return discussion.determinedOn === undefined || dayUpTo(discussion.determinedOn, asOf) !== undefined;
}

/** Whether the s47 enquiries after this discussion are still under way on the as-of date: needed, and not yet determined. */
function enquiriesUnderWay(discussion: StrategyDiscussion, asOf: DayNumber): boolean {
  if (discussion.section47 === false) return false;
  if (discussion.s47Determination === undefined) return true;
  return discussion.determinedOn !== undefined && dayUpTo(discussion.determinedOn, asOf) === undefined;
}

/**
 * ICPCs after strategy discussions. The conferences that close an ICPC
 * timescale are the held ICPCs and the registrations whose ICPC is not
 * recorded (the registration date stands for it). The discussions since the
 * last conference are a run; its timescale counts from its last discussion (or
 * its first, as England counts), and its last discussion's s47 outcome may
 * close it without a conference.
 */
function icpcTimescales(records: ChildRecords, registrations: readonly Period<Registration>[], policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
  // Decision: new concerns about a registered child go to a review conference,
  // not an ICPC, so a discussion while registered starts no ICPC clock.
  const discussions: Dated<StrategyDiscussion>[] = [];
  for (const discussion of records.strategyDiscussions) {
    const day = toDayNumber(discussion.date);
    if (day > asOf || (registrations.length > 0 && registeredDuring(registrations, day))) continue;
    discussions.push({ day, date: discussion.date, id: discussion.strategyDiscussionId, record: discussion });
  }
  if (discussions.length === 0) return;
  sortIfNeeded(discussions);

  const meetings = records.meetings;
  const icpcs = HELD.ICPC;
  const countFromFirst = policy.icpcCountsFrom === 'first-strategy-discussion';
  // Both lists are sorted and no registration among the second shares a day
  // with an ICPC, so merging them by day keeps the order.
  let nextDiscussion = 0;
  let nextIcpc = 0;
  let nextRegistration = 0;
  while (nextDiscussion < discussions.length) {
    while (nextRegistration < registrations.length && icpcs.heldOn(registrations[nextRegistration]!.day)) nextRegistration += 1;
    let conferenceDay: DayNumber;
    let icpc = -1; // the conference's ICPC in HELD.ICPC, or -1 for a registration without one
    if (nextIcpc < icpcs.count && (nextRegistration >= registrations.length || icpcs.days[nextIcpc]! < registrations[nextRegistration]!.day)) {
      conferenceDay = icpcs.days[nextIcpc]!;
      icpc = nextIcpc;
      nextIcpc += 1;
    } else if (nextRegistration < registrations.length) {
      conferenceDay = registrations[nextRegistration]!.day;
      nextRegistration += 1;
    } else {
      break;
    }
    // The run this conference closes. Decision: an ICPC on the day of a strategy discussion closes it.
    const first = nextDiscussion;
    while (nextDiscussion < discussions.length && discussions[nextDiscussion]!.day <= conferenceDay) nextDiscussion += 1;
    const last = nextDiscussion - 1;
    // Decision: a conference held after enquiries that closed without one had no timescale to meet.
    if (collected.meetings !== undefined && last >= first && icpc >= 0 && !closedWithoutConference(discussions[last]!.record, asOf)) {
      const start = discussions[countFromFirst ? first : last]!;
      const due = addWorkingDaysToDayNumber(start.day, policy.icpcWorkingDays);
      judged(collected, heldAt(meetings, icpcs.at[icpc]!), conferenceDay, 'ICPC', 'icpc', due, from('STRATEGY_DISCUSSION', start.date, start.id));
    }
  }
  if (nextDiscussion >= discussions.length) return;
  const last = discussions[discussions.length - 1]!.record;
  if (closedWithoutConference(last, asOf)) return;
  const start = discussions[countFromFirst ? nextDiscussion : discussions.length - 1]!;
  const due = addWorkingDaysToDayNumber(start.day, policy.icpcWorkingDays);
  open(collected, 'ICPC', 'icpc', due, from('STRATEGY_DISCUSSION', start.date, start.id), enquiriesUnderWay(last, asOf) ? { stage: 's47-enquiries-under-way' } : undefined);
}

/**
 * Transfer-in conferences after the notifications that a registered child's
 * move into the area is permanent: a held transfer-in conference closes the
 * notifications before it, and the timescale counts from the last of them.
 */
function transferInTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
  if (records.transferIns.length === 0) return;
  const notifications: Dated<TransferIn>[] = [];
  for (const transferIn of records.transferIns) {
    const day = toDayNumber(transferIn.notifiedOn);
    if (day <= asOf) notifications.push({ day, date: transferIn.notifiedOn, id: transferIn.transferInId, record: transferIn });
  }
  if (notifications.length === 0) return;
  sortIfNeeded(notifications);
  const conferences = HELD.TRANSFER_IN;
  const dueAfter = (last: Dated<TransferIn>) => addWorkingDaysToDayNumber(last.day, policy.transferInWorkingDays);
  let nextNotification = 0;
  for (let c = 0; c < conferences.count && nextNotification < notifications.length; c += 1) {
    const day = conferences.days[c]!;
    let last: Dated<TransferIn> | undefined;
    for (; nextNotification < notifications.length && notifications[nextNotification]!.day <= day; nextNotification += 1) last = notifications[nextNotification];
    if (last !== undefined && collected.meetings !== undefined) {
      judged(collected, heldAt(records.meetings, conferences.at[c]!), day, 'TRANSFER_IN', 'transferIn', dueAfter(last), from('TRANSFER_IN_NOTIFIED', last.date, last.id));
    }
  }
  if (nextNotification >= notifications.length) return;
  const last = notifications[notifications.length - 1]!;
  open(collected, 'TRANSFER_IN', 'transferIn', dueAfter(last), from('TRANSFER_IN_NOTIFIED', last.date, last.id));
}

/** For each registration, its RCPC cycle and its follow-ups. */
function registrationTimescales(records: ChildRecords, registrations: readonly Period<Registration>[], policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
  const meetings = records.meetings;
  const { days: rcpcDays, at: rcpcAt, count: rcpcs } = HELD.RCPC;
  let nextRcpc = 0;
  const coreGroups: CoreGroupWalk = { nextCoreGroup: 0 };
  for (const registration of registrations) {
    const registered = from('REGISTRATION', registration.date, registration.id);

    // RCPCs: the first counted from the registering conference, each later one
    // from the previous RCPC held while registered. De-registration stops the cycle.
    while (nextRcpc < rcpcs && rcpcDays[nextRcpc]! <= registration.day) nextRcpc += 1;
    let rcpcDue = addMonthsToDayNumber(registration.day, policy.firstRcpcMonths);
    let rcpcFrom = registered;
    let rcpcRule: TimescaleRule = 'firstRcpc';
    for (; nextRcpc < rcpcs && rcpcDays[nextRcpc]! <= registration.end; nextRcpc += 1) {
      const rcpc = heldAt(meetings, rcpcAt[nextRcpc]!);
      const day = rcpcDays[nextRcpc]!;
      if (collected.meetings !== undefined) judged(collected, rcpc, day, 'RCPC', rcpcRule, rcpcDue, rcpcFrom);
      rcpcDue = addMonthsToDayNumber(day, policy.laterRcpcMonths);
      rcpcFrom = from('RCPC', rcpc.heldOn, rcpc.meetingId);
      rcpcRule = 'laterRcpc';
    }
    if (registration.end === Infinity) open(collected, 'RCPC', rcpcRule, rcpcDue, rcpcFrom);

    registrationFollowUps(registration, registered, meetings, policy, asOf, coreGroups, collected);
  }
}

/** The whole protection cycle of a child. */
export function protectionTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: DayNumber, collected: Collected): void {
  const registrations = periods(records.registrations, asOf, registrationIdOf);
  icpcTimescales(records, registrations, policy, asOf, collected);
  transferInTimescales(records, policy, asOf, collected);
  registrationTimescales(records, registrations, policy, asOf, collected);
}

function registrationIdOf(registration: Registration): string {
  return registration.registrationId;
}
