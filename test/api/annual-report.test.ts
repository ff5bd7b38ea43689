/**
 * The annual report's lines and sentences from a year's figures: the reports'
 * own numbers give the reports' own sentences, and the ICPC line names the
 * setting in force.
 */
import { describe, expect, it } from 'vitest';
import { monthlyFigures, sumMonths, type MonthlyFigures } from '#shared/domain/figures';
import { reportingYear } from '#shared/domain/year-month';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { annualHeadlines, annualRows } from '#shared/api/annual-report';

/** The 2023-24 year as its report gives it, put in March: 376 ICPCs (350 in time), 749 RCPCs (734), 1,054 CERs (1,016), 84 in and 111 out. */
function year2023(extra: Partial<MonthlyFigures> = {}): MonthlyFigures[] {
  return reportingYear(2023).map((month) =>
    month !== '2024-03'
      ? monthlyFigures([], month, DEFAULT_TIMESCALE_POLICY)
      : {
          ...monthlyFigures([], month, DEFAULT_TIMESCALE_POLICY),
          icpc: { held: 376, inCompliance: 350 },
          rcpc: { held: 749, inCompliance: 734 },
          cer: { held: 1054, inCompliance: 1016 },
          becameLookedAfter: 84,
          ceasedLookedAfter: 111,
          advocacy: { offered: 70, provided: 64 },
          advocacyYearToDate: { offered: 70, provided: 64 },
          ...extra,
        },
  );
}

describe('annualHeadlines', () => {
  it('writes the 2023-24 report\'s sentences from its figures', () => {
    const headlines = annualHeadlines(2023, sumMonths(year2023()), DEFAULT_TIMESCALE_POLICY);

    expect(headlines).toContain(
      'During the period of April 2023 – March 2024, the IRO Service chaired 376 Initial Child Protection Conferences (ICPC) of which 93.09% were held within statutory timescales (15 working days).',
    );
    expect(headlines).toContain('During the period of April 2023 – March 2024, the IRO Service chaired 1,054 Care Experience Reviews (CER) of which 96.39% were held within statutory timescales.');
    expect(headlines).toContain('In total 84 children came into the care of the local authority whilst 111 children left the care of the local authority.');
    expect(headlines).toContain('70 children received an active offer of advocacy and 64 children were provided with an advocate.');
    expect(headlines).toContain('In this period the case resolution process has not been initiated.');
  });

  it('leaves ICPCs that cannot be judged out of the percentage and says how many, and names the setting in force', () => {
    const months = year2023({ icpc: { held: 380, inCompliance: 350 }, icpcNotJudged: 4 });
    const policy = { ...DEFAULT_TIMESCALE_POLICY, icpcWorkingDays: 10 };

    const [icpc] = annualHeadlines(2023, sumMonths(months), policy);

    expect(icpc).toBe(
      'During the period of April 2023 – March 2024, the IRO Service chaired 380 Initial Child Protection Conferences (ICPC) of which 93.09% were held within statutory timescales (10 working days). 4 could not be judged: no strategy discussion was recorded.',
    );
    const row = annualRows(months, sumMonths(months), policy).find((r) => r.key === 'icpc.inCompliance')!;
    expect(row.figure).toBe('ICPCs held within 10 working days of the strategy discussion');
  });

  it('gives removals at the first review and re-registrations with their percentages, and disputes as the reports count them', () => {
    const months = year2023({
      firstReviewConferencesHeld: 50,
      removedAtFirstReviewConference: 14,
      registrationsAdded: 120,
      reRegistrationsWithin12Months: 6,
      disputes: { startedInformal: 0, startedFormal: 2, resolved: 1, openAtMonthEnd: 1, legalAdviceSought: 0, cafcassReferrals: 0 },
    });

    const headlines = annualHeadlines(2023, sumMonths(months), DEFAULT_TIMESCALE_POLICY);

    // The 2024-25 report's 28%.
    expect(headlines).toContain("14 of the 50 registrations reviewed at a first review conference (28.00%) ended there: the child's name was removed from the Child Protection Register.");
    expect(headlines).toContain('6 of the 120 registrations (5.00%) were re-registrations within 12 months of a previous de-registration.');
    // "initiated twice" (2024-25).
    expect(headlines).toContain('In this period the case resolution process has been initiated twice: 0 informal, 2 formal.');
  });
});

describe('annualRows', () => {
  it('gives every line a unique key, a flow its year\'s total and a month-end figure its last month\'s value', () => {
    const months: (MonthlyFigures | undefined)[] = year2023();
    months[11] = undefined; // No March yet: the year so far.
    months[10] = { ...monthlyFigures([], '2024-02', DEFAULT_TIMESCALE_POLICY), registerTotal: 90, registrationsAdded: 5, caseloadPerFte: { byIro: {}, average: 17.25 } };
    months[9] = { ...monthlyFigures([], '2024-01', DEFAULT_TIMESCALE_POLICY), registerTotal: 95, registrationsAdded: 7 };
    const taken = months.filter((m): m is MonthlyFigures => m !== undefined);

    const rows = annualRows(months, sumMonths(taken), DEFAULT_TIMESCALE_POLICY);
    const row = (key: string) => rows.find((r) => r.key === key)!;

    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(row('registrationsAdded')).toMatchObject({ months: [0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 5, null], year: 12 });
    expect(row('registerTotal')).toMatchObject({ months: [0, 0, 0, 0, 0, 0, 0, 0, 0, 95, 90, null], year: 90 });
    // A ratio with no IRO to divide by is null, not 0.
    expect(row('caseloadPerFte.average')).toMatchObject({ months: [null, null, null, null, null, null, null, null, null, null, 17.25, null], year: 17.25 });
  });
});
