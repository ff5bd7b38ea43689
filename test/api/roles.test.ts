/**
 * Who may call what, and on which children: the whole matrix of roles and
 * routes, and the scope a caller can never leave, through ids, list filters
 * or paging cursors. A route with no caller (the calendar feed) reads no
 * token: every role's request to it, carrying a real feed's secret, answers
 * the same success, its token ignored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '#shared/domain/access';
import { isPublic, ROUTES, type OperationId } from '#shared/http/routes';
import { aChildBody } from '../support/children';
import {
  ADMIN,
  aMeeting,
  type Answer,
  expectServiceError,
  fieldsOf,
  IRO_ONE,
  IRO_TWO,
  NORTH_MANAGER,
  type Person,
  SERVICE_MANAGER,
  SOUTH_MANAGER,
  useApi,
} from './harness';

/** One caller of each role; the child routes use a child in their scope. */
const CALLERS: Record<(typeof ROLES)[number], Person> = {
  iro: IRO_ONE,
  'team-manager': NORTH_MANAGER,
  'service-manager': SERVICE_MANAGER,
  admin: ADMIN,
};

interface Request {
  path: string;
  body?: unknown;
}

/** The body of every DELETE: why the record goes. */
const REMOVAL = { reason: 'entered in error' };

/** The error a client sees, without the request id that differs on every answer. */
const errorWithoutRequestId = (answer: Answer) => {
  const { requestId: _requestId, ...error } = answer.body.error;
  return { status: answer.status, error };
};

const idsIn = (answer: Answer, list: 'children' | 'timescales'): string[] =>
  answer.body[list].map((entry: { childId: string }) => entry.childId);

/** The cursor's JSON, as a client could read it. */
const decodeCursor = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
const encodeCursor = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

describe('who may call what', () => {
  const api = useApi();

  /** IRO one's child in the north team, recorded by an admin, with whatever the route needs. */
  const northChild = () => api.createChild(ADMIN);
  async function northChildInCare(): Promise<{ childId: string; episodeId: string }> {
    const childId = await northChild();
    const { episodeId } = await api.given(ADMIN, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-10-01' });
    return { childId, episodeId };
  }
  /** A CER whose recommendations went to the team manager, awaiting the response. */
  async function northCerAwaitingResponse(teamManager = NORTH_MANAGER): Promise<{ childId: string; meetingId: string }> {
    const childId = await api.createChild(ADMIN, { teamManagerEmail: teamManager.email });
    await api.given(ADMIN, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-10-01' });
    const { meetingId } = await api.given(ADMIN, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));
    await api.given(ADMIN, 'PATCH', `/children/${childId}/meetings/${meetingId}`, { recommendationsSentOn: '2026-10-22' });
    return { childId, meetingId };
  }
  /** One record of a north child, made by an admin (the child in care first, where the record needs it). */
  async function northRecord(collection: string, idField: string, body: unknown, inCare = false): Promise<{ childId: string; recordId: string }> {
    const childId = inCare ? (await northChildInCare()).childId : await northChild();
    const record = await api.given(ADMIN, 'POST', `/children/${childId}/${collection}`, body);
    return { childId, recordId: record[idField] };
  }

  /** For every operation, a request that succeeds for a caller the route allows (the compiler checks none is missing). */
  const REQUESTS: Record<OperationId, (caller: Person) => Promise<Request>> = {
    createChild: async (caller) => ({ path: '/children', body: aChildBody({ iroEmail: caller.roles.includes('iro') ? caller.email : IRO_ONE.email }) }),
    listChildren: async () => ({ path: '/children' }),
    getChild: async () => ({ path: `/children/${await northChild()}` }),
    patchChild: async () => ({ path: `/children/${await northChild()}`, body: { givenName: 'Grace' } }),
    getChildTimescales: async () => ({ path: `/children/${await northChild()}/timescales?asOf=2026-10-01` }),
    getSuggestedDates: async () => ({ path: `/children/${(await northChildInCare()).childId}/timescales/CER/suggested-dates?asOf=2026-10-01` }),
    getChildAudit: async () => ({ path: `/children/${await northChild()}/audit` }),
    exportChild: async () => ({ path: `/children/${await northChild()}/export` }),
    createCareEpisode: async () => ({ path: `/children/${await northChild()}/care-episodes`, body: { startDate: '2026-10-01' } }),
    patchCareEpisode: async () => {
      const { childId, episodeId } = await northChildInCare();
      return { path: `/children/${childId}/care-episodes/${episodeId}`, body: { endDate: '2026-11-02' } };
    },
    removeCareEpisode: async () => {
      const { childId, episodeId } = await northChildInCare();
      return { path: `/children/${childId}/care-episodes/${episodeId}`, body: REMOVAL };
    },
    createPlacementChange: async () => ({
      path: `/children/${(await northChildInCare()).childId}/placement-changes`,
      body: { date: '2026-10-15', unplanned: true },
    }),
    patchPlacementChange: async () => {
      const { childId, recordId } = await northRecord('placement-changes', 'placementChangeId', { date: '2026-10-15', unplanned: true }, true);
      return { path: `/children/${childId}/placement-changes/${recordId}`, body: { unplanned: false } };
    },
    removePlacementChange: async () => {
      const { childId, recordId } = await northRecord('placement-changes', 'placementChangeId', { date: '2026-10-15', unplanned: true }, true);
      return { path: `/children/${childId}/placement-changes/${recordId}`, body: REMOVAL };
    },
    createStrategyDiscussion: async () => ({ path: `/children/${await northChild()}/strategy-discussions`, body: { date: '2026-10-01' } }),
    patchStrategyDiscussion: async () => {
      const { childId, recordId } = await northRecord('strategy-discussions', 'strategyDiscussionId', { date: '2026-10-01' });
      return { path: `/children/${childId}/strategy-discussions/${recordId}`, body: { s47Determination: 'conference', determinedOn: '2026-10-12' } };
    },
    removeStrategyDiscussion: async () => {
      const { childId, recordId } = await northRecord('strategy-discussions', 'strategyDiscussionId', { date: '2026-10-01' });
      return { path: `/children/${childId}/strategy-discussions/${recordId}`, body: REMOVAL };
    },
    createRegistration: async () => ({ path: `/children/${await northChild()}/registrations`, body: { startDate: '2026-10-01', category: 'Neglect' } }),
    patchRegistration: async () => {
      const { childId, recordId } = await northRecord('registrations', 'registrationId', { startDate: '2026-10-01', category: 'Neglect' });
      return { path: `/children/${childId}/registrations/${recordId}`, body: { endDate: '2026-11-02' } };
    },
    removeRegistration: async () => {
      const { childId, recordId } = await northRecord('registrations', 'registrationId', { startDate: '2026-10-01', abuseTypes: ['neglect', 'emotional'] });
      return { path: `/children/${childId}/registrations/${recordId}`, body: REMOVAL };
    },
    createTransferIn: async () => ({ path: `/children/${await northChild()}/transfer-ins`, body: { notifiedOn: '2026-10-01' } }),
    patchTransferIn: async () => {
      const { childId, recordId } = await northRecord('transfer-ins', 'transferInId', { notifiedOn: '2026-10-01' });
      return { path: `/children/${childId}/transfer-ins/${recordId}`, body: { notifiedOn: '2026-10-02' } };
    },
    removeTransferIn: async () => {
      const { childId, recordId } = await northRecord('transfer-ins', 'transferInId', { notifiedOn: '2026-10-01' });
      return { path: `/children/${childId}/transfer-ins/${recordId}`, body: REMOVAL };
    },
    createDispute: async () => ({ path: `/children/${await northChild()}/disputes`, body: { startedOn: '2026-10-01', stage: 'informal', raisedBy: 'IRO' } }),
    patchDispute: async () => {
      const { childId, recordId } = await northRecord('disputes', 'disputeId', { startedOn: '2026-10-01', stage: 'informal', raisedBy: 'IRO' });
      return { path: `/children/${childId}/disputes/${recordId}`, body: { resolvedOn: '2026-10-20', outcome: 'Care plan amended' } };
    },
    removeDispute: async () => {
      const { childId, recordId } = await northRecord('disputes', 'disputeId', { startedOn: '2026-10-01', stage: 'formal', raisedBy: 'IRO' });
      return { path: `/children/${childId}/disputes/${recordId}`, body: REMOVAL };
    },
    createMeeting: async () => ({ path: `/children/${(await northChildInCare()).childId}/meetings`, body: aMeeting('CER', '2026-10-20') }),
    patchMeeting: async () => {
      const { childId, meetingId } = await northCerAwaitingResponse();
      return { path: `/children/${childId}/meetings/${meetingId}`, body: { managerRespondedOn: '2026-10-28' } };
    },
    removeMeeting: async () => {
      const { childId, meetingId } = await northCerAwaitingResponse();
      return { path: `/children/${childId}/meetings/${meetingId}`, body: REMOVAL };
    },
    listTimescales: async () => ({ path: '/timescales' }),
    listSnapshots: async () => ({ path: '/snapshots' }),
    getSnapshot: async () => {
      await api.given(ADMIN, 'POST', '/snapshots/2026-09', undefined);
      return { path: '/snapshots/2026-09' };
    },
    createSnapshot: async () => ({ path: '/snapshots/2026-08' }),
    getAnnualReport: async () => ({ path: '/reports/annual?year=2025' }),
    listIros: async () => ({ path: '/iros' }),
    // An IRO new to the directory each time: the PUT creates (201).
    putIro: async () => ({ path: `/iros/iro.${crypto.randomUUID()}@example.org`, body: { name: 'Avery Stone', fte: 0.6, activeFrom: '2024-04-01' } }),
    getOpenApi: async () => ({ path: '/openapi.json' }),
    createCalendarFeed: async () => ({ path: '/me/calendar-feed' }),
    revokeCalendarFeed: async () => ({ path: '/me/calendar-feed' }),
    // A real feed's URL, IRO one's: whoever sends it, with whatever token, gets that feed.
    getCalendarFeed: async () => ({ path: new URL((await api.given(IRO_ONE, 'POST', '/me/calendar-feed', undefined)).url).pathname }),
  };

  const send = (caller: Person, method: string, request: Request) =>
    api.send(method, request.path, { as: caller, ...(request.body === undefined ? {} : { body: request.body }) });

  describe('the role matrix', () => {
    const cases = ROUTES.flatMap((route) =>
      ROLES.map((role) => ({ route, role, allowed: isPublic(route) || (route.roles as readonly string[]).includes(role) })),
    ).map((entry) => ({
      ...entry,
      name: `${entry.route.method} ${entry.route.path} as ${entry.role}: ${entry.allowed ? entry.route.success : 403}${isPublic(entry.route) ? ' (no token read)' : ''}`,
    }));

    for (const { name, route, role, allowed } of cases) {
      it(name, async () => {
        const caller = CALLERS[role];
        const request = await REQUESTS[route.operationId](caller);

        const answer = allowed
          ? await send(caller, route.method, request)
          : await api.expectNothingWritten(() => send(caller, route.method, request));

        if (allowed) {
          expect(answer.status, answer.text).toBe(route.success);
        } else {
          expectServiceError(answer, 403, 'forbidden');
        }
      });
    }
  });

  describe('a child outside the caller’s scope', () => {
    /** Every route about one child that the role may call, with a child of IRO one in the north team. */
    const childRoutes = (role: string) =>
      ROUTES.filter((route) => route.path.startsWith('/children/{childId}') && (route.roles as readonly string[]).includes(role));

    const outsiders = [
      { who: 'another IRO', caller: IRO_TWO },
      { who: 'the manager of another team', caller: SOUTH_MANAGER },
    ];
    const cases = outsiders.flatMap(({ who, caller }) =>
      childRoutes(caller.roles[0]!).map((route) => ({ who, caller, route, name: `${route.method} ${route.path}: 404 for ${who}` })),
    );

    for (const { name, caller, route } of cases) {
      it(`${name}, the same answer as for a child that does not exist, and nothing written`, async () => {
        const request = await REQUESTS[route.operationId](IRO_ONE);
        const childId = /^\/children\/([^/?]+)/.exec(request.path)![1]!;
        const nowhere = { ...request, path: request.path.replace(childId, crypto.randomUUID()) };

        const hidden = await api.expectNothingWritten(() => send(caller, route.method, request));
        const missing = await send(caller, route.method, nowhere);

        expectServiceError(hidden, 404, 'not_found');
        expect(errorWithoutRequestId(hidden)).toEqual(errorWithoutRequestId(missing));
        expect(hidden.headers.get('etag')).toBeNull();
      });
    }
  });

  describe('GET /children', () => {
    /** The list's pages from the first, followed by their cursors, as one answer (the last page's status and headers). */
    async function everyPage(caller: Person, first: string): Promise<Answer> {
      const children: unknown[] = [];
      let answer = await api.get(caller, first);
      children.push(...(answer.body.children ?? []));
      while (answer.status === 200 && answer.body.cursor) {
        answer = await api.get(caller, `${first}&cursor=${answer.body.cursor}`);
        children.push(...(answer.body.children ?? []));
      }
      return { ...answer, body: { ...answer.body, children } };
    }

    let iroOneChild: string;
    let iroTwoChild: string;

    beforeAll(async () => {
      iroOneChild = await api.createChild(IRO_ONE);
      iroTwoChild = await api.createChild(IRO_TWO, { iroEmail: IRO_TWO.email, teamManagerEmail: SOUTH_MANAGER.email, teamName: 'South Team' });
    });

    it('lists an IRO only their own children', async () => {
      // The matrix above made well over a page of IRO one's children: every page, joined.
      const listed = await everyPage(IRO_ONE, '/children?limit=100');

      expect(listed.status).toBe(200);
      expect(idsIn(listed, 'children')).toContain(iroOneChild);
      expect(idsIn(listed, 'children')).not.toContain(iroTwoChild);
      expect(new Set(listed.body.children.map((child: { iroEmail: string }) => child.iroEmail))).toEqual(new Set([IRO_ONE.email]));
    });

    it('lists a team manager only their team’s children', async () => {
      const listed = await api.get(SOUTH_MANAGER, '/children?limit=100');

      expect(idsIn(listed, 'children')).toEqual([iroTwoChild]);
    });

    it('refuses an IRO asking for another IRO’s children with 403', async () => {
      const answer = await api.get(IRO_ONE, `/children?iroEmail=${IRO_TWO.email}`);

      expectServiceError(answer, 403, 'forbidden');
    });

    it('refuses an IRO asking for a team manager’s list with 403', async () => {
      const answer = await api.get(IRO_ONE, `/children?teamManagerEmail=${NORTH_MANAGER.email}`);

      expectServiceError(answer, 403, 'forbidden');
    });

    it('refuses a team manager asking for another team’s children with 403', async () => {
      const answer = await api.get(NORTH_MANAGER, `/children?teamManagerEmail=${SOUTH_MANAGER.email}`);

      expectServiceError(answer, 403, 'forbidden');
    });

    it('lets an IRO filter by their own email, whatever its letter case', async () => {
      const answer = await everyPage(IRO_ONE, `/children?limit=100&iroEmail=${IRO_ONE.email.toUpperCase()}`);

      expect(answer.status).toBe(200);
      expect(idsIn(answer, 'children')).toContain(iroOneChild);
    });

    it('refuses a cursor made for one caller when another sends it, with 400 naming cursor', async () => {
      const first = await api.get(SERVICE_MANAGER, '/children?limit=1');

      const answer = await api.get(ADMIN, `/children?limit=1&cursor=${first.body.cursor}`);

      expect(first.body.cursor).toEqual(expect.any(String));
      expectServiceError(answer, 400, 'validation_failed');
      expect(fieldsOf(answer)).toEqual(['cursor']);
    });

    it('refuses an IRO’s cursor sent by another IRO with 400 naming cursor', async () => {
      await api.createChild(IRO_ONE);
      const first = await api.get(IRO_ONE, '/children?limit=1');

      const answer = await api.get(IRO_TWO, `/children?limit=1&cursor=${first.body.cursor}`);

      expectServiceError(answer, 400, 'validation_failed');
      expect(fieldsOf(answer)).toEqual(['cursor']);
    });

    it('refuses a cursor made for another status filter with 400 naming cursor', async () => {
      await api.createChild(IRO_ONE);
      const first = await api.get(IRO_ONE, '/children?limit=1');

      const answer = await api.get(IRO_ONE, `/children?limit=1&status=closed&cursor=${first.body.cursor}`);

      expectServiceError(answer, 400, 'validation_failed');
      expect(fieldsOf(answer)).toEqual(['cursor']);
    });

    it('refuses a cursor edited to start in another IRO’s partition with 400 naming cursor', async () => {
      await api.createChild(IRO_ONE);
      const first = await api.get(IRO_ONE, '/children?limit=1');
      const cursor = decodeCursor(first.body.cursor);
      const intoTheirs = encodeCursor({ ...cursor, position: { ...cursor.position, key: { ...cursor.position.key, iroKey: `IRO#${IRO_TWO.email}` } } });
      const asTheirs = encodeCursor({ ...cursor, scope: [{ iroEmail: IRO_TWO.email }], position: { ...cursor.position, key: { ...cursor.position.key, iroKey: `IRO#${IRO_TWO.email}` } } });

      const answers = [await api.get(IRO_ONE, `/children?cursor=${intoTheirs}`), await api.get(IRO_ONE, `/children?cursor=${asTheirs}`)];

      for (const answer of answers) {
        expectServiceError(answer, 400, 'validation_failed');
        expect(fieldsOf(answer)).toEqual(['cursor']);
      }
    });

    it('refuses a cursor that is not base64 JSON with 400 naming cursor', async () => {
      const answer = await api.get(IRO_ONE, '/children?cursor=not-a-cursor');

      expectServiceError(answer, 400, 'validation_failed');
      expect(fieldsOf(answer)).toEqual(['cursor']);
    });
  });

  describe('GET /timescales', () => {
    it('answers each caller only the timescales of children in their scope', async () => {
      const mine = (await northChildInCare()).childId;
      const theirs = await api.createChild(ADMIN, { iroEmail: IRO_TWO.email, teamManagerEmail: SOUTH_MANAGER.email });
      await api.given(ADMIN, 'POST', `/children/${theirs}/care-episodes`, { startDate: '2026-10-01' });

      const [iro, teamManager, serviceManager] = await Promise.all(
        [IRO_ONE, NORTH_MANAGER, SERVICE_MANAGER].map((caller) => api.get(caller, '/timescales?within=260')),
      );

      expect(idsIn(iro!, 'timescales')).toContain(mine);
      expect(idsIn(iro!, 'timescales')).not.toContain(theirs);
      expect(new Set(iro!.body.timescales.map((t: { iroEmail: string }) => t.iroEmail))).toEqual(new Set([IRO_ONE.email]));
      expect(idsIn(teamManager!, 'timescales')).toContain(mine);
      expect(new Set(teamManager!.body.timescales.map((t: { teamManagerEmail: string }) => t.teamManagerEmail))).toEqual(new Set([NORTH_MANAGER.email]));
      expect(idsIn(serviceManager!, 'timescales')).toEqual(expect.arrayContaining([mine, theirs]));
    });

    it('carries the case reference and initials but never the name or date of birth', async () => {
      await northChildInCare();

      const answer = await api.get(IRO_ONE, '/timescales?within=260');

      expect(answer.body.timescales.length).toBeGreaterThan(0);
      expect(answer.body.timescales[0]).toMatchObject({ reference: expect.any(String), initials: 'A.L.' });
      expect(answer.text).not.toMatch(/Lovelace|2015-12-10/);
    });
  });

  describe('a team manager and a meeting', () => {
    it('records managerRespondedOn on their team’s child', async () => {
      const { childId, meetingId } = await northCerAwaitingResponse();

      const answer = await api.patch(NORTH_MANAGER, `/children/${childId}/meetings/${meetingId}`, { managerRespondedOn: '2026-10-28' });

      expect(answer.status).toBe(200);
      expect(answer.body.managerRespondedOn).toBe('2026-10-28');
    });

    it('refuses any other field with 403, and writes nothing', async () => {
      const { childId, meetingId } = await northCerAwaitingResponse();

      const others = await api.expectNothingWritten(() =>
        api.patch(NORTH_MANAGER, `/children/${childId}/meetings/${meetingId}`, { recommendationsSentOn: '2026-10-23' }),
      );
      const alongside = await api.expectNothingWritten(() =>
        api.patch(NORTH_MANAGER, `/children/${childId}/meetings/${meetingId}`, { managerRespondedOn: '2026-10-28', qaAuditCompleted: true }),
      );

      expectServiceError(others, 403, 'forbidden');
      expectServiceError(alongside, 403, 'forbidden');
    });

    it('answers 404 on another team’s child, and writes nothing', async () => {
      const { childId, meetingId } = await northCerAwaitingResponse(SOUTH_MANAGER);

      const answer = await api.expectNothingWritten(() =>
        api.patch(NORTH_MANAGER, `/children/${childId}/meetings/${meetingId}`, { managerRespondedOn: '2026-10-28' }),
      );

      expectServiceError(answer, 404, 'not_found');
    });

    it('cannot write any other record of their team’s child: 403, and nothing written', async () => {
      const { childId } = await northChildInCare();

      const answer = await api.expectNothingWritten(() => api.post(NORTH_MANAGER, `/children/${childId}/placement-changes`, { date: '2026-10-15', unplanned: true }));

      expectServiceError(answer, 403, 'forbidden');
    });
  });
});
