/**
 * What a child protection conference does to the register, the one rule the
 * API and the import both follow: an ICPC (or transfer-in conference) that
 * registers starts a registration that day; an RCPC that de-registers ends
 * the one open; an RCPC that continues under another category changes it
 * from that day. Pure.
 */
import type { FieldProblem } from '#shared/errors';
import { registrationOn } from '#shared/domain/record-rules';
import type { CategoryChange, ChildRecords, ConferenceOutcome, HeldMeeting, MeetingType, Registration } from '#shared/domain/records';

/** The decisions each type of conference records; any other meeting records none. */
export const CONFERENCE_DECISIONS: Partial<Record<MeetingType, readonly ConferenceOutcome['decision'][]>> = {
  ICPC: ['register', 'do-not-register'],
  TRANSFER_IN: ['register', 'do-not-register'],
  RCPC: ['continue', 'deregister'],
};

/** Whether a held meeting's outcome is one its type records: required of a conference, refused on any other meeting. */
export function outcomeProblems(type: MeetingType, outcome: Pick<ConferenceOutcome, 'decision'> | undefined): FieldProblem[] {
  const allowed = CONFERENCE_DECISIONS[type] ?? [];
  if (allowed.length > 0 && !outcome) return [{ field: 'outcome', reason: `is required for an ${type}: what the conference decided` }];
  if (outcome && !allowed.includes(outcome.decision)) {
    return [{ field: 'outcome.decision', reason: allowed.length ? `must be ${allowed.join(' or ')} for an ${type}` : `is not recorded for a ${type}` }];
  }
  return [];
}

/**
 * The registrations a held conference starts or changes, each as it is to be
 * written, or the problem that stops it (the child already registered, or not
 * registered for an RCPC).
 *
 * @param newId The id of a registration it starts.
 */
export function registerChangesOf(meeting: HeldMeeting, records: ChildRecords, newId: () => string): { registrations: Registration[] } | { problem: FieldProblem } {
  const registrations: Registration[] = [];
  const open = registrationOn(records.registrations, meeting.heldOn);
  if (meeting.outcome?.decision === 'register') {
    if (open || records.registrations.some((r) => r.startDate > meeting.heldOn)) {
      return { problem: { field: 'outcome.decision', reason: 'the child is already on the register on heldOn' } };
    }
    registrations.push({ registrationId: newId(), startDate: meeting.heldOn, category: meeting.outcome.category, registeredAtMeetingId: meeting.meetingId });
  }
  if (meeting.type === 'RCPC' && !open) return { problem: { field: 'heldOn', reason: 'the child is not on the register on this date' } };
  if (meeting.outcome?.decision === 'deregister' && open) {
    if (meeting.heldOn === open.startDate) return { problem: { field: 'heldOn', reason: 'is the day the child was registered' } };
    registrations.push({ ...open, endDate: meeting.heldOn, deregisteredAtMeetingId: meeting.meetingId });
  }
  if (meeting.outcome?.decision === 'continue' && meeting.outcome.category !== undefined && open) {
    const change: CategoryChange = { from: meeting.heldOn, category: meeting.outcome.category, atMeetingId: meeting.meetingId };
    registrations.push({ ...open, categoryChanges: [...(open.categoryChanges ?? []), change] });
  }
  return { registrations };
}
