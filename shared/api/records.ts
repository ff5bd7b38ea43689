/**
 * Use cases on a child's records: care episodes, placement changes, strategy
 * discussions, registrations, transfer-ins, case disputes and meetings, each made, corrected
 * or removed as entered in error. A record made or corrected is held to the
 * same rules (`shared/domain/record-rules.ts`) against the rest of the file;
 * a refusal writes nothing. A removed record counts for nothing from then on,
 * and the audit trail keeps the whole of it, with who removed it and why.
 */
import { namesChild, type LateBookingNotice } from '#shared/domain/digest';
import {
  abuseTypesOf,
  categoryOf,
  initialsOf,
  type AbuseType,
  type CalendarDate,
  type CareEpisode,
  type BookedMeeting,
  type CancelledMeeting,
  type CategoryChange,
  type ChildRecords,
  type ConferenceOutcome,
  type Dispute,
  type HeldMeeting,
  type Meeting,
  type MeetingType,
  type PlacementChange,
  type RecordCollection,
  type Registration,
  type StrategyDiscussion,
  type TransferIn,
} from '#shared/domain/records';
import { RULES, duplicateOf, type RuleContext } from '#shared/domain/record-rules';
import { outcomeProblems, registerChangesOf as registerChanges } from '#shared/domain/register-changes';
import { mayAttempt } from '#shared/domain/access';
import { checkBooking, timescaleMetBy, type BookingCheck } from '#shared/domain/timescales/bookings';
import { openTimescales } from '#shared/domain/timescales/engine';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '#shared/errors';
import type { ApiRequest, ApiResponse, RequestOf } from '#shared/http/types';
import { childFiles, type ChildFileDeps, type Decision, type WriteAccess } from '#shared/api/child-files';
import type { ChildFile, LateBookingNoticeKey, RecordWrite, StoredChild } from '#shared/store/ports';
import { RECORD_KINDS } from '#shared/store/table-design';

/** Each collection as the audit trail and a client's messages name it, and the rules its records are held to. */
const KINDS: { [C in RecordCollection]: { word: string; what: string } } = {
  careEpisodes: { word: 'care-episode', what: 'care episode' },
  placementChanges: { word: 'placement-change', what: 'placement change' },
  strategyDiscussions: { word: 'strategy-discussion', what: 'strategy discussion' },
  registrations: { word: 'registration', what: 'registration' },
  meetings: { word: 'meeting', what: 'meeting' },
  transferIns: { word: 'transfer-in', what: 'transfer-in' },
  disputes: { word: 'dispute', what: 'case dispute' },
};

/** A request about one child's records. */
type ChildRequest = ApiRequest<{ params: { childId: string }; query: unknown; body: unknown }>;

const WRITE_RECORDS: WriteAccess = { action: 'writeRecords' };
const CORRECT_RECORDS: WriteAccess = { action: 'correctRecords' };
const REMOVE_RECORDS: WriteAccess = { action: 'removeRecords' };

type Record_<C extends RecordCollection> = ChildRecords[C][number];

const idOf = <C extends RecordCollection>(collection: C, record: Record_<C>): string =>
  String((record as unknown as Record<string, unknown>)[RECORD_KINDS[collection].idField]);

/** The file's records without the ones given (by collection and id): what a record is checked against. */
function without(records: ChildRecords, ...excluded: { collection: RecordCollection; id: string }[]): ChildRecords {
  const others = { ...records } as { -readonly [C in RecordCollection]: Record_<C>[] };
  for (const { collection, id } of excluded) {
    (others[collection] as Record_<RecordCollection>[]) = (others[collection] as Record_<RecordCollection>[]).filter((record) => idOf(collection, record) !== id);
  }
  return others;
}

/** Refuses the record (a 400 naming each field at fault) unless it keeps its kind's rules against the rest of the file. */
function check<C extends RecordCollection>(collection: C, record: Record_<C>, file: ChildFile, today: CalendarDate, ...alsoChanging: { collection: RecordCollection; id: string }[]): void {
  const context: RuleContext = { today, child: file.child, others: without(file.records, { collection, id: idOf(collection, record) }, ...alsoChanging) };
  const problems = (RULES[collection] as (r: Record_<C>, c: RuleContext) => FieldProblem[])(record, context);
  if (problems.length > 0) throw new ValidationError(problems);
}

/** The fields that differ between two versions of a record, old and new. */
function changesBetween<T extends object>(before: T, after: T) {
  return Object.keys({ ...before, ...after })
    .filter((field) => JSON.stringify(before[field as keyof T]) !== JSON.stringify(after[field as keyof T]))
    .map((field) => ({ field, from: before[field as keyof T], to: after[field as keyof T] }));
}

/** A new record, and its audit entry. */
function created<C extends RecordCollection>(collection: C, record: Record_<C>, action = 'recorded'): Decision {
  const id = idOf(collection, record);
  const idField = RECORD_KINDS[collection].idField;
  return {
    records: [{ collection, record } as RecordWrite],
    audit: {
      action: `${KINDS[collection].word}.${action}`,
      recordType: collection,
      recordId: id,
      changes: Object.entries(record).filter(([field]) => field !== idField).map(([field, to]) => ({ field, to })),
    },
    respond: () => ({ status: 201, body: record }),
  };
}

/** A corrected record, and its audit entry. */
function corrected<C extends RecordCollection>(collection: C, before: Record_<C>, after: Record_<C>, action = 'corrected'): Decision {
  return {
    records: [{ collection, record: after } as RecordWrite],
    audit: { action: `${KINDS[collection].word}.${action}`, recordType: collection, recordId: idOf(collection, after), changes: changesBetween(before, after) },
    respond: () => ({ status: 200, body: after }),
  };
}

/** A record removed as entered in error: the audit keeps the whole of it, and the reason. */
function removed<C extends RecordCollection>(collection: C, record: Record_<C>, reason: string, extra: Pick<Decision, 'records' | 'removals'> = { records: [] }): Decision {
  const id = idOf(collection, record);
  return {
    records: extra.records,
    removals: [{ collection, recordId: id }, ...(extra.removals ?? [])],
    audit: {
      action: `${KINDS[collection].word}.removed`,
      recordType: collection,
      recordId: id,
      changes: Object.entries(record).map(([field, from]) => ({ field, from })),
      reason,
    },
    respond: () => ({ status: 200, body: record }),
  };
}

/** The category a request names, by Chart 4's name or by the kinds of abuse: the register's own name for it. */
function categoryFrom(input: { category?: string | undefined; abuseTypes?: readonly AbuseType[] | undefined }): string | undefined {
  if (input.abuseTypes !== undefined) return categoryOf(input.abuseTypes);
  return input.category === undefined ? undefined : categoryOf(abuseTypesOf(input.category));
}

/** What a conference decided, its category (given by name or by kinds of abuse) in the register's own words. */
function conferenceOutcomeOf(outcome: { decision: ConferenceOutcome['decision']; category?: string | undefined; abuseTypes?: readonly AbuseType[] | undefined }): ConferenceOutcome {
  const category = categoryFrom(outcome);
  if (outcome.decision === 'register') return { decision: 'register', category: category! };
  if (outcome.decision === 'continue') return category === undefined ? { decision: 'continue' } : { decision: 'continue', category };
  return { decision: outcome.decision };
}

/** A meeting held on the same day as another of its type is one recorded twice: 409, naming the first. */
function refuseDuplicate(meeting: Meeting, others: readonly Meeting[]): void {
  const first = duplicateOf(meeting, others.filter((other) => other.meetingId !== meeting.meetingId));
  if (first) {
    throw new ConflictError([{ field: 'heldOn', reason: `a ${first.type} held on ${first.heldOn} is already recorded: meeting ${first.meetingId}` }], {
      message: 'This meeting is already recorded.',
    });
  }
}

/** What a held meeting must say of who took part. */
const HELD_FLAGS = ['childParticipated', 'advocacyOffered', 'advocacyProvided', 'qaAuditCompleted'] as const;

/** A PATCH of a meeting, as validated. */
type MeetingPatch = Partial<RequestOf<'patchMeeting'>['body']>;

/** Where the notice is that a booked meeting filed when it was booked (or moved) late, if it did. */
function noticeKeyOf(childId: string, meeting: Meeting): LateBookingNoticeKey | undefined {
  return meeting.status === 'booked' && meeting.lateReason !== undefined && meeting.bookedOn !== undefined
    ? { bookedOn: meeting.bookedOn, childId, meetingId: meeting.meetingId }
    : undefined;
}

/**
 * What a booking made, moved or corrected does to the late-booking notices
 * (for the nightly digest): a booking late now is noticed under the day it
 * was made or last moved; the notice of the booking as it was, if any, is
 * withdrawn (unless it is the same one, rewritten).
 */
function noticesOf(child: StoredChild, before: BookedMeeting | undefined, after: BookedMeeting, booking: BookingCheck, today: CalendarDate): Pick<Decision, 'notices' | 'withdrawnNotices'> {
  const earlier = before && noticeKeyOf(child.childId, before);
  const notice: LateBookingNotice | undefined =
    booking.withinTimescale || booking.dueDate === null || after.lateReason === undefined
      ? undefined
      : {
          childId: child.childId,
          reference: child.reference,
          initials: initialsOf(child),
          iroEmail: child.iroEmail,
          teamManagerEmail: child.teamManagerEmail,
          meetingId: after.meetingId,
          kind: after.type,
          dueDate: booking.dueDate,
          bookedFor: after.bookedFor,
          lateReason: after.lateReason,
          bookedOn: after.bookedOn ?? today,
        };
  return { ...(notice ? { notices: [notice] } : {}), ...(earlier ? { withdrawnNotices: [earlier] } : {}) };
}

/** A held meeting's outcome, as the register words it: required of a conference, one of its type's decisions, refused on any other meeting. */
function outcomeFor(type: MeetingType, outcome: RequestOf<'patchMeeting'>['body']['outcome']): ConferenceOutcome | undefined {
  const problems = outcomeProblems(type, outcome);
  if (problems.length > 0) throw new ValidationError(problems);
  return outcome === undefined ? undefined : conferenceOutcomeOf(outcome);
}

/** The operations of the record routes. */
export function recordOperations(deps: ChildFileDeps) {
  const files = childFiles(deps);
  const find = <C extends RecordCollection>(records: ChildRecords, collection: C, id: string): Record_<C> => {
    const found = (records[collection] as readonly Record_<C>[]).find((record) => idOf(collection, record) === id);
    if (!found) throw new NotFoundError(`No ${KINDS[collection].what} with this id.`);
    return found;
  };
  const definedOnly = <T extends object>(value: T): Partial<T> =>
    Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;

  /** A correction of one record: the same rules as when it was made. */
  const correct = <C extends RecordCollection>(request: ChildRequest, collection: C, id: string, change: (record: Record_<C>) => Record_<C>) =>
    files.change(request, CORRECT_RECORDS, (file, { today }) => {
      const before = find(file.records, collection, id);
      const after = change(before);
      check(collection, after, file, today);
      return corrected(collection, before, after);
    });

  /** A removal of a record that carries nothing with it. */
  const remove = <C extends RecordCollection>(request: ChildRequest & { body: { reason: string } }, collection: C, id: string) =>
    files.change(request, REMOVE_RECORDS, (file) => removed(collection, find(file.records, collection, id), request.body.reason));

  /** A meeting made or corrected: its rules, and no second record of one meeting. */
  function checkMeeting(meeting: Meeting, file: ChildFile, today: CalendarDate): void {
    check('meetings', meeting, file, today);
    refuseDuplicate(meeting, file.records.meetings);
  }

  /**
   * What a booking is checked against: the open timescale of its type today, before the booking (which satisfies
   * nothing). A late reason goes in the nightly email, so it may not name the child or give their date of birth.
   */
  function bookingOf(meeting: BookedMeeting, child: StoredChild, records: ChildRecords, today: CalendarDate): BookingCheck {
    const booking = checkBooking(timescaleMetBy(meeting.type, openTimescales(records, deps.policy, today)), meeting.bookedFor);
    if (!booking.withinTimescale && meeting.lateReason === undefined) {
      const late = -booking.workingDaysToSpare!;
      throw new ConflictError(
        [{ field: 'bookedFor', reason: `is ${late} working day${late === 1 ? '' : 's'} after the ${meeting.type}'s due date, ${booking.dueDate}: book it by then, or say why in lateReason` }],
        { message: `This booking is after the due date (${booking.dueDate}).` },
      );
    }
    if (booking.withinTimescale && meeting.lateReason !== undefined) {
      throw ValidationError.of('lateReason', `goes with a booking after the due date; this one is in time${booking.dueDate === null ? '' : ` (due ${booking.dueDate})`}`);
    }
    if (meeting.lateReason !== undefined && namesChild(meeting.lateReason, child)) {
      throw ValidationError.of('lateReason', 'names the child or gives their date of birth: it goes in the nightly email, which names a child by case reference and initials only');
    }
    return booking;
  }

  /** What recording a held conference does to the register (shared/domain/register-changes.ts): registers, de-registers, or changes the category from that day. */
  function registerChangesOf(meeting: HeldMeeting, records: ChildRecords): RecordWrite[] {
    const changes = registerChanges(meeting, records, deps.newId);
    if ('problem' in changes) throw new ValidationError([changes.problem]);
    return changes.registrations.map((record) => ({ collection: 'registrations', record }));
  }

  /** A booking moved, recorded as held (with what it did to the register) or cancelled. */
  function changeBooking(before: BookedMeeting, patch: MeetingPatch, file: ChildFile, today: CalendarDate): Decision {
    const { status, reason, bookedFor, lateReason, chairEmail, heldOn, outcome: asGiven, ...facts } = patch;
    const kept = { meetingId: before.meetingId, type: before.type, bookedFor: before.bookedFor, ...definedOnly({ bookedOn: before.bookedOn, lateReason: before.lateReason, chairEmail: chairEmail ?? before.chairEmail }) };
    if (status === 'held') {
      if (bookedFor !== undefined || lateReason !== undefined) throw ValidationError.of(bookedFor !== undefined ? 'bookedFor' : 'lateReason', 'goes with a booking, not with recording it as held');
      const missing = HELD_FLAGS.filter((flag) => facts[flag] === undefined);
      if (missing.length > 0) throw new ValidationError(missing.map((field) => ({ field, reason: 'is required to record the meeting as held' })));
      const outcome = outcomeFor(before.type, asGiven);
      const held: HeldMeeting = {
        ...kept,
        ...(facts as Required<Pick<MeetingPatch, (typeof HELD_FLAGS)[number]>> & typeof facts),
        status: 'held',
        heldOn: heldOn ?? before.bookedFor,
        ...(outcome ? { outcome } : {}),
      };
      checkMeeting(held, file, today);
      const decision = corrected('meetings', before, held, 'held');
      return { ...decision, records: [...decision.records, ...registerChangesOf(held, without(file.records, { collection: 'meetings', id: before.meetingId }))] };
    }
    const recordedOnlyWhenHeld = [...Object.keys(facts), ...(heldOn === undefined ? [] : ['heldOn']), ...(asGiven === undefined ? [] : ['outcome'])];
    if (recordedOnlyWhenHeld.length > 0) {
      throw new ValidationError(recordedOnlyWhenHeld.map((field) => ({ field, reason: 'is recorded when the meeting is held: send it with status: held' })));
    }
    if (status === 'cancelled') {
      if (bookedFor !== undefined || lateReason !== undefined) throw ValidationError.of(bookedFor !== undefined ? 'bookedFor' : 'lateReason', 'goes with a booking, not with cancelling it');
      const cancelled: CancelledMeeting = { ...kept, status: 'cancelled', heldOn: before.bookedFor, cancellationReason: reason! };
      const earlier = noticeKeyOf(file.child.childId, before);
      return { ...corrected('meetings', before, cancelled, 'cancelled'), ...(earlier ? { withdrawnNotices: [earlier] } : {}) };
    }
    // Moved (or its reason or chair corrected): checked again, as a new booking would be.
    const { lateReason: _earlierReason, ...rest } = kept;
    const moved: BookedMeeting = {
      ...rest,
      status: 'booked',
      bookedFor: bookedFor ?? before.bookedFor,
      bookedOn: bookedFor === undefined ? (before.bookedOn ?? today) : today,
      ...definedOnly({ lateReason: lateReason ?? (bookedFor === undefined ? before.lateReason : undefined) }),
    };
    check('meetings', moved, file, today);
    const booking = bookingOf(moved, file.child, without(file.records, { collection: 'meetings', id: before.meetingId }), today);
    const decision = corrected('meetings', before, moved, bookedFor === undefined ? 'corrected' : booking.withinTimescale ? 'booking-moved' : 'booking-moved-late');
    return { ...decision, ...noticesOf(file.child, before, moved, booking, today), respond: () => ({ status: 200, body: { ...moved, booking } }) };
  }

  /** A correction of a held or cancelled meeting, or its cancellation. */
  function correctMeeting(before: HeldMeeting | CancelledMeeting, patch: MeetingPatch, file: ChildFile, today: CalendarDate): Decision {
    const { status, reason, bookedFor, lateReason, outcome, ...corrections } = patch;
    if (bookedFor !== undefined || lateReason !== undefined) throw ValidationError.of(bookedFor !== undefined ? 'bookedFor' : 'lateReason', `the meeting is ${before.status}, not booked`);
    if (status === 'held') throw ValidationError.of('status', before.status === 'held' ? 'the meeting is already held' : 'a cancelled meeting cannot be held: record the meeting held');
    if (outcome !== undefined) throw ValidationError.of('outcome', "is recorded with the conference: remove it as entered in error and record it again to change what it decided");
    const changesRegister = file.records.registrations.some((r) => r.registeredAtMeetingId === before.meetingId || r.deregisteredAtMeetingId === before.meetingId);
    if (changesRegister && (status === 'cancelled' || (patch.heldOn !== undefined && patch.heldOn !== before.heldOn))) {
      throw ValidationError.of(status ? 'status' : 'heldOn', 'this conference changed the register: remove it as entered in error and record it again');
    }
    let after: HeldMeeting | CancelledMeeting = { ...before, ...corrections };
    if (status === 'cancelled') {
      if (before.status === 'cancelled') throw ValidationError.of('status', 'the meeting is already cancelled');
      after = { ...after, status: 'cancelled', cancellationReason: reason! };
    }
    checkMeeting(after, file, today);
    return corrected('meetings', before, after, status === 'cancelled' ? 'cancelled' : 'updated');
  }

  return {
    async createCareEpisode(request: RequestOf<'createCareEpisode'>): Promise<ApiResponse> {
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const episode: CareEpisode = { episodeId: deps.newId(), ...request.body };
        check('careEpisodes', episode, file, today);
        return created('careEpisodes', episode, 'started');
      });
    },

    async patchCareEpisode(request: RequestOf<'patchCareEpisode'>): Promise<ApiResponse> {
      const { reason, ...fields } = request.body;
      return files.change(request, CORRECT_RECORDS, (file, { today }) => {
        const before = find(file.records, 'careEpisodes', request.params.episodeId);
        const after: CareEpisode = { ...before, ...definedOnly(fields), ...(reason === undefined ? {} : { endReason: reason }) };
        check('careEpisodes', after, file, today);
        const ending = before.endDate === undefined && after.endDate !== undefined && fields.startDate === undefined && fields.legalStatus === undefined;
        return corrected('careEpisodes', before, after, ending ? 'ended' : 'corrected');
      });
    },

    async removeCareEpisode(request: RequestOf<'removeCareEpisode'>): Promise<ApiResponse> {
      return remove(request, 'careEpisodes', request.params.episodeId);
    },

    async createPlacementChange(request: RequestOf<'createPlacementChange'>): Promise<ApiResponse> {
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const change: PlacementChange = { placementChangeId: deps.newId(), ...request.body };
        check('placementChanges', change, file, today);
        return created('placementChanges', change);
      });
    },

    async patchPlacementChange(request: RequestOf<'patchPlacementChange'>): Promise<ApiResponse> {
      return correct(request, 'placementChanges', request.params.placementChangeId, (change) => ({ ...change, ...definedOnly(request.body) }));
    },

    async removePlacementChange(request: RequestOf<'removePlacementChange'>): Promise<ApiResponse> {
      return remove(request, 'placementChanges', request.params.placementChangeId);
    },

    async createStrategyDiscussion(request: RequestOf<'createStrategyDiscussion'>): Promise<ApiResponse> {
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const discussion: StrategyDiscussion = { strategyDiscussionId: deps.newId(), date: request.body.date, section47: request.body.section47 ?? true };
        check('strategyDiscussions', discussion, file, today);
        return created('strategyDiscussions', discussion);
      });
    },

    async patchStrategyDiscussion(request: RequestOf<'patchStrategyDiscussion'>): Promise<ApiResponse> {
      return files.change(request, CORRECT_RECORDS, (file, { today }) => {
        const before = find(file.records, 'strategyDiscussions', request.params.strategyDiscussionId);
        const after: StrategyDiscussion = { ...before, ...definedOnly(request.body) };
        check('strategyDiscussions', after, file, today);
        const determined = request.body.s47Determination !== undefined && before.s47Determination === undefined;
        return corrected('strategyDiscussions', before, after, determined ? 'determined' : 'corrected');
      });
    },

    async removeStrategyDiscussion(request: RequestOf<'removeStrategyDiscussion'>): Promise<ApiResponse> {
      return remove(request, 'strategyDiscussions', request.params.strategyDiscussionId);
    },

    async createRegistration(request: RequestOf<'createRegistration'>): Promise<ApiResponse> {
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const registration: Registration = { registrationId: deps.newId(), startDate: request.body.startDate, category: categoryFrom(request.body)! };
        check('registrations', registration, file, today);
        return created('registrations', registration, 'started');
      });
    },

    async patchRegistration(request: RequestOf<'patchRegistration'>): Promise<ApiResponse> {
      const { startDate, endDate, categoryFrom: from } = request.body;
      const category = categoryFrom(request.body);
      return files.change(request, CORRECT_RECORDS, (file, { today }) => {
        const before = find(file.records, 'registrations', request.params.registrationId);
        const after: Registration = { ...before, ...definedOnly({ startDate, endDate }) };
        if (category !== undefined && from === undefined) after.category = category;
        if (category !== undefined && from !== undefined) {
          const change: CategoryChange = { from, category };
          after.categoryChanges = [...(before.categoryChanges ?? []).filter((existing) => existing.from !== from), change].sort((a, b) => a.from.localeCompare(b.from));
        }
        if (startDate !== undefined && startDate !== before.startDate && before.registeredAtMeetingId !== undefined) {
          throw ValidationError.of('startDate', 'is the day of the conference that registered the child: remove that meeting as entered in error and record it again');
        }
        if (endDate !== undefined && endDate !== before.endDate && before.deregisteredAtMeetingId !== undefined) {
          throw ValidationError.of('endDate', 'is the day of the RCPC that de-registered the child: remove that meeting as entered in error and record it again');
        }
        check('registrations', after, file, today);
        const ending = before.endDate === undefined && endDate !== undefined && startDate === undefined && category === undefined;
        return corrected('registrations', before, after, ending ? 'ended' : category !== undefined && from !== undefined ? 'category-changed' : 'corrected');
      });
    },

    async removeRegistration(request: RequestOf<'removeRegistration'>): Promise<ApiResponse> {
      return files.change(request, REMOVE_RECORDS, (file) => {
        const registration = find(file.records, 'registrations', request.params.registrationId);
        if (registration.registeredAtMeetingId !== undefined) {
          throw ValidationError.of('registrationId', 'was made by a conference recorded here: remove that meeting instead');
        }
        return removed('registrations', registration, request.body.reason);
      });
    },

    async createTransferIn(request: RequestOf<'createTransferIn'>): Promise<ApiResponse> {
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const transferIn: TransferIn = { transferInId: deps.newId(), ...request.body };
        check('transferIns', transferIn, file, today);
        return created('transferIns', transferIn);
      });
    },

    async patchTransferIn(request: RequestOf<'patchTransferIn'>): Promise<ApiResponse> {
      return correct(request, 'transferIns', request.params.transferInId, (transferIn) => ({ ...transferIn, ...request.body }));
    },

    async removeTransferIn(request: RequestOf<'removeTransferIn'>): Promise<ApiResponse> {
      return remove(request, 'transferIns', request.params.transferInId);
    },

    async createDispute(request: RequestOf<'createDispute'>): Promise<ApiResponse> {
      const { legalAdviceSought, cafcassReferral, ...fields } = request.body;
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const dispute: Dispute = { disputeId: deps.newId(), ...fields, legalAdviceSought: legalAdviceSought ?? false, cafcassReferral: cafcassReferral ?? false };
        check('disputes', dispute, file, today);
        return created('disputes', dispute);
      });
    },

    async patchDispute(request: RequestOf<'patchDispute'>): Promise<ApiResponse> {
      return files.change(request, CORRECT_RECORDS, (file, { today }) => {
        const before = find(file.records, 'disputes', request.params.disputeId);
        const after: Dispute = { ...before, ...definedOnly(request.body) };
        check('disputes', after, file, today);
        const resolving = before.resolvedOn === undefined && after.resolvedOn !== undefined;
        return corrected('disputes', before, after, resolving ? 'resolved' : 'corrected');
      });
    },

    async removeDispute(request: RequestOf<'removeDispute'>): Promise<ApiResponse> {
      return remove(request, 'disputes', request.params.disputeId);
    },

    async createMeeting(request: RequestOf<'createMeeting'>): Promise<ApiResponse> {
      const input = request.body;
      if (input.status === 'booked') {
        return files.change(request, WRITE_RECORDS, (file, { today }) => {
          const { lateReason, chairEmail } = input;
          const meeting: BookedMeeting = { meetingId: deps.newId(), type: input.type, status: 'booked', bookedFor: input.bookedFor, bookedOn: today, ...definedOnly({ chairEmail, lateReason }) };
          check('meetings', meeting, file, today);
          const booking = bookingOf(meeting, file.child, file.records, today);
          const decision = created('meetings', meeting, booking.withinTimescale ? 'booked' : 'booked-late');
          return { ...decision, ...noticesOf(file.child, undefined, meeting, booking, today), respond: () => ({ status: 201, body: { ...meeting, booking } }) };
        });
      }
      const { status: _held, outcome: asGiven, ...fields } = input;
      const outcome = outcomeFor(input.type, asGiven);
      return files.change(request, WRITE_RECORDS, (file, { today }) => {
        const meeting: HeldMeeting = { meetingId: deps.newId(), status: 'held', ...fields, ...(outcome ? { outcome } : {}) };
        checkMeeting(meeting, file, today);
        return {
          records: [{ collection: 'meetings', record: meeting }, ...registerChangesOf(meeting, file.records)],
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
      const patch = definedOnly(request.body);
      const fields = Object.keys(patch);
      if (!mayAttempt(request.caller, 'changeMeeting', fields)) {
        throw new ForbiddenError(`Your role may not record ${fields.join(', ')} on a meeting.`);
      }
      if (patch.status === 'cancelled' && !patch.reason) throw ValidationError.of('reason', 'is required to cancel a meeting');
      if (patch.reason !== undefined && patch.status !== 'cancelled') throw ValidationError.of('reason', 'goes with status: cancelled');
      return files.change(request, { action: 'changeMeeting', fields }, (file, { today }) => {
        const before = find(file.records, 'meetings', request.params.meetingId);
        return before.status === 'booked' ? changeBooking(before, patch, file, today) : correctMeeting(before, patch, file, today);
      });
    },

    async removeMeeting(request: RequestOf<'removeMeeting'>): Promise<ApiResponse> {
      return files.change(request, REMOVE_RECORDS, (file, { today }) => {
        const meeting = find(file.records, 'meetings', request.params.meetingId);
        const writes: RecordWrite[] = [];
        const removals: { collection: RecordCollection; recordId: string }[] = [];
        for (const registration of file.records.registrations) {
          if (registration.registeredAtMeetingId === meeting.meetingId) {
            // The registration this conference made goes with it, unless the register went on from it.
            const heldSince = file.records.meetings.some(
              (m) => m.type === 'RCPC' && m.status === 'held' && m.heldOn > registration.startDate && (registration.endDate === undefined || m.heldOn <= registration.endDate),
            );
            if (heldSince) throw ValidationError.of('meetingId', 'registered the child, and review conferences were held since: remove those first');
            removals.push({ collection: 'registrations', recordId: registration.registrationId });
          } else if (registration.deregisteredAtMeetingId === meeting.meetingId) {
            const { endDate: _endDate, deregisteredAtMeetingId: _by, ...reopened } = registration;
            check('registrations', reopened, file, today);
            writes.push({ collection: 'registrations', record: reopened });
          } else if (registration.categoryChanges?.some((change) => change.atMeetingId === meeting.meetingId)) {
            const categoryChanges = registration.categoryChanges.filter((change) => change.atMeetingId !== meeting.meetingId);
            writes.push({ collection: 'registrations', record: { ...registration, categoryChanges } });
          }
        }
        const notice = noticeKeyOf(file.child.childId, meeting);
        return { ...removed('meetings', meeting, request.body.reason, { records: writes, removals }), ...(notice ? { withdrawnNotices: [notice] } : {}) };
      });
    },
  };
}
