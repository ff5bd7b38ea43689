/**
 * The annual report's lines and headline sentences, from a reporting year's
 * month snapshots: each figure month by month with its year, under a stable
 * key (`icpc.held`, `registerByGender.female`) that the page's charts and the
 * committee's Word document pick their lines by, and the sentences the
 * reports write. Pure: no store, no clock.
 */
import { AGE_BANDS, categoryRows, formatCount, percentage, type FiguresOverMonths, type MonthlyFigures } from '#shared/domain/figures';
import { GENDERS } from '#shared/domain/records';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';

/** One figure's line of the annual report: its key and name, its value each month and over the year. */
export interface AnnualRow {
  /** What the line counts, stable across releases: the figure's path in the month's figures (`icpc.inCompliance`). */
  key: string;
  /** The line's name, as a reader reads it. */
  figure: string;
  /** One value a month, April to March; `null` where the month has no snapshot (or, for a ratio, nothing to divide). */
  months: (number | null)[];
  /** The year's figure: a flow's total (children counted once, for advocacy), a month-end figure's last value; '' with no month. */
  year: number | string;
}

/** Numbers to the line of each month that has figures. */
type Read = (figures: MonthlyFigures) => number | null;

/**
 * Every line of the annual report, in the order of the reports' charts.
 *
 * @param months The year's twelve months' figures, April to March; `undefined` where a month has no snapshot.
 * @param totals {@link sumMonths} of the months that have figures.
 */
export function annualRows(months: readonly (MonthlyFigures | undefined)[], totals: FiguresOverMonths, policy: TimescalePolicy): AnnualRow[] {
  const taken = months.filter((figures): figures is MonthlyFigures => figures !== undefined);
  const last = taken.at(-1);
  const byMonth = (read: Read) => months.map((figures) => (figures ? read(figures) : null));
  // A flow adds up over the year; a stock (a month-end count) is its last month's value.
  const flow = (key: string, figure: string, read: Read, year: number): AnnualRow => ({ key, figure, months: byMonth(read), year });
  const stock = (key: string, figure: string, read: Read): AnnualRow => ({ key, figure, months: byMonth(read), year: (last && read(last)) ?? '' });
  const heldLines = (key: 'icpc' | 'rcpc' | 'cer' | 'transferIn', name: string, within: string) => [
    flow(`${key}.held`, `${name} held`, (f) => f[key].held, totals[key].held),
    flow(`${key}.inCompliance`, `${name} held ${within}`, (f) => f[key].inCompliance, totals[key].inCompliance),
  ];
  const chaired = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

  return [
    // Chart 1: the register.
    stock('registerTotal', 'Children on the register at month end', (f) => f.registerTotal),
    flow('registrationsAdded', 'Registrations added', (f) => f.registrationsAdded, totals.registrationsAdded),
    flow('registrationsRemoved', 'Registrations removed', (f) => f.registrationsRemoved, totals.registrationsRemoved),
    // Charts 2 and 3: conferences held in time.
    ...heldLines('icpc', 'ICPCs', `within ${policy.icpcWorkingDays} working days of the strategy discussion`),
    flow('icpc.notJudged', 'ICPCs not judged: no strategy discussion recorded', (f) => f.icpcNotJudged, totals.icpcNotJudged),
    ...heldLines('rcpc', 'RCPCs', 'in compliance'),
    ...heldLines('transferIn', 'Transfer-in conferences', 'in compliance'),
    // Chart 4: Chart 4's ten, then every other combination on the register at any month end of the year.
    ...categoryRows(taken).map((category) => stock(`registerByCategory.${category}`, `On the register: ${category}`, (f) => f.registerByCategory[category] ?? 0)),
    // The register by gender and age (the 2023-24 report's Charts 5 to 7).
    ...GENDERS.map((gender) => stock(`registerByGender.${gender}`, `On the register: ${gender}`, (f) => f.registerByGender[gender])),
    ...AGE_BANDS.map((band) => stock(`registerByAgeBand.${band}`, `On the register: aged ${band}`, (f) => f.registerByAgeBand[band])),
    ...GENDERS.flatMap((gender) =>
      AGE_BANDS.map((band) => stock(`registerByGenderAndAgeBand.${gender}.${band}`, `On the register: ${gender}, aged ${band}`, (f) => f.registerByGenderAndAgeBand[gender][band])),
    ),
    // Charts 5 to 8: re-registrations, long registrations, removed at the first review.
    flow('reRegistrationsWithin12Months', 'Re-registrations within 12 months', (f) => f.reRegistrationsWithin12Months, totals.reRegistrationsWithin12Months),
    stock('registeredMoreThan18Months', 'Registered more than 18 months', (f) => f.registeredMoreThan18Months),
    flow('firstReviewConferencesHeld', 'First review conferences held', (f) => f.firstReviewConferencesHeld, totals.firstReviewConferencesHeld),
    flow('removedAtFirstReviewConference', 'Removed from the register at the first review conference', (f) => f.removedAtFirstReviewConference, totals.removedAtFirstReviewConference),
    // Participation: the conferences held, and at how many the child took part.
    flow('participation.icpc.held', 'Participation: ICPCs held', (f) => f.participation.icpc.held, totals.participation.icpc.held),
    flow('participation.rcpc.held', 'Participation: RCPCs held', (f) => f.participation.rcpc.held, totals.participation.rcpc.held),
    flow('participation.icpc.childParticipated', 'Children participating at ICPC', (f) => f.participation.icpc.childParticipated, totals.participation.icpc.childParticipated),
    flow('cerParticipation.childParticipated', 'Children participating at CER', (f) => f.cerParticipation.childParticipated, totals.cerParticipation.childParticipated),
    ...(['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7', 'not-recorded'] as const).map((code) =>
      flow(`cerParticipation.byCode.${code}`, `CERs held: participation ${code === 'not-recorded' ? 'not recorded' : code}`, (f) => f.cerParticipation.byCode[code], totals.cerParticipation.byCode[code]),
    ),
    flow('participation.rcpc.childParticipated', 'Children participating at RCPC', (f) => f.participation.rcpc.childParticipated, totals.participation.rcpc.childParticipated),
    // Charts 9 to 12: the care experienced.
    flow('becameLookedAfter', 'Became looked after', (f) => f.becameLookedAfter, totals.becameLookedAfter),
    flow('ceasedLookedAfter', 'Ceased to be looked after', (f) => f.ceasedLookedAfter, totals.ceasedLookedAfter),
    stock('lookedAfterAtMonthEnd', 'Care experienced children at month end', (f) => f.lookedAfterAtMonthEnd),
    ...heldLines('cer', 'CERs', 'in compliance'),
    ...GENDERS.map((gender) => stock(`lookedAfterByGender.${gender}`, `Care experienced: ${gender}`, (f) => f.lookedAfterByGender[gender])),
    ...AGE_BANDS.map((band) => stock(`lookedAfterByAgeBand.${band}`, `Care experienced: aged ${band}`, (f) => f.lookedAfterByAgeBand[band])),
    ...GENDERS.flatMap((gender) =>
      AGE_BANDS.map((band) => stock(`lookedAfterByGenderAndAgeBand.${gender}.${band}`, `Care experienced: ${gender}, aged ${band}`, (f) => f.lookedAfterByGenderAndAgeBand[gender][band])),
    ),
    // Chart 13: advocacy, counted in children (the year counts each child once).
    flow('advocacy.offered', 'Advocacy: children with an active offer made', (f) => f.advocacy.offered, totals.advocacy.offered),
    flow('advocacy.provided', 'Advocacy: children provided with an advocate', (f) => f.advocacy.provided, totals.advocacy.provided),
    // Chart 13 and the IRO service's own work.
    stock('caseloadPerFte.average', 'Caseload per full-time IRO (average) at month end', (f) => f.caseloadPerFte.average),
    flow('meetingsChaired', 'Statutory meetings chaired', (f) => chaired(f.meetingsChaired), chaired(totals.meetingsChaired)),
    flow('qaAuditsCompleted', 'QA audits completed (statutory meetings)', (f) => f.qaAuditsCompleted, totals.qaAuditsCompleted),
    flow('midpointReviewsHeld', 'Mid-point reviews held', (f) => f.midpointReviewsHeld, totals.midpointReviewsHeld),
    flow('coreGroupsHeld', 'Core groups held', (f) => f.coreGroupsHeld, totals.coreGroupsHeld),
    flow('meetingsBookedLate', 'Meetings booked after their due date, with a reason', (f) => f.meetingsBookedLate, totals.meetingsBookedLate),
    // Case dispute resolution.
    flow('disputes.startedInformal', 'Case disputes started: informal', (f) => f.disputes.startedInformal, totals.disputes.startedInformal),
    flow('disputes.startedFormal', 'Case disputes started: formal', (f) => f.disputes.startedFormal, totals.disputes.startedFormal),
    flow('disputes.resolved', 'Case disputes resolved', (f) => f.disputes.resolved, totals.disputes.resolved),
    stock('disputes.openAtMonthEnd', 'Case disputes open at month end', (f) => f.disputes.openAtMonthEnd),
    flow('disputes.legalAdviceSought', 'Case disputes: independent legal advice sought', (f) => f.disputes.legalAdviceSought, totals.disputes.legalAdviceSought),
    flow('disputes.cafcassReferrals', 'Case disputes: referred to Cafcass Cymru', (f) => f.disputes.cafcassReferrals, totals.disputes.cafcassReferrals),
  ];
}

/** How often, as the reports write it: "once", "twice", "3 times". */
function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${formatCount(count)} times`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The headline sentences, as the reports write them ("During the period of
 * April 2023 – March 2024, the IRO Service chaired 376 Initial Child
 * Protection Conferences (ICPC) of which 93.09% were held within statutory
 * timescales."). Percentages to two places, as the CER figure is reported
 * (96.39%). An ICPC that cannot be judged is left out of its percentage, not
 * counted late.
 */
export function annualHeadlines(year: number, totals: FiguresOverMonths, policy: TimescalePolicy): string[] {
  const period = `During the period of ${MONTH_NAMES[3]} ${year} – ${MONTH_NAMES[2]} ${year + 1}`;
  const n = formatCount;
  const judgedIcpcs = totals.icpc.held - totals.icpcNotJudged;
  const notJudged = totals.icpcNotJudged === 0 ? '' : ` ${n(totals.icpcNotJudged)} could not be judged: no strategy discussion was recorded.`;
  const chaired = Object.values(totals.meetingsChaired).reduce((sum, count) => sum + count, 0);
  const disputes = totals.disputeResolutions.informal + totals.disputeResolutions.formal;
  return [
    `${period}, the IRO Service chaired ${n(totals.icpc.held)} Initial Child Protection Conferences (ICPC) of which ${percentage(totals.icpc.inCompliance, judgedIcpcs)} were held within statutory timescales (${policy.icpcWorkingDays} working days).${notJudged}`,
    `${period}, the IRO Service chaired ${n(totals.rcpc.held)} Review Child Protection Conferences (RCPC) of which ${percentage(totals.rcpc.inCompliance, totals.rcpc.held)} were held within statutory timescales.`,
    `${period}, the IRO Service chaired ${n(totals.cer.held)} Care Experience Reviews (CER) of which ${percentage(totals.cer.inCompliance, totals.cer.held)} were held within statutory timescales.`,
    `In total ${n(totals.becameLookedAfter)} children came into the care of the local authority whilst ${n(totals.ceasedLookedAfter)} children left the care of the local authority.`,
    `${n(totals.removedAtFirstReviewConference)} of the ${n(totals.firstReviewConferencesHeld)} registrations reviewed at a first review conference (${percentage(totals.removedAtFirstReviewConference, totals.firstReviewConferencesHeld)}) ended there: the child's name was removed from the Child Protection Register.`,
    `${n(totals.reRegistrationsWithin12Months)} of the ${n(totals.registrationsAdded)} registrations (${percentage(totals.reRegistrationsWithin12Months, totals.registrationsAdded)}) were re-registrations within 12 months of a previous de-registration.`,
    `${n(totals.advocacy.offered)} children received an active offer of advocacy and ${n(totals.advocacy.provided)} children were provided with an advocate.`,
    `The IRO Service chaired ${n(chaired)} statutory meetings and completed ${n(totals.qaAuditsCompleted)} quality assurance audits.`,
    disputes === 0
      ? 'In this period the case resolution process has not been initiated.'
      : `In this period the case resolution process has been initiated ${times(disputes)}: ${n(totals.disputeResolutions.informal)} informal, ${n(totals.disputeResolutions.formal)} formal.`,
  ];
}
