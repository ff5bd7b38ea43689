/**
 * The access module, held to the API: every route of the route table, called
 * by one caller of each role and by a caller with two roles, on a child of
 * theirs and on a child that is not, answers exactly the status that
 * `shared/domain/access.ts` alone predicts (403 for a role the action does not
 * list or a field it may not set, 404 outside the read scope, the same as for
 * a child that does not exist, 403 for a readable child the caller may not
 * change, otherwise the route's success), and a refusal writes nothing. The
 * two lists, and each caller's calendar feed, answer exactly the children the
 * module's scopes cover.
 *
 * The calendar feed itself (`GET /calendar-feeds/{secret}`, `auth: 'none'`)
 * is not in the caller-by-caller table: it has no caller (no token is read),
 * and what it answers depends on whose secret its path carries. It is held
 * to the module below instead, through each caller's own feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { ACCESS, calendarFeedScope, canReadChild, may, mayAttempt, scopeOf, type Allocation, type Caller, type ListScope } from '#shared/domain/access';
import { isPublic, ROUTES, type OperationId, type Route } from '#shared/http/routes';
import { aChildBody } from '../support/children';
import {
  ADMIN,
  aMeeting,
  type Answer,
  expectServiceError,
  IRO_ONE,
  IRO_TWO,
  NORTH_MANAGER,
  type Person,
  SERVICE_MANAGER,
  SOUTH_MANAGER,
  useApi,
} from './harness';

const api = useApi();

/** Someone who is both an IRO and a team manager: their scope is the union of the two. */
const IRO_AND_MANAGER: Person = { email: 'iro.and.manager@example.org', roles: ['iro', 'team-manager'] };

/** Whose a child is: its IRO, team and team manager. */
interface Allocated {
  iroEmail: string;
  teamName: string;
  teamManagerEmail: string;
}

/** The kinds of child the table is run on, by whose they are. */
const KINDS = {
  northOne: { iroEmail: IRO_ONE.email, teamName: 'North Team', teamManagerEmail: NORTH_MANAGER.email },
  southTwo: { iroEmail: IRO_TWO.email, teamName: 'South Team', teamManagerEmail: SOUTH_MANAGER.email },
  dualAsIro: { iroEmail: IRO_AND_MANAGER.email, teamName: 'South Team', teamManagerEmail: SOUTH_MANAGER.email },
  dualTeam: { iroEmail: IRO_TWO.email, teamName: 'Dual Team', teamManagerEmail: IRO_AND_MANAGER.email },
  dualBoth: { iroEmail: IRO_AND_MANAGER.email, teamName: 'Dual Team', teamManagerEmail: IRO_AND_MANAGER.email },
} as const satisfies Record<string, Allocated>;
type Kind = keyof typeof KINDS;

interface CallerCase {
  person: Person;
  /** How a test name speaks of them. */
  label: string;
  /** Their children and the others', as a test name speaks of each. */
  children: { kind: Kind; label: string; theirs: boolean }[];
}

const CALLERS: CallerCase[] = [
  {
    person: IRO_ONE,
    label: 'an IRO',
    children: [
      { kind: 'northOne', label: 'their own child', theirs: true },
      { kind: 'southTwo', label: 'another IRO’s child', theirs: false },
    ],
  },
  {
    person: NORTH_MANAGER,
    label: 'a team manager',
    children: [
      { kind: 'northOne', label: 'their team’s child', theirs: true },
      { kind: 'southTwo', label: 'another team’s child', theirs: false },
    ],
  },
  {
    person: SERVICE_MANAGER,
    label: 'a service manager',
    children: [
      { kind: 'northOne', label: 'IRO one’s child in the north team', theirs: true },
      { kind: 'southTwo', label: 'IRO two’s child in the south team', theirs: true },
    ],
  },
  {
    person: ADMIN,
    label: 'an admin',
    children: [
      { kind: 'northOne', label: 'IRO one’s child in the north team', theirs: true },
      { kind: 'southTwo', label: 'IRO two’s child in the south team', theirs: true },
    ],
  },
  {
    person: IRO_AND_MANAGER,
    label: 'an IRO who is also a team manager',
    children: [
      { kind: 'dualAsIro', label: 'the child allocated to them as IRO (another team’s)', theirs: true },
      { kind: 'dualTeam', label: 'their team’s child (another IRO’s)', theirs: true },
      { kind: 'dualBoth', label: 'a child both allocated to them and in their team', theirs: true },
      { kind: 'southTwo', label: 'another IRO’s child in another team', theirs: false },
    ],
  },
];

/** A child's file with whatever records a request about it needs. */
interface Fixture {
  childId: string;
  episodeId?: string;
  registrationId?: string;
  meetingId?: string;
  placementChangeId?: string;
  strategyDiscussionId?: string;
  transferInId?: string;
  disputeId?: string;
}

interface Request {
  path: string;
  body?: unknown;
}

/** What a request is about: a child named in its path, a child it records (in its body), or no child. */
type Subject = 'path' | 'body' | 'none';

/** How a new child's file is made for a write that should succeed, so that no write changes another case's child. */
type Preparation = 'bare' | 'inCare' | 'registered' | 'cerAwaitingResponse' | 'placementChanged' | 'discussed' | 'transferredIn' | 'disputed';

interface Variant {
  /** The fields the request sets, as the access module judges them. */
  fields: readonly string[];
  /** A request that succeeds for a caller allowed to make it (`child` is a fixture for 'path', an allocation for 'body'). */
  request: (child: { fixture?: Fixture; allocation?: Allocated }) => Request;
}

interface Operation {
  subject: Subject;
  /** For a write about a child: the records a fresh child needs. */
  preparation?: Preparation;
  variants: Variant[];
}

const one = (request: Variant['request'], fields: readonly string[] = []): Variant[] => [{ fields, request }];
const childPath = (fixture: Fixture | undefined, rest = '') => `/children/${fixture!.childId}${rest}`;
/** The body of every DELETE: why the record goes. */
const REMOVAL = { reason: 'entered in error' };

/** The operations of the routes with no caller: what they answer is their credential's owner's, not a caller's. */
type PublicOperationId = Extract<Route, { auth: 'none' }>['operationId'];
/** The routes the caller-by-caller table covers: every route that has a caller. */
const CALLER_ROUTES = ROUTES.filter((route) => !isPublic(route));

/** For every operation with a caller, the requests the table sends (the compiler, and a test below, check none is missing). */
const OPERATIONS: Record<Exclude<OperationId, PublicOperationId>, Operation> = {
  createChild: { subject: 'body', variants: one(({ allocation }) => ({ path: '/children', body: aChildBody({ ...allocation }) })) },
  listChildren: { subject: 'none', variants: one(() => ({ path: '/children?limit=100' })) },
  getChild: { subject: 'path', variants: one(({ fixture }) => ({ path: childPath(fixture) })) },
  patchChild: {
    subject: 'path',
    preparation: 'bare',
    variants: [
      { fields: ['givenName'], request: ({ fixture }) => ({ path: childPath(fixture), body: { givenName: 'Grace' } }) },
      { fields: ['teamName'], request: ({ fixture }) => ({ path: childPath(fixture), body: { teamName: 'East Team' } }) },
    ],
  },
  getChildTimescales: { subject: 'path', variants: one(({ fixture }) => ({ path: childPath(fixture, '/timescales?asOf=2026-10-01') })) },
  // The fixture's care episode from 2026-10-01 makes a first CER due.
  getSuggestedDates: { subject: 'path', variants: one(({ fixture }) => ({ path: childPath(fixture, '/timescales/CER/suggested-dates?asOf=2026-10-01') })) },
  getChildAudit: { subject: 'path', variants: one(({ fixture }) => ({ path: childPath(fixture, '/audit') })) },
  exportChild: { subject: 'path', variants: one(({ fixture }) => ({ path: childPath(fixture, '/export') })) },
  createCareEpisode: {
    subject: 'path',
    preparation: 'bare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/care-episodes'), body: { startDate: '2026-10-01' } })),
  },
  patchCareEpisode: {
    subject: 'path',
    preparation: 'inCare',
    variants: [
      {
        fields: ['endDate', 'reason'],
        request: ({ fixture }) => ({ path: childPath(fixture, `/care-episodes/${fixture!.episodeId}`), body: { endDate: '2026-11-02', reason: 'Returned home' } }),
      },
      {
        fields: ['startDate', 'legalStatus'],
        request: ({ fixture }) => ({ path: childPath(fixture, `/care-episodes/${fixture!.episodeId}`), body: { startDate: '2026-09-30', legalStatus: 'C2' } }),
      },
    ],
  },
  removeCareEpisode: {
    subject: 'path',
    preparation: 'inCare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/care-episodes/${fixture!.episodeId}`), body: REMOVAL })),
  },
  createPlacementChange: {
    subject: 'path',
    preparation: 'inCare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/placement-changes'), body: { date: '2026-10-15', unplanned: true } })),
  },
  patchPlacementChange: {
    subject: 'path',
    preparation: 'placementChanged',
    variants: one(
      ({ fixture }) => ({ path: childPath(fixture, `/placement-changes/${fixture!.placementChangeId}`), body: { date: '2026-10-16', unplanned: false } }),
      ['date', 'unplanned'],
    ),
  },
  removePlacementChange: {
    subject: 'path',
    preparation: 'placementChanged',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/placement-changes/${fixture!.placementChangeId}`), body: REMOVAL })),
  },
  createStrategyDiscussion: {
    subject: 'path',
    preparation: 'bare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/strategy-discussions'), body: { date: '2026-10-01' } })),
  },
  patchStrategyDiscussion: {
    subject: 'path',
    preparation: 'discussed',
    variants: [
      {
        fields: ['s47Determination', 'determinedOn'],
        request: ({ fixture }) => ({
          path: childPath(fixture, `/strategy-discussions/${fixture!.strategyDiscussionId}`),
          body: { s47Determination: 'not-substantiated', determinedOn: '2026-10-12' },
        }),
      },
      {
        fields: ['date', 'section47'],
        request: ({ fixture }) => ({ path: childPath(fixture, `/strategy-discussions/${fixture!.strategyDiscussionId}`), body: { date: '2026-10-02', section47: false } }),
      },
    ],
  },
  removeStrategyDiscussion: {
    subject: 'path',
    preparation: 'discussed',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/strategy-discussions/${fixture!.strategyDiscussionId}`), body: REMOVAL })),
  },
  createRegistration: {
    subject: 'path',
    preparation: 'bare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/registrations'), body: { startDate: '2026-10-01', category: 'Neglect' } })),
  },
  patchRegistration: {
    subject: 'path',
    preparation: 'registered',
    variants: [
      {
        fields: ['endDate'],
        request: ({ fixture }) => ({ path: childPath(fixture, `/registrations/${fixture!.registrationId}`), body: { endDate: '2026-11-02' } }),
      },
      {
        fields: ['abuseTypes', 'categoryFrom'],
        request: ({ fixture }) => ({
          path: childPath(fixture, `/registrations/${fixture!.registrationId}`),
          body: { abuseTypes: ['neglect', 'physical'], categoryFrom: '2026-10-20' },
        }),
      },
    ],
  },
  removeRegistration: {
    subject: 'path',
    preparation: 'registered',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/registrations/${fixture!.registrationId}`), body: REMOVAL })),
  },
  createTransferIn: {
    subject: 'path',
    preparation: 'bare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/transfer-ins'), body: { notifiedOn: '2026-10-01' } })),
  },
  patchTransferIn: {
    subject: 'path',
    preparation: 'transferredIn',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/transfer-ins/${fixture!.transferInId}`), body: { notifiedOn: '2026-10-02' } }), ['notifiedOn']),
  },
  removeTransferIn: {
    subject: 'path',
    preparation: 'transferredIn',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/transfer-ins/${fixture!.transferInId}`), body: REMOVAL })),
  },
  createDispute: {
    subject: 'path',
    preparation: 'bare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/disputes'), body: { startedOn: '2026-10-01', stage: 'informal', raisedBy: 'IRO' } })),
  },
  patchDispute: {
    subject: 'path',
    preparation: 'disputed',
    variants: one(
      ({ fixture }) => ({ path: childPath(fixture, `/disputes/${fixture!.disputeId}`), body: { resolvedOn: '2026-10-20', outcome: 'Care plan amended' } }),
      ['resolvedOn', 'outcome'],
    ),
  },
  removeDispute: {
    subject: 'path',
    preparation: 'disputed',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/disputes/${fixture!.disputeId}`), body: REMOVAL })),
  },
  createMeeting: {
    subject: 'path',
    preparation: 'inCare',
    variants: one(({ fixture }) => ({ path: childPath(fixture, '/meetings'), body: aMeeting('CER', '2026-10-20') })),
  },
  patchMeeting: {
    subject: 'path',
    preparation: 'cerAwaitingResponse',
    variants: [
      {
        fields: ['managerRespondedOn'],
        request: ({ fixture }) => ({ path: childPath(fixture, `/meetings/${fixture!.meetingId}`), body: { managerRespondedOn: '2026-10-28' } }),
      },
      {
        fields: ['qaAuditCompleted'],
        request: ({ fixture }) => ({ path: childPath(fixture, `/meetings/${fixture!.meetingId}`), body: { qaAuditCompleted: true } }),
      },
    ],
  },
  removeMeeting: {
    subject: 'path',
    preparation: 'cerAwaitingResponse',
    variants: one(({ fixture }) => ({ path: childPath(fixture, `/meetings/${fixture!.meetingId}`), body: REMOVAL })),
  },
  listTimescales: { subject: 'none', variants: one(() => ({ path: '/timescales?within=260&asOf=2026-10-01' })) },
  listSnapshots: { subject: 'none', variants: one(() => ({ path: '/snapshots' })) },
  getSnapshot: { subject: 'none', variants: one(() => ({ path: '/snapshots/2026-09' })) },
  createSnapshot: { subject: 'none', variants: one(() => ({ path: '/snapshots/2026-08' })) },
  getAnnualReport: { subject: 'none', variants: one(() => ({ path: '/reports/annual?year=2025' })) },
  listIros: { subject: 'none', variants: one(() => ({ path: '/iros' })) },
  // An IRO new to the directory each time: the PUT creates (201).
  putIro: { subject: 'none', variants: one(() => ({ path: `/iros/iro.${crypto.randomUUID()}@example.org`, body: { name: 'Avery Stone', fte: 0.6, activeFrom: '2024-04-01' } })) },
  getOpenApi: { subject: 'none', variants: one(() => ({ path: '/openapi.json' })) },
  createCalendarFeed: { subject: 'none', variants: one(() => ({ path: '/me/calendar-feed' })) },
  revokeCalendarFeed: { subject: 'none', variants: one(() => ({ path: '/me/calendar-feed' })) },
};

/** The status the access module alone predicts, and why. */
function expectedOf(caller: Caller, route: Route, subject: Subject, fields: readonly string[], child: Allocation | undefined): { status: number; code?: string } {
  if (!mayAttempt(caller, route.action, fields)) return { status: 403, code: 'forbidden' };
  if (subject === 'path' && !canReadChild(caller, child!)) return { status: 404, code: 'not_found' };
  if (subject !== 'none' && !may(caller, route.action, child!, fields)) return { status: 403, code: 'forbidden' };
  return { status: route.success };
}

interface Case {
  name: string;
  route: Route;
  operation: Operation;
  variant: Variant;
  caller: CallerCase;
  kind?: Kind;
  expected: { status: number; code?: string };
  /** A write expected to succeed runs on a child of its own. */
  fresh: boolean;
}

const withFields = (fields: readonly string[]) => (fields.length > 0 ? ` setting ${fields.join(', ')}` : '');

const missingBuilders = CALLER_ROUTES.filter((route) => (OPERATIONS as Partial<Record<string, Operation>>)[route.operationId] === undefined);

const CASES: Case[] = CALLER_ROUTES.flatMap((route) => {
  const operation = (OPERATIONS as Partial<Record<string, Operation>>)[route.operationId];
  if (!operation) return [];
  return operation.variants.flatMap((variant) =>
    CALLERS.flatMap((caller): Case[] => {
      const where = `${route.method} ${route.path}${withFields(variant.fields)}`;
      if (operation.subject === 'none') {
        const expected = expectedOf(caller.person, route, 'none', variant.fields, undefined);
        return [{ name: `answers ${caller.label} ${expected.status} on ${where}, as the access module says`, route, operation, variant, caller, expected, fresh: false }];
      }
      return caller.children.map(({ kind, label }) => {
        const expected = expectedOf(caller.person, route, operation.subject, variant.fields, KINDS[kind]);
        const fresh = operation.subject === 'path' && route.method !== 'GET' && expected.status < 300;
        return { name: `answers ${caller.label} ${expected.status} for ${label} on ${where}, as the access module says`, route, operation, variant, caller, kind, expected, fresh };
      });
    }),
  );
});

/** A write the module allows: it changes the table, so it runs after the refusals. */
const isWrite = (c: Case): boolean => c.expected.status < 300 && c.route.method !== 'GET';

/** Every child this file made, and whose it is: what the lists are checked against. */
const made = new Map<string, Allocated>();

const inScope = (scope: readonly ListScope[], child: Allocated): boolean =>
  scope.some((part) => ('all' in part ? true : 'iroEmail' in part ? part.iroEmail === child.iroEmail : part.teamManagerEmail === child.teamManagerEmail));

async function makeChild(kind: Kind): Promise<string> {
  const childId = await api.createChild(ADMIN, { ...KINDS[kind] });
  made.set(childId, KINDS[kind]);
  return childId;
}

/** A child of this kind with the records the preparation names ('full': all of them, for reads and refusals). */
async function makeFixture(kind: Kind, preparation: Preparation | 'full'): Promise<Fixture> {
  const childId = await makeChild(kind);
  const fixture: Fixture = { childId };
  const all = preparation === 'full';
  if (all || preparation === 'inCare' || preparation === 'cerAwaitingResponse' || preparation === 'placementChanged') {
    fixture.episodeId = (await api.given(ADMIN, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-10-01' })).episodeId;
  }
  if (all || preparation === 'registered') {
    fixture.registrationId = (await api.given(ADMIN, 'POST', `/children/${childId}/registrations`, { startDate: '2026-10-01', category: 'Neglect' })).registrationId;
  }
  if (all || preparation === 'cerAwaitingResponse') {
    fixture.meetingId = (await api.given(ADMIN, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'))).meetingId;
    await api.given(ADMIN, 'PATCH', `/children/${childId}/meetings/${fixture.meetingId}`, { recommendationsSentOn: '2026-10-22' });
  }
  if (all || preparation === 'placementChanged') {
    fixture.placementChangeId = (await api.given(ADMIN, 'POST', `/children/${childId}/placement-changes`, { date: '2026-10-15', unplanned: true })).placementChangeId;
  }
  if (all || preparation === 'discussed') {
    fixture.strategyDiscussionId = (await api.given(ADMIN, 'POST', `/children/${childId}/strategy-discussions`, { date: '2026-10-01' })).strategyDiscussionId;
  }
  if (all || preparation === 'transferredIn') {
    fixture.transferInId = (await api.given(ADMIN, 'POST', `/children/${childId}/transfer-ins`, { notifiedOn: '2026-10-01' })).transferInId;
  }
  if (all || preparation === 'disputed') {
    fixture.disputeId = (await api.given(ADMIN, 'POST', `/children/${childId}/disputes`, { startedOn: '2026-10-01', stage: 'informal', raisedBy: 'IRO' })).disputeId;
  }
  return fixture;
}

/** Runs the tasks a few at a time. */
async function inPool<T>(tasks: (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
  return results;
}

const send = (caller: Person, method: string, request: Request) =>
  api.send(method, request.path, { as: caller, ...(request.body === undefined ? {} : { body: request.body }) });

/** The error a client sees, without the request id that differs on every answer. */
const errorWithoutRequestId = (answer: Answer) => {
  const { requestId: _requestId, ...error } = answer.body?.error ?? {};
  return { status: answer.status, error };
};

interface Outcome {
  name: string;
  expected: number;
  got: number | undefined;
}
const outcomes: Outcome[] = [];
const started = Date.now();

afterAll(() => {
  const agreed = outcomes.filter((outcome) => outcome.got === outcome.expected).length;
  const count = (test: (status: number) => boolean) => outcomes.filter((outcome) => test(outcome.expected)).length;
  const disagreements = outcomes.filter((outcome) => outcome.got !== outcome.expected);
  console.log(
    `access table: ${outcomes.length} cases ran (${count((s) => s < 300)} allowed, ${count((s) => s === 403)} refused with 403, ${count((s) => s === 404)} answered 404 as missing), ` +
      `${agreed} agreed with the access module (${((Date.now() - started) / 1000).toFixed(1)} s)` +
      disagreements.map((d) => `\n  DISAGREES: ${d.name}: expected ${d.expected}, got ${d.got}`).join(''),
  );
});

describe('every route, for every role and a caller with two roles, on their child and on another’s', () => {
  const shared = new Map<Kind, Fixture>();
  const freshFixtures = new Map<Case, Fixture>();

  beforeAll(async () => {
    await inPool<unknown>(
      [
        ...(Object.keys(KINDS) as Kind[]).map((kind) => async () => shared.set(kind, await makeFixture(kind, 'full'))),
        async () => api.given(ADMIN, 'POST', '/snapshots/2026-09', undefined),
      ],
      4,
    );
  });

  for (const route of missingBuilders) {
    it(`has a request for ${route.method} ${route.path} (${route.operationId}) in this table`, () => {
      expect.fail(`No request builder for ${route.operationId}: add one to OPERATIONS so the access table covers it.`);
    });
  }

  it('names a child in the path of exactly the operations said to be about a child in the path', () => {
    for (const route of CALLER_ROUTES) {
      const operation = (OPERATIONS as Partial<Record<string, Operation>>)[route.operationId];
      if (operation) expect(operation.subject === 'path', route.operationId).toBe(route.path.includes('{childId}'));
    }
  });

  it('exercises every row of the access module, a child-route row on a child of the caller’s and (where a role reaches only some) on one that is not', () => {
    expect(new Set(CASES.map((c) => c.route.action))).toEqual(new Set(Object.keys(ACCESS)));
    for (const action of new Set(CASES.filter((c) => c.operation.subject === 'path').map((c) => c.route.action))) {
      const onChildren = CASES.filter((c) => c.route.action === action && c.kind !== undefined);
      expect(onChildren.some((c) => c.expected.status < 300), `${action}: allowed on the caller’s child`).toBe(true);
      const reachesSome = Object.values(ACCESS[action] as Record<string, { reach: string }>).some((grant) => grant.reach !== 'every');
      if (reachesSome) expect(onChildren.some((c) => c.expected.status === 404), `${action}: 404 on a child outside the caller’s scope`).toBe(true);
    }
  });

  it('runs on children that are what their names say, by the access module', () => {
    for (const { person, children } of CALLERS) {
      for (const { kind, theirs } of children) expect(canReadChild(person, KINDS[kind]), `${person.email} on ${kind}`).toBe(theirs);
    }
  });

  function run(testCase: Case) {
    const { name, route, variant, caller, kind, expected, fresh } = testCase;
    it(name, async () => {
      const outcome: Outcome = { name, expected: expected.status, got: undefined };
      outcomes.push(outcome);
      const fixture = kind === undefined ? undefined : fresh ? freshFixtures.get(testCase) : shared.get(kind);
      const request = variant.request({ ...(fixture ? { fixture } : {}), ...(kind ? { allocation: KINDS[kind] } : {}) });
      const act = async () => {
        const answer = await send(caller.person, route.method, request);
        outcome.got = answer.status;
        return answer;
      };

      const answer = expected.status < 300 ? await act() : await api.expectNothingWritten(act);

      expect(answer.status, `${route.method} ${request.path} as ${caller.person.email}: ${answer.text.slice(0, 300)}`).toBe(expected.status);
      if (expected.code) expectServiceError(answer, expected.status, expected.code);
      if (route.operationId === 'createChild' && answer.status === 201) made.set(answer.body.childId, KINDS[kind!]);
      if (expected.status === 404) {
        const nowhere = { ...request, path: request.path.replace(fixture!.childId, crypto.randomUUID()) };
        const missing = await send(caller.person, route.method, nowhere);
        expect(errorWithoutRequestId(answer)).toEqual(errorWithoutRequestId(missing));
        expect(answer.headers.get('etag')).toBeNull();
      }
    });
  }

  // Refusals and reads first, while the table is small (each refusal scans it twice to see that nothing was written).
  describe('refusals (nothing written) and reads, on one shared child of each kind', () => {
    for (const testCase of CASES.filter((c) => !isWrite(c))) run(testCase);
  });

  describe('writes the module allows, each on a child of its own', () => {
    beforeAll(async () => {
      const tasks = CASES.filter((c) => c.fresh).map((c) => async () => freshFixtures.set(c, await makeFixture(c.kind!, c.operation.preparation ?? 'bare')));
      await inPool(tasks, 4);
    });

    for (const testCase of CASES.filter(isWrite)) run(testCase);
  });
});

describe('the lists cover exactly the children the access module’s scopes cover', () => {
  const ids = (entries: { childId: string }[]) => entries.map((entry) => entry.childId);
  let everyTimescale: { childId: string }[];

  beforeAll(async () => {
    // Children of every kind, whatever the table above made, so the lists have something in and out of each scope.
    await inPool((Object.keys(KINDS) as Kind[]).map((kind) => () => makeFixture(kind, 'inCare')), 4);
    const answer = await api.get(ADMIN, '/timescales?within=260&asOf=2026-10-01');
    expect(answer.status).toBe(200);
    everyTimescale = answer.body.timescales;
  });

  async function everyListedChild(caller: Person): Promise<string[]> {
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const answer = await api.get(caller, `/children?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status, answer.text).toBe(200);
      listed.push(...ids(answer.body.children));
      cursor = answer.body.cursor;
    } while (cursor);
    return listed;
  }

  for (const { person, label } of CALLERS) {
    it(`lists ${label} on GET /children exactly the children scopeOf(listChildren) covers, each once`, async () => {
      const scope = scopeOf(person, 'listChildren');
      const expected = [...made].filter(([, child]) => inScope(scope, child)).map(([childId]) => childId);

      const listed = await everyListedChild(person);

      expect(listed.length, 'each child once').toBe(new Set(listed).size);
      expect(new Set(listed)).toEqual(new Set(expected));
      expect(expected.length).toBeGreaterThan(0);
      if (!scope.some((part) => 'all' in part)) expect(made.size).toBeGreaterThan(expected.length);
    });

    it(`answers ${label} on GET /timescales only the timescales of children scopeOf(listTimescales) covers, each once`, async () => {
      const scope = scopeOf(person, 'listTimescales');
      const expected = everyTimescale.filter((entry) => {
        const child = made.get(entry.childId);
        expect(child, `${entry.childId} is a child this file made`).toBeDefined();
        return inScope(scope, child!);
      });

      const answer = await api.get(person, '/timescales?within=260&asOf=2026-10-01');

      expect(answer.status, answer.text).toBe(200);
      const listed: { childId: string }[] = answer.body.timescales;
      expect(listed.map((entry) => JSON.stringify(entry)).sort()).toEqual(expected.map((entry) => JSON.stringify(entry)).sort());
      expect(expected.length).toBeGreaterThan(0);
    });
  }

  for (const { person, label } of CALLERS) {
    const mayHaveOne = mayAttempt(person, 'manageCalendarFeed');
    it(`gives ${label} ${mayHaveOne ? 'a calendar feed of exactly the children calendarFeedScope covers' : 'no calendar feed (403)'}`, async () => {
      const made201 = await api.send('POST', '/me/calendar-feed', { as: person });
      if (!mayHaveOne) {
        expectServiceError(made201, 403, 'forbidden');
        expect(calendarFeedScope(person)).toBeUndefined();
        return;
      }
      expect(made201.status, made201.text).toBe(201);
      const scope = calendarFeedScope(person)!;
      const feed = await api.send('GET', new URL(made201.body.url).pathname);
      expect(feed.status, feed.text).toBe(200);
      // A due-date event's UID starts with its child's id (a UUID, 36 characters).
      const calendar = new ICAL.Component(ICAL.parse(feed.text));
      const inFeed = new Set(
        calendar
          .getAllSubcomponents('vevent')
          .map((event) => String(event.getFirstPropertyValue('uid')))
          .filter((uid) => uid.endsWith('-due@iro-timescales'))
          .map((uid) => uid.slice(0, 36)),
      );
      const listed = new Set(ids(everyTimescale).filter((childId) => inScope(scope, made.get(childId)!)));

      expect(scope).toEqual(scopeOf(person, 'listTimescales'));
      for (const childId of inFeed) expect(inScope(scope, made.get(childId)!), `${childId} in the feed is in the scope`).toBe(true);
      // The feed looks from every breached timescale to a year from today: it holds at least what the list holds.
      for (const childId of listed) expect(inFeed.has(childId), `${childId} of GET /timescales is in the feed`).toBe(true);
      expect(listed.size).toBeGreaterThan(0);
      if (!scope.some((part) => 'all' in part)) expect(new Set(ids(everyTimescale)).size).toBeGreaterThan(inFeed.size);
    });
  }

  it('lists the IRO who is also a team manager the union: their allocated children and their team’s, in both lists', async () => {
    const theirs = (kind: Kind) => [...made].filter(([, child]) => child === KINDS[kind]).map(([childId]) => childId);
    const listed = await everyListedChild(IRO_AND_MANAGER);
    const timescales = ids((await api.get(IRO_AND_MANAGER, '/timescales?within=260&asOf=2026-10-01')).body.timescales);

    for (const kind of ['dualAsIro', 'dualTeam', 'dualBoth'] as const) {
      expect(theirs(kind).length).toBeGreaterThan(0);
      for (const childId of theirs(kind)) expect(listed.filter((id) => id === childId), `${kind} ${childId} listed once`).toHaveLength(1);
      expect(timescales.some((id) => theirs(kind).includes(id)), `${kind} in GET /timescales`).toBe(true);
    }
    for (const childId of theirs('southTwo')) {
      expect(listed).not.toContain(childId);
      expect(timescales).not.toContain(childId);
    }
  });
});
