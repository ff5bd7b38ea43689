/**
 * The records an IRO service keeps about a child, in the words of docs/domain.md.
 *
 * Pure types: no AWS SDK, no environment, no clock. Every date is a calendar
 * date in Europe/London written `yyyy-mm-dd` ({@link CalendarDate}); there is
 * never a time of day or a time zone hidden in one.
 */

/** A calendar date, `yyyy-mm-dd`, in Europe/London. */
export type CalendarDate = string;

/** The genders a child's record takes, as the annual reports count them. */
export const GENDERS = ['female', 'male', 'other', 'not-stated'] as const;
/** A child's gender, one of {@link GENDERS}. */
export type Gender = (typeof GENDERS)[number];

/**
 * The register-by-category rows, spelled exactly as the 2024-25 report's
 * Chart 4 lists them (docs/domain.md, "Registration categories").
 */
export const REGISTRATION_CATEGORIES = [
  'Emotional Abuse',
  'Neglect',
  'Neglect and Physical Abuse',
  'Neglect, Physical & Financial Abuse',
  'Neglect, Physical and Sexual Abuse',
  'Physical Abuse',
  'Sexual Abuse',
  'Physical and Sexual Abuse',
  'Neglect and Sexual Abuse',
  'Physical and Sexual Abuse and Financial Abuse',
] as const;
/** The category of abuse a child is registered under, one of {@link REGISTRATION_CATEGORIES}. */
export type RegistrationCategory = (typeof REGISTRATION_CATEGORIES)[number];

/** The child (case) as the council's case system knows them. */
export interface Child {
  childId: string;
  /** The council case system's reference: what emails and reports quote. */
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: CalendarDate;
  gender: Gender;
  /** The allocated IRO. */
  iroEmail: string;
  /** The case-holding social-work team. */
  teamName: string;
  teamManagerEmail: string;
}

/** A period during which the child is looked after (care experienced). */
export interface CareEpisode {
  episodeId: string;
  /** The day the child became looked after. */
  startDate: CalendarDate;
  /** The day the child ceased to be looked after; absent while open. */
  endDate?: CalendarDate;
  legalStatus?: string;
  endReason?: string;
}

/** A change of the child's placement, planned or unplanned. */
export interface PlacementChange {
  placementChangeId: string;
  date: CalendarDate;
  /** Only an unplanned change brings the next CER forward. */
  unplanned: boolean;
}

/** A strategy discussion or meeting; the last one before an ICPC starts its clock. */
export interface StrategyDiscussion {
  strategyDiscussionId: string;
  date: CalendarDate;
}

/** A period on the Child Protection Register. */
export interface Registration {
  registrationId: string;
  /** The day registered: the date of the registering ICPC, where there was one. */
  startDate: CalendarDate;
  category: RegistrationCategory;
  /** The day de-registered; absent while registered. */
  endDate?: CalendarDate;
  /** The ICPC that registered the child, when it is recorded here. */
  registeredAtMeetingId?: string;
  /** The RCPC that de-registered the child, when it is recorded here. */
  deregisteredAtMeetingId?: string;
}

/** The meetings an IRO records: CER, ICPC, RCPC, mid-point review and core group. */
export const MEETING_TYPES = ['CER', 'ICPC', 'RCPC', 'MIDPOINT', 'CORE_GROUP'] as const;
/** A kind of meeting, one of {@link MEETING_TYPES}. */
export type MeetingType = (typeof MEETING_TYPES)[number];

/** What a child protection conference decided. */
export type ConferenceOutcome =
  | { decision: 'register'; category: RegistrationCategory }
  | { decision: 'do-not-register' }
  | { decision: 'continue' }
  | { decision: 'deregister' };

/** Whether a meeting was held or cancelled; a cancelled one satisfies no timescale. */
export type MeetingStatus = 'held' | 'cancelled';

/** A review meeting or conference and its outcome. */
export interface Meeting {
  meetingId: string;
  type: MeetingType;
  /** The day it was held (or was to be held, when cancelled). */
  heldOn: CalendarDate;
  /** A cancelled meeting satisfies no timescale. */
  status: MeetingStatus;
  cancellationReason?: string;
  chairEmail?: string;
  childParticipated: boolean;
  advocacyOffered: boolean;
  advocacyProvided: boolean;
  qaAuditCompleted: boolean;
  outcome?: ConferenceOutcome;
  /** CER: the day the IRO's recommendations went to the team manager. */
  recommendationsSentOn?: CalendarDate;
  /** CER: the day the team manager responded to them. */
  managerRespondedOn?: CalendarDate;
  /** ICPC: the day the outline child protection plan was circulated. */
  outlinePlanSentOn?: CalendarDate;
}

/** Everything the timescale engine needs to know about one child. */
export interface ChildRecords {
  careEpisodes: readonly CareEpisode[];
  placementChanges: readonly PlacementChange[];
  strategyDiscussions: readonly StrategyDiscussion[];
  registrations: readonly Registration[];
  meetings: readonly Meeting[];
}

/** The collections of a child's records: `careEpisodes`, `placementChanges`, … */
export type RecordCollection = keyof ChildRecords;

/**
 * A child's initials, e.g. "A.L." for Ada Lovelace: what an email may carry
 * besides the case reference (never the name or the date of birth).
 */
export function initialsOf(child: Pick<Child, 'givenName' | 'familyName'>): string {
  const initial = (name: string) => {
    const letter = [...name.trim()][0];
    return letter ? `${letter.toLocaleUpperCase('en-GB')}.` : '';
  };
  return `${initial(child.givenName)}${initial(child.familyName)}`;
}

/** What a child's records make of them on a day: in care, on the register, both or neither. */
export interface ChildStatus {
  lookedAfter: boolean;
  registered: boolean;
}

/** Whether the child is looked after and on the register on `day`: a period open on it (ending after it, or not at all). */
export function statusOf(records: ChildRecords, day: CalendarDate): ChildStatus {
  const openOn = (period: { startDate: string; endDate?: string }) => period.startDate <= day && (period.endDate === undefined || period.endDate > day);
  return { lookedAfter: records.careEpisodes.some(openOn), registered: records.registrations.some(openOn) };
}
