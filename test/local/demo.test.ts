/**
 * The demo register: the generator on its own (pure), then the loader through
 * the real HTTP API (the local adapter, the real API function, real tokens)
 * against a fresh table in DynamoDB Local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { CALENDAR_FIRST_DATE } from '#shared/domain/calendar/working-days';
import { REGISTRATION_CATEGORIES } from '#shared/domain/records';
import { monthsEndingWith, shiftMonth } from '#shared/domain/year-month';
import { loadDemo, type DemoSummary } from '#infra/local/demo';
import {
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES,
  DEMO_USERS,
  planDemoChild,
  planDemoRegister,
  type DemoRequest,
} from '#infra/local/demo-register';
import { signLocalToken, type LocalSigningKey } from '#infra/local/local-auth';
import { useApi } from '../api/harness';

const TODAY = '2026-11-23';
const SEED = 7;

/** Every yyyy-mm-dd value in a request body. */
function datesIn(request: DemoRequest): string[] {
  return Object.values(request.body).filter((value): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value));
}

describe('planDemoRegister, the demo generator', () => {
  it('makes the same requests for the same seed, and other children for another', () => {
    const first = planDemoRegister({ seed: SEED, today: TODAY, children: 60 });
    const again = planDemoRegister({ seed: SEED, today: TODAY, children: 60 });
    const other = planDemoRegister({ seed: SEED + 1, today: TODAY, children: 60 });

    expect(again).toEqual(first);
    expect(other.children.map((c) => c.requests)).not.toEqual(first.children.map((c) => c.requests));
  });

  it('makes each child the same whatever the size, so a bigger run only adds children', () => {
    const small = planDemoRegister({ seed: SEED, today: TODAY, children: 50 });
    const large = planDemoRegister({ seed: SEED, today: TODAY, children: 100 });

    expect(large.children.slice(0, 50)).toEqual(small.children);
  });

  it('dates nothing after today and no event before the calendar, whatever today is', () => {
    for (const today of ['2024-01-02', '2025-03-01', TODAY, '2030-12-31']) {
      const register = planDemoRegister({ seed: SEED, today, children: 240 });

      for (const child of register.children) {
        for (const request of child.requests) {
          for (const date of datesIn(request)) expect(date <= today, `${child.reference} ${request.path} ${date}`).toBe(true);
          if (request.path !== '/children') for (const date of datesIn(request)) expect(date >= CALENDAR_FIRST_DATE).toBe(true);
        }
      }
    }
  });

  it('names every child from the invented lists, with DEMO references and example.org people', () => {
    const register = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const users = new Set(DEMO_USERS.map((user) => user.email));

    for (const child of register.children) {
      const [create, ...rest] = child.requests;
      expect(create).toMatchObject({ method: 'POST', path: '/children' });
      expect(DEMO_GIVEN_NAMES).toContain(create!.body['givenName']);
      expect(DEMO_FAMILY_NAMES).toContain(create!.body['familyName']);
      expect(create!.body['reference']).toMatch(/^DEMO-\d{5}$/);
      expect(users).toContain(create!.body['iroEmail']);
      expect(users).toContain(create!.body['teamManagerEmail']);
      for (const request of [create!, ...rest]) expect(users).toContain(request.caller);
    }
    for (const email of users) expect(email).toMatch(/@example\.org$/);
  });

  it('gives the default size the register of the reports: 330 looked after, 80 registered across all ten categories, some both', () => {
    const { counts } = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });

    expect(counts.lookedAfter).toBe(330);
    expect(counts.registered).toBe(80);
    expect(counts.both).toBeGreaterThan(0);
    expect(Object.keys(counts.byCategory).sort()).toEqual([...REGISTRATION_CATEGORIES].sort());
  });

  it('keys every POST by the seed, and only POSTs', () => {
    const child = planDemoChild(SEED, TODAY, 3);

    for (const [step, request] of child.requests.entries()) {
      if (request.method === 'POST') expect(request.idempotencyKey).toBe(`demo-${SEED}-${child.reference}-${step}`);
      else expect(request.idempotencyKey).toBeUndefined();
    }
  });
});

describe('loadDemo, through the HTTP API', () => {
  const CHILDREN = 30;
  const SERVICE_MANAGER = 'service.manager@example.org';
  const today = todayInLondon(new Date());
  const api = useApi();
  let key: LocalSigningKey;
  let apiUrl: string;
  let firstRun: DemoSummary;

  async function get(route: string): Promise<any> {
    const token = await signLocalToken(key, { email: SERVICE_MANAGER, roles: ['service-manager'] });
    const response = await fetch(`${apiUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.json();
  }

  /** Every child in a list, following the cursor a small page at a time. */
  async function everyChild(status?: string): Promise<{ reference: string; childId: string }[]> {
    const children: { reference: string; childId: string }[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '7', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
      const page = await get(`/children?${query}`);
      children.push(...page.children);
      cursor = page.cursor;
    } while (cursor);
    return children;
  }

  beforeAll(async () => {
    ({ key, baseUrl: apiUrl } = api);
    firstRun = await loadDemo({ apiUrl, key, today, children: CHILDREN, seed: SEED });
  }, 180_000);

  it('sends every request of every child, and the API accepts them all', () => {
    const planned = planDemoRegister({ seed: SEED, today, children: CHILDREN });

    expect(firstRun.failures).toEqual([]);
    expect(firstRun.created).toBe(CHILDREN);
    expect(firstRun.requests).toBe(planned.counts.requests);
    expect(firstRun.records + firstRun.updates).toBe(planned.counts.requests);
  });

  it('snapshots the 24 month ends before this month, so the reports have history at once', async () => {
    const thisMonth = today.slice(0, 7);
    const expected = monthsEndingWith(shiftMonth(thisMonth, -1), 24);

    const { snapshots } = await get('/snapshots');
    const latest = await get(`/snapshots/${expected.at(-1)}`);

    expect(firstRun.snapshots).toEqual({ created: 24, existing: 0 });
    expect(snapshots.map((s: { month: string }) => s.month).sort()).toEqual(expected);
    expect(latest.figures.registerTotal + latest.figures.lookedAfterAtMonthEnd).toBeGreaterThan(0);
  });

  it('leaves as many children looked after, registered and neither as the generator says', async () => {
    const { counts } = planDemoRegister({ seed: SEED, today, children: CHILDREN });

    const [all, lookedAfter, registered, closed] = await Promise.all([
      everyChild(),
      everyChild('looked-after'),
      everyChild('registered'),
      everyChild('closed'),
    ]);

    expect(all).toHaveLength(CHILDREN);
    expect(lookedAfter).toHaveLength(counts.lookedAfter);
    expect(registered).toHaveLength(counts.registered);
    expect(closed).toHaveLength(counts.closed);
  });

  it('creates nothing when run again: every child is already loaded', async () => {
    const before = await everyChild();

    const again = await loadDemo({ apiUrl, key, today, children: CHILDREN, seed: SEED });

    expect(again.failures).toEqual([]);
    expect(again.created).toBe(0);
    expect(again.records).toBe(0);
    expect(again.alreadyLoaded).toBe(CHILDREN);
    expect(again.snapshots).toEqual({ created: 0, existing: 24 });
    expect(await everyChild()).toEqual(before);
  }, 120_000);

  it('finishes a child a previous run left half-done, without recording anything twice', async () => {
    // A child beyond the first run with a long history, its first requests sent as an interrupted run would have sent them.
    let index = CHILDREN;
    while (planDemoChild(SEED, today, index).requests.length < 10) index += 1;
    const child = planDemoChild(SEED, today, index);
    const sentBefore = Math.ceil(child.requests.length / 2);
    const ids = new Map<string, string>();
    for (const request of child.requests.slice(0, sentBefore)) {
      const token = await signLocalToken(key, { email: request.caller, roles: DEMO_USERS.find((u) => u.email === request.caller)!.roles });
      const route = request.path.replace(/\{(\w+)\}/g, (_, name: string) => ids.get(name)!);
      const response = await fetch(`${apiUrl}${route}`, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
        },
        body: JSON.stringify(request.body),
      });
      const body = (await response.json()) as Record<string, string>;
      expect(response.status).toBeLessThan(300);
      if (request.saveId) ids.set(request.saveId.as, body[request.saveId.field]!);
    }

    const resumed = await loadDemo({ apiUrl, key, today, children: index + 1, seed: SEED });
    const file = await get(`/children/${ids.get('childId')}`);

    expect(resumed.failures).toEqual([]);
    expect(resumed.resumed).toBe(1);
    expect(resumed.alreadyLoaded).toBe(CHILDREN);
    expect(resumed.created).toBe(index - CHILDREN);
    expect(file.version).toBe(child.requests.length);
    const plannedMeetings = child.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/meetings')).length;
    expect(file.meetings).toHaveLength(plannedMeetings);
  }, 120_000);

  it('skips the children a run on another day recorded, and reports each refusal with its status and body', async () => {
    const loaded = (await everyChild()).length;
    // A clock 200 days fast: the children already loaded differ from the plan (409), the new ones are dated in the future.
    const future = addDays(today, 200);

    const skewed = await loadDemo({ apiUrl, key, today: future, children: loaded + 3, seed: SEED });

    expect(skewed.alreadyLoaded).toBe(loaded);
    expect(skewed.failures.length).toBeGreaterThan(0);
    for (const failure of skewed.failures) {
      expect(failure).toMatchObject({ reference: expect.stringMatching(/^DEMO-\d{5}$/), status: 400 });
      expect(failure.body).toMatch(/in the future/);
    }
  }, 120_000);
});
