/**
 * A synthetic register for the benchmarks, from a fixed seed: about two
 * looked-after children for each one registered (60% looked after only, 25%
 * registered only, 15% both), years of care episodes, CERs, mid-point reviews,
 * placement changes, strategy discussions, ICPCs, core groups and RCPCs, most
 * meetings a few days early, some late, now and then one cancelled first.
 * Every name is invented.
 */
import type { CancelledMeeting, CareEpisode, Child, ChildRecords, HeldMeeting, MeetingType, PlacementChange, Registration, StrategyDiscussion } from '#shared/domain/records';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { mulberry32 } from '#infra/local/demo-register';

/** A seeded generator (the demo register's mulberry32), so every run measures the same children. */
export const seeded = mulberry32;

export interface HistoryOptions {
  random: () => number;
  /** The register as it stands on this day: nothing is held after it. */
  asOf: string;
  /** The earliest day a history starts. */
  historyFrom: string;
  /** A record's id; short ids by default, UUIDs for a register that goes into the table. */
  newId?: (hint: string) => string;
}

/** The meetings a synthetic history records: held, or cancelled before being held again (none is left booked). */
type Meetings = (HeldMeeting | CancelledMeeting)[];

/** A child's records, drawn from the seeded stream. */
export function syntheticRecords(options: HistoryOptions): ChildRecords {
  const { random } = options;
  const asOfDay = toDayNumber(options.asOf);
  const historyFrom = toDayNumber(options.historyFrom);
  const id = options.newId ?? ((hint: string) => hint);
  const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number): boolean => random() < p;

  const meeting = (hint: string, type: MeetingType, day: number, extra: Partial<HeldMeeting> = {}): HeldMeeting => ({
    meetingId: id(hint),
    type,
    heldOn: fromDayNumber(day),
    status: 'held',
    chairEmail: 'iro@example.gov.uk',
    childParticipated: chance(0.4),
    advocacyOffered: chance(0.9),
    advocacyProvided: chance(0.15),
    qaAuditCompleted: chance(0.75),
    ...extra,
  });
  /** A meeting held around its due date: usually a few days early, sometimes late, now and then cancelled first. */
  const heldAround = (meetings: Meetings, hint: string, type: MeetingType, due: number, extra: Partial<HeldMeeting> = {}): number => {
    if (chance(0.05)) meetings.push({ ...meeting(`${hint}-x`, type, due - between(2, 8)), status: 'cancelled', cancellationReason: 'rescheduled' });
    const day = chance(0.07) ? due + between(1, 20) : due - between(0, 12);
    if (day <= asOfDay) meetings.push(meeting(hint, type, day, extra));
    return day;
  };

  const lookedAfter = (meetings: Meetings, episodes: CareEpisode[], changes: PlacementChange[]): void => {
    let start = between(historyFrom, asOfDay - 20);
    for (let e = 0; e < 3 && start <= asOfDay; e += 1) {
      const length = between(40, 2600);
      const end = start + length;
      const episode: CareEpisode = { episodeId: id(`e${e}`), startDate: fromDayNumber(start), legalStatus: 'C2' };
      if (end <= asOfDay) episode.endDate = fromDayNumber(end);
      episodes.push(episode);

      let due = start + 28; // about 20 working days
      for (let n = 0; ; n += 1) {
        if (due > Math.min(end, asOfDay)) break;
        const recommendationsSent = chance(0.95);
        const sentDay = due + between(1, 8);
        const cerDay = heldAround(meetings, `e${e}c${n}`, 'CER', due, {
          ...(recommendationsSent ? { recommendationsSentOn: fromDayNumber(sentDay) } : {}),
          ...(recommendationsSent && chance(0.9) ? { managerRespondedOn: fromDayNumber(sentDay + between(1, 8)) } : {}),
        });
        if (cerDay > Math.min(end, asOfDay)) break;
        const gap = n === 0 ? 91 : 182;
        if (chance(0.8)) heldAround(meetings, `e${e}m${n}`, 'MIDPOINT', cerDay + Math.floor(gap / 2));
        due = cerDay + gap;
        if (chance(0.25)) {
          const changeDay = cerDay + between(5, gap);
          const unplanned = chance(0.4);
          changes.push({ placementChangeId: id(`e${e}p${n}`), date: fromDayNumber(changeDay), unplanned });
          if (unplanned) due = Math.min(due, changeDay + 28);
        }
      }
      start = end + between(30, 900);
    }
  };

  const registered = (meetings: Meetings, discussions: StrategyDiscussion[], registrations: Registration[]): void => {
    let day = between(historyFrom, asOfDay - 10);
    for (let r = 0; r < 2 && day <= asOfDay; r += 1) {
      discussions.push({ strategyDiscussionId: id(`s${r}a`), date: fromDayNumber(day) });
      if (chance(0.2)) {
        day += between(2, 10);
        discussions.push({ strategyDiscussionId: id(`s${r}b`), date: fromDayNumber(day) });
      }
      const icpcDay = heldAround(meetings, `i${r}`, 'ICPC', day + 21, {});
      if (icpcDay > asOfDay) break;
      const registers = chance(0.85);
      const icpc = meetings[meetings.length - 1]!;
      icpc.outcome = registers ? { decision: 'register', category: 'Neglect' } : { decision: 'do-not-register' };
      if (chance(0.9)) icpc.outlinePlanSentOn = fromDayNumber(icpcDay + between(1, 7));
      if (!registers) {
        day = icpcDay + between(60, 900);
        continue;
      }
      const registration: Registration = { registrationId: id(`r${r}`), startDate: icpc.heldOn, category: 'Neglect', registeredAtMeetingId: icpc.meetingId };
      registrations.push(registration);
      heldAround(meetings, `g${r}`, 'CORE_GROUP', icpcDay + 14);
      const reviews = between(1, 6);
      let due = icpcDay + 91;
      let last = icpcDay;
      for (let n = 0; n < reviews && due <= asOfDay; n += 1) {
        last = heldAround(meetings, `r${r}v${n}`, 'RCPC', due, { outcome: { decision: n === reviews - 1 ? 'deregister' : 'continue' } });
        if (last > asOfDay) break;
        if (n === reviews - 1) {
          registration.endDate = fromDayNumber(last);
          registration.deregisteredAtMeetingId = meetings[meetings.length - 1]!.meetingId;
        }
        due = last + 182;
      }
      day = last + between(60, 1200);
    }
  };

  const meetings: Meetings = [];
  const careEpisodes: CareEpisode[] = [];
  const placementChanges: PlacementChange[] = [];
  const strategyDiscussions: StrategyDiscussion[] = [];
  const registrations: Registration[] = [];
  const roll = random();
  if (roll < 0.75) lookedAfter(meetings, careEpisodes, placementChanges);
  if (roll >= 0.6) registered(meetings, strategyDiscussions, registrations);
  meetings.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0));
  return { careEpisodes, placementChanges, strategyDiscussions, registrations, meetings, transferIns: [], disputes: [] };
}

/** A UUID drawn from the seeded stream (version 4 layout), so that the same seed gives the same ids. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** An IRO carries about 60 children; a team manager's team about 150. */
export const CHILDREN_PER_IRO = 60;
export const CHILDREN_PER_TEAM = 150;

const GIVEN = ['Ambrel', 'Bexlin', 'Corvy', 'Dariel', 'Elvane', 'Fennick', 'Gwistle', 'Hobbin', 'Islay', 'Jorrow', 'Kestrin', 'Lumey'];
const FAMILY = ['Applewhistle', 'Bramblecote', 'Cobblethwaite', 'Dapplemoss', 'Elderwick', 'Fernbottle', 'Gorsethistle', 'Hazelpudding'];
const GENDERS = ['female', 'male', 'female', 'male', 'other', 'not-stated'] as const;

/** The child's profile: its IRO and team by position in the register, so that the first thousand keep theirs however large it grows. */
export function syntheticChild(index: number, random: () => number, asOf: string): Child {
  const ageDays = Math.floor(random() * 17.5 * 365.25);
  const team = Math.floor(index / CHILDREN_PER_TEAM);
  return {
    childId: seededUuid(random),
    reference: `N-${String(index).padStart(7, '0')}`,
    givenName: GIVEN[Math.floor(random() * GIVEN.length)]!,
    familyName: FAMILY[Math.floor(random() * FAMILY.length)]!,
    dateOfBirth: fromDayNumber(toDayNumber(asOf) - ageDays),
    gender: GENDERS[Math.floor(random() * GENDERS.length)]!,
    iroEmail: `iro${String(Math.floor(index / CHILDREN_PER_IRO)).padStart(5, '0')}@example.org`,
    teamName: `Team ${team}`,
    teamManagerEmail: `tm${String(team).padStart(4, '0')}@example.org`,
  };
}
