/**
 * GET /children a page at a time: every child in scope exactly once, for each
 * kind of list (an IRO's, a team manager's, and the sharded list of everyone
 * a service manager sees), with and without the status filter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import { expectServiceError, type Person, SERVICE_MANAGER, useApi } from './harness';

const PAGING_IRO: Person = { email: 'iro.paging@example.org', roles: ['iro'] };
const PAGING_MANAGER: Person = { email: 'tm.paging@example.org', roles: ['team-manager'] };
const OTHER_IRO: Person = { email: 'iro.other@example.org', roles: ['iro'] };
const STATUS_IRO: Person = { email: 'iro.status@example.org', roles: ['iro'] };
const STATUS_MANAGER: Person = { email: 'tm.status@example.org', roles: ['team-manager'] };
const DUE_IRO: Person = { email: 'iro.due@example.org', roles: ['iro'] };

interface Listed {
  childId: string;
  reference: string;
  lookedAfter: boolean;
  registered: boolean;
}

const api = useApi();

describe('GET /children, page by page', () => {
  /** The seven children of the paging IRO and their team manager, in reference order. */
  const seven: string[] = [];
  /** Three children of another IRO and team. */
  const others: string[] = [];
  /** The status IRO's children, by what their records make of them. */
  const byStatus = { inCare: '', registered: '', both: '', neverRecorded: '', careEnded: '' };

  /** Every page of a list, following the cursor; fails rather than loop for ever. */
  async function pagesOf(caller: Person, query: string): Promise<Listed[][]> {
    const pages: Listed[][] = [];
    let cursor: string | undefined;
    do {
      const answer = await api.get(caller, `/children?${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status, answer.text).toBe(200);
      pages.push(answer.body.children);
      cursor = answer.body.cursor;
      expect(pages.length).toBeLessThan(30);
    } while (cursor);
    return pages;
  }

  const idsOf = (pages: Listed[][]) => pages.flat().map((child) => child.childId);

  /** Every child profile in the table: what a service manager's list must cover. */
  async function everyChildId(): Promise<string[]> {
    return (await api.everyItem()).filter((item) => item['SK'] === 'CHILD').map((item) => String(item['childId']));
  }

  beforeAll(async () => {
    // Recorded out of reference order, so the list's order is its own work.
    for (const n of [4, 1, 7, 3, 6, 2, 5]) {
      seven[n - 1] = await api.createChild(PAGING_IRO, {
        reference: `PAGE-0${n}`,
        iroEmail: PAGING_IRO.email,
        teamManagerEmail: PAGING_MANAGER.email,
      });
    }
    for (const n of [1, 2, 3]) {
      others.push(await api.createChild(OTHER_IRO, { reference: `OTHER-0${n}`, iroEmail: OTHER_IRO.email, teamManagerEmail: 'tm.other@example.org' }));
    }

    const statusChild = (reference: string) =>
      api.createChild(STATUS_IRO, { reference, iroEmail: STATUS_IRO.email, teamManagerEmail: STATUS_MANAGER.email });
    byStatus.inCare = await statusChild('STATUS-IN-CARE');
    await api.given(STATUS_IRO, 'POST', `/children/${byStatus.inCare}/care-episodes`, { startDate: '2026-09-01' });
    byStatus.registered = await statusChild('STATUS-REGISTERED');
    await api.given(STATUS_IRO, 'POST', `/children/${byStatus.registered}/registrations`, { startDate: '2026-09-01', category: 'Neglect' });
    byStatus.both = await statusChild('STATUS-BOTH');
    await api.given(STATUS_IRO, 'POST', `/children/${byStatus.both}/care-episodes`, { startDate: '2026-09-01' });
    await api.given(STATUS_IRO, 'POST', `/children/${byStatus.both}/registrations`, { startDate: '2026-09-01', category: 'Physical Abuse' });
    byStatus.neverRecorded = await statusChild('STATUS-NOTHING');
    byStatus.careEnded = await statusChild('STATUS-CARE-ENDED');
    const { episodeId } = await api.given(STATUS_IRO, 'POST', `/children/${byStatus.careEnded}/care-episodes`, { startDate: '2026-03-02' });
    await api.given(STATUS_IRO, 'PATCH', `/children/${byStatus.careEnded}/care-episodes/${episodeId}`, { endDate: '2026-08-03' });
  });

  describe('without a filter', () => {
    it('gives an IRO their 7 children in pages of 3, 3 and 1, by case reference, each once', async () => {
      const pages = await pagesOf(PAGING_IRO, 'limit=3');

      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(idsOf(pages)).toEqual(seven);
      expect(pages.flat().map((child) => child.reference)).toEqual(['PAGE-01', 'PAGE-02', 'PAGE-03', 'PAGE-04', 'PAGE-05', 'PAGE-06', 'PAGE-07']);
    });

    it('gives a team manager their team’s 7 children in pages of 3, 3 and 1, each once', async () => {
      const pages = await pagesOf(PAGING_MANAGER, 'limit=3');

      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(idsOf(pages)).toEqual(seven);
    });

    it('gives a service manager every child across the shards, in full pages of 3 but the last, each once', async () => {
      const everyone = await everyChildId();

      const pages = await pagesOf(SERVICE_MANAGER, 'limit=3');

      const ids = idsOf(pages);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...everyone].sort());
      expect(everyone.length).toBeGreaterThanOrEqual(15);
      expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
      expect(pages.at(-1)!.length).toBeLessThanOrEqual(3);
    });

    it('gives a service manager one IRO’s children when filtered by iroEmail', async () => {
      const pages = await pagesOf(SERVICE_MANAGER, `limit=2&iroEmail=${OTHER_IRO.email}`);

      expect(idsOf(pages)).toEqual(others);
    });

    it('refuses a limit over 100 with 400 naming limit', async () => {
      const answer = await api.get(PAGING_IRO, '/children?limit=101');

      expectServiceError(answer, 400, 'validation_failed');
      expect(answer.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['limit']);
    });
  });

  describe('with the status filter', () => {
    const expected = {
      'looked-after': () => [byStatus.inCare, byStatus.both],
      registered: () => [byStatus.registered, byStatus.both],
      closed: () => [byStatus.neverRecorded, byStatus.careEnded],
    };

    for (const status of ['looked-after', 'registered', 'closed'] as const) {
      it(`gives an IRO and a team manager, a page of 1 at a time, exactly their ${status} children`, async () => {
        const iroPages = await pagesOf(STATUS_IRO, `limit=1&status=${status}`);
        const managerPages = await pagesOf(STATUS_MANAGER, `limit=1&status=${status}`);

        expect([...idsOf(iroPages)].sort()).toEqual([...expected[status]()].sort());
        expect([...idsOf(managerPages)].sort()).toEqual([...expected[status]()].sort());
        expect(iroPages.every((page) => page.length <= 1)).toBe(true);
      });
    }

    it('gives a service manager, 2 at a time across the shards, exactly the looked-after children', async () => {
      const pages = await pagesOf(SERVICE_MANAGER, 'limit=2&status=looked-after');

      expect([...idsOf(pages)].sort()).toEqual([byStatus.inCare, byStatus.both].sort());
    });

    it('gives a service manager, 2 at a time across the shards, every closed child once', async () => {
      const pages = await pagesOf(SERVICE_MANAGER, 'limit=2&status=closed');

      const ids = idsOf(pages);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...seven, ...others, byStatus.neverRecorded, byStatus.careEnded].sort());
    });

    it('says on each child whether they are looked after and registered', async () => {
      const [page] = await pagesOf(STATUS_IRO, 'limit=10');

      const flags = Object.fromEntries(page!.map((child) => [child.reference, [child.lookedAfter, child.registered]]));
      expect(flags).toEqual({
        'STATUS-BOTH': [true, true],
        'STATUS-CARE-ENDED': [false, false],
        'STATUS-IN-CARE': [true, false],
        'STATUS-NOTHING': [false, false],
        'STATUS-REGISTERED': [false, true],
      });
    });

    it('refuses a status it does not know with 400 naming status', async () => {
      const answer = await api.get(STATUS_IRO, '/children?status=open');

      expectServiceError(answer, 400, 'validation_failed');
      expect(answer.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['status']);
    });
  });
});

describe('GET /timescales', () => {
  const due = { cer: '', icpc: '', laterCer: '' };

  beforeAll(async () => {
    const dueChild = () => api.createChild(DUE_IRO, { iroEmail: DUE_IRO.email });
    due.cer = await dueChild();
    await api.given(DUE_IRO, 'POST', `/children/${due.cer}/care-episodes`, { startDate: '2026-10-01' });
    due.icpc = await dueChild();
    await api.given(DUE_IRO, 'POST', `/children/${due.icpc}/strategy-discussions`, { date: '2026-11-02' });
    due.laterCer = await dueChild();
    await api.given(DUE_IRO, 'POST', `/children/${due.laterCer}/care-episodes`, { startDate: '2026-11-02' });
  });

  it('answers the timescales due by the as-of date plus `within` working days, soonest first, with their status', async () => {
    const byThatDay = await api.get(DUE_IRO, '/timescales?asOf=2026-11-23&within=0');
    const withinAWeek = await api.get(DUE_IRO, '/timescales?asOf=2026-11-23&within=5');

    const summary = (answer: { body: { timescales: { childId: string; kind: string; dueDate: string; status: string }[] } }) =>
      answer.body.timescales.map((t) => [t.childId, t.kind, t.dueDate, t.status]);
    // By hand: 1 October + 20 working days is 29 October; Monday 2 November + 15 is 23 November, + 20 is 30 November.
    expect(byThatDay.body).toMatchObject({ asOf: '2026-11-23', dueBy: '2026-11-23' });
    expect(summary(byThatDay)).toEqual([
      [due.cer, 'CER', '2026-10-29', 'breached'],
      [due.icpc, 'ICPC', '2026-11-23', 'due-soon'],
    ]);
    expect(withinAWeek.body.dueBy).toBe('2026-11-30');
    expect(summary(withinAWeek)).toEqual([
      [due.cer, 'CER', '2026-10-29', 'breached'],
      [due.icpc, 'ICPC', '2026-11-23', 'due-soon'],
      [due.laterCer, 'CER', '2026-11-30', 'due-soon'],
    ]);
  });

  it('refuses a `within` that is not a whole number of working days with 400 naming within', async () => {
    const answer = await api.get(DUE_IRO, '/timescales?within=1.5');

    expectServiceError(answer, 400, 'validation_failed');
    expect(answer.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['within']);
  });

  it('refuses an as-of date and `within` that reach past the calendar’s last day with 400 naming within, not a 500 (found by the fuzz)', async () => {
    const answer = await api.get(DUE_IRO, `/timescales?asOf=${CALENDAR_LAST_DATE}&within=1`);

    expectServiceError(answer, 400, 'validation_failed');
    expect(answer.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['within']);
  });
});
