/** The small dependencies the use cases take, so tests can pass their own. */
import { randomBytes } from 'node:crypto';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import type { CalendarDate } from '#shared/domain/records';

/** The time now; the one source of "today". */
export interface Clock {
  now(): Date;
}

/** The clock of the machine the code runs on. */
export const systemClock: Clock = { now: () => new Date() };

/** Today's calendar date in Europe/London. */
export const todayOf = (clock: Clock): CalendarDate => todayInLondon(clock.now());

/** Makes record ids. */
export type IdGenerator = () => string;

/** Record ids as random UUIDs, in production. */
export const randomIds: IdGenerator = () => crypto.randomUUID();

/** Makes the secrets that calendar feed URLs carry. */
export type SecretGenerator = () => string;

/** 32 random bytes (256 bits), base64url without padding: 43 characters a URL carries as they are. */
export const randomSecrets: SecretGenerator = () => randomBytes(32).toString('base64url');
