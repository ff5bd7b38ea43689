/**
 * A synthetic annual report, shaped as `GET /reports/annual` answers it, with
 * every line the charts read (the keys of shared/domain/report-charts.ts),
 * its numbers made from a seed and scaled to a register of `children`. The
 * committee's document depends on the report's numbers alone, never on the
 * children behind them, so a report at any scale is as good as one counted.
 */
import { AGE_BANDS, sumMonths } from '#shared/domain/figures';
import { GENDERS, REGISTRATION_CATEGORIES } from '#shared/domain/records';
import { reportingYear } from '#shared/domain/year-month';
import type { AnnualReport } from '#shared/report-document/annual-document';

type Row = AnnualReport['rows'][number];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The annual report of a register of `children` (the demo register's 480 by
 * default), its months filled unless `missingMonths` says otherwise, and the
 * lines named in `leaveOut` absent (a release that has not added them yet).
 */
export function anAnnualReport(options: { year?: number; children?: number; seed?: number; missingMonths?: number; leaveOut?: readonly string[] } = {}): AnnualReport {
  const year = options.year ?? 2024;
  const scale = (options.children ?? 480) / 480;
  const next = random(options.seed ?? 20241);
  const months = reportingYear(year);
  const filled = 12 - (options.missingMonths ?? 0);
  const around = (mean: number) => Math.max(0, Math.round(mean * scale * (0.6 + next() * 0.8)));
  const month = (make: () => number) => months.map((_, index) => (index < filled ? make() : null));
  const sum = (values: (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
  const last = (values: (number | null)[]) => values.filter((value): value is number => value !== null).at(-1) ?? '';
  const rows: Row[] = [];
  const flow = (key: string, figure: string, values: (number | null)[]) => rows.push({ key, figure, months: values, year: sum(values) });
  const stock = (key: string, figure: string, values: (number | null)[]) => rows.push({ key, figure, months: values, year: last(values) });
  const partOf = (whole: (number | null)[], share: number) => whole.map((value) => (value === null ? null : Math.round(value * share * (0.9 + next() * 0.1))));

  const byCategory = REGISTRATION_CATEGORIES.map((category, index) => ({ category, values: month(() => around(index < 2 ? 25 : 3)) }));
  const extra = { category: 'Neglect and Emotional Abuse', values: month(() => around(1)) };
  stock('registerTotal', 'Children on the register at month end', months.map((_, index) => (index < filled ? sum([...byCategory, extra].map((c) => c.values[index] ?? 0)) : null)));
  flow('registrationsAdded', 'Registrations added', month(() => around(6)));
  flow('registrationsRemoved', 'Registrations removed', month(() => around(7)));
  const icpcs = month(() => around(6));
  flow('icpc.held', 'ICPCs held', icpcs);
  flow('icpc.inCompliance', 'ICPCs held within 15 working days', partOf(icpcs, 0.93));
  flow('icpc.notJudged', 'ICPCs not judged', month(() => 0));
  const rcpcs = month(() => around(12));
  flow('rcpc.held', 'RCPCs held', rcpcs);
  flow('rcpc.inCompliance', 'RCPCs held within timescales', partOf(rcpcs, 0.98));
  flow('transferIn.held', 'Transfer-in conferences held', month(() => around(0.2)));
  flow('transferIn.inCompliance', 'Transfer-in conferences held within timescales', month(() => 0));
  for (const { category, values } of [...byCategory, extra]) stock(`registerByCategory.${category}`, `On the register: ${category}`, values);
  for (const gender of GENDERS) stock(`registerByGender.${gender}`, `On the register: ${gender}`, month(() => around(gender === 'female' || gender === 'male' ? 40 : 1)));
  for (const band of AGE_BANDS) stock(`registerByAgeBand.${band}`, `On the register: aged ${band}`, month(() => around(16)));
  flow('reRegistrationsWithin12Months', 'Re-registrations within 12 months', month(() => around(0.5)));
  stock('registeredMoreThan18Months', 'Registered more than 18 months', month(() => around(2)));
  const firstReviews = month(() => around(5));
  flow('firstReviewConferencesHeld', 'First review conferences held', firstReviews);
  flow('removedAtFirstReviewConference', 'Removed at the first review conference', partOf(firstReviews, 0.28));
  flow('participation.icpc.held', 'ICPCs held (participation)', icpcs);
  flow('participation.icpc.childParticipated', 'Children participating at ICPC', partOf(icpcs, 0.3));
  flow('participation.rcpc.held', 'RCPCs held (participation)', rcpcs);
  flow('participation.rcpc.childParticipated', 'Children participating at RCPC', partOf(rcpcs, 0.35));
  flow('becameLookedAfter', 'Became looked after', month(() => around(7)));
  flow('ceasedLookedAfter', 'Ceased to be looked after', month(() => around(9)));
  stock('lookedAfterAtMonthEnd', 'Care experienced children at month end', month(() => around(330)));
  const cers = month(() => around(18));
  flow('cer.held', 'CERs held', cers);
  flow('cer.inCompliance', 'CERs held within timescales', partOf(cers, 0.96));
  const crossTab = GENDERS.map((gender) => ({ gender, bands: AGE_BANDS.map((band) => ({ band, values: month(() => around(gender === 'female' || gender === 'male' ? (band === '10-15' ? 55 : 25) : 0.5)) })) }));
  for (const { gender, bands } of crossTab) stock(`lookedAfterByGender.${gender}`, `Care experienced: ${gender}`, months.map((_, index) => (index < filled ? sum(bands.map((b) => b.values[index] ?? 0)) : null)));
  for (const band of AGE_BANDS) stock(`lookedAfterByAgeBand.${band}`, `Care experienced: aged ${band}`, months.map((_, index) => (index < filled ? sum(crossTab.map((g) => g.bands.find((b) => b.band === band)!.values[index] ?? 0)) : null)));
  for (const { gender, bands } of crossTab) for (const { band, values } of bands) stock(`lookedAfterByGenderAndAgeBand.${gender}.${band}`, `Care experienced: ${gender}, aged ${band}`, values);
  flow('advocacy.offered', 'Advocacy: children with an active offer made', month(() => around(6)));
  flow('advocacy.provided', 'Advocacy: children provided with an advocate', month(() => around(4.5)));
  rows.push({ key: 'caseloadPerFte.average', figure: 'Caseload per full-time IRO (average)', months: month(() => Math.round((50 + next() * 15) * 10) / 10), year: 0 });
  rows.at(-1)!.year = last(rows.at(-1)!.months);
  flow('meetingsChaired', 'Statutory meetings chaired', month(() => around(40)));
  flow('qaAuditsCompleted', 'QA audits completed', month(() => around(32)));
  flow('midpointReviewsHeld', 'Mid-point reviews held', month(() => around(15)));
  flow('coreGroupsHeld', 'Core groups held', month(() => around(20)));
  flow('disputes.startedInformal', 'Case disputes started: informal', month(() => around(0.5)));
  flow('disputes.startedFormal', 'Case disputes started: formal', month(() => around(0.2)));
  flow('disputes.resolved', 'Case disputes resolved', month(() => around(0.6)));
  stock('disputes.openAtMonthEnd', 'Case disputes open at month end', month(() => around(0.4)));

  const leaveOut = new Set(options.leaveOut ?? []);
  const total = (key: string) => Number(rows.find((row) => row.key === key)?.year ?? 0);
  const pct = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${((part / whole) * 100).toFixed(2)}%`);
  const period = `During the period of April ${year} – March ${year + 1}`;
  return {
    year,
    months,
    missingMonths: months.slice(filled),
    basis: 2,
    monthsOnEarlierBasis: [],
    rows: rows.filter((row) => !leaveOut.has(row.key)),
    // The document reads rows and headlines only; the totals (of no month, here) are the API's business.
    totals: sumMonths([]),
    headlines: [
      `${period}, the IRO Service chaired ${total('icpc.held').toLocaleString('en-GB')} Initial Child Protection Conferences (ICPC) of which ${pct(total('icpc.inCompliance'), total('icpc.held'))} were held within statutory timescales.`,
      `${period}, the IRO Service chaired ${total('rcpc.held').toLocaleString('en-GB')} Review Child Protection Conferences (RCPC) of which ${pct(total('rcpc.inCompliance'), total('rcpc.held'))} were held within statutory timescales.`,
      `In total ${total('becameLookedAfter')} children came into the care of the local authority whilst ${total('ceasedLookedAfter')} children left the care of the local authority.`,
    ],
  };
}
