/**
 * What a child's records must be, one rule a record kind: the same checks
 * whether a record is being made or corrected. Each takes the record as it
 * would be and the rest of the child's file, and answers the problems found,
 * each naming the field at fault (none: the record may be kept). Pure; the
 * API turns problems into a 400 and writes nothing.
 */
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import type { FieldProblem } from '#shared/errors';
import { PARTICIPATED } from '#shared/domain/records';
import type {
  BookedMeeting,
  CalendarDate,
  CareEpisode,
  Child,
  ChildRecords,
  Dispute,
  HeldMeeting,
  Meeting,
  PlacementChange,
  RecordCollection,
  Registration,
  StrategyDiscussion,
  TransferIn,
} from '#shared/domain/records';

/** What a record is checked against: the day it is made, the child, and the rest of their file. */
export interface RuleContext {
  today: CalendarDate;
  child: Pick<Child, 'dateOfBirth'>;
  /** The child's records without the one being checked. */
  others: ChildRecords;
}

/** A dated event: not in the future, not before the calendar counts, not before the child was born. */
export function eventDateProblems(field: string, date: CalendarDate | undefined, context: RuleContext): FieldProblem[] {
  if (date === undefined) return [];
  if (date > context.today) return [{ field, reason: 'is in the future' }];
  if (date < CALENDAR_FIRST_DATE) return [{ field, reason: `is before ${CALENDAR_FIRST_DATE}, the first day the calendar counts` }];
  if (date < context.child.dateOfBirth) return [{ field, reason: `is before the child was born (${context.child.dateOfBirth})` }];
  return [];
}

/** Whether a period is open on a day (started by it, not ended by it). */
function openOn(period: { startDate: CalendarDate; endDate?: CalendarDate | undefined }, day: CalendarDate): boolean {
  return period.startDate <= day && (period.endDate === undefined || period.endDate > day);
}

/**
 * A period (a care episode, a registration) against the child's others of its
 * kind: its end not before its start; at most one open; none overlapping,
 * though one may start on the day another ended.
 */
function periodProblems(
  period: { startDate: CalendarDate; endDate?: CalendarDate | undefined },
  others: readonly { startDate: CalendarDate; endDate?: CalendarDate | undefined }[],
  words: { what: string; open: string },
): FieldProblem[] {
  if (period.endDate !== undefined && period.endDate < period.startDate) {
    return [{ field: 'endDate', reason: `is before the ${words.what}'s start (${period.startDate})` }];
  }
  if (period.endDate === undefined && others.some((other) => other.endDate === undefined)) {
    return [{ field: 'startDate', reason: words.open }];
  }
  for (const other of others) {
    if (other.startDate <= period.startDate) {
      if (other.endDate === undefined || other.endDate > period.startDate) {
        return [{ field: 'startDate', reason: `is before the end (${other.endDate ?? 'still open'}) of an earlier ${words.what}` }];
      }
    } else if (period.endDate === undefined || period.endDate > other.startDate) {
      return [{ field: 'endDate', reason: `is after the start (${other.startDate}) of a later ${words.what}` }];
    }
  }
  return [];
}

/**
 * A care episode: its dates, no overlap with the child's other episodes (one
 * may start the day another ended: a change of legal status), and no
 * placement change left outside care by it.
 */
export function careEpisodeProblems(episode: CareEpisode, context: RuleContext): FieldProblem[] {
  const dates = [...eventDateProblems('startDate', episode.startDate, context), ...eventDateProblems('endDate', episode.endDate, context)];
  if (dates.length > 0) return dates;
  const overlaps = periodProblems(episode, context.others.careEpisodes, {
    what: 'care episode',
    open: 'the child already has an open care episode: end it first',
  });
  if (overlaps.length > 0) return overlaps;
  const episodes = [...context.others.careEpisodes, episode];
  const outside = context.others.placementChanges.find((change) => !inCareOn(episodes, change.date));
  if (outside === undefined) return [];
  return [{ field: outside.date < episode.startDate ? 'startDate' : 'endDate', reason: `would leave the placement change of ${outside.date} outside care: correct or remove it first` }];
}

/** Whether one of the episodes has the child looked after on a day (its first and last days included). */
function inCareOn(episodes: readonly CareEpisode[], day: CalendarDate): boolean {
  return episodes.some((e) => e.startDate <= day && (e.endDate === undefined || e.endDate >= day));
}

/** A placement change: on a day the child was looked after. */
export function placementChangeProblems(change: PlacementChange, context: RuleContext): FieldProblem[] {
  const dates = eventDateProblems('date', change.date, context);
  if (dates.length > 0) return dates;
  return inCareOn(context.others.careEpisodes, change.date) ? [] : [{ field: 'date', reason: 'the child was not looked after on this date' }];
}

/** A strategy discussion and its s47 outcome: a determination only of enquiries that were needed, made on a day after the discussion. */
export function strategyDiscussionProblems(discussion: StrategyDiscussion, context: RuleContext): FieldProblem[] {
  const problems = [...eventDateProblems('date', discussion.date, context), ...eventDateProblems('determinedOn', discussion.determinedOn, context)];
  if (discussion.s47Determination !== undefined && discussion.section47 === false) {
    problems.push({ field: 's47Determination', reason: 'the discussion decided no s47 enquiry was needed (section47 is false)' });
  }
  if (discussion.s47Determination !== undefined && discussion.determinedOn === undefined) {
    problems.push({ field: 'determinedOn', reason: 'is required with s47Determination: the day the enquiries were determined' });
  }
  if (discussion.determinedOn !== undefined && discussion.s47Determination === undefined) {
    problems.push({ field: 's47Determination', reason: 'is required with determinedOn: how the enquiries ended' });
  }
  if (discussion.determinedOn !== undefined && discussion.determinedOn < discussion.date) {
    problems.push({ field: 'determinedOn', reason: `is before the strategy discussion (${discussion.date})` });
  }
  return problems;
}

/** A registration: its dates, its category changes inside it, and no overlap with the child's other registrations. */
export function registrationProblems(registration: Registration, context: RuleContext): FieldProblem[] {
  const dates = [...eventDateProblems('startDate', registration.startDate, context), ...eventDateProblems('endDate', registration.endDate, context)];
  if (dates.length > 0) return dates;
  for (const change of registration.categoryChanges ?? []) {
    if (change.from <= registration.startDate || (registration.endDate !== undefined && change.from >= registration.endDate)) {
      return [{ field: 'categoryFrom', reason: `must fall within the registration (after ${registration.startDate}${registration.endDate ? `, before ${registration.endDate}` : ''})` }];
    }
    const future = eventDateProblems('categoryFrom', change.from, context);
    if (future.length > 0) return future;
  }
  return periodProblems(registration, context.others.registrations, {
    what: 'registration',
    open: 'the child is already on the register: de-register first',
  });
}

/** A transfer-in notification: its date. */
export function transferInProblems(transferIn: TransferIn, context: RuleContext): FieldProblem[] {
  return eventDateProblems('notifiedOn', transferIn.notifiedOn, context);
}

/**
 * A case dispute: its dates (resolved not before it started), an outcome
 * only once it is resolved, and who raised it, in words.
 */
export function disputeProblems(dispute: Dispute, context: RuleContext): FieldProblem[] {
  const problems = [...eventDateProblems('startedOn', dispute.startedOn, context), ...eventDateProblems('resolvedOn', dispute.resolvedOn, context)];
  if (dispute.resolvedOn !== undefined && dispute.resolvedOn < dispute.startedOn) {
    problems.push({ field: 'resolvedOn', reason: `is before the dispute started (${dispute.startedOn})` });
  }
  if (dispute.outcome !== undefined && dispute.resolvedOn === undefined) {
    problems.push({ field: 'outcome', reason: 'goes with resolvedOn: a dispute has an outcome only once it is resolved' });
  }
  if (dispute.raisedBy.trim() === '') problems.push({ field: 'raisedBy', reason: 'must say who raised the dispute' });
  return problems;
}

/** The last day a booking may be for: the calendar's last, so that its timescale can be counted. */
const LATEST_BOOKING = CALENDAR_LAST_DATE;

/**
 * A booked meeting: booked for today or a later day the calendar counts, and
 * none of what only a held meeting records.
 */
function bookingProblems(meeting: BookedMeeting, context: RuleContext): FieldProblem[] {
  if (meeting.bookedFor < context.today) return [{ field: 'bookedFor', reason: `is before today (${context.today}): record a meeting already held as held` }];
  if (meeting.bookedFor > LATEST_BOOKING) return [{ field: 'bookedFor', reason: `is after ${LATEST_BOOKING}, the last day the calendar counts` }];
  return [];
}

/**
 * A meeting: a booking's day (see {@link bookingProblems}); a held or
 * cancelled meeting's dates and their order (recommendations after the CER,
 * the response after them, the outline plan after the ICPC), the fields only
 * some types carry, and advocacy (an advocate only after an active offer).
 */
export function meetingProblems(meeting: Meeting, context: RuleContext): FieldProblem[] {
  if (meeting.status === 'booked') return bookingProblems(meeting, context);
  // A booking cancelled was to be held on its booked day, which may be still to come.
  const wasBooking = meeting.status === 'cancelled' && meeting.bookedFor !== undefined;
  const problems = wasBooking ? [] : eventDateProblems('heldOn', meeting.heldOn, context);
  const onlyOn = (field: 'recommendationsSentOn' | 'managerRespondedOn' | 'outlinePlanSentOn', type: Meeting['type']) => {
    if (meeting[field] !== undefined && meeting.type !== type) problems.push({ field, reason: `is recorded on a${type === 'ICPC' ? 'n' : ''} ${type} only` });
  };
  onlyOn('recommendationsSentOn', 'CER');
  onlyOn('managerRespondedOn', 'CER');
  onlyOn('outlinePlanSentOn', 'ICPC');
  if (problems.length > 0) return problems;
  const after = (field: 'recommendationsSentOn' | 'managerRespondedOn' | 'outlinePlanSentOn', earliest: CalendarDate | undefined, what: string, missing: string) => {
    const date = meeting[field];
    if (date === undefined) return;
    problems.push(...eventDateProblems(field, date, context));
    if (earliest === undefined) problems.push({ field, reason: missing });
    else if (date < earliest) problems.push({ field, reason: `is before ${what}` });
  };
  after('recommendationsSentOn', meeting.heldOn, 'the CER was held', 'the CER has not been held');
  after('managerRespondedOn', meeting.recommendationsSentOn, 'the recommendations were sent', 'the recommendations have not been sent yet');
  after('outlinePlanSentOn', meeting.heldOn, 'the ICPC was held', 'the ICPC has not been held');
  if (meeting.participationCode !== undefined) {
    if (meeting.type !== 'CER') problems.push({ field: 'participationCode', reason: 'is recorded on a CER only' });
    else if (meeting.childParticipated !== undefined && meeting.childParticipated !== PARTICIPATED[meeting.participationCode]) {
      problems.push({ field: 'childParticipated', reason: `must be ${PARTICIPATED[meeting.participationCode]} with participationCode ${meeting.participationCode}` });
    }
  }
  if (meeting.advocacyProvided && !meeting.advocacyOffered) {
    problems.push({ field: 'advocacyProvided', reason: 'an advocate can only be provided after an active offer (advocacyOffered)' });
  }
  return problems;
}

/** The child's earliest dated record: what a date of birth may not come after. */
export function earliestRecordDate(records: ChildRecords): CalendarDate | undefined {
  const dates = [
    ...records.careEpisodes.map((e) => e.startDate),
    ...records.placementChanges.map((p) => p.date),
    ...records.strategyDiscussions.map((d) => d.date),
    ...records.registrations.map((r) => r.startDate),
    // A booking is not yet a record of anything: only the meetings held or cancelled.
    ...records.meetings.flatMap((m) => (m.status === 'booked' ? [] : [m.heldOn])),
    ...records.transferIns.map((t) => t.notifiedOn),
    ...records.disputes.map((d) => d.startedOn),
  ];
  return dates.length === 0 ? undefined : dates.reduce((a, b) => (a < b ? a : b));
}

/** A child's date of birth: not in the future, and not after any of their records (no record may predate the birth). */
export function dateOfBirthProblems(dateOfBirth: CalendarDate, records: ChildRecords, today: CalendarDate): FieldProblem[] {
  if (dateOfBirth > today) return [{ field: 'dateOfBirth', reason: 'is in the future' }];
  const earliest = earliestRecordDate(records);
  if (earliest !== undefined && earliest < dateOfBirth) return [{ field: 'dateOfBirth', reason: `is after the child's earliest record (${earliest})` }];
  return [];
}

/** The held meeting of the same type on the same day already recorded for the child, if any: a second would count twice. */
export function duplicateOf(meeting: Meeting, others: readonly Meeting[]): HeldMeeting | undefined {
  if (meeting.status !== 'held') return undefined;
  return others.find((other): other is HeldMeeting => other.status === 'held' && other.type === meeting.type && other.heldOn === meeting.heldOn);
}

/** The registration open on a day, if any (it started by that day and has not ended by it). */
export function registrationOn(registrations: readonly Registration[], day: CalendarDate): Registration | undefined {
  return registrations.find((registration) => openOn(registration, day));
}

/** Each collection's rule: what a record of it must be against the rest of the child's file (the API's and the import's one table). */
export const RULES: { [C in RecordCollection]: (record: ChildRecords[C][number], context: RuleContext) => FieldProblem[] } = {
  careEpisodes: careEpisodeProblems,
  placementChanges: placementChangeProblems,
  strategyDiscussions: strategyDiscussionProblems,
  registrations: registrationProblems,
  meetings: meetingProblems,
  transferIns: transferInProblems,
  disputes: disputeProblems,
};
