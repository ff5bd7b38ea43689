/**
 * The timescale rules as data. Every figure in docs/domain.md's timescale table is a
 * setting with docs/domain.md's default; an authority changes one by configuration
 * (a JSON override parsed by {@link parseTimescalePolicy}), never by code.
 * Each name carries its unit, so `{"icpcWorkingDays": 10}` cannot be misread.
 */
// A namespace import, not `import { z }`: esbuild can drop the parts of zod a
// bundle does not use only from `import * as z` (with `{ z }` every Lambda
// bundle carried all of zod, every locale included: ~440 KB minified).
import * as z from 'zod';
import { InvalidTimescalePolicyError } from '#shared/domain/errors';

/** Which strategy discussion starts the ICPC clock when there were several. */
export const ICPC_COUNTS_FROM = ['last-strategy-discussion', 'first-strategy-discussion'] as const;
/** `'last-strategy-discussion'` (Wales, the default) or `'first-strategy-discussion'` (England). */
export type IcpcCountsFrom = (typeof ICPC_COUNTS_FROM)[number];

/** The timescale rules the engine applies. */
export interface TimescalePolicy {
  /** First CER: within this many working days of becoming looked after. */
  readonly firstCerWorkingDays: number;
  /** Second CER: within this many months of the first. */
  readonly secondCerMonths: number;
  /** Later CERs: within this many months of the previous CER. */
  readonly laterCerMonths: number;
  /** Local practice: whether an unplanned placement change brings the next CER forward. */
  readonly unplannedPlacementChangeCer: boolean;
  /** The CER after an unplanned placement change: within this many working days of it (or the regular date, if earlier). */
  readonly unplannedPlacementChangeCerWorkingDays: number;
  /** ICPC: within this many working days of the strategy discussion named by {@link icpcCountsFrom}. */
  readonly icpcWorkingDays: number;
  /** Wales counts from the last strategy discussion; England from the first (the one that started the enquiries). */
  readonly icpcCountsFrom: IcpcCountsFrom;
  /** Transfer-in conference: within this many working days of the notification that the move is permanent. */
  readonly transferInWorkingDays: number;
  /** Outline child protection plan: circulated within this many working days of the registering ICPC. */
  readonly outlinePlanWorkingDays: number;
  /** First core group: within this many working days of the registering conference. */
  readonly firstCoreGroupWorkingDays: number;
  /** First RCPC: within this many months of the registering ICPC. */
  readonly firstRcpcMonths: number;
  /** Later RCPCs: within this many months of the previous RCPC. */
  readonly laterRcpcMonths: number;
  /** Recommendations to the team manager: within this many working days of the CER. */
  readonly recommendationsWorkingDays: number;
  /** The team manager's response: within this many working days of receiving the recommendations. */
  readonly managerResponseWorkingDays: number;
  /** Whether mid-point reviews (halfway between a CER and the next CER's due date) are tracked. */
  readonly midpointReviews: boolean;
  /** A timescale due within this many working days of the as-of date is "due soon". */
  readonly dueSoonWorkingDays: number;
}

/**
 * docs/domain.md's defaults: the Welsh regulations, the Wales Safeguarding
 * Procedures and the IRO practice standards (2019).
 */
export const DEFAULT_TIMESCALE_POLICY: TimescalePolicy = Object.freeze({
  firstCerWorkingDays: 20,
  secondCerMonths: 3,
  laterCerMonths: 6,
  unplannedPlacementChangeCer: true,
  unplannedPlacementChangeCerWorkingDays: 20,
  icpcWorkingDays: 15,
  icpcCountsFrom: 'last-strategy-discussion',
  transferInWorkingDays: 15,
  outlinePlanWorkingDays: 5,
  firstCoreGroupWorkingDays: 10,
  firstRcpcMonths: 3,
  laterRcpcMonths: 6,
  recommendationsWorkingDays: 5,
  managerResponseWorkingDays: 5,
  midpointReviews: true,
  dueSoonWorkingDays: 10,
});

// Bounds generous enough for any authority's practice, tight enough to catch
// a slip (days typed as months, a negative, 6.5).
function workingDays(what: string, min = 1, max = 130) {
  return z
    .number({ error: `must be a number of working days (${what})` })
    .int({ error: `must be a whole number of working days (${what})` })
    .min(min, { error: `must be at least ${min} working day${min === 1 ? '' : 's'} (${what})` })
    .max(max, { error: `must be at most ${max} working days (${what})` });
}

function months(what: string) {
  return z
    .number({ error: `must be a number of months (${what})` })
    .int({ error: `must be a whole number of months (${what})` })
    .min(1, { error: `must be at least 1 month (${what})` })
    .max(24, { error: `must be at most 24 months (${what})` });
}

function flag(what: string) {
  return z.boolean({ error: `must be true or false (${what})` });
}

/**
 * A partial override of {@link DEFAULT_TIMESCALE_POLICY}: any subset of the
 * settings; an unknown setting is an error (a misspelt name must not be
 * silently ignored).
 */
export const timescalePolicyOverrideSchema = z.strictObject(
  {
    firstCerWorkingDays: workingDays('first CER after becoming looked after'),
    secondCerMonths: months('second CER after the first'),
    laterCerMonths: months('later CERs after the previous one'),
    unplannedPlacementChangeCer: flag('whether an unplanned placement change brings the next CER forward'),
    unplannedPlacementChangeCerWorkingDays: workingDays('CER after an unplanned placement change'),
    icpcWorkingDays: workingDays('ICPC after the strategy discussion'),
    icpcCountsFrom: z.enum(ICPC_COUNTS_FROM, {
      error: `must be one of ${ICPC_COUNTS_FROM.map((v) => `"${v}"`).join(', ')}`,
    }),
    transferInWorkingDays: workingDays('transfer-in conference after the notification'),
    outlinePlanWorkingDays: workingDays('outline plan after the ICPC'),
    firstCoreGroupWorkingDays: workingDays('first core group after the registering conference'),
    firstRcpcMonths: months('first RCPC after the ICPC'),
    laterRcpcMonths: months('later RCPCs after the previous one'),
    recommendationsWorkingDays: workingDays('recommendations to the team manager after the CER'),
    managerResponseWorkingDays: workingDays("team manager's response after the recommendations"),
    midpointReviews: flag('whether mid-point reviews are tracked'),
    dueSoonWorkingDays: workingDays('due-soon horizon', 0, 130),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'a timescale policy override must be an object') },
).partial();

/** A partial override as an authority writes it in a setting. */
export type TimescalePolicyOverride = z.infer<typeof timescalePolicyOverrideSchema>;

/**
 * The policy that results from laying an override on the defaults.
 *
 * @throws InvalidTimescalePolicyError naming each bad or unknown setting.
 * @example
 * parseTimescalePolicy({ icpcCountsFrom: 'first-strategy-discussion' }).icpcWorkingDays; // 15
 * parseTimescalePolicy({ icpcWorkingDays: 6.5 }); // throws: icpcWorkingDays: must be a whole number ...
 */
export function parseTimescalePolicy(
  override: unknown,
  defaults: TimescalePolicy = DEFAULT_TIMESCALE_POLICY,
): TimescalePolicy {
  const result = timescalePolicyOverrideSchema.safeParse(override ?? {});
  if (!result.success) {
    throw new InvalidTimescalePolicyError(
      result.error.issues.map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : issue.path.length > 0
            ? `${issue.path.join('.')}: ${issue.message}`
            : issue.message,
      ),
    );
  }
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(result.data)) if (value !== undefined) merged[key] = value;
  return Object.freeze(merged as unknown as TimescalePolicy);
}

/**
 * The policy from a JSON setting (an environment variable, a parameter): empty
 * or absent means the defaults.
 *
 * @throws InvalidTimescalePolicyError when the text is not JSON or not a valid override.
 * @example
 * timescalePolicyFromJson('{"dueSoonWorkingDays": 5}').dueSoonWorkingDays; // 5
 */
export function timescalePolicyFromJson(text: string | undefined): TimescalePolicy {
  if (text === undefined || text.trim() === '') return DEFAULT_TIMESCALE_POLICY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidTimescalePolicyError([`the setting is not JSON (${(error as Error).message})`], { cause: error });
  }
  return parseTimescalePolicy(parsed);
}
