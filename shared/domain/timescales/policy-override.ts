/**
 * An authority's override of the timescale rules: checked (an unknown or bad
 * setting is named, never ignored) and laid on {@link DEFAULT_TIMESCALE_POLICY}.
 * Apart from `policy.ts` so that a function running the defaults never loads zod.
 */
// zod/mini, as the API's request schemas are (shared/api/schemas.ts): one
// classic zod import here, though loaded only for an override, put classic
// zod's core in the chunk every start of the API and the jobs loads (the
// bundles test keeps it out). A namespace import, not `import { z }`:
// esbuild can drop the parts of zod a bundle does not use only from
// `import * as z` (with `{ z }` every Lambda bundle carried all of zod, every
// locale included: ~440 KB minified).
import * as z from 'zod/mini';
import { InvalidTimescalePolicyError } from '#shared/domain/errors';
import { DEFAULT_TIMESCALE_POLICY, ICPC_COUNTS_FROM, type TimescalePolicy } from '#shared/domain/timescales/policy';

// Bounds generous enough for any authority's practice, tight enough to catch
// a slip (days typed as months, a negative, 6.5).
function workingDays(what: string, min = 1, max = 130) {
  return z.number({ error: `must be a number of working days (${what})` }).check(
    z.int({ error: `must be a whole number of working days (${what})` }),
    z.gte(min, { error: `must be at least ${min} working day${min === 1 ? '' : 's'} (${what})` }),
    z.lte(max, { error: `must be at most ${max} working days (${what})` }),
  );
}

function months(what: string) {
  return z.number({ error: `must be a number of months (${what})` }).check(
    z.int({ error: `must be a whole number of months (${what})` }),
    z.gte(1, { error: `must be at least 1 month (${what})` }),
    z.lte(24, { error: `must be at most 24 months (${what})` }),
  );
}

function flag(what: string) {
  return z.boolean({ error: `must be true or false (${what})` });
}

/**
 * A partial override of {@link DEFAULT_TIMESCALE_POLICY}: any subset of the
 * settings; an unknown setting is an error (a misspelt name must not be
 * silently ignored).
 */
export const timescalePolicyOverrideSchema = z.partial(z.strictObject(
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
));

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
