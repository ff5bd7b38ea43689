/**
 * For tests that write open timescales by hand (the due-date index, the
 * nightly job): a rule that gives a timescale of each kind.
 */
import type { TimescaleKind, TimescaleRule } from '#shared/domain/timescales/types';

/** A rule that gives a timescale of each kind: for the CER and the RCPC, the rule of one after the first. */
export const RULE_OF_KIND: Readonly<Record<TimescaleKind, TimescaleRule>> = {
  CER: 'laterCer',
  ICPC: 'icpc',
  TRANSFER_IN: 'transferIn',
  RCPC: 'laterRcpc',
  OUTLINE_PLAN: 'outlinePlan',
  CORE_GROUP: 'firstCoreGroup',
  RECOMMENDATIONS: 'recommendations',
  MANAGER_RESPONSE: 'managerResponse',
  MIDPOINT: 'midpoint',
};
