/**
 * Each rule a due date is worked out by, as data: the setting it counts by,
 * its unit, its source and what it counts from, one entry per line of
 * docs/domain.md's timescale table. The engine does not read this (it counts
 * by the settings directly); `explain.ts` does, to say why a date is what it
 * is. A test holds each source to the table, so the two cannot drift.
 */
import type { IcpcCountsFrom, TimescalePolicy } from '#shared/domain/timescales/policy';
import type { TimescaleRule } from '#shared/domain/timescales/types';

/** How a rule counts: working days, calendar months, or halfway between two dates (the mid-point review). */
export const RULE_UNITS = ['working-days', 'months', 'halfway'] as const;
/** One of {@link RULE_UNITS}. */
export type RuleUnit = (typeof RULE_UNITS)[number];

/** The settings of {@link TimescalePolicy} a rule counts by (never `icpcCountsFrom` or `dueSoonWorkingDays`). */
export type RuleSetting = {
  [K in keyof TimescalePolicy]: TimescalePolicy[K] extends number | boolean ? K : never;
}[keyof TimescalePolicy];

/** What one rule counts by, and how people are told. */
export interface RuleDefinition {
  /** The line of docs/domain.md's timescale table, as its first column names it ("later CERs"). */
  readonly timescale: string;
  /**
   * The policy setting it counts by. The mid-point review's is the switch
   * `midpointReviews`: "halfway" is fixed in the code, not a setting.
   */
  readonly setting: RuleSetting;
  readonly unit: RuleUnit;
  /**
   * The statute, procedures or standard the table cites for it, in the table's
   * own words (a part of its source column: the reports, which the table also
   * names, are where the brief found a rule, not its source).
   */
  readonly source: string;
  /**
   * What it counts from, written to follow "after" and precede "on <date>":
   * "the last strategy discussion". The ICPC's depends on `icpcCountsFrom`.
   */
  readonly countsFrom: string | Readonly<Record<IcpcCountsFrom, string>>;
}

const CER_REGULATIONS = 'Care Planning, Placement and Case Review (Wales) Regulations 2015, Part 6';
const PROCEDURES = 'Wales Safeguarding Procedures';
const PRACTICE_STANDARDS = 'IRO practice standards (2019)';

/**
 * Every {@link TimescaleRule}'s setting, unit, source and what it counts from.
 *
 * @example
 * RULE_SETTINGS.icpc; // { timescale: 'ICPC', setting: 'icpcWorkingDays', unit: 'working-days', source: 'Wales Safeguarding Procedures', ... }
 */
export const RULE_SETTINGS: Readonly<Record<TimescaleRule, RuleDefinition>> = Object.freeze({
  firstCer: { timescale: 'first CER', setting: 'firstCerWorkingDays', unit: 'working-days', source: CER_REGULATIONS, countsFrom: 'the child became looked after' },
  secondCer: { timescale: 'second CER', setting: 'secondCerMonths', unit: 'months', source: CER_REGULATIONS, countsFrom: 'the first CER' },
  laterCer: { timescale: 'later CERs', setting: 'laterCerMonths', unit: 'months', source: CER_REGULATIONS, countsFrom: 'the previous CER' },
  unplannedPlacementChangeCer: {
    timescale: 'CER after an unplanned placement change',
    setting: 'unplannedPlacementChangeCerWorkingDays',
    unit: 'working-days',
    source: 'local practice',
    countsFrom: 'the unplanned placement change',
  },
  midpoint: { timescale: 'mid-point review', setting: 'midpointReviews', unit: 'halfway', source: 'IRO practice standards', countsFrom: 'the last CER' },
  recommendations: {
    timescale: 'recommendations to the team manager',
    setting: 'recommendationsWorkingDays',
    unit: 'working-days',
    source: PRACTICE_STANDARDS,
    countsFrom: 'the CER',
  },
  managerResponse: {
    timescale: "team manager's response",
    setting: 'managerResponseWorkingDays',
    unit: 'working-days',
    source: PRACTICE_STANDARDS,
    countsFrom: 'the recommendations were sent',
  },
  icpc: {
    timescale: 'ICPC',
    setting: 'icpcWorkingDays',
    unit: 'working-days',
    source: PROCEDURES,
    countsFrom: {
      'last-strategy-discussion': 'the last strategy discussion',
      'first-strategy-discussion': 'the first strategy discussion since the previous conference',
    },
  },
  transferIn: {
    timescale: 'transfer-in conference',
    setting: 'transferInWorkingDays',
    unit: 'working-days',
    source: `${PROCEDURES} (section 4)`,
    countsFrom: 'the move into the area was notified as permanent',
  },
  outlinePlan: { timescale: 'outline plan circulated', setting: 'outlinePlanWorkingDays', unit: 'working-days', source: PROCEDURES, countsFrom: 'the registering ICPC' },
  firstCoreGroup: { timescale: 'first core group', setting: 'firstCoreGroupWorkingDays', unit: 'working-days', source: PROCEDURES, countsFrom: 'the child was registered' },
  firstRcpc: { timescale: 'first RCPC', setting: 'firstRcpcMonths', unit: 'months', source: PROCEDURES, countsFrom: 'the child was registered' },
  laterRcpc: { timescale: 'later RCPCs', setting: 'laterRcpcMonths', unit: 'months', source: PROCEDURES, countsFrom: 'the previous RCPC' },
});

/**
 * What a rule counts from under a policy, in words.
 *
 * @example
 * countsFromInWords('icpc', DEFAULT_TIMESCALE_POLICY); // 'the last strategy discussion'
 */
export function countsFromInWords(rule: TimescaleRule, policy: TimescalePolicy): string {
  const { countsFrom } = RULE_SETTINGS[rule];
  return typeof countsFrom === 'string' ? countsFrom : countsFrom[policy.icpcCountsFrom];
}

/**
 * The settings the rules count by, each once, in the order of {@link RULE_SETTINGS}.
 *
 * @example
 * RULE_SETTING_NAMES[0]; // 'firstCerWorkingDays'
 */
export const RULE_SETTING_NAMES = [...new Set(Object.values(RULE_SETTINGS).map((definition) => definition.setting))] as [RuleSetting, ...RuleSetting[]];
