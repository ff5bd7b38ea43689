/**
 * Use cases on the child (case) record: record, read, correct or reallocate,
 * read the open timescales and the audit trail. A child outside the caller's
 * scope is answered exactly as a child that does not exist.
 */
import { canWriteChild } from '#shared/domain/access';
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { computeTimescales } from '#shared/domain/timescales/engine';
import { ForbiddenError, ValidationError } from '#shared/errors';
import type { ApiRequest, ApiResponse } from '#shared/http/types';
import { validate } from '#shared/http/validation';
import type { ChildFile, StoredChild } from '#shared/store/children-store';
import { childFiles, statusOf, type ChildFileDeps } from './child-files';
import { todayOf } from './ports';
import { ALLOCATION_FIELDS, asOfQuerySchema, childPatchSchema, newChildSchema } from './schemas';

export function childOperations(deps: ChildFileDeps) {
  const files = childFiles(deps);
  const childIdOf = (request: ApiRequest) => request.pathParameters['childId'] ?? '';

  /** The whole file as a client sees it: the profile, every record, the open timescales and each meeting's verdict. */
  function view(file: ChildFile, asOf: string) {
    const { timescales, meetings } = computeTimescales(file.records, deps.policy, asOf);
    const verdicts = new Map(meetings.map((verdict) => [verdict.meetingId, verdict]));
    const records = file.records;
    return {
      ...file.child,
      ...statusOf(records, asOf),
      careEpisodes: sortBy(records.careEpisodes, 'startDate'),
      placementChanges: sortBy(records.placementChanges, 'date'),
      strategyDiscussions: sortBy(records.strategyDiscussions, 'date'),
      registrations: sortBy(records.registrations, 'startDate'),
      meetings: sortBy(records.meetings, 'heldOn').map((meeting) => {
        const verdict = verdicts.get(meeting.meetingId);
        return verdict ? { ...meeting, dueDate: verdict.dueDate, inCompliance: verdict.inCompliance } : meeting;
      }),
      timescales,
    };
  }

  return {
    async createChild(request: ApiRequest): Promise<ApiResponse> {
      const input = validate(newChildSchema, request.body);
      if (!canWriteChild(request.caller, input)) {
        throw new ForbiddenError('An IRO may only record children allocated to them.');
      }
      return files.create(request, ({ now, today }) => {
        if (input.dateOfBirth > today) throw ValidationError.of('dateOfBirth', 'is in the future');
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
            body: { ...stored, lookedAfter: false, registered: false, ...EMPTY_FILE, timescales: [] },
            headers: { location: `/children/${stored.childId}` },
          }),
        };
      });
    },

    async getChild(request: ApiRequest): Promise<ApiResponse> {
      const file = await files.readFile(request, childIdOf(request));
      return { status: 200, body: view(file, todayOf(deps.clock)), headers: { etag: `"${file.child.version}"` } };
    },

    async patchChild(request: ApiRequest): Promise<ApiResponse> {
      const patch = validate(childPatchSchema, request.body);
      const reallocating = ALLOCATION_FIELDS.filter((field) => patch[field] !== undefined);
      if (reallocating.length > 0 && !request.caller.roles.includes('admin')) {
        throw new ForbiddenError(`Only an admin may reallocate a child (${reallocating.join(', ')}).`);
      }
      return files.change(request, childIdOf(request), (file, { today }) => {
        if (patch.dateOfBirth !== undefined && patch.dateOfBirth > today) throw ValidationError.of('dateOfBirth', 'is in the future');
        const child = { ...file.child, ...definedOnly(patch) };
        const changes = Object.entries(definedOnly(patch))
          .filter(([field, to]) => file.child[field as keyof StoredChild] !== to)
          .map(([field, to]) => ({ field, from: file.child[field as keyof StoredChild], to }));
        return {
          child,
          records: [],
          audit: { action: reallocating.length > 0 ? 'child.reallocated' : 'child.corrected', recordType: 'child', recordId: child.childId, changes },
          respond: (stored) => ({ status: 200, body: view({ ...file, child: stored }, today) }),
        };
      });
    },

    async getChildTimescales(request: ApiRequest): Promise<ApiResponse> {
      const { asOf = todayOf(deps.clock) } = validate(asOfQuerySchema, request.query);
      // The calendar counts working days between these dates only: outside them, a due date cannot be worked out.
      if (asOf < CALENDAR_FIRST_DATE || asOf > CALENDAR_LAST_DATE) {
        throw ValidationError.of('asOf', `must be between ${CALENDAR_FIRST_DATE} and ${CALENDAR_LAST_DATE}`);
      }
      const file = await files.readFile(request, childIdOf(request));
      const { timescales, meetings } = computeTimescales(file.records, deps.policy, asOf);
      return { status: 200, body: { childId: file.child.childId, asOf, timescales, meetings } };
    },

    async getChildAudit(request: ApiRequest): Promise<ApiResponse> {
      const file = await files.readFile(request, childIdOf(request));
      return { status: 200, body: { childId: file.child.childId, entries: await deps.store.listAudit(file.child.childId) } };
    },
  };
}

const EMPTY_FILE = { careEpisodes: [], placementChanges: [], strategyDiscussions: [], registrations: [], meetings: [] };

/** Oldest first, as a case file reads. */
function sortBy<T, K extends keyof T>(records: readonly T[], field: K): T[] {
  return [...records].sort((a, b) => String(a[field]).localeCompare(String(b[field])));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
