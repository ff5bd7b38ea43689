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
 * Chart 4 lists them, in its order (docs/domain.md, "Registration categories").
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
/** One of Chart 4's ten rows. */
export type RegistrationCategory = (typeof REGISTRATION_CATEGORIES)[number];

/**
 * The five kinds of abuse a registration names one or more of (Social
 * Services and Well-being (Wales) Act 2014), in the order names list them.
 */
export const ABUSE_TYPES = ['neglect', 'physical', 'emotional', 'sexual', 'financial'] as const;
/** One of {@link ABUSE_TYPES}. */
export type AbuseType = (typeof ABUSE_TYPES)[number];

/**
 * A registration's category: one of Chart 4's ten names, or, for a
 * combination outside them, a name made in the same style
 * ({@link categoryOf}).
 */
export type CategoryName = string;

const ABUSE_WORDS: Record<AbuseType, string> = { neglect: 'Neglect', physical: 'Physical', emotional: 'Emotional', sexual: 'Sexual', financial: 'Financial' };

/** The kinds of abuse a category names, in {@link ABUSE_TYPES} order: each kind's word in the name. */
export function abuseTypesOf(category: CategoryName): AbuseType[] {
  return ABUSE_TYPES.filter((type) => new RegExp(`\\b${ABUSE_WORDS[type]}\\b`).test(category));
}

/**
 * The category that names these kinds of abuse: Chart 4's own name where one
 * of its ten rows is exactly them, otherwise a name in the same style
 * ("Neglect and Emotional Abuse", "Physical, Emotional and Sexual Abuse").
 *
 * @example
 * categoryOf(['physical', 'neglect']); // 'Neglect and Physical Abuse'
 * categoryOf(['emotional', 'neglect']); // 'Neglect and Emotional Abuse'
 */
export function categoryOf(types: readonly AbuseType[]): CategoryName {
  const kinds = ABUSE_TYPES.filter((type) => types.includes(type));
  const key = kinds.join(',');
  const chart4 = REGISTRATION_CATEGORIES.find((category) => abuseTypesOf(category).join(',') === key);
  if (chart4) return chart4;
  const words = kinds.map((type) => ABUSE_WORDS[type]);
  const abuse = kinds.some((type) => type !== 'neglect') ? ' Abuse' : '';
  if (words.length === 1) return `${words[0]}${abuse}`;
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}${abuse}`;
}

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

/**
 * Whether `next` continues the period of care `previous` belongs to: it starts
 * on the very day `previous` ended, as a case system records a change of legal
 * status (the SSDA903 and Welsh census model). The CER cycle runs on over the
 * whole period, and the figures count the period once.
 */
export function continuesPeriodOfCare(previous: Pick<CareEpisode, 'endDate'>, next: Pick<CareEpisode, 'startDate'>): boolean {
  return previous.endDate !== undefined && previous.endDate === next.startDate;
}

/** A change of the child's placement, planned or unplanned. */
export interface PlacementChange {
  placementChangeId: string;
  date: CalendarDate;
  /** Only an unplanned change brings the next CER forward. */
  unplanned: boolean;
}

/**
 * How the section 47 enquiries that followed a strategy discussion ended (Wales
 * Safeguarding Procedures, section 3 part 2, the three determinations): the
 * concerns were not substantiated (1), they were but there is no continuing
 * risk of significant harm (2), or a conference is needed (3).
 */
export const S47_DETERMINATIONS = ['not-substantiated', 'no-continuing-risk', 'conference'] as const;
/** One of {@link S47_DETERMINATIONS}. */
export type S47Determination = (typeof S47_DETERMINATIONS)[number];

/** A strategy discussion or meeting; the last one before an ICPC starts its clock. */
export interface StrategyDiscussion {
  strategyDiscussionId: string;
  date: CalendarDate;
  /** Whether it decided s47 enquiries were needed; absent means it did (the usual case). */
  section47?: boolean;
  /** How the s47 enquiries ended, once they have. */
  s47Determination?: S47Determination;
  /** The day the determination was made. */
  determinedOn?: CalendarDate;
}

/** A change of a registration's category from a day on (at an RCPC, or a dated correction). */
export interface CategoryChange {
  /** The first day the new category is in force. */
  from: CalendarDate;
  category: CategoryName;
  /** The RCPC that changed it, when a conference did. */
  atMeetingId?: string;
}

/** A period on the Child Protection Register. */
export interface Registration {
  registrationId: string;
  /** The day registered: the date of the registering ICPC, where there was one. */
  startDate: CalendarDate;
  /** The category the child was registered under. */
  category: CategoryName;
  /** Later changes of category, each from its day on. */
  categoryChanges?: readonly CategoryChange[];
  /** The day de-registered; absent while registered. */
  endDate?: CalendarDate;
  /** The ICPC (or transfer-in conference) that registered the child, when it is recorded here. */
  registeredAtMeetingId?: string;
  /** The RCPC that de-registered the child, when it is recorded here. */
  deregisteredAtMeetingId?: string;
}

/**
 * A registered child's move into the area is permanent: the receiving
 * authority holds a transfer-in conference within its timescale (Wales
 * Safeguarding Procedures, section 4).
 */
export interface TransferIn {
  transferInId: string;
  /** The day the authority was told the move is permanent. */
  notifiedOn: CalendarDate;
}

/**
 * The stages of the council's case dispute resolution protocol: an IRO first
 * raises a concern informally with the team; unresolved, it goes formal
 * (to the service manager, then the head of service).
 */
export const DISPUTE_STAGES = ['informal', 'formal'] as const;
/** One of {@link DISPUTE_STAGES}. */
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

/**
 * A case dispute: an IRO's (or another's) challenge to the local authority's
 * plan for the child, under the council's dispute resolution protocol, and
 * how it ended (the reports' "Case Dispute Resolution" section).
 */
export interface Dispute {
  disputeId: string;
  /** The day the dispute was raised. */
  startedOn: CalendarDate;
  /** The protocol's stage it was raised at (or has reached). */
  stage: DisputeStage;
  /** Who raised it, in words: "IRO", "child's advocate", … (never a name of the child). */
  raisedBy: string;
  /** The day it was resolved; absent while open. */
  resolvedOn?: CalendarDate;
  /** How it was resolved, in words. */
  outcome?: string;
  /** Whether independent legal advice was sought. */
  legalAdviceSought: boolean;
  /** Whether the case was referred to Cafcass Cymru. */
  cafcassReferral: boolean;
}

/** The kinds of meeting and conference the IRO service records. */
export const MEETING_TYPES = ['CER', 'ICPC', 'RCPC', 'MIDPOINT', 'CORE_GROUP', 'TRANSFER_IN'] as const;
/** A kind of meeting, one of {@link MEETING_TYPES}. */
export type MeetingType = (typeof MEETING_TYPES)[number];

/** What a child protection conference decided. */
export type ConferenceOutcome =
  | { decision: 'register'; category: CategoryName }
  | { decision: 'do-not-register' }
  | { decision: 'continue'; category?: CategoryName }
  | { decision: 'deregister' };

/**
 * Where a meeting stands: booked (to be held on a day), held, or cancelled.
 * Only a held meeting satisfies a timescale; a booking satisfies nothing
 * until it is held.
 */
export const MEETING_STATUSES = ['booked', 'held', 'cancelled'] as const;
/** One of {@link MEETING_STATUSES}. */
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** What every meeting has, whatever its status. */
interface MeetingBase {
  meetingId: string;
  type: MeetingType;
  chairEmail?: string;
  /** The day it was booked for, when it was booked before it was held (kept once held or cancelled). */
  bookedFor?: CalendarDate;
  /** The day the booking was made (or last moved). */
  bookedOn?: CalendarDate;
  /** Why it was booked after its timescale's due date (the family's availability, say): a booking made late says why. */
  lateReason?: string;
}

/**
 * The SSDA903 return's codes for a child's participation in a CER
 * (`REVIEW_CODE`): PN0, a child under 4; PN1 to PN3, attended and conveyed
 * their views (in person, through an advocate, non-verbally); PN4, attended
 * without conveying them; PN5 and PN6, did not attend but conveyed them
 * (through an advocate, or in writing or another way); PN7, neither.
 */
export const PARTICIPATION_CODES = ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'] as const;
/** One of {@link PARTICIPATION_CODES}. */
export type ParticipationCode = (typeof PARTICIPATION_CODES)[number];

/** Whether each participation code says the child's views reached the review: what `childParticipated` records. */
export const PARTICIPATED: { readonly [Code in ParticipationCode]: boolean } = {
  PN0: false,
  PN1: true,
  PN2: true,
  PN3: true,
  PN4: false,
  PN5: true,
  PN6: true,
  PN7: false,
};

/** What a held meeting records: who took part, and what follows from it. */
export interface MeetingFacts {
  childParticipated: boolean;
  /** CER: how the child took part, as the SSDA903 return codes it; when given, `childParticipated` follows it. */
  participationCode?: ParticipationCode;
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

/** A meeting held: it satisfies the timescale of its type. */
export interface HeldMeeting extends MeetingBase, MeetingFacts {
  status: 'held';
  /** The day it was held. */
  heldOn: CalendarDate;
}

/** A meeting booked for a day and not yet held: it satisfies nothing. */
export interface BookedMeeting extends MeetingBase {
  status: 'booked';
  bookedFor: CalendarDate;
}

/** A meeting cancelled, booked or recorded: it satisfies nothing. */
export interface CancelledMeeting extends MeetingBase, Partial<MeetingFacts> {
  status: 'cancelled';
  /** The day it was to be held. */
  heldOn: CalendarDate;
  cancellationReason?: string;
}

/** A review meeting or conference: booked, held (with its outcome) or cancelled. */
export type Meeting = HeldMeeting | BookedMeeting | CancelledMeeting;

/** The day a meeting was held or booked for (or was to be held, when cancelled): where it stands in the file's order. */
export function meetingDay(meeting: Meeting): CalendarDate {
  return meeting.status === 'booked' ? meeting.bookedFor : meeting.heldOn;
}

/** Everything the timescale engine needs to know about one child. */
export interface ChildRecords {
  careEpisodes: readonly CareEpisode[];
  placementChanges: readonly PlacementChange[];
  strategyDiscussions: readonly StrategyDiscussion[];
  registrations: readonly Registration[];
  meetings: readonly Meeting[];
  transferIns: readonly TransferIn[];
  disputes: readonly Dispute[];
}

/** The collections of a child's records: `careEpisodes`, `placementChanges`, … */
export type RecordCollection = keyof ChildRecords;

/** No records yet, in every collection: a new child's file. */
export function emptyRecords(): { -readonly [C in RecordCollection]: ChildRecords[C][number][] } {
  return { careEpisodes: [], placementChanges: [], strategyDiscussions: [], registrations: [], meetings: [], transferIns: [], disputes: [] };
}

/** The category of a registration in force on a day: its last change from that day or before, else the one it started with. */
export function categoryOn(registration: Pick<Registration, 'category' | 'categoryChanges'>, day: CalendarDate): CategoryName {
  let category = registration.category;
  let since = '';
  for (const change of registration.categoryChanges ?? []) {
    if (change.from <= day && change.from >= since) {
      category = change.category;
      since = change.from;
    }
  }
  return category;
}

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
