/**
 * Small builders for the timescale stories: each names what a record is, so a
 * test reads as the child's history.
 */
import {
  emptyRecords,
  type CareEpisode,
  type BookedMeeting,
  type CancelledMeeting,
  type ChildRecords,
  type HeldMeeting,
  type MeetingType,
  type PlacementChange,
  type Registration,
  type StrategyDiscussion,
} from '#shared/domain/records';

/** A child's records: anything not given is empty. */
export function child(records: Partial<ChildRecords>): ChildRecords {
  return { ...emptyRecords(), ...records };
}

/** A care episode: became looked after on `startDate`, ceased on `endDate` if given. */
export function episode(episodeId: string, startDate: string, endDate?: string): CareEpisode {
  return endDate === undefined ? { episodeId, startDate } : { episodeId, startDate, endDate };
}

/** A held meeting of any type. */
export function held(type: MeetingType, meetingId: string, heldOn: string, extra: Partial<HeldMeeting> = {}): HeldMeeting {
  return {
    meetingId,
    type,
    heldOn,
    status: 'held',
    childParticipated: false,
    advocacyOffered: true,
    advocacyProvided: false,
    qaAuditCompleted: true,
    ...extra,
  };
}

/** A meeting that was cancelled. */
export function cancelled(type: MeetingType, meetingId: string, heldOn: string): CancelledMeeting {
  return { ...held(type, meetingId, heldOn), status: 'cancelled', cancellationReason: 'IRO unwell' };
}

/** A meeting booked for a day and not yet held: it satisfies nothing. */
export function booked(type: MeetingType, meetingId: string, bookedFor: string, extra: Partial<BookedMeeting> = {}): BookedMeeting {
  return { meetingId, type, status: 'booked', bookedFor, ...extra };
}

/** A held CER whose recommendations went out and were answered (nothing left owing). */
export function cer(meetingId: string, heldOn: string, extra: Partial<HeldMeeting> = {}): HeldMeeting {
  return held('CER', meetingId, heldOn, { recommendationsSentOn: heldOn, managerRespondedOn: heldOn, ...extra });
}

export function unplannedChange(placementChangeId: string, date: string): PlacementChange {
  return { placementChangeId, date, unplanned: true };
}

export function plannedChange(placementChangeId: string, date: string): PlacementChange {
  return { placementChangeId, date, unplanned: false };
}

export function strategyDiscussion(strategyDiscussionId: string, date: string): StrategyDiscussion {
  return { strategyDiscussionId, date };
}

/** A registration on the CP register from `startDate` (the ICPC date), de-registered on `endDate` if given. */
export function registration(
  registrationId: string,
  startDate: string,
  endDate?: string,
  extra: Partial<Registration> = {},
): Registration {
  return { registrationId, startDate, category: 'Neglect', ...(endDate === undefined ? {} : { endDate }), ...extra };
}

/** An ICPC that registered the child, with its outline plan circulated the same day. */
export function registeringIcpc(meetingId: string, heldOn: string, extra: Partial<HeldMeeting> = {}): HeldMeeting {
  return held('ICPC', meetingId, heldOn, {
    outcome: { decision: 'register', category: 'Neglect' },
    outlinePlanSentOn: heldOn,
    ...extra,
  });
}
