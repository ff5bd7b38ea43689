/**
 * The demo register: a synthetic IRO service the size of the one in the
 * reports, as the ordered API requests that would build it. Pure: a seed,
 * today and a size give the same requests every time; no I/O, no clock.
 *
 * Each child is made from the seed and its own index only (never from the
 * size), so `--children 500` is `--children 480` plus twenty more. Children
 * come in blocks of 48 whose mix gives, at the default 480, 330 looked after,
 * 80 on the register (20 of them both), 40 who ceased, 30 de-registered, 10
 * not registered at their ICPC and 10 awaiting one.
 *
 * Names are drawn from short invented lists: no real person's data, ever.
 */
import type { Role } from '#shared/domain/access';
import { addDays, addMonths, daysBetween } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, CALENDAR_FIRST_DATE } from '#shared/domain/calendar/working-days';
import {
  REGISTRATION_CATEGORIES,
  type CalendarDate,
  type ConferenceOutcome,
  type Gender,
  type MeetingType,
  type RegistrationCategory,
} from '#shared/domain/records';

// ---------------------------------------------------------------------------
// The people
// ---------------------------------------------------------------------------

/** A demo user: who sends which requests, and who can get a token to look around. */
export interface DemoUser {
  email: string;
  roles: readonly Role[];
  /** What they are, for the list the loader prints. */
  description: string;
}

export const DEMO_ADMIN = 'admin@example.org';
export const DEMO_SERVICE_MANAGER = 'service.manager@example.org';

export const DEMO_TEAMS = [
  { name: 'North Team', slug: 'north' },
  { name: 'South Team', slug: 'south' },
  { name: 'East Team', slug: 'east' },
  { name: 'West Team', slug: 'west' },
  { name: 'Valleys Team', slug: 'valleys' },
  { name: 'Disabled Children Team', slug: 'disability' },
] as const;

export const teamManagerOf = (team: (typeof DEMO_TEAMS)[number]): string => `tm.${team.slug}@example.org`;

/** Ten IROs; the last two work part time, so carry fewer children. */
export const DEMO_IROS = Array.from({ length: 10 }, (_, i) => `iro${String(i + 1).padStart(2, '0')}@example.org`);
const IRO_WEIGHTS = [10, 10, 10, 10, 10, 10, 10, 10, 6, 6];
const TEAM_WEIGHTS = [22, 20, 18, 18, 14, 8];

export const DEMO_USERS: readonly DemoUser[] = [
  { email: DEMO_ADMIN, roles: ['admin'], description: 'admin (records children, as the case system would)' },
  { email: DEMO_SERVICE_MANAGER, roles: ['service-manager'], description: 'IRO service manager (reads everything, the reports)' },
  ...DEMO_IROS.map((email, i) => ({
    email,
    roles: ['iro'] as const,
    description: `IRO${IRO_WEIGHTS[i]! < 10 ? ' (part time)' : ''}`,
  })),
  ...DEMO_TEAMS.map((team) => ({ email: teamManagerOf(team), roles: ['team-manager'] as const, description: `team manager, ${team.name}` })),
];

/**
 * Invented names, so that no demo child can be mistaken for a real one: the
 * family names are whimsical compounds no register holds.
 */
export const DEMO_GIVEN_NAMES = [
  'Ambrel', 'Bexlin', 'Corvy', 'Dariel', 'Elvane', 'Fennick', 'Gwistle', 'Hobbin', 'Islay', 'Jorrow', 'Kestrin', 'Lumey',
  'Morrel', 'Nettie', 'Orrin', 'Pibble', 'Quillan', 'Rowsy', 'Sorrel', 'Tamsin', 'Ulvy', 'Vennet', 'Wrenna', 'Yarrow',
] as const;
export const DEMO_FAMILY_NAMES = [
  'Applewhistle', 'Bramblecote', 'Cobblethwaite', 'Dapplemoss', 'Elderwick', 'Fernbottle', 'Gorsethistle', 'Hazelpudding',
  'Inkleberry', 'Juniperwhit', 'Kettlewhisk', 'Larkspindle', 'Mossbarrow', 'Nettlewhisk', 'Oakenpuddle', 'Pebblecombe',
  'Quincetuft', 'Rushywhistle', 'Sloeberry', 'Thistlepott', 'Umberwhisk', 'Velvetmoss', 'Willowhumble', 'Yewbottle',
] as const;

// ---------------------------------------------------------------------------
// The requests
// ---------------------------------------------------------------------------

/**
 * One API request. `path` may hold placeholders in braces (`{childId}`,
 * `{cer3}`): ids answered by earlier requests of the same child, saved under
 * the name in their `saveId`.
 */
export interface DemoRequest {
  method: 'POST' | 'PATCH';
  path: string;
  body: Record<string, unknown>;
  /** The email of the {@link DEMO_USERS} entry who sends it. */
  caller: string;
  /** Remember the answer's `field` under the placeholder name `as`. */
  saveId?: { field: string; as: string };
  /** POSTs only: a retry (or a second run) with it creates nothing new. */
  idempotencyKey?: string;
}

export type DemoProfile =
  | 'looked-after'
  | 'looked-after-and-registered'
  | 'registered'
  | 'ceased'
  | 'deregistered'
  | 'not-registered'
  | 'awaiting-icpc';

/** One child of the register and the requests that record them, in the order they must be sent. */
export interface DemoChild {
  index: number;
  reference: string;
  profile: DemoProfile;
  /** Whether the child is looked after, and on the register, today. */
  lookedAfter: boolean;
  registered: boolean;
  /** The category they are registered under today. */
  category?: RegistrationCategory;
  requests: DemoRequest[];
}

export interface DemoRegister {
  seed: number;
  today: CalendarDate;
  users: readonly DemoUser[];
  children: DemoChild[];
  counts: {
    children: number;
    lookedAfter: number;
    registered: number;
    both: number;
    closed: number;
    requests: number;
    byCategory: Record<string, number>;
  };
}

export interface DemoOptions {
  seed: number;
  /** Today in Europe/London: nothing is dated after it. */
  today: CalendarDate;
  children: number;
}

export const DEFAULT_DEMO_CHILDREN = 480;
export const DEFAULT_DEMO_SEED = 1;

/** The case reference of the child at `index` (0-based): DEMO-00001, DEMO-00002, … */
export const demoReference = (index: number): string => `DEMO-${String(index + 1).padStart(5, '0')}`;

/** The whole register: every child and their requests. */
export function planDemoRegister(options: DemoOptions): DemoRegister {
  if (!Number.isInteger(options.children) || options.children < 0) throw new RangeError('children must be a whole number, 0 or more');
  if (options.today < '2024-01-01') throw new RangeError('today must be 2024 or later: the demo looks two years back');
  const children = Array.from({ length: options.children }, (_, index) => planDemoChild(options.seed, options.today, index));
  const byCategory: Record<string, number> = {};
  for (const child of children) if (child.category) byCategory[child.category] = (byCategory[child.category] ?? 0) + 1;
  return {
    seed: options.seed,
    today: options.today,
    users: DEMO_USERS,
    children,
    counts: {
      children: children.length,
      lookedAfter: children.filter((c) => c.lookedAfter).length,
      registered: children.filter((c) => c.registered).length,
      both: children.filter((c) => c.lookedAfter && c.registered).length,
      closed: children.filter((c) => !c.lookedAfter && !c.registered).length,
      requests: children.reduce((sum, c) => sum + c.requests.length, 0),
      byCategory,
    },
  };
}

// ---------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------

/** mulberry32: a small, fast, seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: a 32-bit seed for one child or one block. */
function seedOf(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('|')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  weighted<T>(list: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let roll = this.next() * total;
    for (let i = 0; i < list.length; i += 1) {
      roll -= weights[i]!;
      if (roll < 0) return list[i]!;
    }
    return list[list.length - 1]!;
  }
  shuffle<T>(list: readonly T[]): T[] {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

// ---------------------------------------------------------------------------
// The mix
// ---------------------------------------------------------------------------

const BLOCK_MIX: readonly [DemoProfile, number][] = [
  ['looked-after', 31],
  ['looked-after-and-registered', 2],
  ['registered', 6],
  ['ceased', 4],
  ['deregistered', 3],
  ['not-registered', 1],
  ['awaiting-icpc', 1],
];
const BLOCK: DemoProfile[] = BLOCK_MIX.flatMap(([profile, count]) => Array<DemoProfile>(count).fill(profile));
const REGISTERED_PER_BLOCK = BLOCK.filter(isRegisteredNow).length;

function isRegisteredNow(profile: DemoProfile): boolean {
  return profile === 'registered' || profile === 'looked-after-and-registered';
}

/**
 * Categories of the children registered today, in turn: Neglect and
 * Emotional Abuse most often, as in the reports, and every one of the ten
 * within each twenty registrations.
 */
const CATEGORY_TURNS: readonly RegistrationCategory[] = [
  'Neglect', 'Emotional Abuse', 'Neglect and Physical Abuse', 'Neglect', 'Physical Abuse', 'Emotional Abuse',
  'Neglect, Physical & Financial Abuse', 'Neglect', 'Sexual Abuse', 'Emotional Abuse', 'Neglect, Physical and Sexual Abuse',
  'Neglect', 'Physical and Sexual Abuse', 'Neglect and Physical Abuse', 'Emotional Abuse', 'Neglect and Sexual Abuse',
  'Neglect', 'Physical Abuse', 'Physical and Sexual Abuse and Financial Abuse', 'Neglect',
];
const PAST_CATEGORY_WEIGHTS = [26, 34, 10, 2, 2, 10, 6, 4, 4, 2];

/** The child's profile, and (if registered today) their turn among the block's registrations. */
function profileOf(seed: number, index: number): { profile: DemoProfile; category?: RegistrationCategory } {
  const block = Math.floor(index / BLOCK.length);
  const order = new Dice(seedOf('demo-block', seed, block)).shuffle(BLOCK);
  const position = index % BLOCK.length;
  const profile = order[position]!;
  if (!isRegisteredNow(profile)) return { profile };
  const turn = block * REGISTERED_PER_BLOCK + order.slice(0, position).filter(isRegisteredNow).length;
  return { profile, category: CATEGORY_TURNS[turn % CATEGORY_TURNS.length]! };
}

// ---------------------------------------------------------------------------
// One child
// ---------------------------------------------------------------------------

const LEGAL_STATUSES = ['Care Order (s.31)', 'Interim Care Order (s.38)', 'Accommodated (s.76)', 'Placement Order'] as const;
const CEASED_REASONS = ['Returned home to parents', 'Special guardianship order', 'Adopted', 'Child arrangements order'] as const;
const CANCELLED_REASONS = ['Child unwell', 'Social worker unavailable', 'Rescheduled at the family’s request', 'Chair unavailable'] as const;

/** Age bands of the official statistics, weighted so 10-15 is the largest. */
const AGE_BANDS: readonly [number, number][] = [
  [30, 364],
  [365, 5 * 365],
  [5 * 365 + 2, 10 * 365],
  [10 * 365 + 3, 16 * 365],
  [16 * 365 + 4, 18 * 365 - 10],
];
const AGE_BAND_WEIGHTS = [5, 16, 23, 38, 18];

/** A dated step of a child's history; sorting by (date, order) gives an order the API accepts. */
interface Step {
  date: CalendarDate;
  order: number;
  request: DemoRequest;
}

interface ChildContext {
  dice: Dice;
  today: CalendarDate;
  /** Two years before today: meetings from here on get the full treatment. */
  windowStart: CalendarDate;
  iro: string;
  teamManager: string;
  dateOfBirth: CalendarDate;
  steps: Step[];
  counter: Map<string, number>;
}

/** The last working day on or before `date`. */
const workingDayOnOrBefore = (date: CalendarDate) => addWorkingDays(addDays(date, 1), -1);
/** The first working day on or after `date`. */
const workingDayOnOrAfter = (date: CalendarDate) => addWorkingDays(addDays(date, -1), 1);
const minDate = (a: CalendarDate, b: CalendarDate) => (a < b ? a : b);
const maxDate = (a: CalendarDate, b: CalendarDate) => (a > b ? a : b);

export function planDemoChild(seed: number, today: CalendarDate, index: number): DemoChild {
  const dice = new Dice(seedOf('demo-child', seed, index));
  const { profile, category } = profileOf(seed, index);
  const reference = demoReference(index);
  const team = dice.weighted(DEMO_TEAMS, TEAM_WEIGHTS);
  const context: ChildContext = {
    dice,
    today,
    windowStart: addMonths(today, -24),
    iro: dice.weighted(DEMO_IROS, IRO_WEIGHTS),
    teamManager: teamManagerOf(team),
    dateOfBirth: today,
    steps: [],
    counter: new Map(),
  };

  switch (profile) {
    case 'looked-after':
      lookedAfterNow(context);
      break;
    case 'looked-after-and-registered':
      lookedAfterNow(context);
      registeredNow(context, category!);
      break;
    case 'registered':
      context.dateOfBirth = dateOfBirth(context);
      registeredNow(context, category!);
      break;
    case 'ceased':
      ceased(context);
      break;
    case 'deregistered':
      context.dateOfBirth = dateOfBirth(context);
      deregistered(context);
      break;
    case 'not-registered':
      context.dateOfBirth = dateOfBirth(context);
      notRegistered(context);
      break;
    case 'awaiting-icpc':
      context.dateOfBirth = dateOfBirth(context);
      awaitingIcpc(context);
      break;
  }

  // A child cannot have a history before they were born: make the youngest a little older.
  const earliest = context.steps.reduce((first, step) => minDate(first, step.date), today);
  if (earliest < context.dateOfBirth) context.dateOfBirth = addDays(earliest, -dice.int(14, 900));

  const gender = dice.weighted<Gender>(['female', 'male', 'other', 'not-stated'], [48, 48, 2, 2]);
  const createChild: DemoRequest = {
    method: 'POST',
    path: '/children',
    body: {
      reference,
      givenName: dice.pick(DEMO_GIVEN_NAMES),
      familyName: dice.pick(DEMO_FAMILY_NAMES),
      dateOfBirth: context.dateOfBirth,
      gender,
      iroEmail: context.iro,
      teamName: team.name,
      teamManagerEmail: context.teamManager,
    },
    caller: DEMO_ADMIN,
    saveId: { field: 'childId', as: 'childId' },
  };
  const history = context.steps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order)).map((step) => step.request);
  const requests = [createChild, ...history].map((request, step) =>
    request.method === 'POST' ? { ...request, idempotencyKey: `demo-${seed}-${reference}-${step}` } : request,
  );
  for (const request of requests) checkDates(request, today, reference);

  const lookedAfter = profile === 'looked-after' || profile === 'looked-after-and-registered';
  const registered = isRegisteredNow(profile);
  return { index, reference, profile, lookedAfter, registered, ...(category ? { category } : {}), requests };
}

/** A slip in the generator must never reach the API as a date after today or before the calendar. */
function checkDates(request: DemoRequest, today: CalendarDate, reference: string): void {
  for (const [field, value] of Object.entries(request.body)) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) continue;
    // A date of birth may be before the calendar's years; an event may not.
    if (value > today || (field !== 'dateOfBirth' && value < CALENDAR_FIRST_DATE)) {
      throw new Error(`demo generator: ${reference} ${request.method} ${request.path} ${field} ${value} is outside ${CALENDAR_FIRST_DATE}…${today}`);
    }
  }
}

/** Adds a step; returns the placeholder its id is saved under, when it makes a record. */
function add(
  context: ChildContext,
  date: CalendarDate,
  request: Omit<DemoRequest, 'caller'> & { caller?: string },
  save?: { field: string; kind: string },
): string {
  let name = '';
  const withCaller: DemoRequest = { caller: context.iro, ...request };
  if (save) {
    const n = (context.counter.get(save.kind) ?? 0) + 1;
    context.counter.set(save.kind, n);
    name = `${save.kind}${n}`;
    withCaller.saveId = { field: save.field, as: name };
  }
  context.steps.push({ date, order: context.steps.length, request: withCaller });
  return name;
}

interface MeetingDetails {
  outcome?: ConferenceOutcome;
  /** Core groups are chaired by the social worker, not the IRO. */
  chaired?: boolean;
}

function meeting(context: ChildContext, type: MeetingType, heldOn: CalendarDate, details: MeetingDetails = {}): string {
  const { dice } = context;
  const age = daysBetween(context.dateOfBirth, heldOn) / 365.25;
  const conference = type === 'ICPC' || type === 'RCPC';
  const advocacyOffered = age >= 5 && type !== 'CORE_GROUP' && dice.chance(conference ? 0.2 : 0.07);
  const body: Record<string, unknown> = {
    type,
    heldOn,
    ...(details.chaired === false ? {} : { chairEmail: dice.chance(0.06) ? dice.pick(DEMO_IROS) : context.iro }),
    childParticipated: age >= 4 && dice.chance(type === 'CER' ? 0.78 : 0.45),
    advocacyOffered,
    advocacyProvided: advocacyOffered && dice.chance(0.6),
    qaAuditCompleted: type !== 'CORE_GROUP' && dice.chance(0.75),
    ...(details.outcome ? { outcome: details.outcome } : {}),
  };
  return add(context, heldOn, { method: 'POST', path: '/children/{childId}/meetings', body }, { field: 'meetingId', kind: type.toLowerCase().replace('_', '') });
}

function patchMeeting(context: ChildContext, name: string, date: CalendarDate, body: Record<string, unknown>, caller?: string): void {
  add(context, date, { method: 'PATCH', path: `/children/{childId}/meetings/{${name}}`, body, ...(caller ? { caller } : {}) });
}

/** A date of birth in the weighted age bands, `extraDays` older than the band says. */
function dateOfBirth(context: ChildContext, extraDays = 0): CalendarDate {
  const [min, max] = context.dice.weighted(AGE_BANDS, AGE_BAND_WEIGHTS);
  return addDays(context.today, -(context.dice.int(min, max) + extraDays));
}

// ---------------------------------------------------------------------------
// Care: episodes, placement changes, CERs, mid-points, recommendations
// ---------------------------------------------------------------------------

function lookedAfterNow(context: ChildContext): void {
  const { dice, today, windowStart } = context;
  context.dateOfBirth = dateOfBirth(context);
  const ageDays = daysBetween(context.dateOfBirth, today);
  // A third came into care in the last two years; the rest up to eighteen months
  // before that (their CERs before the window are recorded bare, so that the
  // first one in the window is judged against the right due date).
  let start = dice.chance(0.35) ? addDays(today, -dice.int(5, 720)) : addDays(windowStart, -dice.int(1, 540));
  if (start < context.dateOfBirth) start = addDays(context.dateOfBirth, dice.int(0, Math.max(0, Math.min(60, ageDays - 5))));
  start = minDate(start, addDays(today, -3));

  // A few returned home for a while and came back into care.
  const earlierEnd = addDays(start, -dice.int(60, 400));
  if (start > windowStart && dice.chance(0.15) && earlierEnd > addDays(context.dateOfBirth, 200)) {
    const earlierStart = maxDate(addDays(earlierEnd, -dice.int(120, 500)), addDays(context.dateOfBirth, 1));
    careEpisode(context, earlierStart, earlierEnd, dice.pick(CEASED_REASONS));
  }
  careEpisode(context, start, undefined);
}

function ceased(context: ChildContext): void {
  const { dice, today } = context;
  const end = addDays(today, -dice.int(1, 700));
  if (dice.chance(0.25)) {
    // Turned 18 and left care.
    context.dateOfBirth = addMonths(end, -18 * 12);
    careEpisode(context, addDays(end, -dice.int(400, 2500)), end, 'Turned 18');
    return;
  }
  context.dateOfBirth = dateOfBirth(context);
  if (daysBetween(context.dateOfBirth, end) < 90) context.dateOfBirth = addDays(end, -dice.int(200, 3000));
  const start = maxDate(addDays(end, -dice.int(60, 1500)), addDays(context.dateOfBirth, dice.int(0, 30)));
  careEpisode(context, minDate(start, addDays(end, -30)), end, dice.pick(CEASED_REASONS));
}

/** One care episode from `start`, ended on `end` when given, with its CER cycle and everything around it. */
function careEpisode(context: ChildContext, start: CalendarDate, end: CalendarDate | undefined, endReason?: string): void {
  const { dice, today, windowStart } = context;
  const episode = add(
    context,
    start,
    { method: 'POST', path: '/children/{childId}/care-episodes', body: { startDate: start, legalStatus: dice.weighted(LEGAL_STATUSES, [55, 15, 22, 8]) } },
    { field: 'episodeId', kind: 'episode' },
  );
  const last = end ?? today;

  // Placement changes in the window (earlier ones would only be history).
  const unplanned: CalendarDate[] = [];
  let cursor = maxDate(addDays(start, 14), windowStart);
  for (;;) {
    cursor = addDays(cursor, dice.int(90, 900));
    if (cursor > last) break;
    const isUnplanned = dice.chance(0.5);
    if (isUnplanned) unplanned.push(cursor);
    add(context, cursor, { method: 'POST', path: '/children/{childId}/placement-changes', body: { date: cursor, unplanned: isUnplanned } });
  }

  // The CERs: each on or a little before its due date, a few late, a few cancelled first.
  const cers: { date: CalendarDate; name: string; regularDue: CalendarDate }[] = [];
  let anchor = start;
  for (let held = 0; ; held += 1) {
    const regularDue = held === 0 ? addWorkingDays(start, 20) : addMonths(anchor, held === 1 ? 3 : 6);
    const change = unplanned.find((date) => date > anchor && date <= regularDue);
    const due = change ? minDate(regularDue, addWorkingDays(change, 20)) : regularDue;
    const late = dice.chance(0.04);
    let date = late ? workingDayOnOrAfter(addDays(due, dice.int(2, 25))) : workingDayOnOrBefore(addDays(due, -dice.int(0, 14)));
    if (date <= anchor) date = workingDayOnOrAfter(addDays(anchor, 1));
    if (date > last) break;
    // A few are overdue today: not yet held.
    if (due < today && daysBetween(due, today) <= 30 && dice.chance(0.08)) break;
    const inWindow = date >= windowStart;
    if (inWindow && dice.chance(0.03)) {
      const cancelledOn = workingDayOnOrBefore(addDays(date, -dice.int(2, 10)));
      if (cancelledOn > anchor) {
        const cancelled = meeting(context, 'CER', cancelledOn);
        patchMeeting(context, cancelled, cancelledOn, { status: 'cancelled', reason: dice.pick(CANCELLED_REASONS) });
      }
    }
    const name = meeting(context, 'CER', date);
    cers.push({ date, name, regularDue: addMonths(date, held === 0 ? 3 : 6) });
    anchor = date;
  }

  // Mid-point reviews for the CERs in the window; recommendations and the
  // manager's response for the last two of the episode (the nightly job chases
  // only the latest; recording every one would double the load time).
  cers.forEach((cer, i) => {
    if (cer.date < windowStart) return;
    const next = cers[i + 1]?.date ?? addDays(last, 1);
    const midpointDue = addDays(cer.date, Math.floor(daysBetween(cer.date, cer.regularDue) / 2));
    // Some mid-point reviews are missed; few of the latest, which would be overdue now.
    if (dice.chance(i === cers.length - 1 ? 0.95 : 0.8)) {
      const on = dice.chance(0.08) ? workingDayOnOrAfter(addDays(midpointDue, dice.int(1, 15))) : workingDayOnOrBefore(addDays(midpointDue, -dice.int(0, 10)));
      if (on > cer.date && on < next && on <= last) meeting(context, 'MIDPOINT', on);
    }
    if (i < cers.length - 2) return;
    const sentOn = addWorkingDays(cer.date, dice.chance(0.94) ? dice.int(1, 5) : dice.int(6, 12));
    if (sentOn > last || dice.chance(0.01)) return;
    patchMeeting(context, cer.name, sentOn, { recommendationsSentOn: sentOn });
    const respondedOn = addWorkingDays(sentOn, dice.chance(0.88) ? dice.int(0, 5) : dice.int(6, 15));
    if (respondedOn > last || dice.chance(0.01)) return;
    patchMeeting(context, cer.name, respondedOn, { managerRespondedOn: respondedOn }, context.teamManager);
  });

  if (end !== undefined) {
    add(context, end, {
      method: 'PATCH',
      path: `/children/{childId}/care-episodes/{${episode}}`,
      body: { endDate: end, ...(endReason ? { reason: endReason } : {}) },
    });
  }
}

// ---------------------------------------------------------------------------
// Child protection: strategy discussions, ICPCs, core groups, RCPCs
// ---------------------------------------------------------------------------

/** Strategy discussion(s) and the ICPC they lead to; answers the ICPC's date, or undefined if not yet held. */
function strategyAndIcpc(context: ChildContext, firstDiscussion: CalendarDate, outcome: ConferenceOutcome | undefined): CalendarDate | undefined {
  const { dice, today } = context;
  let discussion = workingDayOnOrBefore(firstDiscussion);
  add(context, discussion, { method: 'POST', path: '/children/{childId}/strategy-discussions', body: { date: discussion } });
  if (dice.chance(0.15)) {
    // A second discussion restarts the ICPC clock (Wales counts from the last).
    const again = addWorkingDays(discussion, dice.int(2, 6));
    if (again <= today) {
      discussion = again;
      add(context, discussion, { method: 'POST', path: '/children/{childId}/strategy-discussions', body: { date: discussion } });
    }
  }
  if (!outcome) return undefined;
  let icpc = addWorkingDays(discussion, dice.chance(0.93) ? dice.int(6, 15) : dice.int(16, 26));
  if (icpc > today) icpc = workingDayOnOrBefore(today);
  if (icpc < discussion) return undefined;
  const name = meeting(context, 'ICPC', icpc, { outcome });
  if (outcome.decision === 'register') {
    const planSentOn = addWorkingDays(icpc, dice.chance(0.9) ? dice.int(1, 5) : dice.int(6, 9));
    if (planSentOn <= today) patchMeeting(context, name, planSentOn, { outlinePlanSentOn: planSentOn });
  }
  return icpc;
}

/**
 * A registration from `registeredOn`: the first core group, RCPCs every six
 * months (the first at three), each followed by a core group, until it ends at
 * the RCPC numbered `deregisterAt` (if given) or today.
 */
function registration(context: ChildContext, registeredOn: CalendarDate, deregisterAt?: number): CalendarDate | undefined {
  const { dice, today } = context;
  const coreGroup = addWorkingDays(registeredOn, dice.chance(0.95) ? dice.int(1, 10) : dice.int(11, 16));
  if (coreGroup <= today) meeting(context, 'CORE_GROUP', coreGroup, { chaired: false });
  let previous = registeredOn;
  for (let n = 1; ; n += 1) {
    const due = addMonths(previous, n === 1 ? 3 : 6);
    const last = deregisterAt === n;
    let held = dice.chance(0.975) || last ? workingDayOnOrBefore(addDays(due, -dice.int(0, 14))) : workingDayOnOrAfter(addDays(due, dice.int(1, 12)));
    if (held <= previous) held = workingDayOnOrAfter(addDays(previous, 1));
    if (held > today) return undefined;
    if (!last && due < today && daysBetween(due, today) <= 25 && dice.chance(0.1)) return undefined;
    meeting(context, 'RCPC', held, { outcome: { decision: last ? 'deregister' : 'continue' } });
    if (last) return held;
    const groupOn = workingDayOnOrAfter(addDays(held, dice.int(20, 45)));
    if (groupOn <= today && dice.chance(0.5)) meeting(context, 'CORE_GROUP', groupOn, { chaired: false });
    previous = held;
  }
}

/** How many RCPCs a registration that ends lasts: a quarter end at the first (removed within 90 days). */
const reviewsUntilDeregistered = (dice: Dice) => dice.weighted([1, 2, 3], [28, 50, 22]);

function registeredNow(context: ChildContext, category: RegistrationCategory): void {
  const { dice, today, windowStart } = context;
  const variant = dice.weighted(['recent', 'long', 'transferred-in', 're-registered'] as const, [62, 13, 15, 10]);
  if (variant === 'transferred-in') {
    // Registered before the window (or in another authority): recorded as history, then reviewed here.
    const registeredOn = workingDayOnOrBefore(addDays(windowStart, -dice.int(1, 200)));
    add(context, registeredOn, { method: 'POST', path: '/children/{childId}/registrations', body: { startDate: registeredOn, category } });
    registrationRcpcsOnly(context, registeredOn);
    return;
  }
  if (variant === 're-registered') {
    // Registered, de-registered at a review, and registered again within about a year.
    const first = strategyAndIcpc(context, addDays(today, -dice.int(560, 700)), {
      decision: 'register',
      category: dice.weighted(REGISTRATION_CATEGORIES, PAST_CATEGORY_WEIGHTS),
    })!;
    const ended = registration(context, first, dice.weighted([1, 2], [60, 40]))!;
    const again = strategyAndIcpc(context, minDate(addDays(ended, dice.int(30, 300)), addDays(today, -40)), { decision: 'register', category })!;
    registration(context, again);
    return;
  }
  const daysAgo = variant === 'recent' ? dice.int(30, 360) : dice.int(361, 700);
  const registeredOn = strategyAndIcpc(context, addDays(today, -daysAgo), { decision: 'register', category })!;
  registration(context, registeredOn);
}

/** The RCPC cycle of a registration recorded directly (no ICPC here). */
function registrationRcpcsOnly(context: ChildContext, registeredOn: CalendarDate): void {
  const { dice, today } = context;
  meeting(context, 'CORE_GROUP', addWorkingDays(registeredOn, dice.int(1, 10)), { chaired: false });
  let previous = registeredOn;
  for (let n = 1; ; n += 1) {
    const due = addMonths(previous, n === 1 ? 3 : 6);
    const held = dice.chance(0.975) ? workingDayOnOrBefore(addDays(due, -dice.int(0, 14))) : workingDayOnOrAfter(addDays(due, dice.int(1, 12)));
    if (held > today) return;
    meeting(context, 'RCPC', held, { outcome: { decision: 'continue' } });
    const groupOn = workingDayOnOrAfter(addDays(held, dice.int(20, 45)));
    if (groupOn <= today) meeting(context, 'CORE_GROUP', groupOn, { chaired: false });
    previous = held;
  }
}

function deregistered(context: ChildContext): void {
  const { dice, today } = context;
  const category = dice.weighted(REGISTRATION_CATEGORIES, PAST_CATEGORY_WEIGHTS);
  const reviews = reviewsUntilDeregistered(dice);
  // Early enough that the last review is behind us.
  const daysAgo = dice.int(30 + 182 * reviews, 700);
  const registeredOn = strategyAndIcpc(context, addDays(today, -daysAgo), { decision: 'register', category })!;
  registration(context, registeredOn, reviews);
}

function notRegistered(context: ChildContext): void {
  strategyAndIcpc(context, addDays(context.today, -context.dice.int(40, 700)), { decision: 'do-not-register' });
}

function awaitingIcpc(context: ChildContext): void {
  // Some of these are already past their 15 working days: the nightly job's breaches.
  strategyAndIcpc(context, addDays(context.today, -context.dice.int(1, 30)), undefined);
}
