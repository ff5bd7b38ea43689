/**
 * The timescale rules (policy) and the engine that applies them.
 *
 * @example
 * import { computeTimescales, DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/index';
 */
export * from '#shared/domain/timescales/types';
export * from '#shared/domain/timescales/policy';
export * from '#shared/domain/timescales/engine';
