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
 * Around them, as in life: strategy discussions most of which end without a
 * conference (their s47 enquiries determined "not substantiated" or "no
 * continuing risk" some days later, a few deciding none were needed), the
 * ones that lead to an ICPC determined "conference" before it, and a few
 * recent ones still under way; changes of legal status (an episode ended and
 * the next begun that day); changes of category at review conferences, and a
 * few registrations under a combination outside Chart 4's ten; a few dates
 * typed wrongly and corrected, a few records removed as entered in error;
 * one child transferred in from another authority; and a few case disputes
 * (two of them in the 2024-25 reporting year). Once a child's history is
 * in, the meetings due in the next few weeks are booked ({@link planDemoBookings}):
 * most in time, a few late with a reason, some not at all.
 *
 * Names are drawn from short invented lists: no real person's data, ever.
 */
import type { Role } from '#shared/domain/access';
import { addDays, addMonths, daysBetween } from '#shared/domain/calendar/calendar-date';
import { addWorkingDays, CALENDAR_FIRST_DATE, isWorkingDay } from '#shared/domain/calendar/working-days';
import { isBookable } from '#shared/domain/timescales/bookings';
import type { TimescaleKind } from '#shared/domain/timescales/types';
import {
  REGISTRATION_CATEGORIES,
  categoryOf,
  type AbuseType,
  type CalendarDate,
  type Gender,
  type MeetingType,
  type RegistrationCategory,
  type S47Determination,
} from '#shared/domain/records';
import type { IroDirectoryEntry } from '#shared/domain/iro-directory';

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

/** The IRO who left during 2024-25: in the directory, not a user any more, and with no child of the register (theirs were reallocated). */
export const DEMO_FORMER_IRO = 'iro.former@example.org';

/** Invented names for the ten IROs: no real person's. */
const DEMO_IRO_NAMES = [
  'Alder Quince', 'Briony Fallow', 'Cedric Marrow', 'Delphine Rook', 'Emrys Tallow', 'Fern Ashdown', 'Gideon Larch', 'Hester Pike', 'Ivo Bramwell', 'Juno Sallow',
] as const;

/**
 * The IRO directory the demo's admin keeps (`PUT /iros/{email}`): every demo
 * IRO, the last two part time (0.6, three days a week, as their smaller
 * caseloads say), and one who left on 29 November 2024, so that the
 * caseload per full-time IRO has a part-timer and a leaver to count.
 */
export const DEMO_IRO_DIRECTORY: readonly IroDirectoryEntry[] = [
  ...DEMO_IROS.map((email, i) => ({
    email,
    name: DEMO_IRO_NAMES[i]!,
    fte: IRO_WEIGHTS[i]! < 10 ? 0.6 : 1,
    activeFrom: i < 6 ? '2019-09-02' : i < 8 ? '2021-04-06' : '2022-10-03',
  })),
  { email: DEMO_FORMER_IRO, name: 'Kit Hawthorne', fte: 1, activeFrom: '2018-04-03', activeTo: '2024-11-29' },
];

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
  method: 'POST' | 'PATCH' | 'DELETE';
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
  /** What their requests hold besides the everyday cycle ({@link shapesOf}). */
  shapes: DemoShapes;
}

/** The shapes of record a child's requests (or a whole register's) hold, counted. */
export interface DemoShapes {
  /** Strategy discussions recorded (and not removed as entered in error). */
  strategyDiscussions: number;
  /** Of them, the ones that ended without a conference: s47 enquiries determined not-substantiated or no-continuing-risk, or none needed. */
  endedWithoutConference: number;
  /** Of those, the ones that decided no s47 enquiry was needed (`section47: false`). */
  noSection47: number;
  /** Determined `conference`: an ICPC followed, or is awaited. */
  determinedConference: number;
  /** Not determined by today: s47 enquiries under way. */
  underWay: number;
  /** ICPCs held, and held in the twelve months to today. */
  icpcs: number;
  icpcsLastYear: number;
  /** Care episodes begun the day the one before ended, under another legal status. */
  legalStatusChanges: number;
  /** RCPCs that continued the registration under another category. */
  categoryChanges: number;
  /** Registrations under a combination outside Chart 4's ten, given as `abuseTypes`. */
  otherCategoryRegistrations: number;
  /** PATCHes correcting a date typed wrongly (a placement change's, a meeting's, a discussion's). */
  corrections: number;
  /** DELETEs of records entered in error. */
  removals: number;
  /** Notifications that a registered child's move into the area is permanent, and transfer-in conferences held. */
  transferIns: number;
  transferInConferences: number;
  /** Case disputes raised (and, of them, the ones resolved by today). */
  disputes: number;
  disputesResolved: number;
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
    shapes: DemoShapes;
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
      shapes: sumShapes(children.map((c) => c.shapes)),
    },
  };
}

const NO_SHAPES: DemoShapes = {
  strategyDiscussions: 0,
  endedWithoutConference: 0,
  noSection47: 0,
  determinedConference: 0,
  underWay: 0,
  icpcs: 0,
  icpcsLastYear: 0,
  legalStatusChanges: 0,
  categoryChanges: 0,
  otherCategoryRegistrations: 0,
  corrections: 0,
  removals: 0,
  transferIns: 0,
  transferInConferences: 0,
  disputes: 0,
  disputesResolved: 0,
};

function sumShapes(all: readonly DemoShapes[]): DemoShapes {
  const total = { ...NO_SHAPES };
  for (const shapes of all) for (const key of Object.keys(total) as (keyof DemoShapes)[]) total[key] += shapes[key];
  return total;
}

const CHART_4 = new Set<string>(REGISTRATION_CATEGORIES);
/** The placeholder a request's path names last (`{discussion2}` → `discussion2`). */
const placeholderOf = (path: string) => /\{(\w+)\}$/.exec(path)?.[1];

/**
 * What one child's requests hold, read off the requests themselves (so the
 * counts say what the API will be sent, not what the generator meant to send).
 */
export function shapesOf(requests: readonly DemoRequest[], today: CalendarDate): DemoShapes {
  const shapes = { ...NO_SHAPES };
  const removed = new Set(requests.filter((r) => r.method === 'DELETE').map((r) => placeholderOf(r.path)));
  const determinations = new Map<string, S47Determination>();
  const endedOn = new Set<CalendarDate>();
  for (const { method, path, body } of requests) {
    if (method === 'PATCH' && path.includes('/strategy-discussions/') && body['s47Determination']) {
      determinations.set(placeholderOf(path)!, body['s47Determination'] as S47Determination);
    }
  }
  const yearAgo = addMonths(today, -12);
  for (const request of requests) {
    const { method, path, body } = request;
    const outcome = body['outcome'] as { decision?: string; category?: string; abuseTypes?: AbuseType[] } | undefined;
    if (method === 'DELETE') shapes.removals += 1;
    if (method === 'PATCH' && (path.includes('/placement-changes/') ? 'date' in body : path.includes('/meetings/') ? 'heldOn' in body : path.includes('/strategy-discussions/') && 'date' in body)) {
      shapes.corrections += 1;
    }
    if (method === 'PATCH' && path.includes('/care-episodes/') && typeof body['endDate'] === 'string') endedOn.add(body['endDate']);
    if (method === 'POST' && path.endsWith('/care-episodes') && endedOn.has(body['startDate'] as string)) shapes.legalStatusChanges += 1;
    if (method === 'POST' && path.endsWith('/transfer-ins')) shapes.transferIns += 1;
    if (method === 'POST' && path.endsWith('/disputes')) shapes.disputes += 1;
    if (path.includes('/disputes/') && typeof body['resolvedOn'] === 'string') shapes.disputesResolved += 1;
    if (method === 'POST' && path.endsWith('/strategy-discussions') && !removed.has(request.saveId?.as)) {
      shapes.strategyDiscussions += 1;
      const determination = determinations.get(request.saveId!.as);
      if (body['section47'] === false) {
        shapes.noSection47 += 1;
        shapes.endedWithoutConference += 1;
      } else if (determination === 'conference') shapes.determinedConference += 1;
      else if (determination) shapes.endedWithoutConference += 1;
      else shapes.underWay += 1;
    }
    if (method === 'POST' && path.endsWith('/meetings') && !removed.has(request.saveId?.as)) {
      if (body['type'] === 'ICPC') {
        shapes.icpcs += 1;
        if ((body['heldOn'] as string) > yearAgo) shapes.icpcsLastYear += 1;
      }
      if (body['type'] === 'TRANSFER_IN') shapes.transferInConferences += 1;
      if (outcome?.decision === 'continue' && (outcome.category || outcome.abuseTypes)) shapes.categoryChanges += 1;
    }
    const named = outcome?.decision === 'register' ? outcome : path.endsWith('/registrations') ? (body as { abuseTypes?: AbuseType[] }) : undefined;
    if (method === 'POST' && named?.abuseTypes && !CHART_4.has(categoryOf(named.abuseTypes))) shapes.otherCategoryRegistrations += 1;
  }
  return shapes;
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

/**
 * The child's profile, its block, whether it is the first of its profile in
 * the block, and (if registered today) their turn among the block's registrations.
 */
function profileOf(seed: number, index: number): { profile: DemoProfile; block: number; firstOfProfile: boolean; category?: RegistrationCategory } {
  const block = Math.floor(index / BLOCK.length);
  const order = new Dice(seedOf('demo-block', seed, block)).shuffle(BLOCK);
  const position = index % BLOCK.length;
  const profile = order[position]!;
  const firstOfProfile = order.indexOf(profile) === position;
  if (!isRegisteredNow(profile)) return { profile, block, firstOfProfile };
  const turn = block * REGISTERED_PER_BLOCK + order.slice(0, position).filter(isRegisteredNow).length;
  return { profile, block, firstOfProfile, category: CATEGORY_TURNS[turn % CATEGORY_TURNS.length]! };
}

// ---------------------------------------------------------------------------
// One child
// ---------------------------------------------------------------------------

type LegalStatus = (typeof LEGAL_STATUSES)[number];
const LEGAL_STATUSES = ['Care Order (s.31)', 'Interim Care Order (s.38)', 'Accommodated (s.76)', 'Placement Order'] as const;
const CEASED_REASONS = ['Returned home to parents', 'Special guardianship order', 'Adopted', 'Child arrangements order'] as const;
const CANCELLED_REASONS = ['Child unwell', 'Social worker unavailable', 'Rescheduled at the family’s request', 'Chair unavailable'] as const;

/**
 * How a legal status changes, when it does: the chance, the next status, and
 * how many days into the status (an interim order becomes a full one within
 * the 26 weeks of care proceedings, give or take; a voluntary accommodation
 * becomes an interim order when proceedings start; a care order a placement
 * order when the plan is adoption).
 */
const LEGAL_STATUS_CHANGES: Partial<Record<LegalStatus, { chance: number; next: LegalStatus; days: [number, number] }>> = {
  'Interim Care Order (s.38)': { chance: 0.7, next: 'Care Order (s.31)', days: [90, 300] },
  'Accommodated (s.76)': { chance: 0.2, next: 'Interim Care Order (s.38)', days: [20, 400] },
  'Care Order (s.31)': { chance: 0.1, next: 'Placement Order', days: [120, 700] },
};

/** Kinds of abuse in combinations Chart 4 has no row for: registered by `abuseTypes`, named by the API ("Neglect and Emotional Abuse"). */
const OTHER_COMBINATIONS: readonly (readonly AbuseType[])[] = [
  ['neglect', 'emotional'],
  ['physical', 'emotional'],
  ['neglect', 'physical', 'emotional'],
];

const REMOVAL_REASONS = {
  twice: 'Recorded twice: the same record is already on the file',
  wrongChild: 'Recorded on the wrong child’s file (a sibling’s meeting)',
} as const;

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
  /**
   * The dice for what came after the everyday cycle (s47 outcomes, legal
   * statuses, category changes, corrections, removals): a stream of its own,
   * so adding them left nearly every child's everyday history as it was.
   */
  more: Dice;
  today: CalendarDate;
  /** Two years before today: meetings from here on get the full treatment. */
  windowStart: CalendarDate;
  /** Which block of {@link BLOCK} the child is in. */
  block: number;
  iro: string;
  teamManager: string;
  dateOfBirth: CalendarDate;
  /** The day the child's current (or last) period of care began. */
  careStart?: CalendarDate;
  /**
   * The child protection episodes so far (from the first strategy discussion
   * to the conference, a registration from its start to its end), as [from,
   * to]: a discussion that ends without a conference keeps clear of them, so
   * it never becomes the last discussion before an ICPC, nor falls while the
   * child is registered.
   */
  protectedSpans: [CalendarDate, CalendarDate][];
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
  const { profile, block, firstOfProfile, category } = profileOf(seed, index);
  const reference = demoReference(index);
  // The one transfer-in of the register: the first child of the first block registered (and not looked after) today.
  const transferIn = profile === 'registered' && block === 0 && firstOfProfile;
  const team = dice.weighted(DEMO_TEAMS, TEAM_WEIGHTS);
  const context: ChildContext = {
    dice,
    more: new Dice(seedOf('demo-child-more', seed, index)),
    today,
    windowStart: addMonths(today, -24),
    block,
    iro: dice.weighted(DEMO_IROS, IRO_WEIGHTS),
    teamManager: teamManagerOf(team),
    dateOfBirth: today,
    protectedSpans: [],
    steps: [],
    counter: new Map(),
  };

  switch (profile) {
    case 'looked-after':
      lookedAfterNow(context);
      // In each block, a sibling's core group is recorded on the first looked-after child's file, and removed.
      if (firstOfProfile) wrongChildsMeeting(context);
      break;
    case 'looked-after-and-registered':
      lookedAfterNow(context);
      registeredNow(context, category!);
      break;
    case 'registered':
      context.dateOfBirth = dateOfBirth(context);
      registeredNow(context, category!, transferIn);
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
  // (Before the move, the transferred-in child's concerns were another authority's.)
  if (!transferIn) furtherConcerns(context, profile);
  // The first looked-after child of each block has case disputes, from dice of their own (nothing else moves).
  if (profile === 'looked-after' && firstOfProfile) caseDisputes(context, new Dice(seedOf('demo-disputes', seed, index)));

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
  for (const request of requests) checkDates(request, today, context.dateOfBirth, reference);
  checkMeetings(requests, reference);

  const lookedAfter = profile === 'looked-after' || profile === 'looked-after-and-registered';
  const registered = isRegisteredNow(profile);
  return { index, reference, profile, lookedAfter, registered, ...(category ? { category } : {}), requests, shapes: shapesOf(requests, today) };
}

/** A slip in the generator must never reach the API as a date after today, before the calendar or before the child was born. */
function checkDates(request: DemoRequest, today: CalendarDate, dateOfBirth: CalendarDate, reference: string): void {
  for (const [field, value] of Object.entries(request.body)) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) continue;
    // A date of birth may be before the calendar's years; an event may not, nor before the birth.
    if (value > today || (field !== 'dateOfBirth' && (value < CALENDAR_FIRST_DATE || value < dateOfBirth))) {
      throw new Error(`demo generator: ${reference} ${request.method} ${request.path} ${field} ${value} is outside ${maxDate(CALENDAR_FIRST_DATE, dateOfBirth)}…${today}`);
    }
  }
}

/** Nor as a second held meeting of one type on one day (the API refuses it, 409), at any point of the child's history. */
function checkMeetings(requests: readonly DemoRequest[], reference: string): void {
  const held = new Map<string, { type: string; heldOn: string }>();
  const clash = (name: string) => {
    const meeting = held.get(name)!;
    for (const [other, { type, heldOn }] of held) {
      if (other !== name && type === meeting.type && heldOn === meeting.heldOn) {
        throw new Error(`demo generator: ${reference} has two ${type}s held on ${heldOn}`);
      }
    }
  };
  for (const { method, path, body, saveId } of requests) {
    const name = placeholderOf(path);
    if (method === 'POST' && path.endsWith('/meetings')) {
      held.set(saveId!.as, { type: body['type'] as string, heldOn: body['heldOn'] as string });
      clash(saveId!.as);
    } else if (path.includes('/meetings/') && name) {
      if (method === 'DELETE' || body['status'] === 'cancelled') held.delete(name);
      else if (typeof body['heldOn'] === 'string' && held.has(name)) {
        held.get(name)!.heldOn = body['heldOn'];
        clash(name);
      }
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

/** Removes the record saved as `name` on `date`, as entered in error. */
function remove(context: ChildContext, date: CalendarDate, collection: string, name: string, reason: string): void {
  add(context, date, { method: 'DELETE', path: `/children/{childId}/${collection}/{${name}}`, body: { reason } });
}

/**
 * What a conference decided, as the request gives it: a category by Chart 4's
 * name, or by the kinds of abuse (`abuseTypes`) for a combination outside it.
 */
type OutcomeBody =
  | { decision: 'register'; category: RegistrationCategory }
  | { decision: 'register'; abuseTypes: readonly AbuseType[] }
  | { decision: 'do-not-register' }
  | { decision: 'continue'; category?: RegistrationCategory }
  | { decision: 'deregister' };

interface MeetingDetails {
  outcome?: OutcomeBody;
  /** Core groups are chaired by the social worker, not the IRO. */
  chaired?: boolean;
  /** The day typed, when it was typed wrongly (and is corrected later). */
  typedAs?: CalendarDate;
}

function meeting(context: ChildContext, type: MeetingType, heldOn: CalendarDate, details: MeetingDetails = {}): string {
  const { dice } = context;
  const age = daysBetween(context.dateOfBirth, heldOn) / 365.25;
  const conference = type === 'ICPC' || type === 'RCPC' || type === 'TRANSFER_IN';
  const advocacyOffered = age >= 5 && type !== 'CORE_GROUP' && dice.chance(conference ? 0.2 : 0.07);
  const body: Record<string, unknown> = {
    type,
    heldOn: details.typedAs ?? heldOn,
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

/** A day a little before `date` (a slip of the finger on the day, or of the month), never on or before `floor`; undefined when none fits. */
function mistypedDay(context: ChildContext, date: CalendarDate, floor: CalendarDate): CalendarDate | undefined {
  const typed = context.more.chance(0.3) ? addMonths(date, -1) : addDays(date, -context.more.int(1, 9));
  return typed > floor && typed < date ? typed : undefined;
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

/**
 * One period of care from `start`, ended on `end` when given, with its CER
 * cycle and everything around it; a change of legal status on the way ends
 * its episode and begins the next that day, the period going on.
 */
function careEpisode(context: ChildContext, start: CalendarDate, end: CalendarDate | undefined, endReason?: string): void {
  const { dice, more, today, windowStart } = context;
  context.careStart = start;
  const legalStatus = dice.weighted(LEGAL_STATUSES, [55, 15, 22, 8]);
  let episode = add(
    context,
    start,
    { method: 'POST', path: '/children/{childId}/care-episodes', body: { startDate: start, legalStatus } },
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
    placementChange(context, cursor, isUnplanned, start);
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
      if (on > cer.date && on < next && on <= last) midpoint(context, on, cer.date);
    }
    if (i < cers.length - 2) return;
    const sentOn = addWorkingDays(cer.date, dice.chance(0.94) ? dice.int(1, 5) : dice.int(6, 12));
    if (sentOn > last || dice.chance(0.01)) return;
    patchMeeting(context, cer.name, sentOn, { recommendationsSentOn: sentOn });
    const respondedOn = addWorkingDays(sentOn, dice.chance(0.88) ? dice.int(0, 5) : dice.int(6, 15));
    if (respondedOn > last || dice.chance(0.01)) return;
    patchMeeting(context, cer.name, respondedOn, { managerRespondedOn: respondedOn }, context.teamManager);
  });

  // Changes of legal status: the episode ends and the next begins that day, under the new status.
  let status: LegalStatus = legalStatus;
  let since = start;
  for (let change = LEGAL_STATUS_CHANGES[status]; change !== undefined && more.chance(change.chance); change = LEGAL_STATUS_CHANGES[status]) {
    const on = addDays(since, more.int(...change.days));
    if (on >= last) break;
    add(context, on, { method: 'PATCH', path: `/children/{childId}/care-episodes/{${episode}}`, body: { endDate: on } });
    episode = add(
      context,
      on,
      { method: 'POST', path: '/children/{childId}/care-episodes', body: { startDate: on, legalStatus: change.next } },
      { field: 'episodeId', kind: 'episode' },
    );
    status = change.next;
    since = on;
  }

  if (end !== undefined) {
    add(context, end, {
      method: 'PATCH',
      path: `/children/{childId}/care-episodes/{${episode}}`,
      body: { endDate: end, ...(endReason ? { reason: endReason } : {}) },
    });
  }
}

/**
 * A change of placement on `date`. A few are typed with the wrong day and
 * corrected some days later; a few are recorded twice, and the second removed.
 */
function placementChange(context: ChildContext, date: CalendarDate, unplanned: boolean, periodStart: CalendarDate): void {
  const { more, today } = context;
  const path = '/children/{childId}/placement-changes';
  const save = { field: 'placementChangeId', kind: 'placement' };
  const typed = more.chance(0.015) ? mistypedDay(context, date, periodStart) : undefined;
  const correctedOn = addDays(date, more.int(1, 20));
  if (typed !== undefined && correctedOn <= today) {
    const name = add(context, date, { method: 'POST', path, body: { date: typed, unplanned } }, save);
    add(context, correctedOn, { method: 'PATCH', path: `${path}/{${name}}`, body: { date } });
  } else {
    add(context, date, { method: 'POST', path, body: { date, unplanned } });
  }
  const removedOn = addDays(date, more.int(0, 14));
  if (more.chance(0.005) && removedOn <= today) {
    const twice = add(context, date, { method: 'POST', path, body: { date, unplanned } }, save);
    remove(context, removedOn, 'placement-changes', twice, REMOVAL_REASONS.twice);
  }
}

/** A mid-point review on `on` (after the CER of `after`); a few typed with the wrong day and corrected. */
function midpoint(context: ChildContext, on: CalendarDate, after: CalendarDate): void {
  const { more, today } = context;
  const typed = more.chance(0.01) ? mistypedDay(context, on, after) : undefined;
  const correctedOn = addDays(on, more.int(1, 15));
  if (typed === undefined || correctedOn > today) {
    meeting(context, 'MIDPOINT', on);
    return;
  }
  const name = meeting(context, 'MIDPOINT', on, { typedAs: typed });
  patchMeeting(context, name, correctedOn, { heldOn: on });
}

/** A sibling's core group recorded on this (looked-after, unregistered) child's file, and removed a few days later. */
function wrongChildsMeeting(context: ChildContext): void {
  const { more, today, windowStart } = context;
  const from = maxDate(context.careStart ?? today, windowStart);
  const on = minDate(workingDayOnOrAfter(addDays(from, more.int(0, daysBetween(from, today)))), today);
  const name = meeting(context, 'CORE_GROUP', on, { chaired: false });
  remove(context, minDate(addWorkingDays(on, more.int(1, 8)), today), 'meetings', name, REMOVAL_REASONS.wrongChild);
}

// ---------------------------------------------------------------------------
// Child protection: strategy discussions, ICPCs, core groups, RCPCs
// ---------------------------------------------------------------------------

/** A strategy discussion on `date`; answers its placeholder. */
function strategyDiscussion(context: ChildContext, date: CalendarDate, body: Record<string, unknown> = { date }): string {
  return add(context, date, { method: 'POST', path: '/children/{childId}/strategy-discussions', body }, { field: 'strategyDiscussionId', kind: 'discussion' });
}

function determine(context: ChildContext, name: string, determinedOn: CalendarDate, s47Determination: S47Determination): void {
  add(context, determinedOn, { method: 'PATCH', path: `/children/{childId}/strategy-discussions/{${name}}`, body: { s47Determination, determinedOn } });
}

/**
 * Strategy discussion(s) and the ICPC they lead to; answers the ICPC's date,
 * or undefined if not yet held. The s47 enquiries are determined `conference`
 * before the ICPC; awaiting one, they are when `awaiting` says so (else they
 * are under way).
 */
function strategyAndIcpc(
  context: ChildContext,
  firstDiscussion: CalendarDate,
  outcome: OutcomeBody | undefined,
  awaiting: { determined: boolean } = { determined: false },
): CalendarDate | undefined {
  const { dice, more, today } = context;
  let discussion = workingDayOnOrBefore(firstDiscussion);
  const discussions = [strategyDiscussion(context, discussion)];
  if (dice.chance(0.15)) {
    // A second discussion restarts the ICPC clock (Wales counts from the last).
    const again = addWorkingDays(discussion, dice.int(2, 6));
    if (again <= today) {
      discussion = again;
      discussions.push(strategyDiscussion(context, discussion));
    }
  }
  const first = workingDayOnOrBefore(firstDiscussion);
  if (!outcome) {
    context.protectedSpans.push([first, today]);
    const determinedOn = addWorkingDays(discussion, more.int(2, 8));
    if (awaiting.determined && determinedOn <= today) for (const name of discussions) determine(context, name, determinedOn, 'conference');
    return undefined;
  }
  let icpc = addWorkingDays(discussion, dice.chance(0.93) ? dice.int(6, 15) : dice.int(16, 26));
  if (icpc > today) icpc = workingDayOnOrBefore(today);
  if (icpc < discussion) return undefined;
  context.protectedSpans.push([first, icpc]);
  // The enquiries conclude that a conference is needed, a few working days before it.
  const determinedOn = maxDate(discussion, minDate(addWorkingDays(discussion, more.int(2, 8)), addWorkingDays(icpc, -1)));
  for (const name of discussions) determine(context, name, determinedOn, 'conference');
  const name = meeting(context, 'ICPC', icpc, { outcome });
  if (outcome.decision === 'register') {
    const planSentOn = addWorkingDays(icpc, dice.chance(0.9) ? dice.int(1, 5) : dice.int(6, 9));
    if (planSentOn <= today) patchMeeting(context, name, planSentOn, { outlinePlanSentOn: planSentOn });
  }
  return icpc;
}

/**
 * A change of category planned for a registration's review conferences: at
 * one of its RCPCs that continue it, to `to`. When `required` (the child must
 * be under `to` today) and no RCPC continued it, the registering conference's
 * outcome is set to `to` instead: the child was registered under it from the
 * start.
 */
interface CategoryChangePlan {
  to: RegistrationCategory;
  registering: { category?: RegistrationCategory };
  required: boolean;
  done?: boolean;
}

/**
 * A registration from `registeredOn`: the first core group, RCPCs every six
 * months (the first at three), each followed by a core group, until it ends at
 * the RCPC numbered `deregisterAt` (if given) or today.
 */
function registration(context: ChildContext, registeredOn: CalendarDate, deregisterAt?: number, change?: CategoryChangePlan): CalendarDate | undefined {
  const ended = reviews(context, registeredOn, deregisterAt, change);
  if (change?.required && !change.done) change.registering.category = change.to;
  context.protectedSpans.push([registeredOn, ended ?? context.today]);
  return ended;
}

function reviews(context: ChildContext, registeredOn: CalendarDate, deregisterAt?: number, change?: CategoryChangePlan): CalendarDate | undefined {
  const { dice, more, today } = context;
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
    let outcome: OutcomeBody = { decision: last ? 'deregister' : 'continue' };
    if (!last && change && !change.done && more.chance(0.6)) {
      outcome = { decision: 'continue', category: change.to };
      change.done = true;
    }
    meeting(context, 'RCPC', held, { outcome });
    if (last) return held;
    const groupOn = workingDayOnOrAfter(addDays(held, dice.int(20, 45)));
    if (groupOn <= today && dice.chance(0.5)) meeting(context, 'CORE_GROUP', groupOn, { chaired: false });
    previous = held;
  }
}

/** How many RCPCs a registration that ends lasts: a quarter end at the first (removed within 90 days). */
const reviewsUntilDeregistered = (dice: Dice) => dice.weighted([1, 2, 3], [28, 50, 22]);

/**
 * The ICPC's outcome registering a child who is under `category` today, and
 * (now and then) the change of category at a review that brought them to it.
 */
function registeringUnder(context: ChildContext, category: RegistrationCategory): { outcome: { decision: 'register'; category: RegistrationCategory }; change?: CategoryChangePlan } {
  const { more } = context;
  const earlier = more.weighted(REGISTRATION_CATEGORIES, PAST_CATEGORY_WEIGHTS);
  if (!more.chance(0.2) || earlier === category) return { outcome: { decision: 'register', category } };
  const outcome = { decision: 'register' as const, category: earlier };
  return { outcome, change: { to: category, registering: outcome, required: true } };
}

function registeredNow(context: ChildContext, category: RegistrationCategory, transferIn = false): void {
  const { dice, today, windowStart } = context;
  const variant = dice.weighted(['recent', 'long', 'before-the-window', 're-registered'] as const, [62, 13, 15, 10]);
  if (transferIn) {
    transferredIn(context, category);
    return;
  }
  if (variant === 'before-the-window') {
    // Registered before the window: recorded as history, then reviewed here.
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
    const { outcome, change } = registeringUnder(context, category);
    const again = strategyAndIcpc(context, minDate(addDays(ended, dice.int(30, 300)), addDays(today, -40)), outcome)!;
    registration(context, again, undefined, change);
    return;
  }
  const daysAgo = variant === 'recent' ? dice.int(30, 360) : dice.int(361, 700);
  const { outcome, change } = registeringUnder(context, category);
  const registeredOn = strategyAndIcpc(context, addDays(today, -daysAgo), outcome)!;
  registration(context, registeredOn, undefined, change);
}

/**
 * Registered in another authority and moved here for good: the notification,
 * the transfer-in conference within its 15 working days, which registers the
 * child here, and the review cycle from it.
 */
function transferredIn(context: ChildContext, category: RegistrationCategory): void {
  const { more, today } = context;
  const notifiedOn = workingDayOnOrBefore(addDays(today, -more.int(120, 420)));
  context.protectedSpans.push([notifiedOn, today]);
  add(context, notifiedOn, { method: 'POST', path: '/children/{childId}/transfer-ins', body: { notifiedOn } }, { field: 'transferInId', kind: 'transferin' });
  const heldOn = addWorkingDays(notifiedOn, more.int(6, 14));
  meeting(context, 'TRANSFER_IN', heldOn, { outcome: { decision: 'register', category } });
  registration(context, heldOn);
}

/** The RCPC cycle of a registration recorded directly (no ICPC here). */
function registrationRcpcsOnly(context: ChildContext, registeredOn: CalendarDate): void {
  const { dice, today } = context;
  context.protectedSpans.push([registeredOn, today]);
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
  const { dice, more, today } = context;
  const category = dice.weighted(REGISTRATION_CATEGORIES, PAST_CATEGORY_WEIGHTS);
  const reviews = reviewsUntilDeregistered(dice);
  // Early enough that the last review is behind us.
  const daysAgo = dice.int(30 + 182 * reviews, 700);
  // A few were registered under a combination Chart 4 has no row for; a few changed category at a review.
  const outcome: OutcomeBody = more.chance(0.12) ? { decision: 'register', abuseTypes: more.pick(OTHER_COMBINATIONS) } : { decision: 'register', category };
  const other = more.weighted(REGISTRATION_CATEGORIES, PAST_CATEGORY_WEIGHTS);
  const change = reviews > 1 && other !== category && more.chance(0.25) ? { to: other, registering: {}, required: false } : undefined;
  const registeredOn = strategyAndIcpc(context, addDays(today, -daysAgo), outcome)!;
  registration(context, registeredOn, reviews, change);
}

function notRegistered(context: ChildContext): void {
  strategyAndIcpc(context, addDays(context.today, -context.dice.int(40, 700)), { decision: 'do-not-register' });
}

/**
 * Awaiting an ICPC. In every other block the s47 enquiries are still under way
 * (a discussion in the last fortnight or so); in the rest they concluded a
 * conference is needed, and some are already past their 15 working days: the
 * nightly job's breaches.
 */
function awaitingIcpc(context: ChildContext): void {
  const daysAgo = context.dice.int(1, 30);
  const underWay = context.block % 2 === 0;
  const discussion = underWay ? Math.ceil((daysAgo * 12) / 30) : 8 + Math.floor(((daysAgo - 1) * 23) / 30);
  strategyAndIcpc(context, addDays(context.today, -discussion), undefined, { determined: !underWay });
}

// ---------------------------------------------------------------------------
// Concerns that end without a conference
// ---------------------------------------------------------------------------

/**
 * Strategy discussions whose s47 enquiries end without a conference, as most
 * do: about children in care (an allegation in the placement), before a
 * child's registration or after it ended, after care ended. Each keeps clear
 * of the child's child protection episodes ({@link ChildContext.protectedSpans}).
 */
function furtherConcerns(context: ChildContext, profile: DemoProfile): void {
  const { more, today, windowStart } = context;
  const born = context.dateOfBirth;
  const adult = addDays(addMonths(born, 18 * 12), -1);
  const inCare = profile === 'looked-after' || profile === 'looked-after-and-registered';
  const chance = inCare ? 0.45 : profile === 'ceased' ? 0.6 : profile === 'deregistered' ? 0.9 : 0.75;
  // In care, while in care; otherwise from a year before the window (the register's own history).
  const from = maxDate(inCare ? maxDate(windowStart, addDays(context.careStart ?? today, 14)) : addDays(windowStart, -365), addDays(born, 60));
  const to = minDate(today, adult);
  if (from > to) return;
  for (let n = 0; n < 3 && more.chance(n === 0 ? chance : 0.3); n += 1) {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const date = workingDayOnOrBefore(addDays(from, more.int(0, daysBetween(from, to))));
      if (date < from || !clearOfProtection(context, date)) continue;
      s47WithoutConference(context, date);
      break;
    }
  }
}

/** Whether a discussion on `date` (and its enquiries) would keep well clear of every protected span. */
function clearOfProtection(context: ChildContext, date: CalendarDate): boolean {
  return context.protectedSpans.every(([from, to]) => date < addDays(from, -60) || date > addDays(to, 14));
}

/**
 * A strategy discussion on `date` whose s47 enquiries end without a
 * conference: a few decide none are needed; the rest are determined "not
 * substantiated" or "no continuing risk" some working days later, unless that
 * is still to come (under way today). A few are typed with the wrong day and
 * corrected, a few recorded twice and the second removed.
 */
function s47WithoutConference(context: ChildContext, date: CalendarDate): void {
  const { more, today } = context;
  const noEnquiry = more.chance(0.04);
  const fields = noEnquiry ? { section47: false } : {};
  const typed = more.chance(0.02) ? mistypedDay(context, date, maxDate(addDays(context.dateOfBirth, 30), addDays(context.windowStart, -365))) : undefined;
  const correctedOn = addWorkingDays(date, more.int(1, 5));
  let name: string;
  if (typed !== undefined && correctedOn <= today && clearOfProtection(context, typed)) {
    name = strategyDiscussion(context, date, { date: typed, ...fields });
    add(context, correctedOn, { method: 'PATCH', path: `/children/{childId}/strategy-discussions/{${name}}`, body: { date } });
  } else {
    name = strategyDiscussion(context, date, { date, ...fields });
  }
  const removedOn = addWorkingDays(date, more.int(1, 10));
  if (more.chance(0.01) && removedOn <= today) {
    remove(context, removedOn, 'strategy-discussions', strategyDiscussion(context, date, { date, ...fields }), REMOVAL_REASONS.twice);
  }
  const determinedOn = addWorkingDays(date, more.chance(0.85) ? more.int(3, 10) : more.int(11, 25));
  // Another concern, when there is one, is another discussion: well apart from this one.
  context.protectedSpans.push([date, noEnquiry ? date : determinedOn]);
  if (noEnquiry) return;
  const determination = more.chance(0.6) ? 'not-substantiated' : 'no-continuing-risk';
  if (determinedOn <= today) determine(context, name, determinedOn, determination);
}

// ---------------------------------------------------------------------------
// Case disputes
// ---------------------------------------------------------------------------

/** Who raises a case dispute, in words: a role, never a name. */
const DISPUTE_RAISERS = ['IRO', 'IRO', 'IRO', 'IRO', 'IRO', 'IRO', "Child's advocate", "Parent's solicitor"] as const;
/** How disputes end, as IRO services record it. */
const DISPUTE_OUTCOMES = [
  'Care plan amended',
  'Contact arrangements reviewed and restored',
  'Placement plan updated after a meeting with the team manager',
  'Assessment completed and shared with the IRO',
] as const;

/**
 * Case disputes under the council's dispute resolution protocol, raised by
 * the IRO (now and then by the child's advocate or a parent's solicitor),
 * most informally and resolved within weeks (a PATCH of the day and how),
 * some taken formal, a few with legal advice sought or a referral to Cafcass
 * Cymru. The first block's child also has two from the 2024-25 reporting
 * year, one informal and resolved, one formal, so that that year's annual
 * report has disputes to show.
 */
function caseDisputes(context: ChildContext, dice: Dice): void {
  const { today, windowStart, block } = context;
  if (block === 0) {
    caseDispute(context, '2025-01-14', { stage: 'informal', raisedBy: 'IRO' }, { on: '2025-02-25', outcome: DISPUTE_OUTCOMES[1] });
    caseDispute(context, '2025-03-04', { stage: 'formal', raisedBy: 'IRO', legalAdviceSought: true });
  }
  // One more while the child has been in care, in the last two years.
  const from = maxDate(windowStart, addDays(context.careStart ?? windowStart, 14));
  const to = addDays(today, -7);
  if (from > to) return;
  const startedOn = workingDayOnOrBefore(addDays(from, dice.int(0, daysBetween(from, to))));
  const formal = dice.chance(0.3);
  const resolvedOn = workingDayOnOrBefore(addDays(startedOn, dice.int(14, 120)));
  const resolved = dice.chance(0.7);
  caseDispute(
    context,
    startedOn,
    {
      stage: formal ? 'formal' : 'informal',
      raisedBy: dice.pick(DISPUTE_RAISERS),
      ...(formal && dice.chance(0.4) ? { legalAdviceSought: true } : {}),
      ...(formal && dice.chance(0.2) ? { cafcassReferral: true } : {}),
    },
    resolved ? { on: resolvedOn, outcome: dice.pick(DISPUTE_OUTCOMES) } : undefined,
  );
}

/** A case dispute raised on `startedOn`, and resolved later (a PATCH on the day) if that day has come. */
function caseDispute(
  context: ChildContext,
  startedOn: CalendarDate,
  fields: { stage: 'informal' | 'formal'; raisedBy: string; legalAdviceSought?: boolean; cafcassReferral?: boolean },
  resolution?: { on: CalendarDate; outcome: string },
): void {
  if (startedOn > context.today) return;
  const name = add(context, startedOn, { method: 'POST', path: '/children/{childId}/disputes', body: { startedOn, ...fields } }, { field: 'disputeId', kind: 'dispute' });
  if (resolution === undefined || resolution.on > context.today || resolution.on < startedOn) return;
  add(context, resolution.on, { method: 'PATCH', path: `/children/{childId}/disputes/{${name}}`, body: { resolvedOn: resolution.on, outcome: resolution.outcome } });
}

// ---------------------------------------------------------------------------
// Bookings: the meetings due in the next few weeks
// ---------------------------------------------------------------------------

/** How far ahead the demo books: the open timescales due within this many working days of today (or breached). */
export const DEMO_BOOKING_HORIZON = 40;

/** Why a meeting is booked after its due date: the reasons IRO services give. */
export const LATE_BOOKING_REASONS = [
  'The family can only attend after the school holidays',
  'The child’s social worker is on leave until then',
  'Interpreter not available sooner',
  'The foster carers are away until then',
  'The child asked for a day after their exams',
  'Both parents can attend only then',
] as const;

/** An open timescale as `GET /children/{childId}/timescales` answers it: what the plan of bookings reads. */
export interface DemoOpenTimescale {
  kind: TimescaleKind;
  dueDate: CalendarDate;
  /** `s47-enquiries-under-way`: an ICPC no conference has been decided on yet. */
  stage?: string;
}

export type DemoBookingFate = 'in-time' | 'late' | 'not-booked';

/** What the demo does about one open timescale of a meeting: book it in time, book it late with a reason, or leave it. */
export interface DemoBookingDecision {
  kind: MeetingType;
  dueDate: CalendarDate;
  fate: DemoBookingFate;
  /** The booking's POST (as the child's IRO, keyed by the seed, the reference and the kind); none when not booked. */
  request?: DemoRequest;
}

/** The child's IRO: the one their first request (the admin's POST /children) allocates. */
export const iroOf = (child: DemoChild): string => child.requests[0]!.body['iroEmail'] as string;

/**
 * The bookings of a loaded child's meetings due within
 * {@link DEMO_BOOKING_HORIZON} working days of today, or breached: one
 * decision for the earliest open timescale of each meeting type (the one a
 * booking meets). Of those due, seven in ten are booked in time (one of the
 * last ten working days to the due date), one in twenty-five late (one to
 * five working days after it, with a reason), the rest not at all; of those
 * breached, a third are booked late, the rest not at all. An ICPC whose s47
 * enquiries are under way is not booked: no conference is decided on yet.
 * All told, about 55% booked in time, 10% late and 35% not booked.
 *
 * And in each block, the first looked-after child's next CER is booked late,
 * however far off it is due (its day set at the last review, the only one
 * that suited): so every register from the first block on has a late booking,
 * whatever today is.
 *
 * Pure, and from the child's own dice: the same open timescales and today
 * give the same plan, whatever is booked already.
 */
export function planDemoBookings(seed: number, child: DemoChild, today: CalendarDate, open: readonly DemoOpenTimescale[]): DemoBookingDecision[] {
  const dice = new Dice(seedOf('demo-bookings', seed, child.index));
  const { profile, firstOfProfile } = profileOf(seed, child.index);
  const lateCer = profile === 'looked-after' && firstOfProfile;
  const horizon = addWorkingDays(today, DEMO_BOOKING_HORIZON);
  const earliest = new Map<MeetingType, DemoOpenTimescale>();
  for (const timescale of [...open].sort(byDueDateThenKind)) {
    const { kind } = timescale;
    if (isBookable(kind) && (timescale.dueDate <= horizon || (lateCer && kind === 'CER')) && !earliest.has(kind)) earliest.set(kind, timescale);
  }
  return [...earliest].map(([kind, { dueDate, stage }]) => {
    const leave: DemoBookingDecision = { kind, dueDate, fate: 'not-booked' };
    if (stage === 's47-enquiries-under-way') return leave;
    const breached = dueDate < today;
    const fate =
      lateCer && kind === 'CER'
        ? 'late'
        : breached
          ? dice.weighted(['late', 'not-booked'] as const, [35, 65])
          : dice.weighted(['in-time', 'late', 'not-booked'] as const, [70, 4, 26]);
    if (fate === 'not-booked') return leave;
    let bookedFor: CalendarDate;
    if (fate === 'in-time') {
      const days = workingDaysInTime(today, dueDate);
      if (days.length === 0) return leave;
      bookedFor = dice.pick(days.slice(-10));
    } else {
      // Breached, the earliest it can be is after today; else a few days after the due date.
      bookedFor = addWorkingDays(breached ? today : dueDate, dice.int(1, 5));
    }
    const body = { type: kind, status: 'booked', bookedFor, ...(fate === 'late' ? { lateReason: dice.pick(LATE_BOOKING_REASONS) } : {}) };
    const request: DemoRequest = {
      method: 'POST',
      path: '/children/{childId}/meetings',
      body,
      caller: iroOf(child),
      idempotencyKey: `demo-${seed}-${child.reference}-book-${kind}`,
    };
    return { kind, dueDate, fate, request };
  });
}

const byDueDateThenKind = (a: DemoOpenTimescale, b: DemoOpenTimescale) => a.dueDate.localeCompare(b.dueDate) || a.kind.localeCompare(b.kind);

/** The working days a meeting can be booked for in time: from tomorrow to the due date (today, when the due date is today). */
function workingDaysInTime(today: CalendarDate, dueDate: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = addWorkingDays(today, 1); day <= dueDate; day = addWorkingDays(day, 1)) days.push(day);
  if (days.length === 0 && today <= dueDate && isWorkingDay(today)) days.push(today);
  return days;
}
