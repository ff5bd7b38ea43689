/**
 * Issue 9, item 4: object-level access. A caller outside a child's scope gets
 * the same answer for that child (and its records) as for ids that name
 * nothing, on every id route in the route table and for every role the route
 * allows or refuses; list filters and paging cursors cannot reach another
 * partition; the audit trail is the managers' alone; `/me/calendar-feed`
 * reaches the caller's own feed alone, and a feed URL no other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKeyOf, type OperationId, type RouteDefinition } from '#shared/http/routes';
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

/** What a client sees, less the request id. */
const seen = (answer: Answer) => {
  const { requestId: _requestId, ...error } = answer.body?.error ?? {};
  return { status: answer.status, error, etag: answer.headers.get('etag'), type: answer.headers.get('content-type') };
};
const encodeCursor = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');
const decodeCursor = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));

const tally = { probes: 0, same: 0 };

describe('object-level access', () => {
  const api = useApi();
  /** A child and one record of every kind, by the path parameter that names each. */
  type ChildWithRecords = {
    childId: string;
    episodeId: string;
    placementChangeId: string;
    strategyDiscussionId: string;
    registrationId: string;
    transferInId: string;
    disputeId: string;
    meetingId: string;
  };
  /** IRO one's child in the north team, with one record of every kind. */
  let child: ChildWithRecords;
  /** Another of IRO one's children, whose record ids are tried under the first child's path. */
  let sibling: ChildWithRecords;

  async function childWithRecords(): Promise<ChildWithRecords> {
    const childId = await api.createChild(ADMIN);
    const { episodeId } = await api.given(ADMIN, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-10-01' });
    const { placementChangeId } = await api.given(ADMIN, 'POST', `/children/${childId}/placement-changes`, { date: '2026-10-15', unplanned: true });
    const { strategyDiscussionId } = await api.given(ADMIN, 'POST', `/children/${childId}/strategy-discussions`, { date: '2026-10-01' });
    const { registrationId } = await api.given(ADMIN, 'POST', `/children/${childId}/registrations`, { startDate: '2026-10-01', category: 'Neglect' });
    const { transferInId } = await api.given(ADMIN, 'POST', `/children/${childId}/transfer-ins`, { notifiedOn: '2026-10-01' });
    const { disputeId } = await api.given(ADMIN, 'POST', `/children/${childId}/disputes`, { startedOn: '2026-10-01', stage: 'informal', raisedBy: 'IRO' });
    const { meetingId } = await api.given(ADMIN, 'POST', `/children/${childId}/meetings`, aMeeting('CER', '2026-10-20'));
    await api.given(ADMIN, 'PATCH', `/children/${childId}/meetings/${meetingId}`, { recommendationsSentOn: '2026-10-22' });
    return { childId, episodeId, placementChangeId, strategyDiscussionId, registrationId, transferInId, disputeId, meetingId };
  }

  beforeAll(async () => {
    child = await childWithRecords();
    sibling = await childWithRecords();
  });

  afterAll(async () => {
    console.info(`object access: ${tally.probes} probes of a child or record outside the caller's reach, ${tally.same} answered exactly as ids that name nothing`);
  });

  /** A body that passes validation for the route, so that the answer is about the ids alone (every DELETE takes its reason). */
  const REMOVAL = { reason: 'entered in error' };
  const BODIES: Partial<Record<OperationId, unknown>> = {
    patchChild: { givenName: 'Grace' },
    createCareEpisode: { startDate: '2026-10-02' },
    patchCareEpisode: { endDate: '2026-11-02' },
    removeCareEpisode: REMOVAL,
    createPlacementChange: { date: '2026-10-15', unplanned: true },
    patchPlacementChange: { unplanned: false },
    removePlacementChange: REMOVAL,
    createStrategyDiscussion: { date: '2026-10-01' },
    patchStrategyDiscussion: { s47Determination: 'conference', determinedOn: '2026-10-12' },
    removeStrategyDiscussion: REMOVAL,
    createRegistration: { startDate: '2026-10-01', category: 'Neglect' },
    patchRegistration: { endDate: '2026-11-02' },
    removeRegistration: REMOVAL,
    createTransferIn: { notifiedOn: '2026-10-01' },
    patchTransferIn: { notifiedOn: '2026-10-02' },
    removeTransferIn: REMOVAL,
    createDispute: { startedOn: '2026-10-01', stage: 'formal', raisedBy: 'IRO' },
    patchDispute: { resolvedOn: '2026-10-20', outcome: 'Care plan amended' },
    removeDispute: REMOVAL,
    createMeeting: aMeeting('CER', '2026-10-21'),
    patchMeeting: { managerRespondedOn: '2026-10-28' },
    removeMeeting: REMOVAL,
  };
  const ID_ROUTES = ROUTES.filter((route) => route.path.includes('{childId}'));
  const pathWith = (route: RouteDefinition, values: Record<string, string>) =>
    route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'kind' ? 'CER' : (values[name] ?? crypto.randomUUID()))) + (route.operationId === 'getChildTimescales' || route.operationId === 'getSuggestedDates' ? '?asOf=2026-11-01' : '');
  const call = (caller: Person, route: RouteDefinition, path: string) =>
    api.send(route.method, path, { as: caller, ...(bodyOf(route) === undefined ? {} : { body: bodyOf(route) }) });
  const bodyOf = (route: RouteDefinition) => BODIES[route.operationId as OperationId];
  /** Ids that name nothing, for every path parameter. */
  const nowhere = (): ChildWithRecords => ({
    childId: crypto.randomUUID(),
    episodeId: crypto.randomUUID(),
    placementChangeId: crypto.randomUUID(),
    strategyDiscussionId: crypto.randomUUID(),
    registrationId: crypto.randomUUID(),
    transferInId: crypto.randomUUID(),
    disputeId: crypto.randomUUID(),
    meetingId: crypto.randomUUID(),
  });
  /** The path parameters of a route, e.g. ['childId', 'episodeId']. */
  const parametersOf = (route: RouteDefinition) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

  it('covers every id route in the route table', () => {
    expect(ID_ROUTES.map(routeKeyOf)).toHaveLength(ROUTES.filter((r) => r.path.startsWith('/children/{childId}')).length);
    expect(ID_ROUTES.length).toBeGreaterThanOrEqual(11);
  });

  it('has a real record for every path parameter and a valid body for every route that takes one', () => {
    const seeded = Object.keys(nowhere());
    for (const route of ID_ROUTES) {
      for (const name of parametersOf(route)) if (name !== 'kind') expect(seeded, `${routeKeyOf(route)}: {${name}}`).toContain(name);
      expect(bodyOf(route) !== undefined, `${routeKeyOf(route)}: a body in BODIES`).toBe('body' in route);
    }
  });

  const outsiders: [string, Person][] = [
    ['another IRO', IRO_TWO],
    ['the manager of another team', SOUTH_MANAGER],
    ['someone with both roles elsewhere', { email: 'both@example.org', roles: ['iro', 'team-manager'] }],
  ];
  for (const [who, caller] of outsiders) {
    for (const route of ID_ROUTES) {
      const allowed = route.roles.some((role) => caller.roles.includes(role));
      it(`${routeKeyOf(route)} as ${who}: the same ${allowed ? '404' : '403'} for the real child, its real records, and ids that name nothing; nothing written`, async () => {
        const real = pathWith(route, child);
        const realChildMissingRecord = pathWith(route, { childId: child.childId });
        const missing = pathWith(route, nowhere());

        const answers: Answer[] = [];
        await api.expectNothingWritten(async () => {
          for (const path of [real, realChildMissingRecord, missing]) answers.push(await call(caller, route, path));
          return answers[0]!;
        });
        const [a, b, c] = answers as [Answer, Answer, Answer];
        tally.probes += 2;
        expectServiceError(a, allowed ? 404 : 403, allowed ? 'not_found' : 'forbidden');
        expect(seen(a)).toEqual(seen(c));
        expect(seen(b)).toEqual(seen(c));
        tally.same += 2;
      });
    }
  }

  describe('record ids of another child', () => {
    const recordRoutes = ID_ROUTES.filter((route) => parametersOf(route).some((name) => name !== 'childId' && name !== 'kind'));

    it('covers every route about one record', () => {
      expect(recordRoutes.map((route) => route.operationId)).toEqual(
        expect.arrayContaining(['removeCareEpisode', 'patchPlacementChange', 'removePlacementChange', 'patchStrategyDiscussion', 'removeStrategyDiscussion', 'removeRegistration', 'patchTransferIn', 'removeTransferIn', 'patchDispute', 'removeDispute', 'removeMeeting']),
      );
    });

    for (const route of recordRoutes) {
      it(`${routeKeyOf(route)}: a record of another child under this child's path is 404, as a record that does not exist`, async () => {
        const crossed = pathWith(route, { ...sibling, childId: child.childId });
        const missing = pathWith(route, { childId: child.childId });
        const answer = await api.expectNothingWritten(() => call(IRO_ONE, route, crossed));
        const none = await call(IRO_ONE, route, missing);
        tally.probes += 1;
        expectServiceError(answer, 404, 'not_found');
        expect(seen(answer)).toEqual(seen(none));
        tally.same += 1;
      });
    }
  });

  describe('the audit trail', () => {
    for (const [who, caller] of [['the child’s own IRO', IRO_ONE], ['the child’s own team manager', NORTH_MANAGER], ['another IRO', IRO_TWO], ['another team’s manager', SOUTH_MANAGER]] as const) {
      it(`is refused to ${who} with the same 403 whether the child exists or not`, async () => {
        const real = await api.get(caller, `/children/${child.childId}/audit`);
        const missing = await api.get(caller, `/children/${crypto.randomUUID()}/audit`);
        tally.probes += 1;
        expectServiceError(real, 403, 'forbidden');
        expect(seen(real)).toEqual(seen(missing));
        expect(real.text).not.toContain(child.childId);
        tally.same += 1;
      });
    }
    it('is given to a service manager', async () => {
      expect((await api.get(SERVICE_MANAGER, `/children/${child.childId}/audit`)).status).toBe(200);
    });
  });

  describe('the calendar feed', () => {
    const feedPath = async (person: Person) => new URL((await api.given(person, 'POST', '/me/calendar-feed', undefined)).url).pathname;

    it('is made, replaced and revoked for the caller alone: another IRO’s POST and DELETE leave IRO one’s URL working', async () => {
      const mine = await feedPath(IRO_ONE);

      const theirs = await feedPath(IRO_TWO);
      await api.given(IRO_TWO, 'POST', '/me/calendar-feed', undefined);
      const revoked = await api.send('DELETE', '/me/calendar-feed', { as: IRO_TWO });
      const answer = await api.send('GET', mine);
      tally.probes += 1;

      expect(revoked.status).toBe(200);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.text).toContain(`${child.childId}-`);
      expect((await api.send('GET', theirs)).status).toBe(404);
      tally.same += 1;
    });

    it('answers a URL whose secret differs only in letter case as one that names nothing (404)', async () => {
      const mine = await feedPath(NORTH_MANAGER);
      const secret = mine.split('/').at(-1)!;
      const swapped = secret.replace(/[a-zA-Z]/, (letter) => (letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase()));

      const answer = await api.send('GET', `/calendar-feeds/${swapped}`);
      const none = await api.send('GET', `/calendar-feeds/${Buffer.alloc(32, 1).toString('base64url')}`);
      tally.probes += 1;

      expectServiceError(answer, 404, 'not_found');
      expect(seen(answer)).toEqual(seen(none));
      tally.same += 1;
    });
  });

  describe('the IRO directory', () => {
    it('refuses an IRO their own entry, another IRO’s and one that does not exist alike (403), writing nothing', async () => {
      await api.given(ADMIN, 'PUT', `/iros/${IRO_ONE.email}`, { name: 'Iro One', fte: 1, activeFrom: '2023-04-01' });
      await api.given(ADMIN, 'PUT', `/iros/${IRO_TWO.email}`, { name: 'Iro Two', fte: 0.6, activeFrom: '2023-04-01' });
      const change = { name: 'Iro One', fte: 0.2, activeFrom: '2020-01-01' };

      const answers: Answer[] = [];
      await api.expectNothingWritten(async () => {
        for (const email of [IRO_ONE.email, IRO_TWO.email, `nobody-${crypto.randomUUID()}@example.org`]) {
          answers.push(await api.send('PUT', `/iros/${email}`, { as: IRO_ONE, body: change }));
        }
        return answers[0]!;
      });
      const [own, another, missing] = answers as [Answer, Answer, Answer];
      tally.probes += 2;

      expectServiceError(own, 403, 'forbidden');
      expect(seen(own)).toEqual(seen(missing));
      expect(seen(another)).toEqual(seen(missing));
      tally.same += 2;
    });

    it('is read by no IRO or team manager, whose 403 says nothing of who is in it', async () => {
      for (const caller of [IRO_ONE, NORTH_MANAGER]) {
        const answer = await api.get(caller, '/iros');
        tally.probes += 1;
        expectServiceError(answer, 403, 'forbidden');
        expect(answer.text).not.toContain(IRO_TWO.email);
        tally.same += 1;
      }
    });
  });

  describe('list filters', () => {
    const cases: [string, Person, string, string][] = [
      ['an IRO filtering by another IRO', IRO_TWO, 'iroEmail', IRO_ONE.email],
      ['an IRO filtering by a team manager', IRO_TWO, 'teamManagerEmail', NORTH_MANAGER.email],
      ['a team manager filtering by another', SOUTH_MANAGER, 'teamManagerEmail', NORTH_MANAGER.email],
      ['a team manager filtering by an IRO', SOUTH_MANAGER, 'iroEmail', IRO_ONE.email],
    ];
    for (const [who, caller, filter, email] of cases) {
      for (const extra of ['', '&status=looked-after', '&limit=1']) {
        it(`${who} (${filter}${extra}): the same refusal whether that person has children or not`, async () => {
          const withChildren = await api.get(caller, `/children?${filter}=${encodeURIComponent(email)}${extra}`);
          const without = await api.get(caller, `/children?${filter}=${encodeURIComponent(`nobody-${crypto.randomUUID()}@example.org`)}${extra}`);
          const upperCase = await api.get(caller, `/children?${filter}=${encodeURIComponent(email.toUpperCase())}${extra}`);
          tally.probes += 2;
          expectServiceError(withChildren, 403, 'forbidden');
          expect(seen(withChildren)).toEqual(seen(without));
          expect(seen(upperCase)).toEqual(seen(without));
          tally.same += 2;
        });
      }
    }
  });

  describe('paging cursors', () => {
    let iroOneCursor: string;
    let northCursor: string;
    let managerCursor: string;

    beforeAll(async () => {
      // Enough children that each list has a second page.
      for (let i = 0; i < 3; i += 1) {
        await api.createChild(ADMIN);
        await api.createChild(ADMIN, { iroEmail: IRO_TWO.email, teamManagerEmail: SOUTH_MANAGER.email, teamName: 'South Team' });
      }
      iroOneCursor = (await api.get(IRO_ONE, '/children?limit=1')).body.cursor;
      northCursor = (await api.get(NORTH_MANAGER, '/children?limit=1')).body.cursor;
      managerCursor = (await api.get(SERVICE_MANAGER, '/children?limit=1')).body.cursor;
      expect([iroOneCursor, northCursor, managerCursor].every(Boolean)).toBe(true);
    });

    const refusedCursor = (answer: Answer) => {
      expectServiceError(answer, 400, 'validation_failed');
      expect(answer.body.error.problems).toEqual([{ field: 'cursor', reason: expect.any(String) }]);
    };

    it('refuses one caller’s cursor to every other caller, whoever made it', async () => {
      const made: [Person, string][] = [[IRO_ONE, iroOneCursor], [NORTH_MANAGER, northCursor], [SERVICE_MANAGER, managerCursor]];
      for (const [maker, cursor] of made) {
        for (const other of [IRO_ONE, IRO_TWO, NORTH_MANAGER, SOUTH_MANAGER, SERVICE_MANAGER, ADMIN]) {
          if (other === maker) continue;
          tally.probes += 1;
          refusedCursor(await api.get(other, `/children?limit=1&cursor=${cursor}`));
          tally.same += 1;
        }
      }
    });

    it('refuses a cursor re-addressed to the caller but still positioned in the other partition', async () => {
      const body = decodeCursor(iroOneCursor);
      const forged = encodeCursor({ ...body, owner: IRO_TWO.email, scope: [{ iroEmail: IRO_TWO.email }] });
      tally.probes += 1;
      refusedCursor(await api.get(IRO_TWO, `/children?limit=1&cursor=${forged}`));
      tally.same += 1;
    });

    it('refuses a team manager’s cursor edited to start in another team’s partition', async () => {
      const body = decodeCursor(northCursor);
      const southKey = decodeCursor((await api.get(SOUTH_MANAGER, '/children?limit=1')).body.cursor).position.key.tmKey;
      const forged = encodeCursor({ ...body, position: { ...body.position, key: { ...body.position.key, tmKey: southKey } } });
      tally.probes += 1;
      refusedCursor(await api.get(NORTH_MANAGER, `/children?limit=1&cursor=${forged}`));
      tally.same += 1;
    });

    it('refuses an IRO a cursor forged with the everyone scope', async () => {
      const forged = encodeCursor({ owner: IRO_TWO.email, scope: [{ all: true }], position: { part: 0, shard: 0 } });
      tally.probes += 1;
      refusedCursor(await api.get(IRO_TWO, `/children?limit=1&cursor=${forged}`));
      tally.same += 1;
    });

    it('reads only the caller’s own partition from a cursor that passes every check but points at another’s child', async () => {
      const mine = decodeCursor((await api.get(IRO_TWO, '/children?limit=1')).body.cursor);
      const theirs = decodeCursor(iroOneCursor).position.key;
      // The other IRO's child as the table key, the sort position from the other list, in IRO two's own partition.
      const forged = encodeCursor({ ...mine, position: { ...mine.position, key: { ...mine.position.key, PK: theirs.PK, iroSort: 'CHILD#' } } });
      const answer = await api.get(IRO_TWO, `/children?limit=100&cursor=${forged}`);
      tally.probes += 1;
      if (answer.status === 200) {
        expect(answer.body.children.length).toBeGreaterThan(0);
        for (const listed of answer.body.children) expect(listed.iroEmail).toBe(IRO_TWO.email);
      } else {
        refusedCursor(answer);
      }
      tally.same += 1;
    });
  });
});
