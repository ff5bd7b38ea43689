/**
 * The pure domain core: calendar dates, the working-day calendar of England
 * and Wales, the timescale policy and the engine. No AWS SDK, no environment,
 * no clock: "today" comes in as a value (see {@link todayInLondon}).
 *
 * @example
 * import { computeTimescales, DEFAULT_TIMESCALE_POLICY, todayInLondon } from '#shared/domain/index';
 * const result = computeTimescales(records, DEFAULT_TIMESCALE_POLICY, todayInLondon(new Date()));
 */
export * from '#shared/domain/errors';
export * from '#shared/domain/calendar/index';
export * from '#shared/domain/timescales/index';
