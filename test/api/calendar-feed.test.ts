/**
 * Issue 16, part 5: an IRO's or team manager's own calendar feed. A POST to
 * /me/calendar-feed gives a URL whose secret is the credential (a calendar
 * cannot send a token); the feed it answers is an iCalendar file, read here
 * with an independent parser (ical.js), holding the owner's scope alone and
 * never a name or a date of birth; a new URL replaces the old at once, a
 * DELETE revokes it, and the secret is stored only hashed and never logged.
 */
import { createHash } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '#shared/domain/calendar/working-days';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { CALENDAR_FEED_THROTTLE } from '#shared/http/routes';
import { aChildBody } from '../support/children';
import { captureOutput } from '../support/output';
import { ADMIN, type Answer, expectServiceError, IRO_ONE, IRO_TWO, NORTH_MANAGER, type Person, SERVICE_MANAGER, SOUTH_MANAGER, useApi } from './harness';

/** One event of a feed, as ical.js reads it. */
interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  /** `yyyy-mm-dd`. */
  start: string;
  allDay: boolean;
}

/** The events of an iCalendar file, read by ical.js (which throws on a file that is not one). */
function eventsOf(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return { uid: event.uid, summary: event.summary, description: event.description, start: event.startDate.toString(), allDay: event.startDate.isDate };
  });
}

/** The children a feed has events of, by the UIDs' child ids. */
const hasChild = (events: readonly FeedEvent[], childId: string) => events.some((event) => event.uid.startsWith(`${childId}-`));

const secretOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The error a client sees, without the request id that differs on every answer. */
const errorOf = (answer: Answer) => {
  const { requestId: _requestId, ...error } = answer.body?.error ?? {};
  return { status: answer.status, error };
};

const NAMES = { givenName: 'Philippa-Quennell', familyName: 'Ostrowska-Vane', dateOfBirth: '2013-02-27' };
const today = () => todayInLondon(new Date());

describe('the calendar feed', () => {
  const api = useApi({ logLevel: 'DEBUG' });

  /** A new feed URL for the person; fails the test if it is refused. */
  async function makeFeed(person: Person): Promise<string> {
    const answer = await api.send('POST', '/me/calendar-feed', { as: person });
    expect(answer.status, answer.text).toBe(201);
    return answer.body.url;
  }

  /**
   * Fetches a feed as a calendar does: no token. The route's own throttle is
   * the gateway's business (tested last); a story about the feed waits for the
   * bucket to refill rather than fail on it.
   */
  async function fetchFeed(url: string, headers: Record<string, string> = {}): Promise<Answer> {
    const path = new URL(url).pathname;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await api.send('GET', path, { headers });
      if (answer.status !== 429 || attempt === 5) return answer;
      await new Promise((resolve) => setTimeout(resolve, 1000 / CALENDAR_FEED_THROTTLE.rateLimit + 100));
    }
  }

  async function eventsFor(url: string): Promise<FeedEvent[]> {
    const answer = await fetchFeed(url);
    expect(answer.status, answer.text).toBe(200);
    return eventsOf(answer.text);
  }

  /** A child who became looked after today (a CER falls due), whose as `allocation` says (IRO one's in the north team by default). */
  async function childInCare(allocation: Record<string, string> = {}, names: Record<string, string> = {}): Promise<{ childId: string; reference: string }> {
    const created = await api.given(ADMIN, 'POST', '/children', aChildBody({ ...allocation, ...names }));
    await api.given(ADMIN, 'POST', `/children/${created.childId}/care-episodes`, { startDate: today() });
    return { childId: created.childId, reference: created.reference };
  }

  const SOUTH = { iroEmail: IRO_TWO.email, teamName: 'South Team', teamManagerEmail: SOUTH_MANAGER.email };

  describe('POST /me/calendar-feed', () => {
    it('answers 201 with the full URL of a feed on this API, carrying a secret of 256 bits', async () => {
      const answer = await api.send('POST', '/me/calendar-feed', { as: IRO_ONE });

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.url).toMatch(new RegExp(`^${api.baseUrl}/calendar-feeds/[A-Za-z0-9_-]{43}$`));
      expect(Buffer.from(secretOf(answer.body.url), 'base64url')).toHaveLength(32);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    });

    it('stores the secret only as its SHA-256, never as it is', async () => {
      const url = await makeFeed(NORTH_MANAGER);

      const table = JSON.stringify(await api.everyItem());

      expect(table).not.toContain(secretOf(url));
      expect(table).toContain(sha256(secretOf(url)));
    });

    for (const [who, person] of [['a service manager', SERVICE_MANAGER], ['an admin', ADMIN]] as const) {
      it(`refuses ${who} (neither IRO nor team manager) with 403, and writes nothing`, async () => {
        const made = await api.expectNothingWritten(() => api.send('POST', '/me/calendar-feed', { as: person }));
        const revoked = await api.expectNothingWritten(() => api.send('DELETE', '/me/calendar-feed', { as: person }));

        expectServiceError(made, 403, 'forbidden');
        expectServiceError(revoked, 403, 'forbidden');
      });
    }

    it('needs a token, as every route but the feed itself does', async () => {
      const answer = await api.send('POST', '/me/calendar-feed');

      expect(answer.status).toBe(401);
    });
  });

  describe('GET /calendar-feeds/{secret}', () => {
    let mine: { childId: string; reference: string };
    let theirs: { childId: string; reference: string };

    beforeAll(async () => {
      mine = await childInCare({}, NAMES);
      theirs = await childInCare(SOUTH);
    });

    it('answers text/calendar that ical.js reads: an all-day event on each due date of the owner’s GET /timescales', async () => {
      const url = await makeFeed(IRO_ONE);

      const answer = await fetchFeed(url);
      const events = eventsOf(answer.text);
      const listed = await api.get(IRO_ONE, '/timescales?within=260');

      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(events.every((event) => event.allDay)).toBe(true);
      const dueEvents = new Map(events.filter((event) => event.uid.endsWith('-due@iro-timescales')).map((event) => [event.uid, event.start]));
      for (const entry of listed.body.timescales) {
        expect(dueEvents.get(`${entry.childId}-${entry.kind}-${entry.countedFrom.recordId}-due@iro-timescales`), `${entry.reference} ${entry.kind}`).toBe(entry.dueDate);
      }
      expect(listed.body.timescales.length).toBeGreaterThan(0);
    });

    it('names each due date by the timescale, the case reference and the initials, never the name or the date of birth', async () => {
      const url = await makeFeed(IRO_ONE);

      const answer = await fetchFeed(url);
      const cer = eventsOf(answer.text).find((event) => event.uid.startsWith(`${mine.childId}-CER-`));

      expect(cer).toMatchObject({ summary: `Due: Care Experienced Review (CER), ${mine.reference} P.O.` });
      expect(cer!.description).toContain(mine.reference);
      for (const value of Object.values(NAMES)) expect(answer.text).not.toContain(value);
      expect(answer.text).not.toContain(NAMES.dateOfBirth.replaceAll('-', ''));
    });

    it('holds an IRO’s own children only, and a team manager their team’s', async () => {
      const feeds = new Map<Person, FeedEvent[]>();
      for (const person of [IRO_ONE, IRO_TWO, NORTH_MANAGER, SOUTH_MANAGER]) feeds.set(person, await eventsFor(await makeFeed(person)));

      expect(hasChild(feeds.get(IRO_ONE)!, mine.childId)).toBe(true);
      expect(hasChild(feeds.get(IRO_ONE)!, theirs.childId)).toBe(false);
      expect(hasChild(feeds.get(IRO_TWO)!, theirs.childId)).toBe(true);
      expect(hasChild(feeds.get(IRO_TWO)!, mine.childId)).toBe(false);
      expect(hasChild(feeds.get(NORTH_MANAGER)!, mine.childId)).toBe(true);
      expect(hasChild(feeds.get(NORTH_MANAGER)!, theirs.childId)).toBe(false);
      expect(hasChild(feeds.get(SOUTH_MANAGER)!, theirs.childId)).toBe(true);
      expect(hasChild(feeds.get(SOUTH_MANAGER)!, mine.childId)).toBe(false);
    });

    it('shows a booked meeting on the day it is booked for, as well as the due date', async () => {
      const child = await childInCare();
      const url = await makeFeed(IRO_ONE);
      const dueDate = (await eventsFor(url)).find((event) => event.uid.startsWith(`${child.childId}-CER-`))!.start;
      const bookedFor = addWorkingDays(dueDate, -1);
      const booked = await api.post(IRO_ONE, `/children/${child.childId}/meetings`, { type: 'CER', status: 'booked', bookedFor });
      expect(booked.status, `booking a meeting (waiting on bookings landing): ${booked.text}`).toBe(201);

      const events = await eventsFor(url);

      const booking = events.find((event) => event.uid === `${booked.body.meetingId}-booking@iro-timescales`);
      expect(booking).toMatchObject({ start: bookedFor, allDay: true, summary: `Booked: Care Experienced Review (CER), ${child.reference} A.L.` });
      expect(events.find((event) => event.uid.startsWith(`${child.childId}-CER-`))?.start).toBe(dueDate);
    });

    it('needs no token, and reads none: a bad one changes nothing', async () => {
      const url = await makeFeed(IRO_ONE);

      const answer = await fetchFeed(url, { authorization: 'Bearer not-a-token' });

      expect(answer.status, answer.text).toBe(200);
      expect(hasChild(eventsOf(answer.text), mine.childId)).toBe(true);
    });

    it('answers an unknown secret 404, as the API answers what it does not have', async () => {
      const answer = await fetchFeed(`${api.baseUrl}/calendar-feeds/${Buffer.alloc(32, 7).toString('base64url')}`);

      expectServiceError(answer, 404, 'not_found');
    });

    it('answers a secret that is not one 400, naming secret', async () => {
      const answer = await fetchFeed(`${api.baseUrl}/calendar-feeds/not-a-secret`);

      expectServiceError(answer, 400, 'validation_failed');
      expect(answer.body.error.problems.map((p: { field: string }) => p.field)).toEqual(['secret']);
    });

    it('stops answering a revoked URL at once (404, as an unknown one), and a DELETE with nothing to revoke still succeeds', async () => {
      const url = await makeFeed(IRO_TWO);
      expect((await fetchFeed(url)).status).toBe(200);

      const revoked = await api.send('DELETE', '/me/calendar-feed', { as: IRO_TWO });
      const after = await fetchFeed(url);
      const again = await api.send('DELETE', '/me/calendar-feed', { as: IRO_TWO });
      const unknown = await fetchFeed(`${api.baseUrl}/calendar-feeds/${Buffer.alloc(32, 9).toString('base64url')}`);

      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.body).toEqual({ revoked: true });
      expectServiceError(after, 404, 'not_found');
      expect(errorOf(after)).toEqual(errorOf(unknown));
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ revoked: true });
    });

    it('stops answering a replaced URL at once (404), and answers the new one', async () => {
      const old = await makeFeed(SOUTH_MANAGER);

      const replacement = await makeFeed(SOUTH_MANAGER);
      const oldAnswer = await fetchFeed(old);
      const newAnswer = await fetchFeed(replacement);

      expect(replacement).not.toBe(old);
      expectServiceError(oldAnswer, 404, 'not_found');
      expect(newAnswer.status).toBe(200);
      expect(hasChild(eventsOf(newAnswer.text), theirs.childId)).toBe(true);
    });

    it('keeps one URL of a person’s working when several are made at once, and one feed in the table', async () => {
      const person: Person = { email: 'iro.racing@example.org', roles: ['iro'] };

      const urls = await Promise.all([1, 2, 3].map(() => makeFeed(person)));
      const statuses = [];
      for (const url of urls) statuses.push((await fetchFeed(url)).status);
      const feeds = (await api.everyItem()).filter((item) => item['itemType'] === 'calendar-feed' && (item['owner'] as Person).email === person.email);

      expect(statuses.sort()).toEqual([200, 404, 404]);
      expect(feeds).toHaveLength(1);
    });

    it('answers a new URL as soon as it is made, looking a year ahead and at every breached timescale', async () => {
      const late = await api.given(ADMIN, 'POST', '/children', aChildBody());
      // In care since long ago with no CER held: the first CER is long breached.
      await api.given(ADMIN, 'POST', `/children/${late.childId}/care-episodes`, { startDate: addDays(today(), -400) });

      const events = await eventsFor(await makeFeed(IRO_ONE));

      const cer = events.find((event) => event.uid.startsWith(`${late.childId}-CER-`));
      expect(cer!.start < today()).toBe(true);
      expect(cer!.description).toMatch(/working days? overdue/);
    });
  });

  describe('its secret', () => {
    const written = captureOutput();

    it('never reaches a log line: not on a fetch, a refusal, nor a failure', async () => {
      const url = await makeFeed(IRO_ONE);
      const secret = secretOf(url);
      written.length = 0;

      const served = await fetchFeed(url);
      const mock = mockClient(DynamoDBDocumentClient);
      mock.onAnyCommand().rejects(new Error('DynamoDB is down'));
      let failed: Answer;
      try {
        failed = await fetchFeed(url);
      } finally {
        mock.restore();
      }
      const revoked = await api.send('DELETE', '/me/calendar-feed', { as: IRO_ONE });
      const refused = await fetchFeed(url);

      expect([served.status, failed.status, revoked.status, refused.status]).toEqual([200, 500, 200, 404]);
      const logs = written.join('');
      expect(logs).toContain('"routeKey":"GET /calendar-feeds/{secret}"');
      expect(logs).toContain('DynamoDB is down');
      expect(logs).not.toContain(secret);
      expect(logs).not.toContain(sha256(secret));
    });
  });

  describe('its throttle (the local stand-in’s, as the stage’s route settings deployed)', () => {
    it('answers a burst beyond the route’s limit 429, as API Gateway does, before the function runs', async () => {
      const url = await makeFeed(NORTH_MANAGER);
      const path = new URL(url).pathname;

      const answers = await Promise.all(Array.from({ length: CALENDAR_FEED_THROTTLE.burstLimit * 2 }, () => api.send('GET', path)));

      const throttled = answers.filter((answer) => answer.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(CALENDAR_FEED_THROTTLE.burstLimit / 2);
      expect(throttled[0]!.body).toEqual({ message: 'Too Many Requests' });
      expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(CALENDAR_FEED_THROTTLE.burstLimit + 2);
    });
  });
});
