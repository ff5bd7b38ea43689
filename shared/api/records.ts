/**
 * Use cases on a child's records: care episodes, placement changes, strategy
 * discussions, registrations and meetings. Each checks what only the stored
 * file can tell (an end before its start, a second open episode, a
 * de-registration of a child not registered) and writes nothing when it
 * refuses.
 */
import { mayAttempt } from '#shared/domain/access';
import { CALENDAR_FIRST_DATE } from '#shared/domain/calendar/working-days';
import type {
  CalendarDate,
  CareEpisode,
  ChildRecords,
  Meeting,
  PlacementChange,
  Registration,
  StrategyDiscussion,
} from '#shared/domain/records';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { ApiResponse, RequestOf } from '#shared/http/types';
import { childFiles, type ChildFileDeps, type Decision, type WriteAccess } from '#shared/api/child-files';
import type { RecordWrite } from '#shared/store/ports';
import type { RecordCollection } from '#shared/domain/records';

/** An event date must be one the calendar counts from, and not in the future. */
function eventDate(field: string, date: CalendarDate, today: CalendarDate): void {
  if (date > today) throw ValidationError.of(field, 'is in the future');
  if (date < CALENDAR_FIRST_DATE) throw ValidationError.of(field, `is before ${CALENDAR_FIRST_DATE}, the first day the calendar counts`);
}

/** The registration open on a date, if any. */
function registrationOn(records: ChildRecords, date: CalendarDate): Registration | undefined {
  return records.registrations.find((r) => r.startDate <= date && (r.endDate === undefined || r.endDate > date));
}

function created<T>(collection: RecordCollection, record: T, idField: string, action: string): Decision {
  const id = String((record as Record<string, unknown>)[idField]);
  return {
    records: [{ collection, record } as RecordWrite],
    audit: {
      action,
      recordType: collection,
      recordId: id,
      changes: Object.entries(record as Record<string, unknown>)
        .filter(([field]) => field !== idField)
        .map(([field, to]) => ({ field, to })),
    },
    respond: () => ({ status: 201, body: record }),
  };
}

function changesBetween<T extends object>(before: T, after: T) {
  return Object.keys({ ...before, ...after })
    .filter((field) => JSON.stringify(before[field as keyof T]) !== JSON.stringify(after[field as keyof T]))
    .map((field) => ({ field, from: before[field as keyof T], to: after[field as keyof T] }));
}

const WRITE_RECORDS: WriteAccess = { action: 'writeRecords' };

/** The operations of the record routes. */
export function recordOperations(deps: ChildFileDeps) {
  const files = childFiles(deps);
  const find = <T>(list: readonly T[], idField: keyof T, id: string | undefined, what: string): T => {
    const found = list.find((record) => record[idField] === id);
    if (!found) throw new NotFoundError(`No ${what} with this id.`);
    return found;
  };

  return {
    async createCareEpisode(request: RequestOf<'createCareEpisode'>): Promise<ApiResponse> {
      const input = request.body;
      return files.change(request, WRITE_RECORDS, ({ records }, { today }) => {
        eventDate('startDate', input.startDate, today);
        if (records.careEpisodes.some((e) => e.endDate === undefined)) {
          throw ValidationError.of('startDate', 'the child already has an open care episode: end it first');
        }
        const overlapping = records.careEpisodes.find((e) => e.endDate !== undefined && e.endDate > input.startDate);
        if (overlapping) throw ValidationError.of('startDate', `is before the end (${overlapping.endDate}) of an earlier care episode`);
        const episode: CareEpisode = { episodeId: deps.newId(), ...input };
        return created('careEpisodes', episode, 'episodeId', 'care-episode.started');
      });
    },

    async endCareEpisode(request: RequestOf<'endCareEpisode'>): Promise<ApiResponse> {
      const input = request.body;
      return files.change(request, WRITE_RECORDS, ({ records }, { today }) => {
        const episode = find(records.careEpisodes, 'episodeId', request.params.episodeId, 'care episode');
        eventDate('endDate', input.endDate, today);
        if (input.endDate < episode.startDate) throw ValidationError.of('endDate', `is before the episode's start (${episode.startDate})`);
        const later = records.careEpisodes.find((e) => e.episodeId !== episode.episodeId && e.startDate >= episode.startDate && e.startDate < input.endDate);
        if (later) throw ValidationError.of('endDate', `is after the start (${later.startDate}) of a later care episode`);
        const ended: CareEpisode = { ...episode, endDate: input.endDate, ...(input.reason ? { endReason: input.reason } : {}) };
        return {
          records: [{ collection: 'careEpisodes', record: ended }],
          audit: { action: 'care-episode.ended', recordType: 'careEpisodes', recordId: episode.episodeId, changes: changesBetween(episode, ended) },
          respond: () => ({ status: 200, body: ended }),
        };
      });
    },

    async createPlacementChange(request: RequestOf<'createPlacementChange'>): Promise<ApiResponse> {
      const input = request.body;
      return files.change(request, WRITE_RECORDS, ({ records }, { today }) => {
        eventDate('date', input.date, today);
        const inCare = records.careEpisodes.some((e) => e.startDate <= input.date && (e.endDate === undefined || e.endDate >= input.date));
        if (!inCare) throw ValidationError.of('date', 'the child was not looked after on this date');
        const change: PlacementChange = { placementChangeId: deps.newId(), ...input };
        return created('placementChanges', change, 'placementChangeId', 'placement-change.recorded');
      });
    },

    async createStrategyDiscussion(request: RequestOf<'createStrategyDiscussion'>): Promise<ApiResponse> {
      const input = request.body;
      return files.change(request, WRITE_RECORDS, (_file, { today }) => {
        eventDate('date', input.date, today);
        const discussion: StrategyDiscussion = { strategyDiscussionId: deps.newId(), ...input };
        return created('strategyDiscussions', discussion, 'strategyDiscussionId', 'strategy-discussion.recorded');
      });
    },

    async createRegistration(request: RequestOf<'createRegistration'>): Promise<ApiResponse> {
      const input = request.body;
      return files.change(request, WRITE_RECORDS, ({ records }, { today }) => {
        eventDate('startDate', input.startDate, today);
        if (records.registrations.some((r) => r.endDate === undefined)) {
          throw ValidationError.of('startDate', 'the child is already on the register: de-register first');
        }
        const overlapping = records.registrations.find((r) => r.endDate !== undefined && r.endDate > input.startDate);
        if (overlapping) throw ValidationError.of('startDate', `is before the end (${overlapping.endDate}) of an earlier registration`);
        const registration: Registration = { registrationId: deps.newId(), ...input };
        return created('registrations', registration, 'registrationId', 'registration.started');
      });
    },

    async endRegistration(request: RequestOf<'endRegistration'>): Promise<ApiResponse> {
      const input = request.body;
      return files.change(request, WRITE_RECORDS, ({ records }, { today }) => {
        const registration = find(records.registrations, 'registrationId', request.params.registrationId, 'registration');
        if (registration.endDate !== undefined) throw ValidationError.of('endDate', 'the child is not registered: this registration has ended');
        eventDate('endDate', input.endDate, today);
        if (input.endDate < registration.startDate) {
          throw ValidationError.of('endDate', `is before the registration's start (${registration.startDate})`);
        }
        const later = records.registrations.find(
          (r) => r.registrationId !== registration.registrationId && r.startDate >= registration.startDate && r.startDate < input.endDate,
        );
        if (later) throw ValidationError.of('endDate', `is after the start (${later.startDate}) of a later registration`);
        const ended: Registration = { ...registration, endDate: input.endDate };
        return {
          records: [{ collection: 'registrations', record: ended }],
          audit: { action: 'registration.ended', recordType: 'registrations', recordId: registration.registrationId, changes: changesBetween(registration, ended) },
          respond: () => ({ status: 200, body: ended }),
        };
      });
    },

    async createMeeting(request: RequestOf<'createMeeting'>): Promise<ApiResponse> {
      const input = request.body;
      const { outcome } = input;
      if ((input.type === 'ICPC' || input.type === 'RCPC') && !outcome) {
        throw ValidationError.of('outcome', `is required for an ${input.type}: what the conference decided`);
      }
      if (outcome) {
        const allowed = input.type === 'ICPC' ? ['register', 'do-not-register'] : input.type === 'RCPC' ? ['continue', 'deregister'] : [];
        if (!allowed.includes(outcome.decision)) {
          throw ValidationError.of('outcome.decision', allowed.length ? `must be ${allowed.join(' or ')} for an ${input.type}` : `is not recorded for a ${input.type}`);
        }
      }
      if (input.advocacyProvided && !input.advocacyOffered) {
        throw ValidationError.of('advocacyProvided', 'an advocate can only be provided after an active offer (advocacyOffered)');
      }
      return files.change(request, WRITE_RECORDS, ({ records }, { today }) => {
        eventDate('heldOn', input.heldOn, today);
        const meeting: Meeting = { meetingId: deps.newId(), status: 'held', ...input };
        const writes: RecordWrite[] = [{ collection: 'meetings', record: meeting }];
        const open = registrationOn(records, input.heldOn);
        if (outcome?.decision === 'register') {
          if (open || records.registrations.some((r) => r.startDate > input.heldOn)) {
            throw ValidationError.of('outcome.decision', 'the child is already on the register on heldOn');
          }
          writes.push({
            collection: 'registrations',
            record: { registrationId: deps.newId(), startDate: input.heldOn, category: outcome.category, registeredAtMeetingId: meeting.meetingId },
          });
        }
        if (input.type === 'RCPC' && !open) throw ValidationError.of('heldOn', 'the child is not on the register on this date');
        if (outcome?.decision === 'deregister' && open) {
          if (input.heldOn === open.startDate) throw ValidationError.of('heldOn', 'is the day the child was registered');
          writes.push({ collection: 'registrations', record: { ...open, endDate: input.heldOn, deregisteredAtMeetingId: meeting.meetingId } });
        }
        return {
          records: writes,
          audit: {
            action: 'meeting.recorded',
            recordType: 'meetings',
            recordId: meeting.meetingId,
            changes: Object.entries(input).map(([field, to]) => ({ field, to })),
          },
          respond: () => ({ status: 201, body: meeting }),
        };
      });
    },

    async patchMeeting(request: RequestOf<'patchMeeting'>): Promise<ApiResponse> {
      const patch = request.body;
      const fields = Object.keys(patch).filter((field) => patch[field as keyof typeof patch] !== undefined);
      if (!mayAttempt(request.caller, 'changeMeeting', fields)) {
        throw new ForbiddenError(`Your role may not record ${fields.join(', ')} on a meeting.`);
      }
      if (patch.status === 'cancelled' && !patch.reason) throw ValidationError.of('reason', 'is required to cancel a meeting');
      if (patch.reason !== undefined && patch.status !== 'cancelled') throw ValidationError.of('reason', 'goes with status: cancelled');
      return files.change(
        request,
        { action: 'changeMeeting', fields },
        ({ records }, { today }) => {
          const meeting = find(records.meetings, 'meetingId', request.params.meetingId, 'meeting');
          const next: Meeting = { ...meeting };
          if (patch.heldOn !== undefined) {
            eventDate('heldOn', patch.heldOn, today);
            next.heldOn = patch.heldOn;
          }
          for (const field of ['chairEmail', 'childParticipated', 'advocacyOffered', 'advocacyProvided', 'qaAuditCompleted'] as const) {
            if (patch[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = patch[field];
          }
          const changesRegister = records.registrations.some(
            (r) => r.registeredAtMeetingId === meeting.meetingId || r.deregisteredAtMeetingId === meeting.meetingId,
          );
          if (changesRegister && (patch.status === 'cancelled' || (patch.heldOn !== undefined && patch.heldOn !== meeting.heldOn))) {
            throw ValidationError.of(patch.status ? 'status' : 'heldOn', 'this conference changed the register: correct the registration instead');
          }
          if (patch.status === 'cancelled') {
            if (meeting.status === 'cancelled') throw ValidationError.of('status', 'the meeting is already cancelled');
            next.status = 'cancelled';
            next.cancellationReason = patch.reason!;
          }
          if (patch.recommendationsSentOn !== undefined || patch.managerRespondedOn !== undefined) {
            if (meeting.type !== 'CER') throw ValidationError.of(patch.recommendationsSentOn !== undefined ? 'recommendationsSentOn' : 'managerRespondedOn', 'is recorded on a CER only');
          }
          if (patch.recommendationsSentOn !== undefined) {
            eventDate('recommendationsSentOn', patch.recommendationsSentOn, today);
            if (patch.recommendationsSentOn < next.heldOn) throw ValidationError.of('recommendationsSentOn', 'is before the CER was held');
            next.recommendationsSentOn = patch.recommendationsSentOn;
          }
          if (patch.managerRespondedOn !== undefined) {
            eventDate('managerRespondedOn', patch.managerRespondedOn, today);
            if (!next.recommendationsSentOn) throw ValidationError.of('managerRespondedOn', 'the recommendations have not been sent yet');
            if (patch.managerRespondedOn < next.recommendationsSentOn) {
              throw ValidationError.of('managerRespondedOn', 'is before the recommendations were sent');
            }
            next.managerRespondedOn = patch.managerRespondedOn;
          }
          if (patch.outlinePlanSentOn !== undefined) {
            if (meeting.type !== 'ICPC') throw ValidationError.of('outlinePlanSentOn', 'is recorded on an ICPC only');
            eventDate('outlinePlanSentOn', patch.outlinePlanSentOn, today);
            if (patch.outlinePlanSentOn < next.heldOn) throw ValidationError.of('outlinePlanSentOn', 'is before the ICPC was held');
            next.outlinePlanSentOn = patch.outlinePlanSentOn;
          }
          if (next.advocacyProvided && !next.advocacyOffered) {
            throw ValidationError.of('advocacyProvided', 'an advocate can only be provided after an active offer (advocacyOffered)');
          }
          return {
            records: [{ collection: 'meetings', record: next }],
            audit: {
              action: patch.status === 'cancelled' ? 'meeting.cancelled' : 'meeting.updated',
              recordType: 'meetings',
              recordId: meeting.meetingId,
              changes: changesBetween(meeting, next),
            },
            respond: () => ({ status: 200, body: next }),
          };
        },
      );
    },
  };
}
