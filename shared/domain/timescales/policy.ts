/**
 * The timescale rules as data. Every figure in docs/domain.md's timescale table is a
 * setting with docs/domain.md's default; an authority changes one by configuration
 * (a JSON override, checked and laid on the defaults by `policy-override.ts`),
 * never by code. Each name carries its unit, so `{"icpcWorkingDays": 10}` cannot
 * be misread.
 *
 * This module holds no zod: a function whose policy is the default (no
 * TIMESCALE_POLICY) never loads the override's checks (bench/cold-start.ts).
 */
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

/**
 * The policy a function runs with, from its JSON setting (TIMESCALE_POLICY):
 * unset or empty, the defaults, at once; otherwise the override checked and
 * laid on them by `timescalePolicyFromJson` (`policy-override.ts`), whose
 * checks (zod) are loaded only then.
 *
 * @throws InvalidTimescalePolicyError when the text is not JSON or not a valid override.
 */
export async function loadTimescalePolicy(text: string | undefined): Promise<TimescalePolicy> {
  if (text === undefined || text.trim() === '') return DEFAULT_TIMESCALE_POLICY;
  const { timescalePolicyFromJson } = await import('#shared/domain/timescales/policy-override');
  return timescalePolicyFromJson(text);
}
