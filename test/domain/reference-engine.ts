/**
 * A plain reference implementation of the timescale rules, for the tests: the
 * fast engine (`shared/domain/timescales/engine.ts`) must give exactly what
 * this gives (engine-differential.test.ts checks it on random registers).
 *
 * Written to be read against the rules (docs/domain.md and the lead's list),
 * not for speed: plain loops over the records, dates kept as `yyyy-mm-dd`
 * text and compared as text, and the calendar's public functions for every
 * count of days and months. One small function per rule, each headed by the
 * rule it applies. Where the rules leave a detail open and the fast engine
 * was read to settle it, the comment says "Settled by the fast engine".
 *
 * Layout: the as-of day and the held meetings; periods (care episodes,
 * registrations); the care cycle (CERs, unplanned placement changes,
 * mid-point reviews, recommendations, the manager's response); the protection
 * cycle (ICPC runs and s47 outcomes, transfer-in runs, RCPCs, first core
 * group, outline plan); then bookings, status and order.
 *
 * Every due date names the rule it was worked out by (`rule`: one per line of
 * docs/domain.md's timescale table), with what that rule says besides the
 * date: the regular due date an unplanned placement change brought a CER
 * forward from, and the next CER's regular due date a mid-point review is
 * halfway to.
 */
import type {
  BookedMeeting,
  CalendarDate,
  CareEpisode,
  ChildRecords,
  HeldMeeting,
  MeetingType,
  PlacementChange,
  Registration,
  StrategyDiscussion,
  TransferIn,
} from '#shared/domain/records';
import { addDays, addMonths, daysBetween } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, workingDaysBetween } from '#shared/domain/calendar/working-days';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type {
  Booking,
  ChildTimescales,
  CountedFrom,
  CountedFromEvent,
  MeetingCompliance,
  OpenTimescale,
  TimescaleKind,
  TimescaleRule,
  TimescaleStage,
  TimescaleStatus,
  TimescaleWithStatus,
} from '#shared/domain/timescales/types';

/** What the rules find for a child: the timescales still open, and the held meetings judged. */
interface Findings {
  readonly open: OpenTimescale[];
  readonly judged: MeetingCompliance[];
}

// ───────────────────────── The as-of day, dates and held meetings ─────────────────────────

/** "Records dated after asOf are ignored (as if run on asOf)": a date recorded by the as-of date, or nothing. */
function recordedBy(date: CalendarDate | undefined, asOf: CalendarDate): CalendarDate | undefined {
  return date !== undefined && date <= asOf ? date : undefined;
}

/** The later of two dates. */
function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/** Orders by date, then by id (text order). */
function byDateThenId(a: { date: CalendarDate; id: string }, b: { date: CalendarDate; id: string }): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * "A cancelled meeting satisfies nothing and is never judged", nor does a booked one until it is held: the held meetings of a
 * type, held by the as-of date, in the order held (then meetingId).
 */
function heldMeetings(records: ChildRecords, type: MeetingType, asOf: CalendarDate): HeldMeeting[] {
  const held: HeldMeeting[] = [];
  for (const meeting of records.meetings) {
    if (meeting.type === type && meeting.status === 'held' && meeting.heldOn <= asOf) held.push(meeting);
  }
  return held.sort((a, b) => byDateThenId({ date: a.heldOn, id: a.meetingId }, { date: b.heldOn, id: b.meetingId }));
}

function countedFrom(event: CountedFromEvent, date: CalendarDate, recordId: string): CountedFrom {
  return { event, date, recordId };
}

/** "statutory is false only for MIDPOINT". */
function isStatutory(kind: TimescaleKind): boolean {
  return kind !== 'MIDPOINT';
}

/** A due date, what it is counted from, the rule that gave it, and what that rule says besides. */
interface Due {
  readonly due: CalendarDate;
  readonly from: CountedFrom;
  readonly rule: TimescaleRule;
  /** "unplannedPlacementChangeCer ... with broughtForwardFrom = the regular due date it replaced." */
  readonly broughtForwardFrom?: CalendarDate;
  /** "midpoint with halfwayTo = the next CER's regular due date." */
  readonly halfwayTo?: CalendarDate;
}

/** What a due date says besides the date: its rule, and the dates its rule names (only those it has). */
function ruleOf(due: Due): Pick<OpenTimescale, 'rule' | 'broughtForwardFrom' | 'halfwayTo'> {
  return {
    rule: due.rule,
    ...(due.broughtForwardFrom === undefined ? {} : { broughtForwardFrom: due.broughtForwardFrom }),
    ...(due.halfwayTo === undefined ? {} : { halfwayTo: due.halfwayTo }),
  };
}

function addOpen(findings: Findings, kind: TimescaleKind, due: Due, stage?: TimescaleStage): void {
  findings.open.push({ kind, dueDate: due.due, countedFrom: due.from, ...ruleOf(due), statutory: isStatutory(kind), ...(stage === undefined ? {} : { stage }) });
}

/** A held meeting judged against its due date: in compliance when held on or before it. */
function addJudged(findings: Findings, meeting: HeldMeeting, kind: TimescaleKind, due: Due): void {
  findings.judged.push({
    meetingId: meeting.meetingId,
    type: meeting.type,
    heldOn: meeting.heldOn,
    kind,
    dueDate: due.due,
    inCompliance: meeting.heldOn <= due.due,
    countedFrom: due.from,
    ...ruleOf(due),
  });
}

// ───────────────────────── Periods: care episodes and registrations ─────────────────────────

/** A period of care or on the register: from its start to its last day (inclusive), or still open. */
interface Period<T> {
  /** The record that started it (a period of care: its first episode). */
  readonly first: T;
  readonly firstId: string;
  readonly start: CalendarDate;
  /** The last day of the period; undefined while it is open. */
  end: CalendarDate | undefined;
}

/** "Started by asOf, sorted by start (then id); an end after asOf counts as open; an end before the start is read as the start." */
function periodsStartedBy<T extends CareEpisode | Registration>(records: readonly T[], idOf: (record: T) => string, asOf: CalendarDate): Period<T>[] {
  const periods: Period<T>[] = [];
  for (const record of records) {
    if (record.startDate > asOf) continue;
    const end = recordedBy(record.endDate, asOf);
    periods.push({ first: record, firstId: idOf(record), start: record.startDate, end: end === undefined ? undefined : laterOf(end, record.startDate) });
  }
  return periods.sort((a, b) => byDateThenId({ date: a.start, id: a.firstId }, { date: b.start, id: b.firstId }));
}

/**
 * NEW: "an episode that starts on the very day the previous episode ended (its endDate, reached by asOf) continues the same
 * period of care. The period starts at its first episode's start and ends with its last episode's end." The previous
 * episode is the one before in start order, and "its endDate" is the date recorded (so an end recorded before its start,
 * read as the start, never joins the next), looked at before any overlap.
 */
function periodsOfCare(episodes: Period<CareEpisode>[], asOf: CalendarDate): Period<CareEpisode>[] {
  const periods: Period<CareEpisode>[] = [];
  let previousEpisode: Period<CareEpisode> | undefined;
  for (const episode of episodes) {
    const current = periods.at(-1);
    const previousEnded = recordedBy(previousEpisode?.first.endDate, asOf);
    if (current !== undefined && previousEnded !== undefined && episode.start === previousEnded) {
      current.end = episode.end;
    } else {
      periods.push({ ...episode });
    }
    previousEpisode = episode;
  }
  return periods;
}

/** "A later period supersedes an earlier one from the day it starts (the earlier ends the day before, but never before its own start)." */
function supersedeOverlaps<T>(periods: Period<T>[]): void {
  for (let i = 0; i + 1 < periods.length; i += 1) {
    const period = periods[i]!;
    const next = periods[i + 1]!;
    if (period.end === undefined || next.start <= period.end) period.end = laterOf(addDays(next.start, -1), period.start);
  }
}

function isOpen(period: Period<unknown>): boolean {
  return period.end === undefined;
}

/** Whether a day lies within a period, its start and end included. */
function within(period: Period<unknown>, day: CalendarDate): boolean {
  return period.start <= day && (period.end === undefined || day <= period.end);
}

/**
 * The period a meeting held on `day` counts in. Settled by the fast engine: periods share at most their common first
 * day (two starting the same day, the earlier one clipped to it); a meeting on such a day counts in the first of them.
 */
function periodHolding<T>(periods: readonly Period<T>[], day: CalendarDate): Period<T> | undefined {
  return periods.find((period) => within(period, day));
}

// ───────────────────────── The care cycle ─────────────────────────

/** An unplanned placement change, as the CER rules see it. */
interface Change {
  readonly date: CalendarDate;
  readonly id: string;
}

/** "If policy.unplannedPlacementChangeCer": the unplanned changes recorded by the as-of date, earliest first. */
function unplannedChanges(changes: readonly PlacementChange[], policy: TimescalePolicy, asOf: CalendarDate): Change[] {
  if (!policy.unplannedPlacementChangeCer) return [];
  const unplanned: Change[] = [];
  for (const change of changes) if (change.unplanned && change.date <= asOf) unplanned.push({ date: change.date, id: change.placementChangeId });
  return unplanned.sort(byDateThenId);
}

/** "First CER due firstCerWorkingDays working days after the period start" (counted from its first episode; rule firstCer: no CER held in the period before it). */
function firstCerDue(period: Period<CareEpisode>, policy: TimescalePolicy): Due {
  return {
    due: addWorkingDays(period.start, policy.firstCerWorkingDays),
    from: countedFrom('CARE_EPISODE_START', period.start, period.firstId),
    rule: 'firstCer',
  };
}

/**
 * "Second CER secondCerMonths months after the first held; later CERs laterCerMonths after the previous held." `number` counts
 * from 1: the CER after the first is the second (rule secondCer), after any later one a later CER (rule laterCer).
 */
function cerAfter(cer: HeldMeeting, number: number, policy: TimescalePolicy): Due {
  return {
    due: addMonths(cer.heldOn, number === 1 ? policy.secondCerMonths : policy.laterCerMonths),
    from: countedFrom('CER', cer.heldOn, cer.meetingId),
    rule: number === 1 ? 'secondCer' : 'laterCer',
  };
}

/** The next CER's regular due date, after the CERs held so far in the period ("a CER held late still restarts the cycle from the day it was held"). */
function regularCerDue(period: Period<CareEpisode>, cersSoFar: readonly HeldMeeting[], policy: TimescalePolicy): Due {
  const last = cersSoFar.at(-1);
  return last === undefined ? firstCerDue(period, policy) : cerAfter(last, cersSoFar.length, policy);
}

/**
 * "Only changes after the anchor (the last CER, or the period start) and within the period count; a change on a CER's day is
 * considered by that CER; of several the earliest binds." The change that binds the next CER, looking up to `upTo`.
 */
function bindingChange(changes: readonly Change[], anchor: CalendarDate, period: Period<CareEpisode>, upTo: CalendarDate): Change | undefined {
  for (const change of changes) {
    if (change.date > anchor && change.date <= upTo && within(period, change.date)) return change;
  }
  return undefined;
}

/**
 * "The next CER is due by the earlier of its regular date and unplannedPlacementChangeCerWorkingDays after the change." When
 * the change brings it forward, the rule is unplannedPlacementChangeCer and the regular date is what it was brought forward from.
 */
function nextCerDue(period: Period<CareEpisode>, cersSoFar: readonly HeldMeeting[], changes: readonly Change[], upTo: CalendarDate, policy: TimescalePolicy): Due {
  const regular = regularCerDue(period, cersSoFar, policy);
  const anchor = cersSoFar.at(-1)?.heldOn ?? period.start;
  const change = bindingChange(changes, anchor, period, upTo);
  if (change === undefined) return regular;
  const afterChange = addWorkingDays(change.date, policy.unplannedPlacementChangeCerWorkingDays);
  if (afterChange >= regular.due) return regular;
  return {
    due: afterChange,
    from: countedFrom('UNPLANNED_PLACEMENT_CHANGE', change.date, change.id),
    rule: 'unplannedPlacementChangeCer',
    broughtForwardFrom: regular.due,
  };
}

/** "Mid-point review: due halfway (floor of days) between the last CER and the next CER's REGULAR due date" (rule midpoint, halfway to that date). */
function midpointDue(cer: HeldMeeting, number: number, policy: TimescalePolicy): Due {
  const regular = cerAfter(cer, number, policy).due;
  return {
    due: addDays(cer.heldOn, Math.floor(daysBetween(cer.heldOn, regular) / 2)),
    from: countedFrom('CER', cer.heldOn, cer.meetingId),
    rule: 'midpoint',
    halfwayTo: regular,
  };
}

/** "The first mid-point held after the last CER (and up to the next CER, or the period end) closes" it. */
function midpointAfter(midpoints: readonly HeldMeeting[], cer: HeldMeeting, upTo: CalendarDate): HeldMeeting | undefined {
  return midpoints.find((midpoint) => midpoint.heldOn > cer.heldOn && midpoint.heldOn <= upTo);
}

/** "Recommendations: for the latest CER only, due recommendationsWorkingDays after it until recommendationsSentOn (<= asOf) is recorded; then MANAGER_RESPONSE ... until managerRespondedOn." */
function recommendationsAndResponse(latestCer: HeldMeeting, policy: TimescalePolicy, asOf: CalendarDate, findings: Findings): void {
  const sentOn = recordedBy(latestCer.recommendationsSentOn, asOf);
  if (sentOn === undefined) {
    addOpen(findings, 'RECOMMENDATIONS', {
      due: addWorkingDays(latestCer.heldOn, policy.recommendationsWorkingDays),
      from: countedFrom('CER', latestCer.heldOn, latestCer.meetingId),
      rule: 'recommendations',
    });
    return;
  }
  if (recordedBy(latestCer.managerRespondedOn, asOf) === undefined) {
    addOpen(findings, 'MANAGER_RESPONSE', {
      due: addWorkingDays(sentOn, policy.managerResponseWorkingDays),
      from: countedFrom('RECOMMENDATIONS_SENT', sentOn, latestCer.meetingId),
      rule: 'managerResponse',
    });
  }
}

/** One period of care: its CERs judged in turn, its mid-point reviews, and, while it is open, what is still owed. */
function careCycle(
  period: Period<CareEpisode>,
  cers: readonly HeldMeeting[],
  midpoints: readonly HeldMeeting[],
  changes: readonly Change[],
  policy: TimescalePolicy,
  asOf: CalendarDate,
  findings: Findings,
): void {
  // "Each held CER is judged against its due date (kind CER)."
  const cersSoFar: HeldMeeting[] = [];
  for (const cer of cers) {
    addJudged(findings, cer, 'CER', nextCerDue(period, cersSoFar, changes, cer.heldOn, policy));
    cersSoFar.push(cer);
  }

  // "The first mid-point held after the last CER (and up to the next CER, or the period end) closes and is judged (countedFrom the CER)."
  let midpointAfterLastCer: HeldMeeting | undefined;
  if (policy.midpointReviews) {
    cers.forEach((cer, i) => {
      const upTo = cers[i + 1]?.heldOn ?? period.end ?? asOf;
      const midpoint = midpointAfter(midpoints, cer, upTo);
      if (midpoint !== undefined) addJudged(findings, midpoint, 'MIDPOINT', midpointDue(cer, i + 1, policy));
      if (i === cers.length - 1) midpointAfterLastCer = midpoint;
    });
  }

  // "When the period has ended, nothing more is open for it (no CER, mid-point, recommendations or response)."
  if (!isOpen(period)) return;

  addOpen(findings, 'CER', nextCerDue(period, cersSoFar, changes, asOf, policy));

  const latestCer = cersSoFar.at(-1);
  if (latestCer === undefined) return;
  // "Mid-point review (if policy.midpointReviews): after a CER, due halfway ...", open until one is held.
  if (policy.midpointReviews && midpointAfterLastCer === undefined) {
    addOpen(findings, 'MIDPOINT', midpointDue(latestCer, cersSoFar.length, policy));
  }
  recommendationsAndResponse(latestCer, policy, asOf, findings);
}

/** Care: each period of care with its own CER cycle; CERs (and mid-points) outside every period are not judged. */
function careTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate, findings: Findings): void {
  const periods = periodsOfCare(periodsStartedBy(records.careEpisodes, (episode) => episode.episodeId, asOf), asOf);
  supersedeOverlaps(periods);
  const cers = heldMeetings(records, 'CER', asOf);
  const midpoints = heldMeetings(records, 'MIDPOINT', asOf);
  const changes = unplannedChanges(records.placementChanges, policy, asOf);
  for (const period of periods) {
    // "Per period: CERs held within [period start, period end] (inclusive)."
    const cersInPeriod = cers.filter((cer) => periodHolding(periods, cer.heldOn) === period);
    careCycle(period, cersInPeriod, midpoints, changes, policy, asOf, findings);
  }
}

// ───────────────────────── The protection cycle ─────────────────────────

/** A conference that closes a run: a held meeting, or a registration standing for its unrecorded ICPC. */
interface Conference {
  readonly date: CalendarDate;
  readonly meeting: HeldMeeting | undefined;
}

/** A run of strategy discussions (or transfer-in notifications) and the conference that closed it, if one has. */
interface Run<T> {
  readonly items: readonly T[];
  readonly closedBy: Conference | undefined;
}

/**
 * "Discussions since the last such conference form a run": walking the conferences in order, each closes the items dated
 * on or before it not closed already; what is left after the last conference is the open run.
 */
function runsBetween<T>(items: readonly T[], dateOf: (item: T) => CalendarDate, conferences: readonly Conference[]): Run<T>[] {
  const runs: Run<T>[] = [];
  let waiting = [...items];
  for (const conference of conferences) {
    runs.push({ items: waiting.filter((item) => dateOf(item) <= conference.date), closedBy: conference });
    waiting = waiting.filter((item) => dateOf(item) > conference.date);
  }
  runs.push({ items: waiting, closedBy: undefined });
  return runs.filter((run) => run.items.length > 0);
}

/** "Strategy discussions held while the child is registered (strictly after a registration's start day and before its end day) start nothing." */
function heldWhileRegistered(registrations: readonly Period<Registration>[], day: CalendarDate): boolean {
  return registrations.some((registration) => registration.start < day && (registration.end === undefined || day < registration.end));
}

/** The strategy discussions that can start an ICPC timescale, by the as-of date, earliest first. */
function discussionsThatCount(records: ChildRecords, registrations: readonly Period<Registration>[], asOf: CalendarDate): StrategyDiscussion[] {
  const discussions = records.strategyDiscussions.filter((discussion) => discussion.date <= asOf && !heldWhileRegistered(registrations, discussion.date));
  return discussions.sort((a, b) => byDateThenId({ date: a.date, id: a.strategyDiscussionId }, { date: b.date, id: b.strategyDiscussionId }));
}

/**
 * "The conferences that close an ICPC timescale are held ICPCs, and registrations with no ICPC held on their start day (the
 * registration date stands for the ICPC)." In date order ("an ICPC on the day of a strategy discussion closes it").
 */
function icpcConferences(icpcs: readonly HeldMeeting[], registrations: readonly Period<Registration>[]): Conference[] {
  const conferences: Conference[] = icpcs.map((icpc) => ({ date: icpc.heldOn, meeting: icpc }));
  for (const registration of registrations) {
    if (!icpcs.some((icpc) => icpc.heldOn === registration.start)) conferences.push({ date: registration.start, meeting: undefined });
  }
  // A stable sort: ICPCs on one day stay in meetingId order (no registration here shares a day with an ICPC).
  return conferences.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** An s47 determination counts once made: "with determinedOn on or before asOf (a determination with no determinedOn counts too)". */
function determinationInForce(discussion: StrategyDiscussion, asOf: CalendarDate): StrategyDiscussion['s47Determination'] {
  if (discussion.s47Determination === undefined) return undefined;
  return discussion.determinedOn === undefined || discussion.determinedOn <= asOf ? discussion.s47Determination : undefined;
}

/** NEW: "a run closes without a conference when its LAST discussion has section47: false, or has s47Determination 'not-substantiated' or 'no-continuing-risk' [in force]". */
function closedWithoutConference(lastDiscussion: StrategyDiscussion, asOf: CalendarDate): boolean {
  const determination = determinationInForce(lastDiscussion, asOf);
  return lastDiscussion.section47 === false || determination === 'not-substantiated' || determination === 'no-continuing-risk';
}

/** NEW: "while the last discussion has section47 true (or absent) and no determination in force, the open ICPC timescale carries stage 's47-enquiries-under-way'". */
function icpcStage(lastDiscussion: StrategyDiscussion, asOf: CalendarDate): TimescaleStage | undefined {
  return lastDiscussion.section47 !== false && determinationInForce(lastDiscussion, asOf) === undefined ? 's47-enquiries-under-way' : undefined;
}

/** "The ICPC timescale of a run counts from its last discussion (or its first, when policy.icpcCountsFrom is 'first-strategy-discussion'), due icpcWorkingDays after it." */
function icpcDue(run: readonly StrategyDiscussion[], policy: TimescalePolicy): Due {
  const start = policy.icpcCountsFrom === 'first-strategy-discussion' ? run[0]! : run.at(-1)!;
  return { due: addWorkingDays(start.date, policy.icpcWorkingDays), from: countedFrom('STRATEGY_DISCUSSION', start.date, start.strategyDiscussionId), rule: 'icpc' };
}

/** ICPCs: each run of strategy discussions, judged at the held ICPC that closes it, or open while no conference has. */
function icpcTimescales(records: ChildRecords, registrations: readonly Period<Registration>[], policy: TimescalePolicy, asOf: CalendarDate, findings: Findings): void {
  const icpcs = heldMeetings(records, 'ICPC', asOf);
  const runs = runsBetween(discussionsThatCount(records, registrations, asOf), (discussion) => discussion.date, icpcConferences(icpcs, registrations));
  for (const run of runs) {
    const last = run.items.at(-1)!;
    // NEW: "then no ICPC timescale is open for it, and an ICPC held later for those discussions is not judged".
    if (closedWithoutConference(last, asOf)) continue;
    const due = icpcDue(run.items, policy);
    // "A held ICPC that closes a run is judged against that due date."
    if (run.closedBy?.meeting !== undefined) addJudged(findings, run.closedBy.meeting, 'ICPC', due);
    else if (run.closedBy === undefined) addOpen(findings, 'ICPC', due, icpcStage(last, asOf));
  }
}

/** NEW: "each transfer-in notification opens a TRANSFER_IN timescale due transferInWorkingDays working days after notifiedOn", a run counted from its last. */
function transferInDue(run: readonly TransferIn[], policy: TimescalePolicy): Due {
  const last = run.at(-1)!;
  return {
    due: addWorkingDays(last.notifiedOn, policy.transferInWorkingDays),
    from: countedFrom('TRANSFER_IN_NOTIFIED', last.notifiedOn, last.transferInId),
    rule: 'transferIn',
  };
}

/**
 * NEW: "closed by a held TRANSFER_IN meeting on or after notifiedOn; notifications since the last TRANSFER_IN conference form
 * a run counted from the last of them, like strategy discussions; the closing conference is judged (kind TRANSFER_IN)".
 */
function transferInTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate, findings: Findings): void {
  const notifications = records.transferIns
    .filter((transferIn) => transferIn.notifiedOn <= asOf)
    .sort((a, b) => byDateThenId({ date: a.notifiedOn, id: a.transferInId }, { date: b.notifiedOn, id: b.transferInId }));
  const conferences = heldMeetings(records, 'TRANSFER_IN', asOf).map((meeting): Conference => ({ date: meeting.heldOn, meeting }));
  for (const run of runsBetween(notifications, (transferIn) => transferIn.notifiedOn, conferences)) {
    const due = transferInDue(run.items, policy);
    if (run.closedBy?.meeting !== undefined) addJudged(findings, run.closedBy.meeting, 'TRANSFER_IN', due);
    else addOpen(findings, 'TRANSFER_IN', due);
  }
}

/**
 * "RCPCs held after the registration day and up to its end are the cycle: the first due firstRcpcMonths after the registration
 * day (countedFrom REGISTRATION, rule firstRcpc), later ones laterRcpcMonths after the previous RCPC (countedFrom RCPC, rule
 * laterRcpc); each judged; the next is open while registered."
 */
function rcpcCycle(registration: Period<Registration>, rcpcs: readonly HeldMeeting[], policy: TimescalePolicy, findings: Findings): void {
  let due: Due = {
    due: addMonths(registration.start, policy.firstRcpcMonths),
    from: countedFrom('REGISTRATION', registration.start, registration.firstId),
    rule: 'firstRcpc',
  };
  for (const rcpc of rcpcs) {
    if (!(rcpc.heldOn > registration.start && within(registration, rcpc.heldOn))) continue;
    addJudged(findings, rcpc, 'RCPC', due);
    due = { due: addMonths(rcpc.heldOn, policy.laterRcpcMonths), from: countedFrom('RCPC', rcpc.heldOn, rcpc.meetingId), rule: 'laterRcpc' };
  }
  if (isOpen(registration)) addOpen(findings, 'RCPC', due);
}

/**
 * "First core group: the first core group held on or after the registration day, within it, is judged (due
 * firstCoreGroupWorkingDays after the registration day, countedFrom REGISTRATION); while registered and none held, it is open."
 */
function firstCoreGroup(
  registration: Period<Registration>,
  registrations: readonly Period<Registration>[],
  coreGroups: readonly HeldMeeting[],
  policy: TimescalePolicy,
  findings: Findings,
): void {
  const due: Due = {
    due: addWorkingDays(registration.start, policy.firstCoreGroupWorkingDays),
    from: countedFrom('REGISTRATION', registration.start, registration.firstId),
    rule: 'firstCoreGroup',
  };
  const first = coreGroups.find((coreGroup) => periodHolding(registrations, coreGroup.heldOn) === registration);
  if (first !== undefined) addJudged(findings, first, 'CORE_GROUP', due);
  else if (isOpen(registration)) addOpen(findings, 'CORE_GROUP', due);
}

/**
 * "The registering ICPC is recorded (by registeredAtMeetingId, else an ICPC held on the registration day)"; "a TRANSFER_IN
 * conference is not an ICPC". Settled by the fast engine: "else" also when the linked meeting is not a held ICPC by the
 * as-of date (cancelled, later, another type such as a TRANSFER_IN conference, or missing).
 */
function registeringIcpc(registration: Period<Registration>, icpcs: readonly HeldMeeting[]): HeldMeeting | undefined {
  const linked = registration.first.registeredAtMeetingId;
  const byLink = linked === undefined ? undefined : icpcs.find((icpc) => icpc.meetingId === linked);
  return byLink ?? icpcs.find((icpc) => icpc.heldOn === registration.start);
}

/** "Outline plan: while registered, if the registering ICPC is recorded and its outlinePlanSentOn is not recorded by asOf, OUTLINE_PLAN is due outlinePlanWorkingDays after that ICPC (countedFrom ICPC)." */
function outlinePlan(registration: Period<Registration>, icpcs: readonly HeldMeeting[], policy: TimescalePolicy, asOf: CalendarDate, findings: Findings): void {
  if (!isOpen(registration)) return;
  const icpc = registeringIcpc(registration, icpcs);
  if (icpc === undefined || recordedBy(icpc.outlinePlanSentOn, asOf) !== undefined) return;
  addOpen(findings, 'OUTLINE_PLAN', {
    due: addWorkingDays(icpc.heldOn, policy.outlinePlanWorkingDays),
    from: countedFrom('ICPC', icpc.heldOn, icpc.meetingId),
    rule: 'outlinePlan',
  });
}

/** Protection: ICPC and transfer-in runs, then for each registration ("periods like episodes (no contiguity rule)") its RCPCs, first core group and outline plan. */
function protectionTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate, findings: Findings): void {
  const registrations = periodsStartedBy(records.registrations, (registration) => registration.registrationId, asOf);
  supersedeOverlaps(registrations);
  icpcTimescales(records, registrations, policy, asOf, findings);
  transferInTimescales(records, policy, asOf, findings);
  const icpcs = heldMeetings(records, 'ICPC', asOf);
  const rcpcs = heldMeetings(records, 'RCPC', asOf);
  const coreGroups = heldMeetings(records, 'CORE_GROUP', asOf);
  for (const registration of registrations) {
    rcpcCycle(registration, rcpcs, policy, findings);
    firstCoreGroup(registration, registrations, coreGroups, policy, findings);
    outlinePlan(registration, icpcs, policy, asOf, findings);
  }
}

// ───────────────────────── Bookings ─────────────────────────

/**
 * "An open timescale of a meeting type carries the booking of the earliest-booked meeting of that type (by bookedFor, then
 * meetingId) still booked, whatever the as-of date": the meeting, the day it is booked for, and why it was booked late when the
 * booking says. A timescale of no meeting type (outline plan, recommendations, manager's response) has none.
 */
function earliestBooking(records: ChildRecords, kind: TimescaleKind): Booking | undefined {
  const bookings = records.meetings.filter((meeting): meeting is BookedMeeting => meeting.status === 'booked' && meeting.type === kind);
  bookings.sort((a, b) => byDateThenId({ date: a.bookedFor, id: a.meetingId }, { date: b.bookedFor, id: b.meetingId }));
  const earliest = bookings[0];
  if (earliest === undefined) return undefined;
  return { meetingId: earliest.meetingId, bookedFor: earliest.bookedFor, ...(earliest.lateReason === undefined ? {} : { lateReason: earliest.lateReason }) };
}

function withBooking(timescale: OpenTimescale, records: ChildRecords): OpenTimescale {
  const booking = earliestBooking(records, timescale.kind);
  return booking === undefined ? timescale : { ...timescale, booking };
}

// ───────────────────────── Status and order ─────────────────────────

/** "Breached if due < asOf; due-soon if workingDaysBetween(asOf, due) <= dueSoonWorkingDays; else upcoming; workingDaysLeft = workingDaysBetween(asOf, due)." */
function withStatus(timescale: OpenTimescale, policy: TimescalePolicy, asOf: CalendarDate): TimescaleWithStatus {
  const workingDaysLeft = workingDaysBetween(asOf, timescale.dueDate);
  const status: TimescaleStatus = timescale.dueDate < asOf ? 'breached' : workingDaysLeft <= policy.dueSoonWorkingDays ? 'due-soon' : 'upcoming';
  return { ...timescale, status, workingDaysLeft };
}

/** "Open timescales sorted by due date then kind" (the kind by its name, as text: settled by the fast engine). */
function byDueDateThenKind(a: OpenTimescale, b: OpenTimescale): number {
  return byDateThenId({ date: a.dueDate, id: a.kind }, { date: b.dueDate, id: b.kind });
}

/** "Judged meetings sorted by the day held then meetingId." */
function byHeldOnThenMeetingId(a: MeetingCompliance, b: MeetingCompliance): number {
  return byDateThenId({ date: a.heldOn, id: a.meetingId }, { date: b.heldOn, id: b.meetingId });
}

/**
 * A child's full timescales on `asOf`, by the rules: what `computeTimescales` must give. Slow and plain on purpose.
 *
 * @example
 * referenceTimescales(records, DEFAULT_TIMESCALE_POLICY, '2025-01-15');
 */
export function referenceTimescales(records: ChildRecords, policy: TimescalePolicy, asOf: CalendarDate): ChildTimescales {
  const findings: Findings = { open: [], judged: [] };
  careTimescales(records, policy, asOf, findings);
  protectionTimescales(records, policy, asOf, findings);
  return {
    asOf,
    timescales: findings.open.sort(byDueDateThenKind).map((timescale) => withStatus(withBooking(timescale, records), policy, asOf)),
    meetings: findings.judged.sort(byHeldOnThenMeetingId),
  };
}
