/**
 * Use cases on the child (case) record: record, read, correct or reallocate,
 * read the open timescales and the audit trail. A child outside the caller's
 * scope is answered exactly as a child that does not exist.
 */
import { ALLOCATION_FIELDS, may, mayAttempt } from '#shared/domain/access';
import { emptyRecords, meetingDay, statusOf, type CalendarDate, type ChildRecords } from '#shared/domain/records';
import { checkBooking, timescaleMetBy } from '#shared/domain/timescales/bookings';
import { dateOfBirthProblems } from '#shared/domain/record-rules';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { computeTimescales } from '#shared/domain/timescales/engine';
import { explainTimescale, explainVerdict } from '#shared/domain/timescales/explain';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { ForbiddenError, ValidationError } from '#shared/errors';
import type { ApiResponse, RequestOf } from '#shared/http/types';
import { childFiles, type ChildFileDeps } from '#shared/api/child-files';
import { exportHtml, removedRecordsOf } from '#shared/api/child-export';
import { todayOf } from '#shared/api/ports';
import type { ChildFile, StoredChild } from '#shared/store/ports';

/** The operations of the child routes. */
export function childOperations(deps: ChildFileDeps) {
  const files = childFiles(deps);

  /** The whole file as a client sees it: the profile, every record, the open timescales and each meeting's verdict. */
  function view(file: ChildFile, asOf: CalendarDate) {
    const { timescales, meetings } = explainedTimescales(file.records, deps.policy, asOf);
    const verdicts = new Map(meetings.map((verdict) => [verdict.meetingId, verdict]));
    const records = file.records;
    return {
      ...file.child,
      ...statusOf(records, asOf),
      careEpisodes: sortBy(records.careEpisodes, 'startDate'),
      placementChanges: sortBy(records.placementChanges, 'date'),
      strategyDiscussions: sortBy(records.strategyDiscussions, 'date'),
      registrations: sortBy(records.registrations, 'startDate'),
      meetings: [...records.meetings].sort((a, b) => meetingDay(a).localeCompare(meetingDay(b))).map((meeting) => {
        // A booking, with whether it is in time for the timescale it is to meet.
        if (meeting.status === 'booked') return { ...meeting, booking: checkBooking(timescaleMetBy(meeting.type, timescales), meeting.bookedFor) };
        const verdict = verdicts.get(meeting.meetingId);
        return verdict ? { ...meeting, dueDate: verdict.dueDate, inCompliance: verdict.inCompliance, explanation: verdict.explanation } : meeting;
      }),
      transferIns: sortBy(records.transferIns, 'notifiedOn'),
      disputes: sortBy(records.disputes, 'startedOn'),
      timescales,
    };
  }

  return {
    async createChild(request: RequestOf<'createChild'>): Promise<ApiResponse> {
      const input = request.body;
      if (!may(request.caller, 'createChild', input)) {
        throw new ForbiddenError('An IRO may only record children allocated to them.');
      }
      return files.create(request, ({ now, today }) => {
        const problems = dateOfBirthProblems(input.dateOfBirth, emptyRecords(), today);
        if (problems.length > 0) throw new ValidationError(problems);
        const child: StoredChild = { childId: deps.newId(), ...input, createdAt: now, updatedAt: now, version: 1 };
        return {
          child,
          records: [],
          audit: {
            action: 'child.created',
            recordType: 'child',
            recordId: child.childId,
            changes: Object.entries(input).map(([field, to]) => ({ field, to })),
          },
          respond: (stored) => ({
            status: 201,
            body: { ...stored, lookedAfter: false, registered: false, ...emptyRecords(), timescales: [] },
            headers: { location: `/children/${stored.childId}` },
          }),
        };
      });
    },

    async getChild(request: RequestOf<'getChild'>): Promise<ApiResponse> {
      const file = await files.readRecorded(request, request.params.childId, 'getChild');
      return { status: 200, body: view(file, todayOf(deps.clock)), headers: { etag: `"${file.child.version}"` } };
    },

    async patchChild(request: RequestOf<'patchChild'>): Promise<ApiResponse> {
      const patch = definedOnly(request.body);
      const fields = Object.keys(patch);
      if (!mayAttempt(request.caller, 'changeChild', fields)) {
        throw new ForbiddenError(`Your role may not change ${fields.join(', ')}: only an admin reallocates a child.`);
      }
      return files.change(request, { action: 'changeChild', fields }, (file, { today }) => {
        const problems = patch.dateOfBirth === undefined ? [] : dateOfBirthProblems(patch.dateOfBirth, file.records, today);
        if (problems.length > 0) throw new ValidationError(problems);
        const child = { ...file.child, ...patch };
        const changes = Object.entries(patch)
          .filter(([field, to]) => file.child[field as keyof StoredChild] !== to)
          .map(([field, to]) => ({ field, from: file.child[field as keyof StoredChild], to }));
        const reallocated = fields.some((field) => (ALLOCATION_FIELDS as readonly string[]).includes(field));
        return {
          child,
          records: [],
          audit: { action: reallocated ? 'child.reallocated' : 'child.corrected', recordType: 'child', recordId: child.childId, changes },
          respond: (stored) => ({ status: 200, body: view({ ...file, child: stored }, today) }),
        };
      });
    },

    async getChildTimescales(request: RequestOf<'getChildTimescales'>): Promise<ApiResponse> {
      const asOf = request.query.asOf ?? todayOf(deps.clock);
      const file = await files.readRecorded(request, request.params.childId, 'getChildTimescales');
      const { timescales, meetings } = explainedTimescales(file.records, deps.policy, asOf);
      return { status: 200, body: { childId: file.child.childId, asOf, timescales, meetings } };
    },

    async getChildAudit(request: RequestOf<'getChildAudit'>): Promise<ApiResponse> {
      const { include, from, to } = request.query;
      const file = await files.readRecorded(request, request.params.childId, 'getChildAudit');
      const { childId } = file.child;
      const [entries, reads] = await Promise.all([
        deps.reads.listAudit(childId),
        include === 'reads' ? deps.readLog.listReads(childId, { ...(from ? { from } : {}), ...(to ? { to } : {}) }) : undefined,
      ]);
      // The period is of Europe/London days, as the read log's is.
      const inPeriod = (entry: { at: string }) => {
        const day = todayInLondon(new Date(entry.at));
        return (from === undefined || day >= from) && (to === undefined || day <= to);
      };
      return { status: 200, body: { childId, entries: entries.filter(inPeriod), ...(reads ? { reads } : {}) } };
    },

    async exportChild(request: RequestOf<'exportChild'>): Promise<ApiResponse> {
      // Recorded first, so that the export's own read is in its read log.
      const file = await files.readRecorded(request, request.params.childId, 'exportChild');
      const { childId } = file.child;
      const [audit, reads] = await Promise.all([deps.reads.listAudit(childId), deps.readLog.listReads(childId)]);
      const asOf = todayOf(deps.clock);
      const { timescales, meetings } = explainedTimescales(file.records, deps.policy, asOf);
      const records = file.records;
      const body = {
        exportedAt: deps.clock.now().toISOString(),
        exportedBy: request.caller.email,
        child: { ...file.child, ...statusOf(file.records, asOf) },
        records: {
          careEpisodes: sortBy(records.careEpisodes, 'startDate'),
          placementChanges: sortBy(records.placementChanges, 'date'),
          strategyDiscussions: sortBy(records.strategyDiscussions, 'date'),
          registrations: sortBy(records.registrations, 'startDate'),
          meetings: [...records.meetings].sort((a, b) => meetingDay(a).localeCompare(meetingDay(b))),
          transferIns: sortBy(records.transferIns, 'notifiedOn'),
          disputes: sortBy(records.disputes, 'startedOn'),
        },
        removedRecords: removedRecordsOf(audit),
        asOf,
        timescales,
        meetings,
        audit,
        reads,
      };
      if (request.query.format !== 'html') return { status: 200, body };
      return { status: 200, text: exportHtml(body), headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } };
    },
  };
}

/** The child's timescales and verdicts, each with its explanation: built here, where they are shown, not in the engine. */
function explainedTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate) {
  const { timescales, meetings } = computeTimescales(records, policy, asOf);
  return {
    timescales: timescales.map((timescale) => ({ ...timescale, explanation: explainTimescale(timescale, policy) })),
    meetings: meetings.map((verdict) => ({ ...verdict, explanation: explainVerdict(verdict, policy) })),
  };
}

/** Oldest first, as a case file reads. */
function sortBy<T, K extends keyof T>(records: readonly T[], field: K): T[] {
  return [...records].sort((a, b) => String(a[field]).localeCompare(String(b[field])));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
