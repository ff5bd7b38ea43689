/**
 * The fast engine against the plain reference (reference-engine.ts), on random
 * registers, policies and as-of dates: they must agree exactly.
 *
 * ENGINE_DIFF_RUNS=20000 runs longer; ENGINE_DIFF_SEED=<seed> replays a run
 * (the seed is printed on every run). ENGINE_DIFF_NEW_RULES=off makes only the
 * records the engine read before the newer rules (no contiguous episodes, s47
 * outcomes or transfer-ins) and leaves the ICPC's stage out of the comparison.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChildRecords } from '#shared/domain/records';
import { computeTimescales } from '#shared/domain/timescales/engine';
import { ICPC_COUNTS_FROM } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy } from '#shared/domain/timescales/policy-override';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { ChildTimescales } from '#shared/domain/timescales/types';
import { registerCase } from './register-arbitraries';
import { referenceTimescales } from './reference-engine';

const RUNS = Number(process.env.ENGINE_DIFF_RUNS ?? 5_000);
const SEED = process.env.ENGINE_DIFF_SEED === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(process.env.ENGINE_DIFF_SEED);
const WITH_NEW_RULES = process.env.ENGINE_DIFF_NEW_RULES !== 'off';

/** A setting near its default: `spread` either side, never below `min`. */
const near = (value: number, spread: number, min = 1) => fc.integer({ min: Math.max(min, value - spread), max: value + spread });

/** Any policy a little way from the defaults: each switch either way, each figure moved a little (or left alone). */
const policies: fc.Arbitrary<TimescalePolicy> = fc
  .record(
    {
      firstCerWorkingDays: near(20, 5),
      secondCerMonths: near(3, 2),
      laterCerMonths: near(6, 2),
      unplannedPlacementChangeCer: fc.boolean(),
      unplannedPlacementChangeCerWorkingDays: near(20, 10),
      icpcWorkingDays: near(15, 5),
      icpcCountsFrom: fc.constantFrom(...ICPC_COUNTS_FROM),
      transferInWorkingDays: near(15, 5),
      outlinePlanWorkingDays: near(5, 3),
      firstCoreGroupWorkingDays: near(10, 4),
      firstRcpcMonths: near(3, 2),
      laterRcpcMonths: near(6, 2),
      recommendationsWorkingDays: near(5, 3),
      managerResponseWorkingDays: near(5, 3),
      midpointReviews: fc.boolean(),
      dueSoonWorkingDays: near(10, 10, 0),
    },
    { requiredKeys: [] },
  )
  .map((override) => parseTimescalePolicy(override));

/** Whether an episode starts the day another ends: the new rule joins them, the old engine did not. */
function hasEpisodesEndToStart(records: ChildRecords): boolean {
  return records.careEpisodes.some((episode) => records.careEpisodes.some((other) => other !== episode && other.endDate === episode.startDate));
}

/** The answer without the ICPC's stage, which the old engine does not give. */
function withoutStages(answer: ChildTimescales): ChildTimescales {
  return { ...answer, timescales: answer.timescales.map(({ stage: _stage, ...timescale }) => timescale) };
}

describe('the fast engine, against the plain reference', () => {
  it(
    'gives exactly what the reference gives on random registers, policies and as-of dates',
    () => {
      console.log(
        `engine differential: ${RUNS} runs, seed ${SEED}, new rules ${WITH_NEW_RULES ? 'on' : 'off'} (replay: ENGINE_DIFF_SEED=${SEED} ENGINE_DIFF_RUNS=${RUNS})`,
      );
      fc.assert(
        fc.property(registerCase({ withNewRules: WITH_NEW_RULES, onBoundaries: true }), policies, ([records, asOf], policy) => {
          if (!WITH_NEW_RULES) fc.pre(!hasEpisodesEndToStart(records));

          // act
          const fast = computeTimescales(records, policy, asOf);
          const reference = referenceTimescales(records, policy, asOf);

          // assess
          if (WITH_NEW_RULES) expect(fast).toEqual(reference);
          else expect(withoutStages(fast)).toEqual(withoutStages(reference));
        }),
        { numRuns: RUNS, seed: SEED },
      );
    },
    // About 1 ms a run (5,000 in some 4 s); the limit leaves room for a busy machine.
    Math.max(60_000, RUNS * 10),
  );
});
