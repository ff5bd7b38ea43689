/**
 * The figures the IRO service reports each month and once a year (docs/domain.md,
 * "Figures the service reports"; the charts 1-13 of the annual reports), from
 * the register of children as it stood at a month end.
 *
 * Pure and synchronous: no AWS SDK, no environment, no clock. One pass over
 * the children; each child's records are read a constant number of times, and
 * the timescale engine is asked only about children who held a CER, ICPC,
 * RCPC or transfer-in conference in the month.
 *
 * "In the month" means on a day from its first to its last, both included.
 * "At month end" means as the records stood at the end of its last day: a
 * period that ends on the last day is over by then (docs/domain.md: "registered on
 * or before its last day and not de-registered on or before it").
 *
 * Decisions where docs/domain.md is silent are marked "Decision:" below.
 */
import type { CalendarDate, CareEpisode, CategoryName, Child, ChildRecords, Gender, HeldMeeting, Meeting, MeetingType, Registration } from '#shared/domain/records';
import { GENDERS, PARTICIPATION_CODES, REGISTRATION_CATEGORIES, categoryOn, continuesPeriodOfCare, type ParticipationCode } from '#shared/domain/records';
import { activeOn } from '#shared/domain/iro-directory';
import { reportingYearOf } from '#shared/domain/year-month';
import type { IroDirectoryEntry } from '#shared/domain/iro-directory';
import type { DayNumber } from '#shared/domain/calendar/calendar-date';
import { addMonthsToDayNumber, civilOf, daysInMonth, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { CalendarRangeError, InvalidMonthError } from '#shared/domain/errors';
import { meetingCompliance } from '#shared/domain/timescales/engine';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { MeetingCompliance } from '#shared/domain/timescales/types';

/** A calendar month, `yyyy-mm`. */
export type YearMonth = string;

/** The age bands of the official statistics (chart 12), youngest first. */
export const AGE_BANDS = ['under 1', '1-4', '5-9', '10-15', '16 and over'] as const;
/** One of {@link AGE_BANDS}, e.g. `'10-15'`. */
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * Which way each figure is counted. A snapshot records the basis it was taken
 * on and is never rewritten; a forced revision is counted on the basis of the
 * day (docs/domain.md, "Bases of the figures").
 *
 * 1. Until issue 17: advocacy counted meetings; removed at first review only
 *    under 90 days; meetings chaired and QA audits included mid-point reviews.
 * 2. As the annual reports count: advocacy counts children (a year counts each
 *    child once); removed at first review is a registration ended by its first
 *    RCPC, whatever the days, over the first RCPCs held; meetings chaired and
 *    QA audits count the statutory meetings only; ICPCs with no strategy
 *    discussion are counted as not judged; the register by gender and age,
 *    caseload per full-time IRO and case disputes are added.
 */
export const FIGURES_BASIS = 2;

/**
 * The statutory meetings: the ones an IRO chairs and whose quality is audited,
 * counted in `meetingsChaired` and `qaAuditsCompleted` as the reports count
 * them (2019-20: 2,022 meetings, 1,506 audits). Mid-point reviews and core
 * groups have lines of their own. A transfer-in conference is a child
 * protection conference the IRO chairs, as an ICPC is.
 */
export const STATUTORY_MEETING_TYPES: readonly MeetingType[] = ['CER', 'ICPC', 'RCPC', 'TRANSFER_IN'];

/** Meetings of one type held in the month, and how many of them were held on or before their due date. */
export interface HeldInCompliance {
  held: number;
  inCompliance: number;
}

/** Conferences of one type held in the month, and at how many the child participated. */
export interface Participation {
  held: number;
  childParticipated: number;
}

/** CERs held, at how many the child participated, and how many under each SSDA903 participation code (or none recorded). */
export interface CerParticipation {
  held: number;
  childParticipated: number;
  byCode: Record<ParticipationCode | 'not-recorded', number>;
}

/** Children who had an active offer of advocacy made, and children provided with an advocate, at any meeting held in the period. */
export interface Advocacy {
  offered: number;
  provided: number;
}

/** Case disputes (the council's dispute resolution protocol) in the month. */
export interface DisputeFigures {
  /** Disputes started in the month at the informal stage. */
  startedInformal: number;
  /** Disputes started in the month at the formal stage. */
  startedFormal: number;
  /** Disputes resolved in the month. */
  resolved: number;
  /** Disputes started on or before the month end and not resolved by it. */
  openAtMonthEnd: number;
  /** Disputes started in the month in which independent legal advice was sought. */
  legalAdviceSought: number;
  /** Disputes started in the month that were referred to Cafcass Cymru. */
  cafcassReferrals: number;
}

/** Children allocated at month end per full-time equivalent, each IRO and on average. */
export interface CaseloadPerFte {
  /** IRO to their children at month end divided by their FTE, to two decimal places. */
  byIro: Record<string, number>;
  /** The mean of `byIro` over the IROs counted; `null` when there are none. */
  average: number | null;
}

/** One month's figures, each as docs/domain.md defines it. */
export interface MonthlyFigures {
  /** `yyyy-mm`. */
  month: YearMonth;
  /** The month's real last day, `yyyy-mm-dd` (2024-12-31, never 32/12). */
  monthEnd: CalendarDate;

  /**
   * Chart 4: children on the register at month end by the category in force
   * that day. Chart 4's ten rows first, in its order, zeros included; then
   * each other combination in use at month end, by name ({@link categoryRows}).
   */
  registerByCategory: Record<CategoryName, number>;
  /** Chart 1: children on the register at month end. */
  registerTotal: number;
  /** Chart 1: registrations starting in the month. */
  registrationsAdded: number;
  /** Chart 1: registrations ending (de-registrations) in the month. */
  registrationsRemoved: number;

  /** Chart 2: ICPCs held, and held within the ICPC timescale. */
  icpc: HeldInCompliance;
  /** Chart 3: RCPCs held, and held in compliance. */
  rcpc: HeldInCompliance;
  /** Chart 10: CERs held, and held in compliance. */
  cer: HeldInCompliance;
  /** Transfer-in conferences held, and held in compliance (not ICPCs). */
  transferIn: HeldInCompliance;

  /** Chart 9: periods of care starting in the month (a period's first episode starts in it). */
  becameLookedAfter: number;
  /** Chart 9: periods of care ending in the month (a period's last episode ends in it). */
  ceasedLookedAfter: number;
  /** Chart 9: children (CEC) with a care episode open at month end. */
  lookedAfterAtMonthEnd: number;

  /** Chart 6: registrations starting in the month within 12 months of the end of an earlier one. */
  reRegistrationsWithin12Months: number;
  /** Chart 7: children on the register at month end whose registration started more than 18 months before it. */
  registeredMoreThan18Months: number;
  /** Chart 8: registrations ended in the month by their first RCPC, however many days they lasted. */
  removedAtFirstReviewConference: number;
  /** Chart 8's denominator: first RCPCs of a registration held in the month. */
  firstReviewConferencesHeld: number;

  /** Children's participation at the ICPCs and RCPCs held in the month. */
  participation: { icpc: Participation; rcpc: Participation };
  /** Children's participation at the CERs held in the month, with the SSDA903 codes (PN0 to PN7) as recorded. */
  cerParticipation: CerParticipation;
  /** Chart 13: children with advocacy at any meeting held in the month. */
  advocacy: Advocacy;
  /** Chart 13: children with advocacy at any meeting held from the reporting year's 1 April to month end, each once. */
  advocacyYearToDate: Advocacy;
  /** ICPCs held in the month that the timescale engine gives no verdict on (no strategy discussion recorded before them): not late, not in time. */
  icpcNotJudged: number;
  /** Mid-point reviews held in the month. */
  midpointReviewsHeld: number;
  /** Core group meetings held in the month. */
  coreGroupsHeld: number;
  /** Meetings booked, or moved, after their timescale's due date in the month, each with its late reason. */
  meetingsBookedLate: number;
  /** Statutory meetings ({@link STATUTORY_MEETING_TYPES}) held in the month whose QA audit was completed. */
  qaAuditsCompleted: number;
  /** Chair (the meeting's `chairEmail`, else the child's IRO) to statutory meetings held in the month ({@link STATUTORY_MEETING_TYPES}). */
  meetingsChaired: Record<string, number>;
  /** IRO to the children looked after or on the register at month end allocated to them. */
  caseloadByIro: Record<string, number>;
  /** Chart 13: `caseloadByIro` per full-time equivalent, from the IRO directory. */
  caseloadPerFte: CaseloadPerFte;
  /** Case disputes started, resolved and open. */
  disputes: DisputeFigures;

  /** The register at month end by gender; every gender, zeros included. */
  registerByGender: Record<Gender, number>;
  /** The register at month end by age band (an unborn child is under 1); every band, zeros included. */
  registerByAgeBand: Record<AgeBand, number>;
  /** The register at month end by gender and age band (the 2023-24 report's Charts 6 and 7). */
  registerByGenderAndAgeBand: Record<Gender, Record<AgeBand, number>>;
  /** CEC at month end by gender and age band. */
  lookedAfterByGenderAndAgeBand: Record<Gender, Record<AgeBand, number>>;

  /** Chart 11: CEC at month end by gender; every gender, zeros included. */
  lookedAfterByGender: Record<Gender, number>;
  /** Chart 12: CEC at month end by age band; every band, zeros included. */
  lookedAfterByAgeBand: Record<AgeBand, number>;

  /**
   * Children who held a CER, ICPC, RCPC or transfer-in conference in the month but whose meetings the
   * timescale engine could not judge (a working-day question outside the
   * calendar's years: {@link CalendarRangeError}). Their meetings count as
   * held, not as in compliance.
   */
  childrenNotJudged: number;
}

/** The totals of the additive figures over several months (the annual report's "year" column). */
export interface FiguresOverMonths {
  /** The months added up, in the order given. */
  months: YearMonth[];
  registrationsAdded: number;
  registrationsRemoved: number;
  icpc: HeldInCompliance;
  rcpc: HeldInCompliance;
  cer: HeldInCompliance;
  transferIn: HeldInCompliance;
  becameLookedAfter: number;
  ceasedLookedAfter: number;
  reRegistrationsWithin12Months: number;
  removedAtFirstReviewConference: number;
  firstReviewConferencesHeld: number;
  participation: { icpc: Participation; rcpc: Participation };
  cerParticipation: CerParticipation;
  /** Children, each once over the months: the latest month's year-to-date figure (the months of one reporting year). */
  advocacy: Advocacy;
  icpcNotJudged: number;
  midpointReviewsHeld: number;
  coreGroupsHeld: number;
  meetingsBookedLate: number;
  qaAuditsCompleted: number;
  meetingsChaired: Record<string, number>;
  /** The additive dispute figures (not `openAtMonthEnd`, a month-end count). */
  disputes: Omit<DisputeFigures, 'openAtMonthEnd'>;
  /** Case dispute resolutions started, by stage (the reports' "initiated twice"). */
  disputeResolutions: { informal: number; formal: number };
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A month written `yyyy-mm`, checked.
 *
 * @throws InvalidMonthError when the text is not `yyyy-mm`.
 */
export function parseYearMonth(text: unknown): YearMonth {
  monthBounds(text as YearMonth);
  return text as YearMonth;
}

/**
 * The first and last day of a `yyyy-mm` month.
 *
 * @throws InvalidMonthError when the text is not `yyyy-mm`.
 * @example
 * monthBounds('2024-02'); // { first: '2024-02-01', last: '2024-02-29' }
 */
export function monthBounds(month: YearMonth): { first: CalendarDate; last: CalendarDate } {
  const match = typeof month === 'string' ? MONTH_PATTERN.exec(month) : null;
  if (match === null || match[1] === '0000') throw new InvalidMonthError(month);
  const days = daysInMonth(Number(match[1]), Number(match[2]));
  return { first: `${month}-01`, last: `${month}-${days}` };
}

/**
 * Age in whole years on a day. Decision (with the official statistics): a
 * child born on 29 February has their birthday on 28 February in other years.
 * Before the date of birth (an unborn child) the age is negative.
 *
 * @example
 * ageInWholeYears('2009-01-31', '2025-01-31'); // 16
 * ageInWholeYears('2008-02-29', '2025-02-28'); // 17
 */
export function ageInWholeYears(dateOfBirth: CalendarDate, on: CalendarDate): number {
  return ageOn(toDayNumber(dateOfBirth), toDayNumber(on));
}

function ageOn(born: DayNumber, on: DayNumber): number {
  const years = civilOf(on).year - civilOf(born).year;
  // addMonths clamps 29 Feb to 28 Feb in a common year: the birthday rule above.
  return addMonthsToDayNumber(born, 12 * years) <= on ? years : years - 1;
}

/**
 * The age band of an age in whole years. Decision: an age below 0 (a date of
 * birth after the day asked about) is put under 1.
 *
 * @example
 * ageBandOf(16); // '16 and over'
 */
export function ageBandOf(age: number): AgeBand {
  if (age < 1) return 'under 1';
  if (age < 5) return '1-4';
  if (age < 10) return '5-9';
  if (age < 16) return '10-15';
  return '16 and over';
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const result = {} as Record<K, number>;
  for (const key of keys) result[key] = 0;
  return result;
}

function heldInCompliance(): HeldInCompliance {
  return { held: 0, inCompliance: 0 };
}

function noCerParticipation(): CerParticipation {
  return { held: 0, childParticipated: 0, byCode: zeros([...PARTICIPATION_CODES, 'not-recorded'] as const) };
}

function byGenderAndAgeBand(): Record<Gender, Record<AgeBand, number>> {
  return Object.fromEntries(GENDERS.map((gender) => [gender, zeros(AGE_BANDS)])) as Record<Gender, Record<AgeBand, number>>;
}

/** A ratio to two decimal places. */
function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** A map as a plain object, keys in order, so a snapshot's JSON is the same on every run. */
function sortedObject(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => byName(a, b)));
}

/** Names in code-unit order, so that the same names always come in the same order. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The register-by-category rows of one or more months, in the order they are
 * reported: Chart 4's ten, in its order, whether counted or not; then every
 * other category any of the months counts, by name.
 *
 * @example
 * categoryRows([january]); // ['Emotional Abuse', 'Neglect', …, 'Physical and Sexual Abuse and Financial Abuse', 'Neglect and Emotional Abuse']
 */
export function categoryRows(months: Iterable<Pick<MonthlyFigures, 'registerByCategory'>>): CategoryName[] {
  const chart4 = new Set<string>(REGISTRATION_CATEGORIES);
  const others = new Set<string>();
  for (const month of months) for (const category of Object.keys(month.registerByCategory)) if (!chart4.has(category)) others.add(category);
  return [...REGISTRATION_CATEGORIES, ...[...others].sort(byName)];
}

/**
 * A child's periods of care, each its first episode's start and its last
 * episode's end: the episodes in order of start, an episode that starts the
 * day the one before it ended ({@link continuesPeriodOfCare}) joined to that
 * one's period.
 */
function periodsOfCare(episodes: readonly CareEpisode[]): { start: DayNumber; end: number }[] {
  const ordered = episodes.map((episode) => ({ episode, start: toDayNumber(episode.startDate) })).sort((a, b) => a.start - b.start);
  const periods: { start: DayNumber; end: number }[] = [];
  let previous: CareEpisode | undefined;
  for (const { episode, start } of ordered) {
    const end = endOf(start, episode.endDate);
    const period = periods.at(-1);
    if (period !== undefined && previous !== undefined && continuesPeriodOfCare(previous, episode)) period.end = end;
    else periods.push({ start, end });
    previous = episode;
  }
  return periods;
}

/** The last day of a period; an end before its start (a slip in the records) is read as the start, as the engine does. */
function endOf(startDay: DayNumber, endDate: CalendarDate | undefined): number {
  return endDate === undefined ? Infinity : Math.max(toDayNumber(endDate), startDay);
}

/**
 * Whether a registration starting on `startDay` comes within 12 months of the
 * end of another of the child's registrations: one that ended on or after the
 * day 12 calendar months before (clamped, as {@link addMonthsToDayNumber}) and
 * on or before the new start.
 */
function isReRegistration(registrations: readonly Registration[], self: Registration, startDay: DayNumber): boolean {
  const windowStart = addMonthsToDayNumber(startDay, -12);
  for (const other of registrations) {
    if (other === self || other.endDate === undefined) continue;
    const end = endOf(toDayNumber(other.startDate), other.endDate);
    if (end >= windowStart && end <= startDay) return true;
  }
  return false;
}

/** The registration's RCPCs held after its first day and on or before its last, in the order held. */
function reviewConferencesOf(meetings: readonly Meeting[], startDay: DayNumber, endDay: number): HeldMeeting[] {
  const held: { meeting: HeldMeeting; day: DayNumber }[] = [];
  for (const meeting of meetings) {
    if (meeting.type !== 'RCPC' || meeting.status !== 'held') continue;
    const day = toDayNumber(meeting.heldOn);
    if (day > startDay && day <= endDay) held.push({ meeting, day });
  }
  return held.sort((a, b) => a.day - b.day).map(({ meeting }) => meeting);
}

/**
 * Whether a registration was ended by its first RCPC, however many days it
 * lasted: `deregisteredAtMeetingId` names the first RCPC held in it. The
 * reports' "(less than 90 days)" says when a first review falls; one held on
 * time can fall at 91 or 92 days, and still counts.
 */
function removedAtFirstReview(registration: Registration, firstRcpc: HeldMeeting | undefined): boolean {
  return firstRcpc !== undefined && registration.deregisteredAtMeetingId === firstRcpc.meetingId;
}

/**
 * The month's figures from the register as it stood at the month's last day.
 *
 * Never throws on valid records: a child whose meetings the timescale engine
 * cannot judge (a {@link CalendarRangeError}, e.g. a care history from before
 * the calendar's years) is counted in `childrenNotJudged`, and the month goes
 * on. Records dated after the month end do not change a month-end count.
 *
 * @throws InvalidMonthError when `month` is not `yyyy-mm`.
 * @throws InvalidCalendarDateError when a record's date is not `yyyy-mm-dd` (the records are invalid).
 * @example
 * const figures = monthlyFigures(await store.allChildren(), '2024-12', DEFAULT_TIMESCALE_POLICY);
 * figures.monthEnd; // '2024-12-31'
 * figures.registerByCategory['Neglect']; // children registered under Neglect on 2024-12-31
 */
export function monthlyFigures(
  children: Iterable<{ child: Child; records: ChildRecords }>,
  month: YearMonth,
  policy: TimescalePolicy,
  options: TallyOptions = {},
): MonthlyFigures {
  const tally = monthlyTally(month, policy, options);
  for (const { child, records } of children) tally.add(child, records);
  return tally.figures();
}

/** A month's figures counted one child at a time, so that a register read page by page never has to be held whole. */
export interface MonthlyTally {
  add(child: Child, records: ChildRecords): void;
  figures(): MonthlyFigures;
}

/** What the figures need besides the register. */
export interface TallyOptions {
  /** The IRO directory, for the caseload per full-time IRO. An IRO not in it counts as full time. */
  iros?: readonly IroDirectoryEntry[];
}

/** The counting behind {@link monthlyFigures}: `add` each child once, then read `figures()`. */
export function monthlyTally(month: YearMonth, policy: TimescalePolicy, options: TallyOptions = {}): MonthlyTally {
  const bounds = monthBounds(month);
  const first = toDayNumber(bounds.first);
  const last = toDayNumber(bounds.last);
  const inMonth = (day: DayNumber) => day >= first && day <= last;
  // The reporting year (April to March) the month falls in, from its 1 April to this month end.
  const yearStart = toDayNumber(`${reportingYearOf(month)}-04-01`);

  const registerByCategory = new Map<CategoryName, number>(REGISTRATION_CATEGORIES.map((category) => [category, 0]));
  let registerTotal = 0;
  let registrationsAdded = 0;
  let registrationsRemoved = 0;
  let reRegistrationsWithin12Months = 0;
  let registeredMoreThan18Months = 0;
  let removedAtFirstReviewConference = 0;
  let firstReviewConferencesHeld = 0;
  let becameLookedAfter = 0;
  let ceasedLookedAfter = 0;
  let lookedAfterAtMonthEnd = 0;
  const icpc = heldInCompliance();
  const rcpc = heldInCompliance();
  const cer = heldInCompliance();
  const transferIn = heldInCompliance();
  const participation = { icpc: { held: 0, childParticipated: 0 }, rcpc: { held: 0, childParticipated: 0 } };
  const cerParticipation = noCerParticipation();
  const advocacy = { offered: 0, provided: 0 };
  const advocacyYearToDate = { offered: 0, provided: 0 };
  let icpcNotJudged = 0;
  let midpointReviewsHeld = 0;
  let coreGroupsHeld = 0;
  let meetingsBookedLate = 0;
  let qaAuditsCompleted = 0;
  const meetingsChaired = new Map<string, number>();
  const caseloadByIro = new Map<string, number>();
  const lookedAfterByGender = zeros(GENDERS);
  const lookedAfterByAgeBand = zeros(AGE_BANDS);
  const lookedAfterByGenderAndAgeBand = byGenderAndAgeBand();
  const registerByGender = zeros(GENDERS);
  const registerByAgeBand = zeros(AGE_BANDS);
  const registerByGenderAndAgeBand = byGenderAndAgeBand();
  const disputes: DisputeFigures = { startedInformal: 0, startedFormal: 0, resolved: 0, openAtMonthEnd: 0, legalAdviceSought: 0, cafcassReferrals: 0 };
  let childrenNotJudged = 0;
  const statutory = new Set<MeetingType>(STATUTORY_MEETING_TYPES);

  function add(child: Child, records: ChildRecords): void {
      // The register. Decision: a child is counted once; if two registrations
      // are open at month end (a slip in the records), the later one is current,
      // as the engine lets a later registration supersede an earlier one.
      let current: Registration | undefined;
      let currentStart = -Infinity;
      for (const registration of records.registrations) {
        const start = toDayNumber(registration.startDate);
        const end = endOf(start, registration.endDate);
        if (inMonth(start)) {
          registrationsAdded += 1;
          if (isReRegistration(records.registrations, registration, start)) reRegistrationsWithin12Months += 1;
        }
        if (inMonth(end)) registrationsRemoved += 1;
        // Chart 8 is counted at the first RCPC: held in the month, and whether it ended the registration.
        const firstRcpc = reviewConferencesOf(records.meetings, start, end)[0];
        if (firstRcpc !== undefined && inMonth(toDayNumber(firstRcpc.heldOn))) {
          firstReviewConferencesHeld += 1;
          if (removedAtFirstReview(registration, firstRcpc)) removedAtFirstReviewConference += 1;
        }
        if (start <= last && end > last && start > currentStart) {
          current = registration;
          currentStart = start;
        }
      }
      const ageBand = ageBandOf(ageOn(toDayNumber(child.dateOfBirth), last));
      if (current !== undefined) {
        registerTotal += 1;
        registerByGender[child.gender] += 1;
        registerByAgeBand[ageBand] += 1;
        registerByGenderAndAgeBand[child.gender][ageBand] += 1;
        // The category in force that day: a change at an RCPC moves the child from its day on.
        increment(registerByCategory, categoryOn(current, bounds.last));
        // "More than 18 months": 18 calendar months after the start (clamped) falls before the month end.
        if (addMonthsToDayNumber(currentStart, 18) < last) registeredMoreThan18Months += 1;
      }

      // Care, period by period: a new episode the day the last one ended (a
      // change of legal status) neither starts nor ends being looked after.
      let lookedAfter = false;
      for (const { start, end } of periodsOfCare(records.careEpisodes)) {
        if (inMonth(start)) becameLookedAfter += 1;
        if (inMonth(end)) ceasedLookedAfter += 1;
        if (start <= last && end > last) lookedAfter = true;
      }
      if (lookedAfter) {
        lookedAfterAtMonthEnd += 1;
        lookedAfterByGender[child.gender] += 1;
        lookedAfterByAgeBand[ageBand] += 1;
        lookedAfterByGenderAndAgeBand[child.gender][ageBand] += 1;
      }
      if (lookedAfter || current !== undefined) increment(caseloadByIro, child.iroEmail);

      // Case disputes: started and resolved in the month, open at its end.
      for (const dispute of records.disputes) {
        const started = toDayNumber(dispute.startedOn);
        const resolved = dispute.resolvedOn === undefined ? Infinity : toDayNumber(dispute.resolvedOn);
        if (inMonth(started)) {
          if (dispute.stage === 'formal') disputes.startedFormal += 1;
          else disputes.startedInformal += 1;
          if (dispute.legalAdviceSought) disputes.legalAdviceSought += 1;
          if (dispute.cafcassReferral) disputes.cafcassReferrals += 1;
        }
        if (inMonth(resolved)) disputes.resolved += 1;
        if (started <= last && resolved > last) disputes.openAtMonthEnd += 1;
      }

      // Meetings held in the month (a cancelled meeting was not held).
      let judge = false;
      const icpcsHeld: string[] = [];
      const offered = { month: false, year: false };
      const provided = { month: false, year: false };
      for (const meeting of records.meetings) {
        // Booked late: counted in the month its booking was made (or last moved),
        // whatever became of it; a late booking moved into time has no lateReason.
        if (meeting.lateReason !== undefined && meeting.bookedOn !== undefined && inMonth(toDayNumber(meeting.bookedOn))) meetingsBookedLate += 1;
        if (meeting.status !== 'held') continue;
        const day = toDayNumber(meeting.heldOn);
        // Advocacy counts children: a child with an offer at any meeting of the month (or of the year so far) counts once.
        if (day >= yearStart && day <= last) {
          if (meeting.advocacyOffered) offered.year = true;
          if (meeting.advocacyProvided) provided.year = true;
        }
        if (!inMonth(day)) continue;
        if (meeting.advocacyOffered) offered.month = true;
        if (meeting.advocacyProvided) provided.month = true;
        switch (meeting.type) {
          case 'CER':
            cer.held += 1;
            cerParticipation.held += 1;
            if (meeting.childParticipated) cerParticipation.childParticipated += 1;
            cerParticipation.byCode[meeting.participationCode ?? 'not-recorded'] += 1;
            judge = true;
            break;
          case 'ICPC':
            icpc.held += 1;
            icpcsHeld.push(meeting.meetingId);
            participation.icpc.held += 1;
            if (meeting.childParticipated) participation.icpc.childParticipated += 1;
            judge = true;
            break;
          case 'RCPC':
            rcpc.held += 1;
            participation.rcpc.held += 1;
            if (meeting.childParticipated) participation.rcpc.childParticipated += 1;
            judge = true;
            break;
          case 'TRANSFER_IN':
            // Its own line: not an ICPC, and not in the ICPC or RCPC participation.
            transferIn.held += 1;
            judge = true;
            break;
          case 'MIDPOINT':
            midpointReviewsHeld += 1;
            break;
          case 'CORE_GROUP':
            coreGroupsHeld += 1;
            break;
        }
        if (!statutory.has(meeting.type)) continue;
        if (meeting.qaAuditCompleted) qaAuditsCompleted += 1;
        increment(meetingsChaired, meeting.chairEmail ?? child.iroEmail);
      }
      if (offered.month) advocacy.offered += 1;
      if (provided.month) advocacy.provided += 1;
      if (offered.year) advocacyYearToDate.offered += 1;
      if (provided.year) advocacyYearToDate.provided += 1;

      // Compliance, only for a child who held a CER, ICPC, RCPC or transfer-in conference this month.
      // A held meeting the engine gives no verdict on (an ICPC with no strategy
      // discussion recorded, an RCPC after de-registration) is held, not in compliance.
      if (!judge) return;
      let verdicts: MeetingCompliance[];
      try {
        verdicts = meetingCompliance(records, policy, bounds.last);
      } catch (error) {
        if (!(error instanceof CalendarRangeError)) throw error;
        childrenNotJudged += 1;
        return;
      }
      // An ICPC with no verdict (no strategy discussion recorded before it: a history record) is not judged, not late.
      const judgedIcpcs = new Set(verdicts.filter((verdict) => verdict.kind === 'ICPC').map((verdict) => verdict.meetingId));
      icpcNotJudged += icpcsHeld.filter((meetingId) => !judgedIcpcs.has(meetingId)).length;
      for (const verdict of verdicts) {
        if (!verdict.inCompliance || verdict.kind !== verdict.type) continue;
        if (!inMonth(toDayNumber(verdict.heldOn))) continue;
        if (verdict.type === 'CER') cer.inCompliance += 1;
        else if (verdict.type === 'ICPC') icpc.inCompliance += 1;
        else if (verdict.type === 'RCPC') rcpc.inCompliance += 1;
        else if (verdict.type === 'TRANSFER_IN') transferIn.inCompliance += 1;
      }
  }

  function figures(): MonthlyFigures {
    // Chart 4's ten were set first, in its order; any other combination follows, by name.
    const chart4 = new Set<string>(REGISTRATION_CATEGORIES);
    const others = [...registerByCategory.keys()].filter((category) => !chart4.has(category)).sort(byName);
    const categories = Object.fromEntries([...REGISTRATION_CATEGORIES, ...others].map((category) => [category, registerByCategory.get(category) ?? 0]));
    return {
      month,
      monthEnd: bounds.last,
      registerByCategory: categories,
      registerTotal,
      registrationsAdded,
      registrationsRemoved,
      icpc,
      rcpc,
      cer,
      transferIn,
      becameLookedAfter,
      ceasedLookedAfter,
      lookedAfterAtMonthEnd,
      reRegistrationsWithin12Months,
      registeredMoreThan18Months,
      removedAtFirstReviewConference,
      firstReviewConferencesHeld,
      participation,
      cerParticipation,
      advocacy,
      advocacyYearToDate,
      icpcNotJudged,
      midpointReviewsHeld,
      coreGroupsHeld,
      meetingsBookedLate,
      qaAuditsCompleted,
      meetingsChaired: sortedObject(meetingsChaired),
      caseloadByIro: sortedObject(caseloadByIro),
      caseloadPerFte: caseloadPerFte(caseloadByIro, options.iros ?? [], bounds.last),
      disputes,
      lookedAfterByGender,
      lookedAfterByAgeBand,
      lookedAfterByGenderAndAgeBand,
      registerByGender,
      registerByAgeBand,
      registerByGenderAndAgeBand,
      childrenNotJudged,
    };
  }

  return { add, figures };
}

/**
 * Each IRO's children at month end per full-time equivalent, and the mean over
 * the IROs. Counted: every IRO active at month end in the directory (with no
 * children, 0), and every IRO with children allocated. Decisions: an IRO with
 * children but not in the directory counts as full time; one who has left
 * (inactive at month end) but still has children is counted on their FTE, so
 * that the children are not lost from the figure.
 */
function caseloadPerFte(caseloads: Map<string, number>, iros: readonly IroDirectoryEntry[], monthEnd: CalendarDate): CaseloadPerFte {
  const fteOf = new Map(iros.map((iro) => [iro.email, iro.fte]));
  const counted = new Set(caseloads.keys());
  for (const iro of iros) if (activeOn(iro, monthEnd)) counted.add(iro.email);
  const byIro = new Map<string, number>();
  let sum = 0;
  for (const email of counted) {
    const ratio = (caseloads.get(email) ?? 0) / (fteOf.get(email) ?? 1);
    byIro.set(email, hundredths(ratio));
    sum += ratio;
  }
  return { byIro: sortedObject(byIro), average: counted.size === 0 ? null : hundredths(sum / counted.size) };
}

/**
 * The totals over several months of the figures that add up (the year
 * column of the annual report). Month-end counts (the register, CEC, caseloads,
 * by gender and age) do not add up and are left out: report them month by month.
 * Advocacy counts children once over the year: it is the latest month's
 * year-to-date figure, so give the months of one reporting year.
 *
 * @throws InvalidMonthError when a month is given twice (it would be counted twice).
 * @example
 * const year = sumMonths(snapshots); // April to March
 * `${formatCount(year.cer.held)} CERs, ${percentage(year.cer.inCompliance, year.cer.held)} within timescales`;
 * // '1,054 CERs, 96.39% within timescales'
 */
export function sumMonths(months: readonly MonthlyFigures[]): FiguresOverMonths {
  const seen = new Set<string>();
  const total: FiguresOverMonths = {
    months: [],
    registrationsAdded: 0,
    registrationsRemoved: 0,
    icpc: heldInCompliance(),
    rcpc: heldInCompliance(),
    cer: heldInCompliance(),
    transferIn: heldInCompliance(),
    becameLookedAfter: 0,
    ceasedLookedAfter: 0,
    reRegistrationsWithin12Months: 0,
    removedAtFirstReviewConference: 0,
    firstReviewConferencesHeld: 0,
    participation: { icpc: { held: 0, childParticipated: 0 }, rcpc: { held: 0, childParticipated: 0 } },
    cerParticipation: noCerParticipation(),
    advocacy: { offered: 0, provided: 0 },
    icpcNotJudged: 0,
    midpointReviewsHeld: 0,
    coreGroupsHeld: 0,
    meetingsBookedLate: 0,
    qaAuditsCompleted: 0,
    meetingsChaired: {},
    disputes: { startedInformal: 0, startedFormal: 0, resolved: 0, legalAdviceSought: 0, cafcassReferrals: 0 },
    disputeResolutions: { informal: 0, formal: 0 },
  };
  let latest: MonthlyFigures | undefined;
  const chaired = new Map<string, number>();
  for (const m of months) {
    if (seen.has(m.month)) throw new InvalidMonthError(m.month, 'is given more than once');
    seen.add(m.month);
    total.months.push(m.month);
    total.registrationsAdded += m.registrationsAdded;
    total.registrationsRemoved += m.registrationsRemoved;
    for (const type of ['icpc', 'rcpc', 'cer', 'transferIn'] as const) {
      total[type].held += m[type].held;
      total[type].inCompliance += m[type].inCompliance;
    }
    total.becameLookedAfter += m.becameLookedAfter;
    total.ceasedLookedAfter += m.ceasedLookedAfter;
    total.reRegistrationsWithin12Months += m.reRegistrationsWithin12Months;
    total.removedAtFirstReviewConference += m.removedAtFirstReviewConference;
    total.firstReviewConferencesHeld += m.firstReviewConferencesHeld;
    for (const type of ['icpc', 'rcpc'] as const) {
      total.participation[type].held += m.participation[type].held;
      total.participation[type].childParticipated += m.participation[type].childParticipated;
    }
    total.cerParticipation.held += m.cerParticipation.held;
    total.cerParticipation.childParticipated += m.cerParticipation.childParticipated;
    for (const [code, count] of Object.entries(m.cerParticipation.byCode)) total.cerParticipation.byCode[code as keyof CerParticipation['byCode']] += count;
    total.icpcNotJudged += m.icpcNotJudged;
    total.midpointReviewsHeld += m.midpointReviewsHeld;
    total.coreGroupsHeld += m.coreGroupsHeld;
    total.meetingsBookedLate += m.meetingsBookedLate;
    total.qaAuditsCompleted += m.qaAuditsCompleted;
    for (const [chair, count] of Object.entries(m.meetingsChaired)) increment(chaired, chair, count);
    for (const figure of ['startedInformal', 'startedFormal', 'resolved', 'legalAdviceSought', 'cafcassReferrals'] as const) total.disputes[figure] += m.disputes[figure];
    if (latest === undefined || m.month > latest.month) latest = m;
  }
  total.meetingsChaired = sortedObject(chaired);
  // Children are counted once over the year, not once a month: the latest month's year-to-date count.
  total.advocacy = latest === undefined ? { offered: 0, provided: 0 } : { ...latest.advocacyYearToDate };
  total.disputeResolutions = { informal: total.disputes.startedInformal, formal: total.disputes.startedFormal };
  return total;
}

/**
 * A count as the reports write it, with thousands separators.
 *
 * @example
 * formatCount(1054); // '1,054'
 */
export function formatCount(count: number): string {
  const digits = String(Math.abs(Math.round(count)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return count < 0 && grouped !== '0' ? `-${grouped}` : grouped;
}

/**
 * `part` of `whole` as the reports write it: two decimal places, rounded half
 * up, with a percent sign. Decision: of nothing (`whole` 0) it is `'n/a'`,
 * not 0% or 100%: no meeting held is no measure of compliance.
 *
 * @example
 * percentage(1016, 1054); // '96.39%'
 * percentage(0, 0); // 'n/a'
 */
export function percentage(part: number, whole: number): string {
  if (whole === 0) return 'n/a';
  // Hundredths of a percent as a whole number first, so 1/8 gives 12.50 and not 12.49.
  const hundredths = Math.round((part * 10000) / whole);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${formatCount(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}%`;
}
