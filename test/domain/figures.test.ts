import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChildRecords, Meeting } from '#shared/domain/records';
import { DISPUTE_STAGES, GENDERS, MEETING_TYPES, REGISTRATION_CATEGORIES, categoryOf, meetingDay } from '#shared/domain/records';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { InvalidMonthError } from '#shared/domain/errors';
import type { MonthlyFigures } from '#shared/domain/figures';
import {
  AGE_BANDS,
  ageBandOf,
  ageInWholeYears,
  categoryRows,
  formatCount,
  monthBounds,
  monthlyFigures,
  percentage,
  sumMonths,
} from '#shared/domain/figures';
import {
  ANN,
  BOB,
  CAT,
  DAN,
  JANUARY_2025_REGISTER,
  aRegisterEntry,
  cancelledMeeting,
  earlier,
  meeting,
  registration,
} from './figures-fixtures';

const policy = DEFAULT_TIMESCALE_POLICY;

describe('monthlyFigures', () => {
  describe('for the January 2025 register worked out by hand (figures-fixtures.ts)', () => {
    const figures = monthlyFigures(JANUARY_2025_REGISTER, '2025-01', policy);

    it('names the month and its real last day', () => {
      expect(figures.month).toBe('2025-01');
      expect(figures.monthEnd).toBe('2025-01-31');
    });

    it('counts each child on the register at month end under their category, every category present', () => {
      // Off at 2025-01-31: de-registered on the last day (Emotional Abuse), on 01-24 (Neglect and Sexual
      // Abuse) and 01-23 (Physical Abuse); registered from 2025-02-01. On: registered on the last day.
      expect(figures.registerByCategory).toEqual({
        'Emotional Abuse': 0,
        Neglect: 1,
        'Neglect and Physical Abuse': 1,
        'Neglect, Physical & Financial Abuse': 1,
        'Neglect, Physical and Sexual Abuse': 1,
        'Physical Abuse': 1,
        'Sexual Abuse': 1,
        'Physical and Sexual Abuse': 1,
        'Neglect and Sexual Abuse': 0,
        'Physical and Sexual Abuse and Financial Abuse': 0,
      });
      expect(Object.keys(figures.registerByCategory)).toEqual([...REGISTRATION_CATEGORIES]);
      expect(figures.registerTotal).toBe(7);
    });

    it('counts registrations starting and ending in the month', () => {
      // Added: 01-14, 01-31, 01-20, 01-10 (not 02-01). Removed: 01-31, 01-24, 01-23.
      expect(figures.registrationsAdded).toBe(4);
      expect(figures.registrationsRemoved).toBe(3);
    });

    it('counts a re-registration 11 months after de-registration, and not one after 13', () => {
      expect(figures.reRegistrationsWithin12Months).toBe(1);
    });

    it('counts a registration of 18 months and a day as more than 18 months, and exactly 18 months as not', () => {
      expect(figures.registeredMoreThan18Months).toBe(1);
    });

    it('counts registrations ended at their first RCPC, after 80 days and after 100, over the first RCPCs held', () => {
      // r9 (80 days) and r10 (100 days) ended at their first RCPCs, held in January; r3's first RCPC was in September.
      expect(figures.removedAtFirstReviewConference).toBe(2);
      expect(figures.firstReviewConferencesHeld).toBe(2);
    });

    it('counts held conferences and those in compliance; a cancelled one is not held', () => {
      // ICPCs: 01-14 (due 01-23) in time; 01-06 (due 2024-12-23) late.
      expect(figures.icpc).toEqual({ held: 2, inCompliance: 1 });
      // RCPCs: 01-31 (due 03-02) and 01-24 (due 02-05) in time; 01-23 (due 01-15) late; 01-10 cancelled.
      expect(figures.rcpc).toEqual({ held: 3, inCompliance: 2 });
    });

    it('counts a late CER as held but not in compliance, and one held on its due date as both', () => {
      // 01-17 (due 01-10) late; 01-02 (due 01-02) in time; 01-09 cancelled.
      expect(figures.cer).toEqual({ held: 2, inCompliance: 1 });
    });

    it('counts children who became and ceased to be looked after, and those looked after at month end', () => {
      // Became: 01-08 (not 02-03). Ceased: 01-31 and 01-15. At 2025-01-31: five open episodes.
      expect(figures.becameLookedAfter).toBe(1);
      expect(figures.ceasedLookedAfter).toBe(2);
      expect(figures.lookedAfterAtMonthEnd).toBe(5);
    });

    it('counts the CEC at month end by gender and by age band, zeros included', () => {
      expect(figures.lookedAfterByGender).toEqual({ female: 2, male: 2, other: 1, 'not-stated': 0 });
      // Born 2024-08-01 (0), 2021-05-05 (3), 2012-06-15 (12), 2014-03-03 (10), 2009-01-31 (16 that day).
      expect(figures.lookedAfterByAgeBand).toEqual({ 'under 1': 1, '1-4': 1, '5-9': 0, '10-15': 2, '16 and over': 1 });
      expect(Object.keys(figures.lookedAfterByAgeBand)).toEqual([...AGE_BANDS]);
    });

    it("counts participation at the ICPCs and RCPCs held", () => {
      expect(figures.participation).toEqual({
        icpc: { held: 2, childParticipated: 1 },
        rcpc: { held: 3, childParticipated: 1 },
      });
    });

    it('counts the children with advocacy at the meetings held, not the cancelled ones, and the year so far', () => {
      // Offered to the children of the core group, both ICPCs, the 01-24 RCPC and both CERs; provided at the 01-14 ICPC and 01-02 CER.
      expect(figures.advocacy).toEqual({ offered: 6, provided: 2 });
      // Since 2024-04-01, the earlier meetings add: offered to the children of rcpc3a and cer18;
      // provided to those of rcpc3a, icpc9, cer13a/b and cer18.
      expect(figures.advocacyYearToDate).toEqual({ offered: 8, provided: 6 });
    });

    it('counts QA audits over the statutory meetings, and mid-point reviews and core groups on their own lines', () => {
      // Both ICPCs, the 01-31 and 01-24 RCPCs, both CERs; not the core group's audit.
      expect(figures.qaAuditsCompleted).toBe(6);
      expect(figures.midpointReviewsHeld).toBe(1);
      expect(figures.coreGroupsHeld).toBe(1);
    });

    it("counts statutory meetings chaired by the chair recorded, else the child's IRO", () => {
      // ann: RCPC 01-31, RCPC 01-23 (chaired for cat), CER 01-17. bob: ICPC 01-14, RCPC 01-24.
      // cat: ICPC 01-06 (not the mid-point review of 01-22). dan: CER 01-02 (a bob child).
      expect(figures.meetingsChaired).toEqual({ [ANN]: 3, [BOB]: 2, [CAT]: 1, [DAN]: 1 });
    });

    it('counts the register at month end by gender and by age band', () => {
      // neglect-and-looked-after: female, 3. The six others on the register: not stated, born 2015-06-01 (9).
      expect(figures.registerByGender).toEqual({ female: 1, male: 0, other: 0, 'not-stated': 6 });
      expect(figures.registerByAgeBand).toEqual({ 'under 1': 0, '1-4': 1, '5-9': 6, '10-15': 0, '16 and over': 0 });
      expect(figures.registerByGenderAndAgeBand.female['1-4']).toBe(1);
      expect(figures.registerByGenderAndAgeBand['not-stated']['5-9']).toBe(6);
      expect(figures.lookedAfterByGenderAndAgeBand.male).toEqual({ 'under 1': 1, '1-4': 0, '5-9': 0, '10-15': 0, '16 and over': 1 });
    });

    it('counts every IRO as full time with no directory, and every ICPC judged', () => {
      expect(figures.caseloadPerFte).toEqual({ byIro: { [ANN]: 4, [BOB]: 3, [CAT]: 4 }, average: 3.67 });
      expect(figures.icpcNotJudged).toBe(0);
    });

    it('counts each IRO\'s children looked after or on the register at month end, once each', () => {
      // ann: registered and looked after (once), 18 months and a day, exactly 18 months, late CER.
      // bob: added in month, re-registered after 11 months, CER on due date.
      // cat: registered on last day, re-registered after 13 months, became looked after, mid-point review.
      expect(figures.caseloadByIro).toEqual({ [ANN]: 4, [BOB]: 3, [CAT]: 4 });
    });

    it('judges every child it was asked to', () => {
      expect(figures.childrenNotJudged).toBe(0);
    });
  });

  describe('at the edges of the definitions', () => {
    it('writes the real last day of the month, leap years included', () => {
      expect(monthlyFigures([], '2024-12', policy).monthEnd).toBe('2024-12-31');
      expect(monthlyFigures([], '2024-02', policy).monthEnd).toBe('2024-02-29');
      expect(monthlyFigures([], '2025-02', policy).monthEnd).toBe('2025-02-28');
      expect(monthBounds('2025-04')).toEqual({ first: '2025-04-01', last: '2025-04-30' });
    });

    it('answers an empty register with every category, gender and band at zero', () => {
      const figures = monthlyFigures([], '2025-03', policy);

      expect(Object.values(figures.registerByCategory)).toEqual(REGISTRATION_CATEGORIES.map(() => 0));
      expect(Object.values(figures.lookedAfterByGender)).toEqual(GENDERS.map(() => 0));
      expect(Object.values(figures.lookedAfterByAgeBand)).toEqual(AGE_BANDS.map(() => 0));
      expect(figures.meetingsChaired).toEqual({});
      expect(figures.caseloadByIro).toEqual({});
    });

    it('refuses a month not written yyyy-mm', () => {
      for (const bad of ['2025-13', '2025-00', '2025-1', '2025-01-31', 'Jan 2025', '0000-01']) {
        expect(() => monthlyFigures([], bad, policy)).toThrow(InvalidMonthError);
      }
    });

    it('counts a re-registration exactly 12 months after de-registration, and not 12 months and a day', () => {
      const reRegisteredAfter = (deregistered: string) =>
        aRegisterEntry(`after-${deregistered}`, { iroEmail: ANN }, {
          registrations: [registration('a', 'Neglect', '2023-01-05', deregistered), registration('b', 'Neglect', '2025-03-15')],
        });

      const figures = monthlyFigures([reRegisteredAfter('2024-03-15'), reRegisteredAfter('2024-03-14')], '2025-03', policy);

      expect(figures.registrationsAdded).toBe(2);
      expect(figures.reRegistrationsWithin12Months).toBe(1);
    });

    it('clamps the 12 months at the end of February: re-registered 2025-02-28 reaches back to 2024-02-28', () => {
      const reRegisteredAfter = (deregistered: string) =>
        aRegisterEntry(`after-${deregistered}`, { iroEmail: ANN }, {
          registrations: [registration('a', 'Neglect', '2023-01-05', deregistered), registration('b', 'Neglect', '2025-02-28')],
        });

      const figures = monthlyFigures([reRegisteredAfter('2024-02-28'), reRegisteredAfter('2024-02-27')], '2025-02', policy);

      expect(figures.reRegistrationsWithin12Months).toBe(1);
    });

    it('does not count a first registration, nor one whose earlier registration is still open, as a re-registration', () => {
      const first = aRegisterEntry('first', { iroEmail: ANN }, { registrations: [registration('a', 'Neglect', '2025-03-03')] });

      const figures = monthlyFigures([first], '2025-03', policy);

      expect(figures.reRegistrationsWithin12Months).toBe(0);
    });

    it('counts a registration ended at its first RCPC after 89 days and after 90 alike: the days do not matter', () => {
      const removedAfter = (id: string, start: string, end: string) =>
        aRegisterEntry(id, { iroEmail: ANN }, {
          registrations: [registration(id, 'Neglect', start, end, { deregisteredAtMeetingId: `${id}-rcpc` })],
          meetings: [meeting('RCPC', `${id}-rcpc`, end, { outcome: { decision: 'deregister' } })],
        });

      // 2025-01-01 + 89 days = 2025-03-31; 2024-12-31 + 90 days = 2025-03-31.
      const figures = monthlyFigures(
        [removedAfter('d89', '2025-01-01', '2025-03-31'), removedAfter('d90', '2024-12-31', '2025-03-31')],
        '2025-03',
        policy,
      );

      expect(figures.registrationsRemoved).toBe(2);
      expect(figures.removedAtFirstReviewConference).toBe(2);
      expect(figures.firstReviewConferencesHeld).toBe(2);
    });

    it('does not count a de-registration at a second RCPC, or one with no RCPC recorded, as removed at first review', () => {
      const atSecond = aRegisterEntry('second', { iroEmail: ANN }, {
        registrations: [registration('s', 'Neglect', '2025-01-06', '2025-03-20', { deregisteredAtMeetingId: 's-2' })],
        meetings: [meeting('RCPC', 's-1', '2025-02-10'), meeting('RCPC', 's-2', '2025-03-20')],
      });
      const unrecorded = aRegisterEntry('unrecorded', { iroEmail: ANN }, {
        registrations: [registration('u', 'Neglect', '2025-01-06', '2025-03-20')],
        meetings: [meeting('RCPC', 'u-1', '2025-03-20')],
      });
      const atCancelled = aRegisterEntry('cancelled', { iroEmail: ANN }, {
        registrations: [registration('c', 'Neglect', '2025-01-06', '2025-03-20', { deregisteredAtMeetingId: 'c-1' })],
        meetings: [cancelledMeeting('RCPC', 'c-1', '2025-03-20')],
      });

      const figures = monthlyFigures([atSecond, unrecorded, atCancelled], '2025-03', policy);

      expect(figures.registrationsRemoved).toBe(3);
      expect(figures.removedAtFirstReviewConference).toBe(0);
      // Only the unrecorded one's first RCPC was held in March (the second's was in February; the cancelled one was not held).
      expect(figures.firstReviewConferencesHeld).toBe(1);
    });

    it('puts a child born on 29 February a year older on 28 February in a common year', () => {
      expect(ageInWholeYears('2008-02-29', '2025-02-27')).toBe(16);
      expect(ageInWholeYears('2008-02-29', '2025-02-28')).toBe(17);
      expect(ageInWholeYears('2008-02-29', '2024-02-28')).toBe(15);
      expect(ageInWholeYears('2008-02-29', '2024-02-29')).toBe(16);

      const leapling = aRegisterEntry('leapling', { iroEmail: ANN, gender: 'female', dateOfBirth: '2009-02-28' }, {
        careEpisodes: [{ episodeId: 'e', startDate: '2020-01-01' }],
      });
      const leapDayChild = aRegisterEntry('leap-day', { iroEmail: ANN, gender: 'female', dateOfBirth: '2008-02-29' }, {
        careEpisodes: [{ episodeId: 'e', startDate: '2020-01-01' }],
      });
      // At 2024-02-29 the one born 2009-02-28 is 15; the one born 2008-02-29 turns 16 that day.
      expect(monthlyFigures([leapling, leapDayChild], '2024-02', policy).lookedAfterByAgeBand).toEqual({
        'under 1': 0, '1-4': 0, '5-9': 0, '10-15': 1, '16 and over': 1,
      });
    });

    it('bands ages as the official statistics do', () => {
      expect([-1, 0, 1, 4, 5, 9, 10, 15, 16, 17].map(ageBandOf)).toEqual([
        'under 1', 'under 1', '1-4', '1-4', '5-9', '5-9', '10-15', '10-15', '16 and over', '16 and over',
      ]);
    });

    it('counts a child whose care history the calendar cannot judge, and still counts their CER as held', () => {
      // Looked after since 1995: the first CER's 20 working days fall before the calendar's years (2000 on).
      const since1995 = aRegisterEntry('since-1995', { iroEmail: ANN, gender: 'male', dateOfBirth: '1994-09-01' }, {
        careEpisodes: [{ episodeId: 'e', startDate: '1995-03-01' }],
        meetings: [earlier('CER', 'c1', '1995-03-20'), meeting('CER', 'c2', '2025-03-12')],
      });
      const recent = aRegisterEntry('recent', { iroEmail: ANN }, {
        careEpisodes: [{ episodeId: 'e', startDate: '2025-02-03' }],
        meetings: [meeting('CER', 'c1', '2025-03-03')],
      });

      const figures = monthlyFigures([since1995, recent], '2025-03', policy);

      expect(figures.childrenNotJudged).toBe(1);
      expect(figures.cer).toEqual({ held: 2, inCompliance: 1 });
      expect(figures.lookedAfterAtMonthEnd).toBe(2);
    });

    it('does not ask about a child with no CER, ICPC or RCPC held in the month, however old their history', () => {
      const since1995 = aRegisterEntry('since-1995', { iroEmail: ANN }, {
        careEpisodes: [{ episodeId: 'e', startDate: '1995-03-01' }],
        meetings: [earlier('CER', 'c1', '1995-03-20'), meeting('MIDPOINT', 'm1', '2025-03-12')],
      });

      const figures = monthlyFigures([since1995], '2025-03', policy);

      expect(figures.childrenNotJudged).toBe(0);
      expect(figures.midpointReviewsHeld).toBe(1);
    });
  });

  describe('as councils keep the register: periods of care, categories that change, transfers in', () => {
    /** The rows of the register by category that count anyone. */
    const counted = (figures: MonthlyFigures) => Object.fromEntries(Object.entries(figures.registerByCategory).filter(([, n]) => n > 0));

    it('does not count a change of legal status (a new episode the day the last one ended) as ceasing and becoming looked after', () => {
      // Accommodated under s.76 until 2025-03-12, when a care order's episode began: one period of care, still open.
      const legalStatusChange = aRegisterEntry('legal-status-change', { iroEmail: ANN }, {
        careEpisodes: [
          { episodeId: 'e1', startDate: '2024-06-03', endDate: '2025-03-12', legalStatus: 'V2' },
          { episodeId: 'e2', startDate: '2025-03-12', legalStatus: 'C2' },
        ],
      });
      // Recorded out of order: a period of two episodes, 2024-01-08 to 2025-03-25. It ended once in March and did not start in it.
      const changedThenCeased = aRegisterEntry('changed-then-ceased', { iroEmail: BOB }, {
        careEpisodes: [
          { episodeId: 'e2', startDate: '2025-03-05', endDate: '2025-03-25' },
          { episodeId: 'e1', startDate: '2024-01-08', endDate: '2025-03-05' },
        ],
      });
      // Back in care the day after the last episode ended: a new period, so one ceasing and one becoming.
      const backTheNextDay = aRegisterEntry('back-the-next-day', { iroEmail: CAT }, {
        careEpisodes: [
          { episodeId: 'e1', startDate: '2023-05-01', endDate: '2025-03-12' },
          { episodeId: 'e2', startDate: '2025-03-13' },
        ],
      });

      const march = monthlyFigures([legalStatusChange, changedThenCeased, backTheNextDay], '2025-03', policy);

      // Became: back-the-next-day (03-13). Ceased: changed-then-ceased (03-25), back-the-next-day (03-12).
      expect(march.becameLookedAfter).toBe(1);
      expect(march.ceasedLookedAfter).toBe(2);
      expect(march.lookedAfterAtMonthEnd).toBe(2);
    });

    it('does not count a change of legal status on a month end as ceasing that month nor becoming the next', () => {
      const changedOnTheLastDay = aRegisterEntry('changed-on-the-last-day', { iroEmail: ANN }, {
        careEpisodes: [
          { episodeId: 'e1', startDate: '2024-06-03', endDate: '2025-02-28' },
          { episodeId: 'e2', startDate: '2025-02-28' },
        ],
      });

      const february = monthlyFigures([changedOnTheLastDay], '2025-02', policy);
      const march = monthlyFigures([changedOnTheLastDay], '2025-03', policy);

      expect([february.becameLookedAfter, february.ceasedLookedAfter, february.lookedAfterAtMonthEnd]).toEqual([0, 0, 1]);
      expect([march.becameLookedAfter, march.ceasedLookedAfter, march.lookedAfterAtMonthEnd]).toEqual([0, 0, 1]);
    });

    it('moves a child between Chart 4 rows at the month end after an RCPC changes the category, and not before', () => {
      // Registered under Neglect 2024-12-10; the first RCPC, 2025-03-10, adds physical abuse.
      const changedInMarch = aRegisterEntry('changed-in-march', { iroEmail: ANN }, {
        registrations: [registration('r', 'Neglect', '2024-12-10', undefined, {
          categoryChanges: [{ from: '2025-03-10', category: 'Neglect and Physical Abuse', atMeetingId: 'rcpc' }],
        })],
        meetings: [meeting('RCPC', 'rcpc', '2025-03-10', { outcome: { decision: 'continue', category: 'Neglect and Physical Abuse' } })],
      });
      // Registered under Sexual Abuse 2025-01-02; the RCPC on 2025-04-01 adds physical abuse: still Sexual Abuse at the March month end.
      const changedInApril = aRegisterEntry('changed-in-april', { iroEmail: BOB }, {
        registrations: [registration('r', 'Sexual Abuse', '2025-01-02', undefined, {
          categoryChanges: [{ from: '2025-04-01', category: 'Physical and Sexual Abuse', atMeetingId: 'rcpc' }],
        })],
        meetings: [meeting('RCPC', 'rcpc', '2025-04-01', { outcome: { decision: 'continue', category: 'Physical and Sexual Abuse' } })],
      });
      const register = [changedInMarch, changedInApril];

      const [february, march, april] = ['2025-02', '2025-03', '2025-04'].map((month) => monthlyFigures(register, month, policy));

      expect(counted(february!)).toEqual({ Neglect: 1, 'Sexual Abuse': 1 });
      expect(counted(march!)).toEqual({ 'Neglect and Physical Abuse': 1, 'Sexual Abuse': 1 });
      expect(counted(april!)).toEqual({ 'Neglect and Physical Abuse': 1, 'Physical and Sexual Abuse': 1 });
      for (const figures of [february!, march!, april!]) {
        expect(Object.keys(figures.registerByCategory)).toEqual([...REGISTRATION_CATEGORIES]);
        expect(figures.registerTotal).toBe(2);
      }
    });

    it('gives a combination outside Chart 4 its own row after the ten, which are all still listed', () => {
      // 'Neglect and Emotional Abuse' since 2025-02-03; 'Emotional and Sexual Abuse' from 2025-03-03 to 2025-04-15.
      const neglectAndEmotional = aRegisterEntry('neglect-and-emotional', { iroEmail: ANN }, {
        registrations: [registration('r', categoryOf(['emotional', 'neglect']), '2025-02-03')],
      });
      const emotionalAndSexual = aRegisterEntry('emotional-and-sexual', { iroEmail: BOB }, {
        registrations: [registration('r', categoryOf(['sexual', 'emotional']), '2025-03-03', '2025-04-15')],
      });
      const neglect = aRegisterEntry('neglect', { iroEmail: CAT }, { registrations: [registration('r', 'Neglect', '2024-11-04')] });
      const register = [neglectAndEmotional, emotionalAndSexual, neglect];

      const [february, march, april] = ['2025-02', '2025-03', '2025-04'].map((month) => monthlyFigures(register, month, policy));

      // The ten first, in Chart 4's order, zeros included; then the others by name.
      expect(march!.registerByCategory).toEqual({
        ...Object.fromEntries(REGISTRATION_CATEGORIES.map((category) => [category, 0])),
        Neglect: 1,
        'Emotional and Sexual Abuse': 1,
        'Neglect and Emotional Abuse': 1,
      });
      expect(Object.keys(march!.registerByCategory)).toEqual([...REGISTRATION_CATEGORIES, 'Emotional and Sexual Abuse', 'Neglect and Emotional Abuse']);
      expect(march!.registerTotal).toBe(3);
      // A combination no one is registered under at a month end has no row that month.
      expect(Object.keys(february!.registerByCategory)).toEqual([...REGISTRATION_CATEGORIES, 'Neglect and Emotional Abuse']);
      expect(Object.keys(april!.registerByCategory)).toEqual([...REGISTRATION_CATEGORIES, 'Neglect and Emotional Abuse']);
      // Over months (the annual report's rows): the ten, then every other row any month has.
      expect(categoryRows([february!, march!, april!])).toEqual([...REGISTRATION_CATEGORIES, 'Emotional and Sexual Abuse', 'Neglect and Emotional Abuse']);
      expect(categoryRows([])).toEqual([...REGISTRATION_CATEGORIES]);
    });

    it('counts transfer-in conferences on their own line, not as ICPCs nor in the ICPC participation', () => {
      // Told 2025-03-03 the move is permanent: the conference is due 15 working days later, 2025-03-24.
      // Held 2025-03-14, registering the child.
      const onTime = aRegisterEntry('transferred-in-on-time', { iroEmail: ANN }, {
        transferIns: [{ transferInId: 't', notifiedOn: '2025-03-03' }],
        registrations: [registration('r', 'Physical Abuse', '2025-03-14', undefined, { registeredAtMeetingId: 'tic' })],
        meetings: [
          meeting('TRANSFER_IN', 'tic', '2025-03-14', {
            participated: true, offered: true, qa: true,
            outcome: { decision: 'register', category: 'Physical Abuse' },
          }),
        ],
      });
      // Told 2025-02-03: due 2025-02-24; held 2025-03-05, late, chaired by dan. One called for 03-04 was cancelled.
      const late = aRegisterEntry('transferred-in-late', { iroEmail: BOB }, {
        transferIns: [{ transferInId: 't', notifiedOn: '2025-02-03' }],
        registrations: [registration('r', 'Neglect', '2025-03-05', undefined, { registeredAtMeetingId: 'tic' })],
        meetings: [
          cancelledMeeting('TRANSFER_IN', 'tic-cancelled', '2025-03-04'),
          meeting('TRANSFER_IN', 'tic', '2025-03-05', { chair: DAN, outcome: { decision: 'register', category: 'Neglect' } }),
        ],
      });

      const figures = monthlyFigures([onTime, late], '2025-03', policy);

      expect(figures.transferIn).toEqual({ held: 2, inCompliance: 1 });
      expect(figures.icpc).toEqual({ held: 0, inCompliance: 0 });
      expect(figures.participation).toEqual({ icpc: { held: 0, childParticipated: 0 }, rcpc: { held: 0, childParticipated: 0 } });
      // They register the children all the same, and an IRO chairs them.
      expect(figures.registrationsAdded).toBe(2);
      expect(counted(figures)).toEqual({ Neglect: 1, 'Physical Abuse': 1 });
      expect(figures.meetingsChaired).toEqual({ [ANN]: 1, [DAN]: 1 });
      expect(figures.advocacy).toEqual({ offered: 1, provided: 0 });
      expect(figures.qaAuditsCompleted).toBe(1);
    });

    it('counts the meetings booked late in the month they were booked, whether since held, cancelled or still booked', () => {
      const lateReason = "the family's availability";
      const bookings = aRegisterEntry('bookings', { iroEmail: ANN }, {
        meetings: [
          // Booked late in March: still booked, held in April, and cancelled.
          { meetingId: 'm1', type: 'CER', status: 'booked', bookedFor: '2025-04-14', bookedOn: '2025-03-03', lateReason },
          { ...meeting('RCPC', 'm2', '2025-04-02'), bookedFor: '2025-04-02', bookedOn: '2025-03-31', lateReason },
          { ...cancelledMeeting('ICPC', 'm3', '2025-03-20'), bookedFor: '2025-03-20', bookedOn: '2025-03-10', lateReason },
          // Not counted in March: booked in time, booked late in February, and recorded as held with no booking.
          { meetingId: 'm4', type: 'CER', status: 'booked', bookedFor: '2025-04-01', bookedOn: '2025-03-04' },
          { meetingId: 'm5', type: 'MIDPOINT', status: 'booked', bookedFor: '2025-03-28', bookedOn: '2025-02-28', lateReason },
          meeting('CER', 'm6', '2025-03-05'),
        ],
      });

      expect(monthlyFigures([bookings], '2025-03', policy).meetingsBookedLate).toBe(3);
      expect(monthlyFigures([bookings], '2025-02', policy).meetingsBookedLate).toBe(1);
      expect(monthlyFigures([bookings], '2025-04', policy).meetingsBookedLate).toBe(0);
    });
  });
});

describe('on the basis the annual reports count (issue 17), for a March 2025 register worked out by hand', () => {
  // Each child shows one change of basis; the figure on the first release's basis (1) is noted, and differs.
  const fourMeetings = aRegisterEntry('advocacy-at-four-meetings', { iroEmail: ANN }, {
    registrations: [registration('r-adv', 'Neglect', '2024-06-03')],
    meetings: [
      meeting('CORE_GROUP', 'cg-1', '2025-03-03', { offered: true }),
      meeting('CORE_GROUP', 'cg-2', '2025-03-10', { offered: true, provided: true }),
      meeting('CORE_GROUP', 'cg-3', '2025-03-17', { offered: true, provided: true }),
      meeting('CORE_GROUP', 'cg-4', '2025-03-24', { offered: true }),
    ],
  });
  // Registered 2024-12-09; its first RCPC, on 2025-03-10, is 91 days on (22 + 31 + 28 + 10) and de-registers.
  const firstRcpcAt91Days = aRegisterEntry('first-rcpc-at-91-days', { iroEmail: BOB }, {
    registrations: [registration('r-91', 'Physical Abuse', '2024-12-09', '2025-03-10', { deregisteredAtMeetingId: 'rcpc-91' })],
    meetings: [meeting('RCPC', 'rcpc-91', '2025-03-10', { outcome: { decision: 'deregister' } })],
  });
  const auditedMidpoint = aRegisterEntry('midpoint-with-qa-audit', { iroEmail: CAT }, {
    careEpisodes: [{ episodeId: 'e-mid', startDate: '2023-05-02' }],
    meetings: [earlier('CER', 'cer-mid', '2024-11-04'), meeting('MIDPOINT', 'mid', '2025-03-12', { qa: true })],
  });
  // Looked after since 2024-06-03; a care order from 2025-03-14 is recorded as a new episode that day.
  const legalStatusChange = aRegisterEntry('legal-status-change', { iroEmail: ANN }, {
    careEpisodes: [
      { episodeId: 'e-s20', startDate: '2024-06-03', endDate: '2025-03-14', legalStatus: 'V2' },
      { episodeId: 'e-c2', startDate: '2025-03-14', legalStatus: 'C2' },
    ],
  });
  // A history record: an ICPC with no strategy discussion before it.
  const icpcWithoutDiscussion = aRegisterEntry('icpc-without-strategy-discussion', { iroEmail: BOB }, {
    meetings: [meeting('ICPC', 'icpc-hist', '2025-03-05', { outcome: { decision: 'do-not-register' } })],
  });
  const figures = monthlyFigures([fourMeetings, firstRcpcAt91Days, auditedMidpoint, legalStatusChange, icpcWithoutDiscussion], '2025-03', policy);

  it('counts a child with advocacy at four meetings once (basis 1: 4 offers, 2 advocates)', () => {
    expect(figures.advocacy).toEqual({ offered: 1, provided: 1 });
  });

  it('counts a first RCPC at 91 days that de-registers as removed at the first review, over one first RCPC (basis 1: 0)', () => {
    expect(figures.removedAtFirstReviewConference).toBe(1);
    expect(figures.firstReviewConferencesHeld).toBe(1);
  });

  it('leaves an audited mid-point review out of the QA audits and meetings chaired (basis 1: 1 audit, 1 meeting for cat)', () => {
    expect(figures.qaAuditsCompleted).toBe(0);
    expect(figures.meetingsChaired).toEqual({ [BOB]: 2 });
    expect(figures.midpointReviewsHeld).toBe(1);
    expect(figures.coreGroupsHeld).toBe(4);
  });

  it('does not count a change of legal status inside a period as ceasing and becoming looked after (episodes: 1 and 1)', () => {
    expect(figures.becameLookedAfter).toBe(0);
    expect(figures.ceasedLookedAfter).toBe(0);
    expect(figures.lookedAfterAtMonthEnd).toBe(2);
  });

  it('counts an ICPC with no strategy discussion as not judged, not as late (basis 1: held, not in compliance)', () => {
    expect(figures.icpc).toEqual({ held: 1, inCompliance: 0 });
    expect(figures.icpcNotJudged).toBe(1);
  });

  it('counts the CERs held by the SSDA903 participation code recorded, and those the child participated in', () => {
    const reviewed = aRegisterEntry('reviewed', { iroEmail: ANN }, {
      careEpisodes: [{ episodeId: 'e', startDate: '2023-01-09' }],
      meetings: [
        { ...meeting('CER', 'c1', '2025-03-03', { participated: true }), participationCode: 'PN5' },
        { ...meeting('CER', 'c2', '2025-03-10'), participationCode: 'PN7' },
        meeting('CER', 'c3', '2025-03-17', { participated: true }),
        // Not held in March: not counted.
        { ...meeting('CER', 'c0', '2025-02-03', { participated: true }), participationCode: 'PN1' },
      ],
    });

    const { cerParticipation } = monthlyFigures([reviewed], '2025-03', policy);

    expect(cerParticipation).toEqual({ held: 3, childParticipated: 2, byCode: { PN0: 0, PN1: 0, PN2: 0, PN3: 0, PN4: 0, PN5: 1, PN6: 0, PN7: 1, 'not-recorded': 1 } });
  });

  it('counts each child once over the year: advocacy in April and May is one child, not two', () => {
    const twice = aRegisterEntry('twice', { iroEmail: ANN }, {
      careEpisodes: [{ episodeId: 'e', startDate: '2023-01-09' }],
      meetings: [meeting('MIDPOINT', 'm-apr', '2025-04-14', { offered: true }), meeting('CER', 'c-may', '2025-05-12', { offered: true, provided: true })],
    });
    const mayOnly = aRegisterEntry('may-only', { iroEmail: BOB }, {
      careEpisodes: [{ episodeId: 'e', startDate: '2023-01-09' }],
      meetings: [meeting('CER', 'c-may', '2025-05-20', { offered: true })],
    });
    // Advocacy in March 2025 belongs to the year before: it does not reach April's year to date.
    const lastYear = aRegisterEntry('last-year', { iroEmail: BOB }, {
      careEpisodes: [{ episodeId: 'e', startDate: '2023-01-09' }],
      meetings: [meeting('CER', 'c-mar', '2025-03-31', { offered: true })],
    });
    const register = [twice, mayOnly, lastYear];
    const april = monthlyFigures(register, '2025-04', policy);
    const may = monthlyFigures(register, '2025-05', policy);

    expect(april.advocacy).toEqual({ offered: 1, provided: 0 });
    expect(may.advocacy).toEqual({ offered: 2, provided: 1 });
    expect(may.advocacyYearToDate).toEqual({ offered: 2, provided: 1 });
    // The sum of the months would say 3.
    expect(sumMonths([april, may]).advocacy).toEqual({ offered: 2, provided: 1 });
  });

  it('divides each IRO\'s caseload by their FTE, a part-time IRO\'s included, and averages over the IROs', () => {
    const iros = [
      { email: ANN, name: 'Ann', fte: 1, activeFrom: '2020-01-06' },
      // Half time: 3 children are 6 a full-time IRO.
      { email: BOB, name: 'Bob', fte: 0.5, activeFrom: '2020-01-06' },
      // Active with no children yet: 0, and counted in the average.
      { email: DAN, name: 'Dan', fte: 0.8, activeFrom: '2025-01-06' },
      // Left before the month end, no children: not counted.
      { email: 'eve@iro.example.gov.uk', name: 'Eve', fte: 1, activeFrom: '2020-01-06', activeTo: '2024-12-31' },
    ];
    // cat is not in the directory: full time.
    const january = monthlyFigures(JANUARY_2025_REGISTER, '2025-01', policy, { iros });

    expect(january.caseloadByIro).toEqual({ [ANN]: 4, [BOB]: 3, [CAT]: 4 });
    expect(january.caseloadPerFte).toEqual({ byIro: { [ANN]: 4, [BOB]: 6, [CAT]: 4, [DAN]: 0 }, average: 3.5 });
    expect(monthlyFigures([], '2025-01', policy).caseloadPerFte).toEqual({ byIro: {}, average: null });
  });

  it('counts case disputes by stage, resolved and open at month end, with legal advice and Cafcass referrals', () => {
    const disputed = aRegisterEntry('disputes', { iroEmail: ANN }, {
      careEpisodes: [{ episodeId: 'e', startDate: '2023-01-09' }],
      disputes: [
        { disputeId: 'd1', startedOn: '2025-03-03', stage: 'informal', raisedBy: 'IRO', resolvedOn: '2025-03-20', outcome: 'Plan changed', legalAdviceSought: true, cafcassReferral: false },
        { disputeId: 'd2', startedOn: '2025-03-05', stage: 'formal', raisedBy: 'IRO', legalAdviceSought: false, cafcassReferral: true },
        { disputeId: 'd3', startedOn: '2025-02-10', stage: 'informal', raisedBy: "child's advocate", legalAdviceSought: false, cafcassReferral: false },
        // Resolved on the last day: not open at that month end.
        { disputeId: 'd4', startedOn: '2025-02-11', stage: 'formal', raisedBy: 'IRO', resolvedOn: '2025-03-31', legalAdviceSought: false, cafcassReferral: false },
      ],
    });
    const february = monthlyFigures([disputed], '2025-02', policy);
    const march = monthlyFigures([disputed], '2025-03', policy);

    expect(february.disputes).toEqual({ startedInformal: 1, startedFormal: 1, resolved: 0, openAtMonthEnd: 2, legalAdviceSought: 0, cafcassReferrals: 0 });
    expect(march.disputes).toEqual({ startedInformal: 1, startedFormal: 1, resolved: 2, openAtMonthEnd: 2, legalAdviceSought: 1, cafcassReferrals: 1 });
    expect(sumMonths([february, march]).disputeResolutions).toEqual({ informal: 2, formal: 2 });
  });
});

describe('sumMonths', () => {
  /** A month's figures with every count zero except those given. */
  function monthOf(month: string, counts: Partial<MonthlyFigures>): MonthlyFigures {
    return { ...monthlyFigures([], month, policy), ...counts };
  }

  const FINANCIAL_YEAR = ['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03'];

  it('adds up a year of CERs as the 2023-24 report did: 1,054 held, 96.39% within timescales', () => {
    // Held 88 in ten months and 87 in two: 880 + 174 = 1,054. Missed 3 in ten months and 4 in two: 38.
    const held = [88, 88, 87, 88, 88, 88, 88, 87, 88, 88, 88, 88];
    const missed = [3, 3, 3, 4, 3, 3, 3, 3, 3, 4, 3, 3];
    const months = FINANCIAL_YEAR.map((month, i) =>
      monthOf(month, { cer: { held: held[i]!, inCompliance: held[i]! - missed[i]! } }),
    );

    const year = sumMonths(months);

    expect(year.cer).toEqual({ held: 1054, inCompliance: 1016 });
    expect(`${formatCount(year.cer.held)} CERs, ${percentage(year.cer.inCompliance, year.cer.held)} within timescales`).toBe(
      '1,054 CERs, 96.39% within timescales',
    );
    expect(year.months).toEqual(FINANCIAL_YEAR);
  });

  it('adds every additive figure of the months, chairs merged, and counts advocacy children once over the year', () => {
    const april = monthOf('2024-04', {
      registrationsAdded: 30, registrationsRemoved: 25, becameLookedAfter: 7, ceasedLookedAfter: 9,
      icpc: { held: 31, inCompliance: 29 }, rcpc: { held: 60, inCompliance: 59 }, transferIn: { held: 2, inCompliance: 1 },
      reRegistrationsWithin12Months: 2, removedAtFirstReviewConference: 4, firstReviewConferencesHeld: 14,
      participation: { icpc: { held: 31, childParticipated: 3 }, rcpc: { held: 60, childParticipated: 11 } },
      advocacy: { offered: 6, provided: 5 }, advocacyYearToDate: { offered: 6, provided: 5 },
      icpcNotJudged: 1, midpointReviewsHeld: 40, coreGroupsHeld: 90, meetingsBookedLate: 2, qaAuditsCompleted: 120,
      meetingsChaired: { [ANN]: 70, [BOB]: 50 },
      disputes: { startedInformal: 1, startedFormal: 0, resolved: 1, openAtMonthEnd: 3, legalAdviceSought: 1, cafcassReferrals: 0 },
    });
    const may = monthOf('2024-05', {
      registrationsAdded: 20, registrationsRemoved: 35, becameLookedAfter: 5, ceasedLookedAfter: 10,
      icpc: { held: 28, inCompliance: 28 }, rcpc: { held: 62, inCompliance: 60 }, transferIn: { held: 1, inCompliance: 1 },
      reRegistrationsWithin12Months: 1, removedAtFirstReviewConference: 3, firstReviewConferencesHeld: 11,
      participation: { icpc: { held: 28, childParticipated: 2 }, rcpc: { held: 62, childParticipated: 9 } },
      // Four children in May, one of whom also had advocacy in April: nine children over the two months, not ten.
      advocacy: { offered: 4, provided: 4 }, advocacyYearToDate: { offered: 9, provided: 8 },
      icpcNotJudged: 0, midpointReviewsHeld: 38, coreGroupsHeld: 85, meetingsBookedLate: 1, qaAuditsCompleted: 115,
      meetingsChaired: { [BOB]: 55, [CAT]: 60 },
      disputes: { startedInformal: 0, startedFormal: 1, resolved: 0, openAtMonthEnd: 4, legalAdviceSought: 0, cafcassReferrals: 1 },
    });

    const total = sumMonths([april, may]);

    expect(total).toEqual({
      months: ['2024-04', '2024-05'],
      registrationsAdded: 50,
      registrationsRemoved: 60,
      icpc: { held: 59, inCompliance: 57 },
      rcpc: { held: 122, inCompliance: 119 },
      cer: { held: 0, inCompliance: 0 },
      transferIn: { held: 3, inCompliance: 2 },
      becameLookedAfter: 12,
      ceasedLookedAfter: 19,
      reRegistrationsWithin12Months: 3,
      removedAtFirstReviewConference: 7,
      firstReviewConferencesHeld: 25,
      participation: { icpc: { held: 59, childParticipated: 5 }, rcpc: { held: 122, childParticipated: 20 } },
      advocacy: { offered: 9, provided: 8 },
      icpcNotJudged: 1,
      midpointReviewsHeld: 78,
      coreGroupsHeld: 175,
      meetingsBookedLate: 3,
      qaAuditsCompleted: 235,
      meetingsChaired: { [ANN]: 70, [BOB]: 105, [CAT]: 60 },
      disputes: { startedInformal: 1, startedFormal: 1, resolved: 1, legalAdviceSought: 1, cafcassReferrals: 1 },
      disputeResolutions: { informal: 1, formal: 1 },
      cerParticipation: { held: 0, childParticipated: 0, byCode: { PN0: 0, PN1: 0, PN2: 0, PN3: 0, PN4: 0, PN5: 0, PN6: 0, PN7: 0, 'not-recorded': 0 } },
    });
  });

  it('refuses a month given twice, which would count it twice', () => {
    const april = monthOf('2024-04', {});

    expect(() => sumMonths([april, april])).toThrow(InvalidMonthError);
  });
});

describe('percentage and formatCount', () => {
  it('write figures as the reports do', () => {
    expect(percentage(1016, 1054)).toBe('96.39%');
    expect(percentage(1, 8)).toBe('12.50%');
    expect(percentage(1, 3)).toBe('33.33%');
    expect(percentage(2, 3)).toBe('66.67%');
    expect(percentage(54, 54)).toBe('100.00%');
    expect(percentage(0, 370)).toBe('0.00%');
    expect(percentage(0, 0)).toBe('n/a');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1054)).toBe('1,054');
    expect(formatCount(2022)).toBe('2,022');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('monthlyFigures over arbitrary registers', () => {
  // Histories from before the calendar's years (2000) to well inside them, so some children cannot be judged.
  const FIRST = toDayNumber('1997-01-01');
  const LAST = toDayNumber('2030-12-31');
  /** The children of one register share about two years, so that their records meet the month asked about. */
  const SPAN = 730;
  const IROS = [ANN, BOB, CAT];
  /** Chart 4's ten and two combinations outside them. */
  const CATEGORIES = [...REGISTRATION_CATEGORIES, 'Neglect and Emotional Abuse', 'Emotional and Sexual Abuse'];

  const entry = (index: number, base: number) => {
    const date = fc.integer({ min: base, max: base + SPAN }).map(fromDayNumber);
    const maybeDate = fc.option(date, { nil: undefined });
    return fc
      .record({
        dateOfBirth: fc.integer({ min: base - 6500, max: base + 400 }).map(fromDayNumber),
        gender: fc.constantFrom(...GENDERS),
        iro: fc.constantFrom(...IROS),
        episodes: fc.array(fc.tuple(date, maybeDate), { maxLength: 3 }),
        // Some episodes start the day the one before ended (a change of legal status).
        contiguous: fc.boolean(),
        transferIns: fc.array(date, { maxLength: 2 }),
        strategyDiscussions: fc.array(date, { maxLength: 3 }),
        registrations: fc.array(
          fc.tuple(
            date,
            maybeDate,
            fc.constantFrom(...CATEGORIES),
            fc.option(fc.nat(15), { nil: undefined }),
            fc.array(fc.tuple(date, fc.constantFrom(...CATEGORIES)), { maxLength: 2 }),
          ),
          { maxLength: 3 },
        ),
        meetings: fc.array(
          fc.record({
            type: fc.constantFrom(...MEETING_TYPES),
            heldOn: date,
            cancelled: fc.boolean(),
            flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
            chair: fc.option(fc.constantFrom(...IROS, DAN), { nil: undefined }),
          }),
          { maxLength: 16 },
        ),
        disputes: fc.array(fc.tuple(date, maybeDate, fc.constantFrom(...DISPUTE_STAGES), fc.boolean(), fc.boolean()), { maxLength: 2 }),
        // Reviews at roughly the statutory rhythm after the first episode and registration, some late.
        cadence: fc.array(fc.integer({ min: 10, max: 200 }), { maxLength: 6 }),
      })
      .map((r) => {
        const ordered = (start: string, end: string | undefined) =>
          end === undefined ? { startDate: start } : end < start ? { startDate: end, endDate: start } : { startDate: start, endDate: end };
        const rhythm = (type: 'CER' | 'RCPC', start: string | undefined): Meeting[] => {
          if (start === undefined) return [];
          let day = toDayNumber(start);
          return r.cadence.map((gap, i) => meeting(type, `${type}-${i}`, fromDayNumber((day += gap)), { qa: true }));
        };
        const episodes = r.episodes.map(([s, e], i) => ({ episodeId: `e${i}`, ...ordered(s, e) }));
        // A change of legal status: the second episode starts the day the first ended.
        const [first, second] = episodes;
        if (r.contiguous && first?.endDate !== undefined && second !== undefined) {
          const end = second.endDate !== undefined && second.endDate >= first.endDate ? { endDate: second.endDate } : {};
          episodes[1] = { episodeId: second.episodeId, startDate: first.endDate, ...end };
        }
        const records: ChildRecords = {
          careEpisodes: episodes,
          placementChanges: [],
          strategyDiscussions: r.strategyDiscussions.map((d, i) => ({ strategyDiscussionId: `s${i}`, date: d })),
          registrations: r.registrations.map(([s, e, category, link, changes], i) => ({
            registrationId: `r${i}`,
            category,
            ...ordered(s, e),
            ...(link === undefined ? {} : { deregisteredAtMeetingId: `m${link}` }),
            ...(changes.length === 0 ? {} : { categoryChanges: changes.map(([from, to]) => ({ from, category: to })) }),
          })),
          transferIns: r.transferIns.map((notifiedOn, i) => ({ transferInId: `t${i}`, notifiedOn })),
          disputes: r.disputes.map(([startedOn, resolvedOn, stage, legalAdviceSought, cafcassReferral], i) => ({
            disputeId: `d${i}`,
            startedOn,
            ...(resolvedOn === undefined || resolvedOn < startedOn ? {} : { resolvedOn }),
            stage,
            raisedBy: 'IRO',
            legalAdviceSought,
            cafcassReferral,
          })),
          meetings: r.meetings.map((m, i): Meeting => {
            const held = meeting(m.type, `m${i}`, m.heldOn, {
              participated: m.flags[0], offered: m.flags[1], provided: m.flags[2], qa: m.flags[3],
              ...(m.chair === undefined ? {} : { chair: m.chair }),
            });
            return m.cancelled ? { ...held, status: 'cancelled' } : held;
          }).concat(rhythm('CER', r.episodes[0]?.[0]), rhythm('RCPC', r.registrations[0]?.[0])),
        };
        return aRegisterEntry(`c${index}`, { iroEmail: r.iro, gender: r.gender, dateOfBirth: r.dateOfBirth }, records);
      });
  };

  /** A register of up to 8 children and its first day; its months lie within the two years after it. */
  const registerFrom = (maxChildren: number) =>
    fc.integer({ min: FIRST, max: LAST - SPAN }).chain((base) =>
      fc.tuple(
        fc.integer({ min: 0, max: maxChildren }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entry(i, base)))),
        fc.constant(base),
      ),
    );
  /** A register and a month during its records (the month of one of its meetings, when it has any). */
  const registerAndMonth = registerFrom(8).chain(([children, base]) => {
    const days = children.flatMap((c) => c.records.meetings.map(meetingDay));
    const month = days.length > 0 ? fc.constantFrom(...days) : fc.integer({ min: base, max: base + SPAN }).map(fromDayNumber);
    return fc.tuple(fc.constant(children), month.map((d) => d.slice(0, 7)));
  });
  const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

  it('never throws, and its totals agree with their parts', () => {
    fc.assert(
      fc.property(registerAndMonth, ([children, m]) => {
        const figures = monthlyFigures(children, m, policy);

        expect(figures.registerTotal).toBe(sum(figures.registerByCategory));
        // Chart 4's ten first, in its order; then the others in use, by name.
        const rows = Object.keys(figures.registerByCategory);
        expect(rows.slice(0, REGISTRATION_CATEGORIES.length)).toEqual([...REGISTRATION_CATEGORIES]);
        const others = rows.slice(REGISTRATION_CATEGORIES.length);
        expect(others).toEqual([...others].sort());
        for (const other of others) expect(figures.registerByCategory[other]).toBeGreaterThan(0);
        expect(figures.lookedAfterAtMonthEnd).toBe(sum(figures.lookedAfterByGender));
        expect(figures.lookedAfterAtMonthEnd).toBe(sum(figures.lookedAfterByAgeBand));
        expect(sum(figures.caseloadByIro)).toBeLessThanOrEqual(figures.registerTotal + figures.lookedAfterAtMonthEnd);
        expect(sum(figures.caseloadByIro)).toBeGreaterThanOrEqual(Math.max(figures.registerTotal, figures.lookedAfterAtMonthEnd));
        expect(figures.registeredMoreThan18Months).toBeLessThanOrEqual(figures.registerTotal);
        expect(figures.reRegistrationsWithin12Months).toBeLessThanOrEqual(figures.registrationsAdded);
        expect(figures.removedAtFirstReviewConference).toBeLessThanOrEqual(figures.firstReviewConferencesHeld);
        expect(figures.icpcNotJudged).toBeLessThanOrEqual(figures.icpc.held - figures.icpc.inCompliance);
        expect(sum(figures.registerByGender)).toBe(figures.registerTotal);
        expect(sum(figures.registerByAgeBand)).toBe(figures.registerTotal);
        for (const gender of GENDERS) {
          expect(sum(figures.registerByGenderAndAgeBand[gender])).toBe(figures.registerByGender[gender]);
          expect(sum(figures.lookedAfterByGenderAndAgeBand[gender])).toBe(figures.lookedAfterByGender[gender]);
        }
        // Children, not meetings: no more than the children, and no more than the year so far.
        for (const figure of ['offered', 'provided'] as const) {
          expect(figures.advocacy[figure]).toBeLessThanOrEqual(Math.min(children.length, figures.advocacyYearToDate[figure]));
          expect(figures.advocacyYearToDate[figure]).toBeLessThanOrEqual(children.length);
        }
        expect(figures.qaAuditsCompleted).toBeLessThanOrEqual(sum(figures.meetingsChaired));
        const started = figures.disputes.startedInformal + figures.disputes.startedFormal;
        expect(figures.disputes.legalAdviceSought).toBeLessThanOrEqual(started);
        expect(figures.disputes.cafcassReferrals).toBeLessThanOrEqual(started);
        for (const held of [figures.icpc, figures.rcpc, figures.cer, figures.transferIn]) expect(held.inCompliance).toBeLessThanOrEqual(held.held);
        expect(figures.participation.icpc.held).toBe(figures.icpc.held);
        expect(figures.participation.rcpc.held).toBe(figures.rcpc.held);
        expect(figures.childrenNotJudged).toBeLessThanOrEqual(children.length);
      }),
      { numRuns: 300 },
    );
  });

  it('adds a register up child by child: the figures of the whole are the sums of each child alone', () => {
    fc.assert(
      fc.property(registerAndMonth, ([children, m]) => {
        const whole = monthlyFigures(children, m, policy);
        const parts = children.map((c) => monthlyFigures([c], m, policy));
        const total = (pick: (f: MonthlyFigures) => number) => parts.reduce((a, f) => a + pick(f), 0);

        expect(whole.registerTotal).toBe(total((f) => f.registerTotal));
        expect(whole.lookedAfterAtMonthEnd).toBe(total((f) => f.lookedAfterAtMonthEnd));
        expect(whole.cer.inCompliance).toBe(total((f) => f.cer.inCompliance));
        expect(whole.transferIn.inCompliance).toBe(total((f) => f.transferIn.inCompliance));
        expect(whole.becameLookedAfter).toBe(total((f) => f.becameLookedAfter));
        expect(whole.ceasedLookedAfter).toBe(total((f) => f.ceasedLookedAfter));
        expect(whole.registeredMoreThan18Months).toBe(total((f) => f.registeredMoreThan18Months));
        expect(whole.childrenNotJudged).toBe(total((f) => f.childrenNotJudged));
        expect(whole.advocacy.offered).toBe(total((f) => f.advocacy.offered));
        expect(whole.advocacyYearToDate.provided).toBe(total((f) => f.advocacyYearToDate.provided));
        expect(whole.firstReviewConferencesHeld).toBe(total((f) => f.firstReviewConferencesHeld));
        expect(whole.removedAtFirstReviewConference).toBe(total((f) => f.removedAtFirstReviewConference));
        expect(whole.icpcNotJudged).toBe(total((f) => f.icpcNotJudged));
        expect(whole.registerByGender).toEqual(Object.fromEntries(GENDERS.map((g) => [g, total((f) => f.registerByGender[g])])));
      }),
      { numRuns: 100 },
    );
  });

  it('sums twelve months to the same totals as adding each figure up month by month', () => {
    fc.assert(
      fc.property(registerFrom(6), ([children, base]) => {
        // The financial year (April to March) that starts in the year of the register's first day.
        const startYear = Number(fromDayNumber(base).slice(0, 4));
        const months = Array.from({ length: 12 }, (_, i) => {
          const m = ((3 + i) % 12) + 1; // April to March
          return `${m >= 4 ? startYear : startYear + 1}-${String(m).padStart(2, '0')}`;
        });
        const figures = months.map((m) => monthlyFigures(children, m, policy));
        const added = (pick: (f: MonthlyFigures) => number) => {
          let n = 0;
          for (const f of figures) n += pick(f);
          return n;
        };
        const chairs: Record<string, number> = {};
        for (const f of figures) for (const [chair, n] of Object.entries(f.meetingsChaired)) chairs[chair] = (chairs[chair] ?? 0) + n;

        const total = sumMonths(figures);

        expect(total.months).toEqual(months);
        expect(total.registrationsAdded).toBe(added((f) => f.registrationsAdded));
        expect(total.registrationsRemoved).toBe(added((f) => f.registrationsRemoved));
        expect(total.icpc).toEqual({ held: added((f) => f.icpc.held), inCompliance: added((f) => f.icpc.inCompliance) });
        expect(total.rcpc).toEqual({ held: added((f) => f.rcpc.held), inCompliance: added((f) => f.rcpc.inCompliance) });
        expect(total.cer).toEqual({ held: added((f) => f.cer.held), inCompliance: added((f) => f.cer.inCompliance) });
        expect(total.transferIn).toEqual({ held: added((f) => f.transferIn.held), inCompliance: added((f) => f.transferIn.inCompliance) });
        expect(total.becameLookedAfter).toBe(added((f) => f.becameLookedAfter));
        expect(total.ceasedLookedAfter).toBe(added((f) => f.ceasedLookedAfter));
        expect(total.reRegistrationsWithin12Months).toBe(added((f) => f.reRegistrationsWithin12Months));
        expect(total.removedAtFirstReviewConference).toBe(added((f) => f.removedAtFirstReviewConference));
        expect(total.participation.icpc.childParticipated).toBe(added((f) => f.participation.icpc.childParticipated));
        expect(total.participation.rcpc.childParticipated).toBe(added((f) => f.participation.rcpc.childParticipated));
        // Advocacy: each child once over the year, counted straight from the register.
        const first = `${months[0]}-01`;
        const last = monthBounds(months[11]!).last;
        const withAdvocacy = (flag: 'advocacyOffered' | 'advocacyProvided') =>
          children.filter(({ records }) => records.meetings.some((m) => m.status === 'held' && m.heldOn >= first && m.heldOn <= last && m[flag])).length;
        expect(total.advocacy).toEqual({ offered: withAdvocacy('advocacyOffered'), provided: withAdvocacy('advocacyProvided') });
        expect(total.advocacy.offered).toBeLessThanOrEqual(added((f) => f.advocacy.offered));
        expect(total.firstReviewConferencesHeld).toBe(added((f) => f.firstReviewConferencesHeld));
        expect(total.icpcNotJudged).toBe(added((f) => f.icpcNotJudged));
        expect(total.coreGroupsHeld).toBe(added((f) => f.coreGroupsHeld));
        // Every dispute started in the year is counted once, at its stage.
        const startedInYear = children.flatMap(({ records }) => records.disputes.filter((d) => d.startedOn >= first && d.startedOn <= last));
        expect(total.disputeResolutions).toEqual({
          informal: startedInYear.filter((d) => d.stage === 'informal').length,
          formal: startedInYear.filter((d) => d.stage === 'formal').length,
        });
        expect(total.midpointReviewsHeld).toBe(added((f) => f.midpointReviewsHeld));
        expect(total.meetingsBookedLate).toBe(added((f) => f.meetingsBookedLate));
        expect(total.qaAuditsCompleted).toBe(added((f) => f.qaAuditsCompleted));
        expect(total.meetingsChaired).toEqual(chairs);
      }),
      { numRuns: 50 },
    );
  });
});
