/**
 * Each IRO's and team manager's own calendar feed: a URL to subscribe to in
 * Outlook (or any calendar) that answers their due dates and booked meetings
 * as an iCalendar file, made afresh from the due-date index at each fetch.
 *
 * A calendar cannot send a token, so the URL carries a secret of 256 random
 * bits, which is the credential: it is stored only as its SHA-256 (a fast
 * hash is enough for a secret that cannot be guessed; no salt or stretching
 * would add anything), it stands for its owner as they were when they made
 * it (`calendarFeedScope` in the access module says what it shows them), a
 * new one replaces the old at once and a DELETE revokes it. The secret is
 * never logged: the request log names the route key, never the path.
 */
import { createHash } from 'node:crypto';
import { calendarFeedScope } from '#shared/domain/access';
import { addDays } from '#shared/domain/calendar/calendar-date';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import { NotFoundError } from '#shared/errors';
import type { ApiResponse, RequestOf } from '#shared/http/types';
import { todayOf, type Clock, type SecretGenerator } from '#shared/api/ports';
import type { CalendarFeedStore, ChildReads } from '#shared/store/ports';

/**
 * How far ahead a feed looks: a year of due dates (and every breached one,
 * however old). Decision: the statutory cycles are at most six months, so a
 * year holds every open timescale there is.
 */
export const CALENDAR_FEED_DAYS_AHEAD = 366;

/** The feed's headers: an iCalendar file, private to its owner (no cache keeps it). */
export const CALENDAR_FEED_HEADERS = {
  'content-type': 'text/calendar; charset=utf-8',
  'cache-control': 'no-store',
  'content-disposition': 'inline; filename="iro-timescales.ics"',
} as const;

/** What the calendar feed operations need. */
export interface CalendarFeedDeps {
  calendarFeeds: CalendarFeedStore;
  reads: ChildReads;
  clock: Clock;
  policy: TimescalePolicy;
  newSecret: SecretGenerator;
}

/** The hex SHA-256 of a feed's secret: what the store keys the feed by. */
export function secretHashOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The operations of the calendar feed routes. */
export function calendarFeedOperations(deps: CalendarFeedDeps) {
  return {
    async createCalendarFeed(request: RequestOf<'createCalendarFeed'>): Promise<ApiResponse> {
      const secret = deps.newSecret();
      await deps.calendarFeeds.replaceFeed(request.caller, secretHashOf(secret), deps.clock.now().toISOString());
      return { status: 201, body: { url: `${request.origin}/calendar-feeds/${secret}` } };
    },

    async revokeCalendarFeed(request: RequestOf<'revokeCalendarFeed'>): Promise<ApiResponse> {
      await deps.calendarFeeds.revokeFeed(request.caller.email);
      return { status: 200, body: { revoked: true } };
    },

    async getCalendarFeed(request: RequestOf<'getCalendarFeed'>): Promise<ApiResponse> {
      const feed = await deps.calendarFeeds.findFeedBySecretHash(secretHashOf(request.params.secret));
      const scope = feed === undefined ? undefined : calendarFeedScope(feed.owner);
      // Unknown, replaced, revoked, or its owner's roles may no longer have one: all alike, and never the secret in the message.
      if (scope === undefined) throw new NotFoundError('No such calendar feed.');
      const now = deps.clock.now();
      const asOf = todayOf(deps.clock);
      const entries = await deps.reads.listDue(scope, addDays(asOf, CALENDAR_FEED_DAYS_AHEAD));
      // Loaded on a feed's first fetch, not at every cold start of the API: ical-generator is a sixteenth of what it loads.
      const { calendarFileOf } = await import('#shared/api/calendar-file');
      return { status: 200, text: calendarFileOf(entries, { asOf, now, policy: deps.policy }), headers: { ...CALENDAR_FEED_HEADERS } };
    },
  };
}
