/** The small dependencies the use cases take, so tests can pass their own. */

/** The time now; the one source of "today". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Makes record ids. */
export type IdGenerator = () => string;

export const randomIds: IdGenerator = () => crypto.randomUUID();
