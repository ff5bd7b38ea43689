/**
 * A small register for the month of January 2025 (first day 2025-01-01, last
 * day 2025-01-31), each child named for what it shows. Every figure it gives
 * is worked out by hand in the comments here and in figures.test.ts.
 *
 * IROs: ann (A), bob (B), cat (C); dan chairs one CER for bob.
 */
import { emptyRecords, type CancelledMeeting, type CategoryName, type Child, type ChildRecords, type Gender, type HeldMeeting, type MeetingType, type Registration } from '#shared/domain/records';
import { aChild } from '../support/children';

export const ANN = 'ann@iro.example.gov.uk';
export const BOB = 'bob@iro.example.gov.uk';
export const CAT = 'cat@iro.example.gov.uk';
export const DAN = 'dan@iro.example.gov.uk';

export interface RegisterEntry {
  child: Child;
  records: ChildRecords;
}

/**
 * A child and their records: the test child (test/support/children.ts) named
 * for what it shows, with the facts the figures read; anything not given is
 * empty, or not stated and of one ordinary age.
 */
export function aRegisterEntry(
  childId: string,
  facts: { iroEmail: string; gender?: Gender; dateOfBirth?: string },
  records: Partial<ChildRecords>,
): RegisterEntry {
  return {
    child: aChild({
      childId,
      reference: `REF-${childId}`,
      familyName: childId,
      iroEmail: facts.iroEmail,
      gender: facts.gender ?? 'not-stated',
      dateOfBirth: facts.dateOfBirth ?? '2015-06-01',
    }),
    records: { ...emptyRecords(), ...records },
  };
}

/** What happened at a meeting held in the month; anything not said did not happen. */
export interface MeetingFacts {
  participated?: boolean;
  offered?: boolean;
  provided?: boolean;
  qa?: boolean;
  chair?: string;
  outcome?: HeldMeeting['outcome'];
}

/** A held meeting. */
export function meeting(type: MeetingType, meetingId: string, heldOn: string, facts: MeetingFacts = {}): HeldMeeting {
  return {
    meetingId,
    type,
    heldOn,
    status: 'held',
    childParticipated: facts.participated ?? false,
    advocacyOffered: facts.offered ?? false,
    advocacyProvided: facts.provided ?? false,
    qaAuditCompleted: facts.qa ?? false,
    ...(facts.chair === undefined ? {} : { chairEmail: facts.chair }),
    ...(facts.outcome === undefined ? {} : { outcome: facts.outcome }),
  };
}

/** Everything ticked: a meeting outside the month or cancelled that must still not be counted. */
const NOISY: MeetingFacts = { participated: true, offered: true, provided: true, qa: true };

/** A held meeting before the month, with every flag set (none of it may reach January's figures). */
export function earlier(type: MeetingType, meetingId: string, heldOn: string, facts: MeetingFacts = {}): HeldMeeting {
  return meeting(type, meetingId, heldOn, { ...NOISY, ...facts });
}

/** A cancelled meeting, with every flag set: it was not held, so it counts for nothing. */
export function cancelledMeeting(type: MeetingType, meetingId: string, heldOn: string): CancelledMeeting {
  return { ...meeting(type, meetingId, heldOn, NOISY), status: 'cancelled', cancellationReason: 'rescheduled' };
}

export function registration(
  registrationId: string,
  category: CategoryName,
  startDate: string,
  endDate?: string,
  extra: Partial<Registration> = {},
): Registration {
  return { registrationId, category, startDate, ...(endDate === undefined ? {} : { endDate }), ...extra };
}

/**
 * The January 2025 register. At the month end (2025-01-31):
 *
 * | child | register at month end | CEC at month end | IRO |
 * | --- | --- | --- | --- |
 * | neglect-and-looked-after | Neglect (since 2024-03-10) | yes (female, 3: 1-4) | A |
 * | added-in-month | Physical Abuse (since 2025-01-14) | | B |
 * | deregistered-on-last-day | no (ended 2025-01-31) | | A |
 * | registered-on-last-day | Sexual Abuse (since 2025-01-31) | | C |
 * | reregistered-after-11-months | Neglect and Physical Abuse (since 2025-01-20) | | B |
 * | reregistered-after-13-months | Physical and Sexual Abuse (since 2025-01-10) | | C |
 * | registered-18-months-and-a-day | Neglect, Physical & Financial Abuse (since 2023-07-30) | | A |
 * | registered-exactly-18-months | Neglect, Physical and Sexual Abuse (since 2023-07-31) | | A |
 * | removed-at-first-rcpc-after-80-days | no (ended 2025-01-24) | | B |
 * | removed-at-first-rcpc-after-100-days | no (ended 2025-01-23) | | C |
 * | icpc-late-not-registered | no | | C |
 * | registered-next-month | no (starts 2025-02-01) | | A |
 * | late-cer | | yes (female, 12: 10-15) | A |
 * | cer-on-due-date | | yes (male, 16 on 2025-01-31: 16 and over) | B |
 * | became-looked-after | | yes (male, 0: under 1) | C |
 * | ceased-on-last-day | | no (ceased 2025-01-31) | A |
 * | ceased-mid-month | | no (ceased 2025-01-15) | B |
 * | long-term-other-gender | | yes (other, 10: 10-15) | C |
 */
export const JANUARY_2025_REGISTER: readonly RegisterEntry[] = [
  // On the register and looked after: counted once in ann's caseload.
  aRegisterEntry('neglect-and-looked-after', { iroEmail: ANN, gender: 'female', dateOfBirth: '2021-05-05' }, {
    registrations: [registration('r1', 'Neglect', '2024-03-10')],
    careEpisodes: [{ episodeId: 'e1', startDate: '2024-07-01' }],
    // A core group is held but is not an IRO-chaired meeting; its advocacy offer and QA audit still count.
    meetings: [meeting('CORE_GROUP', 'cg1', '2025-01-20', { offered: true, qa: true })],
  }),

  // Added in the month at an ICPC held 8 working days after the strategy discussion (due 2025-01-23).
  aRegisterEntry('added-in-month', { iroEmail: BOB }, {
    strategyDiscussions: [{ strategyDiscussionId: 's2', date: '2025-01-02' }],
    registrations: [registration('r2', 'Physical Abuse', '2025-01-14', undefined, { registeredAtMeetingId: 'icpc2' })],
    meetings: [
      meeting('ICPC', 'icpc2', '2025-01-14', {
        participated: true, offered: true, provided: true, qa: true,
        outcome: { decision: 'register', category: 'Physical Abuse' },
      }),
    ],
  }),

  // De-registered on the month's last day at the second RCPC (due 2024-09-02 + 6 months = 2025-03-02: in compliance).
  aRegisterEntry('deregistered-on-last-day', { iroEmail: ANN }, {
    registrations: [registration('r3', 'Emotional Abuse', '2024-06-03', '2025-01-31', { deregisteredAtMeetingId: 'rcpc3b' })],
    meetings: [
      earlier('RCPC', 'rcpc3a', '2024-09-02', { outcome: { decision: 'continue' } }),
      meeting('RCPC', 'rcpc3b', '2025-01-31', { qa: true, outcome: { decision: 'deregister' } }),
    ],
  }),

  // Registered on the month's last day, its ICPC not recorded: on the register at that month end.
  aRegisterEntry('registered-on-last-day', { iroEmail: CAT }, {
    registrations: [registration('r4', 'Sexual Abuse', '2025-01-31')],
  }),

  // De-registered 2024-02-20, registered again 2025-01-20: 11 months, within 12 (window from 2024-01-20).
  aRegisterEntry('reregistered-after-11-months', { iroEmail: BOB }, {
    registrations: [
      registration('r5a', 'Neglect and Physical Abuse', '2023-09-01', '2024-02-20'),
      registration('r5b', 'Neglect and Physical Abuse', '2025-01-20'),
    ],
  }),

  // De-registered 2023-12-10, registered again 2025-01-10: 13 months (window from 2024-01-10), not a re-registration.
  aRegisterEntry('reregistered-after-13-months', { iroEmail: CAT }, {
    registrations: [
      registration('r6a', 'Physical and Sexual Abuse', '2023-06-01', '2023-12-10'),
      registration('r6b', 'Physical and Sexual Abuse', '2025-01-10'),
    ],
  }),

  // 2023-07-30 + 18 months = 2025-01-30, before 2025-01-31: 18 months and a day.
  aRegisterEntry('registered-18-months-and-a-day', { iroEmail: ANN }, {
    registrations: [registration('r7', 'Neglect, Physical & Financial Abuse', '2023-07-30')],
  }),

  // 2023-07-31 + 18 months = 2025-01-31, the month end itself: exactly 18 months, not more.
  aRegisterEntry('registered-exactly-18-months', { iroEmail: ANN }, {
    registrations: [registration('r8', 'Neglect, Physical and Sexual Abuse', '2023-07-31')],
  }),

  // Registered 2024-11-05, de-registered at the first RCPC on 2025-01-24: 80 days (25 + 31 + 24).
  // The RCPC called for 2025-01-10 was cancelled, so 2025-01-24 is still the first held.
  // First RCPC due 2024-11-05 + 3 months = 2025-02-05: in compliance.
  aRegisterEntry('removed-at-first-rcpc-after-80-days', { iroEmail: BOB }, {
    registrations: [registration('r9', 'Neglect and Sexual Abuse', '2024-11-05', '2025-01-24', {
      registeredAtMeetingId: 'icpc9', deregisteredAtMeetingId: 'rcpc9',
    })],
    meetings: [
      earlier('ICPC', 'icpc9', '2024-11-05', { outcome: { decision: 'register', category: 'Neglect and Sexual Abuse' } }),
      cancelledMeeting('RCPC', 'rcpc9-cancelled', '2025-01-10'),
      meeting('RCPC', 'rcpc9', '2025-01-24', { participated: true, offered: true, qa: true, outcome: { decision: 'deregister' } }),
    ],
  }),

  // Registered 2024-10-15, de-registered at the first RCPC on 2025-01-23: 100 days (16 + 30 + 31 + 23).
  // First RCPC due 2024-10-15 + 3 months = 2025-01-15: held late. Chaired by ann for cat.
  aRegisterEntry('removed-at-first-rcpc-after-100-days', { iroEmail: CAT }, {
    registrations: [registration('r10', 'Physical Abuse', '2024-10-15', '2025-01-23', { deregisteredAtMeetingId: 'rcpc10' })],
    meetings: [meeting('RCPC', 'rcpc10', '2025-01-23', { chair: ANN, outcome: { decision: 'deregister' } })],
  }),

  // An ICPC 15 working days after 2024-12-02 was due 2024-12-23; held 2025-01-06, late; did not register.
  aRegisterEntry('icpc-late-not-registered', { iroEmail: CAT }, {
    strategyDiscussions: [{ strategyDiscussionId: 's11', date: '2024-12-02' }],
    meetings: [meeting('ICPC', 'icpc11', '2025-01-06', { offered: true, qa: true, outcome: { decision: 'do-not-register' } })],
  }),

  // Everything after the month end: counts for nothing in January.
  aRegisterEntry('registered-next-month', { iroEmail: ANN }, {
    strategyDiscussions: [{ strategyDiscussionId: 's12', date: '2025-01-27' }],
    registrations: [registration('r12', 'Emotional Abuse', '2025-02-01')],
    meetings: [earlier('ICPC', 'icpc12', '2025-02-01', { outcome: { decision: 'register', category: 'Emotional Abuse' } })],
    careEpisodes: [{ episodeId: 'e12', startDate: '2025-02-03' }],
  }),

  // Third CER due 2024-07-10 + 6 months = 2025-01-10; held 2025-01-17: held, not in compliance.
  aRegisterEntry('late-cer', { iroEmail: ANN, gender: 'female', dateOfBirth: '2012-06-15' }, {
    careEpisodes: [{ episodeId: 'e13', startDate: '2024-05-01' }],
    meetings: [
      earlier('CER', 'cer13a', '2024-05-20'),
      earlier('CER', 'cer13b', '2024-07-10'),
      meeting('CER', 'cer13c', '2025-01-17', { offered: true, qa: true }),
    ],
  }),

  // Looked after from 2024-12-02: first CER due 20 working days later, 2025-01-02
  // (25, 26 December and 1 January are not working days); held that day, chaired by dan.
  // Born 2009-01-31: 16 on the month end.
  aRegisterEntry('cer-on-due-date', { iroEmail: BOB, gender: 'male', dateOfBirth: '2009-01-31' }, {
    careEpisodes: [{ episodeId: 'e14', startDate: '2024-12-02' }],
    meetings: [meeting('CER', 'cer14', '2025-01-02', { chair: DAN, offered: true, provided: true, qa: true })],
  }),

  aRegisterEntry('became-looked-after', { iroEmail: CAT, gender: 'male', dateOfBirth: '2024-08-01' }, {
    careEpisodes: [{ episodeId: 'e15', startDate: '2025-01-08' }],
  }),

  aRegisterEntry('ceased-on-last-day', { iroEmail: ANN, gender: 'female', dateOfBirth: '2015-02-02' }, {
    careEpisodes: [{ episodeId: 'e16', startDate: '2022-04-04', endDate: '2025-01-31' }],
  }),

  aRegisterEntry('ceased-mid-month', { iroEmail: BOB, gender: 'male', dateOfBirth: '2008-09-09' }, {
    careEpisodes: [
      { episodeId: 'e17a', startDate: '2018-01-08', endDate: '2019-06-30' },
      { episodeId: 'e17b', startDate: '2021-03-01', endDate: '2025-01-15' },
    ],
  }),

  // A mid-point review held; a CER called for 2025-01-09 was cancelled. Born 2014-03-03: 10.
  aRegisterEntry('long-term-other-gender', { iroEmail: CAT, gender: 'other', dateOfBirth: '2014-03-03' }, {
    careEpisodes: [{ episodeId: 'e18', startDate: '2019-09-09' }],
    meetings: [
      earlier('CER', 'cer18', '2024-10-01'),
      cancelledMeeting('CER', 'cer18-cancelled', '2025-01-09'),
      meeting('MIDPOINT', 'mid18', '2025-01-22'),
    ],
  }),
];
