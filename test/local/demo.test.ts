/**
 * The demo register: the generator on its own (pure), then the loader through
 * the real HTTP API (the local adapter, the real API function, real tokens)
 * against a fresh table in DynamoDB Local.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, CALENDAR_FIRST_DATE, isWorkingDay, workingDaysBetween } from '#shared/domain/calendar/working-days';
import { REGISTRATION_CATEGORIES } from '#shared/domain/records';
import { monthsEndingWith, shiftMonth } from '#shared/domain/year-month';
import { loadDemo, type DemoSummary } from '#infra/local/demo';
import {
  DEMO_BOOKING_HORIZON,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES,
  DEMO_IRO_DIRECTORY,
  DEMO_USERS,
  LATE_BOOKING_REASONS,
  iroOf,
  planDemoBookings,
  planDemoChild,
  planDemoRegister,
  type DemoChild,
  type DemoOpenTimescale,
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

/** The placeholder a request's path ends with (`…/{discussion2}` → `discussion2`). */
const targetOf = (request: DemoRequest) => /\{(\w+)\}$/.exec(request.path)?.[1];

/** A child's strategy discussions as their requests leave them: the day (corrected), the determination, removed or not. */
function discussionsOf(child: DemoChild) {
  const discussions = new Map<string, { date: string; section47?: boolean; s47Determination?: string; determinedOn?: string; removed?: boolean }>();
  for (const request of child.requests) {
    if (request.method === 'POST' && request.path.endsWith('/strategy-discussions')) discussions.set(request.saveId!.as, { ...request.body } as { date: string });
    else if (request.path.includes('/strategy-discussions/')) {
      const discussion = discussions.get(targetOf(request)!)!;
      if (request.method === 'DELETE') discussion.removed = true;
      else Object.assign(discussion, request.body);
    }
  }
  return [...discussions.values()].filter((discussion) => !discussion.removed);
}

/**
 * Open timescales of each sort a loaded child can have: a CER and a mid-point
 * review due anywhere from a few working days ago to months ahead, an outline
 * plan (never booked) and, for one child in twelve, an ICPC whose s47
 * enquiries are under way.
 */
function openTimescalesOf(child: DemoChild): DemoOpenTimescale[] {
  const i = child.index;
  return [
    { kind: 'CER', dueDate: addWorkingDays(TODAY, ((i * 7) % 70) - 6) },
    { kind: 'MIDPOINT', dueDate: addWorkingDays(TODAY, ((i * 11) % 60) - 3) },
    { kind: 'OUTLINE_PLAN', dueDate: addWorkingDays(TODAY, 2) },
    ...(i % 12 === 0 ? [{ kind: 'ICPC' as const, dueDate: addWorkingDays(TODAY, 9), stage: 's47-enquiries-under-way' }] : []),
  ];
}

/** The first looked-after child of each block of 48. */
function firstLookedAfterOfEachBlock(children: readonly DemoChild[]): DemoChild[] {
  const firsts = new Map<number, DemoChild>();
  for (const child of children) if (child.profile === 'looked-after' && !firsts.has(Math.floor(child.index / 48))) firsts.set(Math.floor(child.index / 48), child);
  return [...firsts.values()];
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

  it('dates nothing after today and no event before the calendar or the child\'s birth, whatever today is', () => {
    for (const today of ['2024-01-02', '2025-03-01', TODAY, '2030-12-31']) {
      const register = planDemoRegister({ seed: SEED, today, children: 240 });

      for (const child of register.children) {
        const born = child.requests[0]!.body['dateOfBirth'] as string;
        for (const request of child.requests) {
          for (const date of datesIn(request)) expect(date <= today, `${child.reference} ${request.path} ${date}`).toBe(true);
          if (request.path !== '/children') for (const date of datesIn(request)) expect(date >= CALENDAR_FIRST_DATE && date >= born, `${child.reference} ${date}`).toBe(true);
        }
      }
    }
  });

  it('never holds two meetings of one type on one day for a child, at any point of its history', () => {
    for (const today of ['2024-01-02', TODAY]) {
      for (const child of planDemoRegister({ seed: SEED, today, children: 480 }).children) {
        const held = new Map<string, string>();
        for (const request of child.requests) {
          const name = targetOf(request);
          if (request.method === 'POST' && request.path.endsWith('/meetings')) held.set(request.saveId!.as, `${request.body['type']} ${request.body['heldOn']}`);
          else if (request.path.includes('/meetings/') && (request.method === 'DELETE' || request.body['status'] === 'cancelled')) held.delete(name!);
          else if (request.path.includes('/meetings/') && request.body['heldOn']) held.set(name!, `${held.get(name!)!.split(' ')[0]} ${request.body['heldOn']}`);
          expect(new Set(held.values()).size, `${child.reference} ${request.method} ${request.path}`).toBe(held.size);
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

  it('has strategy discussions most of which end without a conference, ICPCs in proportion to the reports, and a few under way', () => {
    const register = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const { shapes } = register.counts;

    expect(shapes.endedWithoutConference).toBeGreaterThan(shapes.strategyDiscussions / 2);
    expect(shapes.strategyDiscussions).toBe(shapes.endedWithoutConference + shapes.determinedConference + shapes.underWay);
    // A few decided no s47 enquiry was needed.
    expect(shapes.noSection47).toBeGreaterThanOrEqual(3);
    expect(shapes.noSection47).toBeLessThan(shapes.endedWithoutConference / 5);
    // The reports: about 376 ICPCs a year on a register of about 2,500 children, so about 72 for 480.
    expect(shapes.icpcsLastYear).toBeGreaterThanOrEqual(40);
    expect(shapes.icpcsLastYear).toBeLessThanOrEqual(100);
    expect(shapes.underWay).toBeGreaterThanOrEqual(3);
    expect(shapes.underWay).toBeLessThanOrEqual(30);

    for (const child of register.children) {
      const discussions = discussionsOf(child);
      for (const discussion of discussions) {
        if (discussion.determinedOn) expect(discussion.determinedOn >= discussion.date, child.reference).toBe(true);
        if (discussion.section47 === false) expect(discussion.s47Determination, child.reference).toBeUndefined();
        // Only recent ones are still under way: determined by today, or begun in the last six weeks.
        if (discussion.section47 !== false && !discussion.s47Determination) expect(workingDaysBetween(discussion.date, TODAY), child.reference).toBeLessThanOrEqual(30);
      }
      // Each ICPC follows a discussion whose enquiries were determined `conference` by the day it was held.
      for (const icpc of child.requests.filter((r) => r.method === 'POST' && r.body['type'] === 'ICPC')) {
        const heldOn = icpc.body['heldOn'] as string;
        const last = discussions.filter((d) => d.date <= heldOn).sort((a, b) => a.date.localeCompare(b.date)).at(-1);
        expect(last, child.reference).toMatchObject({ s47Determination: 'conference' });
        expect(last!.determinedOn! <= heldOn, child.reference).toBe(true);
      }
    }
  });

  it('changes legal status and category now and then, and registers a few under a combination outside Chart 4', () => {
    const register = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const { shapes } = register.counts;

    expect(shapes.legalStatusChanges).toBeGreaterThanOrEqual(10);
    expect(shapes.categoryChanges).toBeGreaterThanOrEqual(3);
    expect(shapes.otherCategoryRegistrations).toBeGreaterThanOrEqual(1);
    for (const child of register.children) {
      // A change of legal status: the episode ends, and the next begins that day under another status.
      const statuses = new Map<string, string>();
      let ended: { on: string; status: string } | undefined;
      for (const request of child.requests) {
        if (request.method === 'POST' && request.path.endsWith('/care-episodes')) {
          statuses.set(request.saveId!.as, request.body['legalStatus'] as string);
          if (ended && ended.on === request.body['startDate']) expect(request.body['legalStatus'], child.reference).not.toBe(ended.status);
        }
        if (request.method === 'PATCH' && request.path.includes('/care-episodes/')) ended = { on: request.body['endDate'] as string, status: statuses.get(targetOf(request)!)! };
      }
      // Today's category is the one the generator says, after any change at a review.
      if (child.registered) {
        const categories = child.requests
          .map((r) => (r.path.endsWith('/registrations') ? r.body['category'] : (r.body['outcome'] as { category?: string } | undefined)?.category))
          .filter((category) => category !== undefined);
        expect(categories.at(-1), child.reference).toBe(child.category);
      }
    }
  });

  it('corrects a few dates typed wrongly, and removes a few records entered in error, saying why', () => {
    const register = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const { shapes } = register.counts;

    expect(shapes.corrections).toBeGreaterThanOrEqual(3);
    expect(shapes.corrections).toBeLessThanOrEqual(40);
    expect(shapes.removals).toBeGreaterThanOrEqual(3);
    expect(shapes.removals).toBeLessThanOrEqual(40);
    for (const child of register.children) {
      const posted = new Map(child.requests.filter((r) => r.saveId).map((r) => [r.saveId!.as, r]));
      for (const request of child.requests) {
        if (request.method === 'DELETE') {
          expect(request.body['reason'], child.reference).toEqual(expect.stringMatching(/\w/));
          expect(posted.get(targetOf(request)!)?.method, child.reference).toBe('POST');
        }
        const field = request.path.includes('/meetings/') ? 'heldOn' : 'date';
        if (request.method === 'PATCH' && request.body[field] && !request.path.includes('/care-episodes/')) {
          expect(request.body[field], child.reference).not.toBe(posted.get(targetOf(request)!)!.body[field]);
        }
      }
    }
  });

  it('transfers exactly one child in: the notification, then the conference that registers them within 15 working days', () => {
    for (const children of [48, 480]) {
      const register = planDemoRegister({ seed: SEED, today: TODAY, children });
      const transferred = register.children.filter((c) => c.shapes.transferIns > 0);

      expect(register.counts.shapes.transferIns).toBe(1);
      expect(register.counts.shapes.transferInConferences).toBe(1);
      expect(transferred).toHaveLength(1);
      const [child] = transferred;
      const notifiedOn = child!.requests.find((r) => r.path.endsWith('/transfer-ins'))!.body['notifiedOn'] as string;
      const conference = child!.requests.find((r) => r.body['type'] === 'TRANSFER_IN')!.body;
      expect(child!.registered).toBe(true);
      expect(conference['outcome']).toEqual({ decision: 'register', category: child!.category });
      expect(workingDaysBetween(notifiedOn, conference['heldOn'] as string)).toBeGreaterThan(0);
      expect(workingDaysBetween(notifiedOn, conference['heldOn'] as string)).toBeLessThanOrEqual(15);
    }
  });

  it('raises a few case disputes, among them one informal and resolved and one formal started in the 2024-25 reporting year', () => {
    const register = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const raised = register.children.flatMap((child) => child.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/disputes')).map((r) => ({ child, body: r.body })));
    const resolutions = register.children.flatMap((child) => child.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/disputes/')));
    const in2024To25 = raised.filter(({ body }) => (body['startedOn'] as string) >= '2024-04-01' && (body['startedOn'] as string) <= '2025-03-31');

    expect(register.counts.shapes.disputes).toBe(raised.length);
    expect(raised.length).toBeGreaterThanOrEqual(5);
    expect(raised.length).toBeLessThanOrEqual(30);
    expect(register.counts.shapes.disputesResolved).toBe(resolutions.length);
    expect(in2024To25.map(({ body }) => body['stage'])).toEqual(expect.arrayContaining(['informal', 'formal']));
    expect(resolutions.map((r) => r.body['resolvedOn'])).toContain('2025-02-25');
    // Every one raised in words, by a role: never by a name of the child.
    for (const { child, body } of raised) {
      const created = child.requests[0]!.body;
      expect(body['raisedBy'], child.reference).not.toContain(created['givenName'] as string);
      expect(body['raisedBy'], child.reference).not.toContain(created['familyName'] as string);
    }
  });

  it('books about 55% of the meetings due within 40 working days in time, 10% late, and leaves 35% with nothing booked', () => {
    const { children } = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });

    const decisions = children.flatMap((child) => planDemoBookings(SEED, child, TODAY, openTimescalesOf(child)));

    const share = (fate: string) => decisions.filter((decision) => decision.fate === fate).length / decisions.length;
    expect(share('in-time')).toBeCloseTo(0.55, 1);
    expect(share('late')).toBeCloseTo(0.1, 1);
    expect(share('not-booked')).toBeCloseTo(0.35, 1);
  });

  it('books on a working day by the due date, or one to five working days late with a reason, as the child\'s IRO', () => {
    const { children } = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const specials = new Set(firstLookedAfterOfEachBlock(children));

    for (const child of children) {
      for (const { kind, dueDate, fate, request } of planDemoBookings(SEED, child, TODAY, openTimescalesOf(child))) {
        const where = `${child.reference} ${kind} due ${dueDate}`;
        expect(['CER', 'MIDPOINT', 'ICPC'], where).toContain(kind);
        if (!(specials.has(child) && kind === 'CER')) expect(workingDaysBetween(TODAY, dueDate), where).toBeLessThanOrEqual(DEMO_BOOKING_HORIZON);
        if (kind === 'ICPC') expect(fate, `${where}: s47 enquiries under way`).toBe('not-booked');
        if (fate === 'not-booked') {
          expect(request, where).toBeUndefined();
          continue;
        }
        const { bookedFor, lateReason, ...rest } = request!.body as { bookedFor: string; lateReason?: string };
        expect(request, where).toMatchObject({ method: 'POST', path: '/children/{childId}/meetings', caller: iroOf(child), idempotencyKey: `demo-${SEED}-${child.reference}-book-${kind}` });
        expect(rest, where).toEqual({ type: kind, status: 'booked' });
        expect(isWorkingDay(bookedFor) && bookedFor >= TODAY, `${where} booked for ${bookedFor}`).toBe(true);
        if (fate === 'in-time') {
          expect(bookedFor <= dueDate, where).toBe(true);
          expect(lateReason, where).toBeUndefined();
        } else {
          // Late: a few working days after the due date, or after today when it has passed.
          const after = workingDaysBetween(dueDate < TODAY ? TODAY : dueDate, bookedFor);
          expect(after, where).toBeGreaterThanOrEqual(1);
          expect(after, where).toBeLessThanOrEqual(5);
          expect(LATE_BOOKING_REASONS, where).toContain(lateReason);
        }
      }
    }
  });

  it('books the first looked-after child of each block\'s next CER late however far off it is, so any register has a late booking', () => {
    const { children } = planDemoRegister({ seed: SEED, today: TODAY, children: 480 });
    const farOff: DemoOpenTimescale[] = [{ kind: 'CER', dueDate: addWorkingDays(TODAY, 100) }];

    const firsts = firstLookedAfterOfEachBlock(children);

    expect(firsts).toHaveLength(10);
    for (const child of firsts) expect(planDemoBookings(SEED, child, TODAY, farOff), child.reference).toEqual([expect.objectContaining({ kind: 'CER', fate: 'late' })]);
  });

  it('plans the same bookings for the same timescales and today, in whatever order they come', () => {
    const child = planDemoChild(SEED, TODAY, 5);
    const open = openTimescalesOf(child);

    expect(planDemoBookings(SEED, child, TODAY, [...open].reverse())).toEqual(planDemoBookings(SEED, child, TODAY, open));
    expect(planDemoBookings(SEED, child, TODAY, open)).not.toEqual([]);
  });

  it('keys every POST by the seed, and only POSTs', () => {
    const child = planDemoChild(SEED, TODAY, 3);

    for (const [step, request] of child.requests.entries()) {
      if (request.method === 'POST') expect(request.idempotencyKey).toBe(`demo-${SEED}-${child.reference}-${step}`);
      else expect(request.idempotencyKey).toBeUndefined();
    }
  });
});

/**
 * A stand-in for a flaky network in front of the API: passes every request on,
 * but answers 503 in place of the API's answer to the ones `lose` picks, as if
 * that answer were lost on its way back (the API did the work).
 */
async function lossyProxy(target: string, lose: (method: string, url: string) => boolean) {
  const sent: string[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    const answer = await fetch(`${target}${request.url}`, { method: request.method!, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    const text = await answer.text();
    sent.push(`${request.method} ${request.url} ${answer.status}`);
    if (lose(request.method!, request.url!)) {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"answer_lost","message":"lost on the way back"}}');
      return;
    }
    const passed = [...answer.headers].filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding'].includes(name));
    response.writeHead(answer.status, Object.fromEntries(passed)).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('loadDemo, through the HTTP API', () => {
  const SERVICE_MANAGER = 'service.manager@example.org';
  const today = todayInLondon(new Date());
  /**
   * The first 30 children, or as many more as it takes to hold the transfer-in,
   * a strategy discussion still under way, a record removed as entered in
   * error and the first looked-after child, whose next CER is booked late (all
   * four are in the first block of 48, whatever today is).
   */
  const firstBlock = planDemoRegister({ seed: SEED, today, children: 48 }).children;
  const firstWith = (shape: (child: DemoChild) => boolean) => firstBlock.findIndex(shape);
  const CHILDREN = Math.max(
    30,
    1 + firstWith((c) => c.shapes.transferIns > 0),
    1 + firstWith((c) => c.shapes.underWay > 0),
    1 + firstWith((c) => c.shapes.removals > 0),
    1 + firstWith((c) => c.profile === 'looked-after'),
  );
  const loaded = firstBlock.slice(0, CHILDREN);
  const api = useApi();
  let key: LocalSigningKey;
  let apiUrl: string;
  let firstRun: DemoSummary;
  /** What the first run's requests met on their way: the API's status for each, the first DELETE's answer lost. */
  let firstRunSent: string[];

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
    // The first run goes through a network that loses the API's answer to the first DELETE (the record is gone all the same).
    let deletes = 0;
    const proxy = await lossyProxy(apiUrl, (method) => method === 'DELETE' && deletes++ === 0);
    firstRun = await loadDemo({ apiUrl: proxy.url, key, today, children: CHILDREN, seed: SEED }).finally(() => proxy.close());
    firstRunSent = proxy.sent;
  }, 180_000);

  it('sends every request of every child, and the API accepts them all', () => {
    const planned = planDemoRegister({ seed: SEED, today, children: CHILDREN });

    expect(firstRun.failures).toEqual([]);
    expect(firstRun.created).toBe(CHILDREN);
    expect(firstRun.requests).toBe(planned.counts.requests);
    expect(firstRun.records + firstRun.updates + firstRun.removed).toBe(planned.counts.requests);
    expect(firstRun.bookings.made).toBe(firstRun.bookings.inTime + firstRun.bookings.late);
  });

  it('books meetings due soon in time, some late each with its reason, and leaves some with nothing booked', async () => {
    const { timescales: booked } = await get('/timescales?within=260&booking=booked');
    const { timescales: notBooked } = await get(`/timescales?within=${DEMO_BOOKING_HORIZON}&booking=not-booked`);
    type Booked = { dueDate: string; booking: { bookedFor: string; lateReason?: string } };

    const inTime = booked.filter((t: Booked) => t.booking.bookedFor <= t.dueDate);
    const late = booked.filter((t: Booked) => t.booking.bookedFor > t.dueDate);

    expect(inTime.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect(notBooked.length).toBeGreaterThan(0);
    for (const { booking } of inTime as Booked[]) expect(booking.lateReason).toBeUndefined();
    for (const { booking } of late as Booked[]) expect(LATE_BOOKING_REASONS).toContain(booking.lateReason);
    for (const { booking } of booked as Booked[]) expect(isWorkingDay(booking.bookedFor) && booking.bookedFor >= today, booking.bookedFor).toBe(true);
    expect({ inTime: inTime.length, late: late.length, notBooked: notBooked.length }).toEqual({
      inTime: firstRun.bookings.inTime,
      late: firstRun.bookings.late,
      notBooked: firstRun.bookings.notBooked,
    });
  });

  it('counts a DELETE whose answer was lost as done: sent again, it answers 404, the record being removed already', async () => {
    const url = firstRunSent.find((line) => line.startsWith('DELETE '))!.split(' ')[1];

    expect(firstRunSent.filter((line) => line.startsWith(`DELETE ${url} `))).toEqual([`DELETE ${url} 200`, `DELETE ${url} 404`]);
    expect(firstRun.failures).toEqual([]);
    expect(firstRun.removed).toBe(planDemoRegister({ seed: SEED, today, children: CHILDREN }).counts.shapes.removals);
  });

  it('lists exactly the children whose s47 enquiries are under way as such, and no ICPC after enquiries that ended without one', async () => {
    const references = new Map((await everyChild()).map((child) => [child.childId, child.reference]));
    const { timescales } = await get('/timescales?within=260');
    const icpcs = timescales.filter((t: { kind: string }) => t.kind === 'ICPC');
    const underWay = icpcs.filter((t: { stage?: string }) => t.stage === 's47-enquiries-under-way').map((t: { childId: string }) => references.get(t.childId));

    expect(underWay.length).toBeGreaterThan(0);
    expect(underWay.sort()).toEqual(loaded.filter((c) => c.shapes.underWay > 0).map((c) => c.reference));
    // Every other open ICPC is a child awaiting one, the enquiries having decided on a conference.
    const awaiting = loaded.filter((c) => c.profile === 'awaiting-icpc' || c.shapes.underWay > 0).map((c) => c.reference);
    expect(icpcs.map((t: { childId: string }) => references.get(t.childId)).sort()).toEqual(awaiting);
  });

  it('records the transfer-in: its conference judged against the notification, and the child registered by it', async () => {
    const child = loaded.find((c) => c.shapes.transferIns > 0)!;
    const { childId } = (await everyChild()).find((c) => c.reference === child.reference)!;

    const file = await get(`/children/${childId}`);
    const conference = file.meetings.find((m: { type: string }) => m.type === 'TRANSFER_IN');

    expect(file.transferIns).toHaveLength(1);
    expect(conference).toMatchObject({ status: 'held', inCompliance: true, outcome: { decision: 'register', category: child.category } });
    expect(file.registrations).toEqual([expect.objectContaining({ startDate: conference.heldOn, registeredAtMeetingId: conference.meetingId })]);
    expect(file.registered).toBe(true);
  });

  it('records the case disputes of the first looked-after child, each resolution on the dispute it resolves', async () => {
    const child = loaded.find((c) => c.shapes.disputes > 0)!;
    const { childId } = (await everyChild()).find((c) => c.reference === child.reference)!;

    const file = await get(`/children/${childId}`);

    expect(file.disputes).toHaveLength(child.shapes.disputes);
    expect(file.disputes.filter((d: { resolvedOn?: string }) => d.resolvedOn !== undefined)).toHaveLength(child.shapes.disputesResolved);
    expect(file.disputes).toContainEqual(expect.objectContaining({ startedOn: '2025-01-14', stage: 'informal', resolvedOn: '2025-02-25', legalAdviceSought: false, cafcassReferral: false }));
    expect(file.disputes).toContainEqual(expect.objectContaining({ startedOn: '2025-03-04', stage: 'formal', legalAdviceSought: true }));
  });

  it('keeps each record removed as entered in error in the audit trail, with the reason given', async () => {
    const removing = loaded.filter((c) => c.shapes.removals > 0);
    const ids = new Map((await everyChild()).map((child) => [child.reference, child.childId]));

    for (const child of removing) {
      const { entries } = await get(`/children/${ids.get(child.reference)}/audit`);
      const removals = entries.filter((e: { action: string }) => e.action.endsWith('.removed'));
      const reasons = child.requests.filter((r) => r.method === 'DELETE').map((r) => r.body['reason']);

      expect(removals.map((e: { reason: string }) => e.reason).sort(), child.reference).toEqual(reasons.sort());
    }
    expect(removing.length).toBeGreaterThan(0);
  });

  it('puts every demo IRO in the IRO directory, one part time and one who left during 2024-25, before the snapshots count their FTE', async () => {
    const iroUsers = DEMO_USERS.filter((user) => user.roles.includes('iro')).map((user) => user.email);

    const { iros } = await get('/iros');
    const byEmail = new Map(iros.map((entry: { email: string }) => [entry.email, entry]));

    expect(firstRun.iros).toEqual({ created: DEMO_IRO_DIRECTORY.length, replaced: 0 });
    expect(iros).toHaveLength(DEMO_IRO_DIRECTORY.length);
    for (const email of iroUsers) expect(byEmail.get(email), email).toBeDefined();
    expect(iros.some((entry: { fte: number; activeTo?: string }) => entry.fte === 0.6 && entry.activeTo === undefined)).toBe(true);
    expect(iros.filter((entry: { activeTo?: string }) => entry.activeTo !== undefined && entry.activeTo >= '2024-04-01' && entry.activeTo <= '2025-03-31')).toHaveLength(1);
    const latest = await get(`/snapshots/${shiftMonth(today.slice(0, 7), -1)}`);
    expect(Object.keys(latest.figures.caseloadPerFte.byIro).sort()).toEqual([...iroUsers].sort());
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
    expect(again.iros).toEqual({ created: 0, replaced: DEMO_IRO_DIRECTORY.length });
    expect(again.bookings).toEqual({ ...firstRun.bookings, made: 0 });
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
    // One request, one write: a POST, a PATCH and a DELETE alike; then its bookings, once its history is in.
    const bookings = file.meetings.filter((m: { status: string }) => m.status === 'booked');
    expect(file.version).toBe(child.requests.length + bookings.length);
    const removed = new Set(child.requests.filter((r) => r.method === 'DELETE').map(targetOf));
    const plannedMeetings = child.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/meetings') && !removed.has(r.saveId!.as)).length;
    expect(file.meetings).toHaveLength(plannedMeetings + bookings.length);
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
