/**
 * Every constraint the OpenAPI document states on a request is one the API
 * enforces, with the 400 the document promises. The cases are derived from
 * `functions/api/openapi.json` itself, not written by hand, so a constraint
 * added to a schema is covered the day the document is regenerated.
 *
 * For each operation, for each path and query parameter and each property of
 * the JSON body (nested objects and each `oneOf`/`anyOf` branch included),
 * every keyword that constrains a value (`required`, `type`, integer, `enum`,
 * `const`, `pattern`, `format`, `minLength`/`maxLength`, `minimum`/`maximum`
 * and their exclusive forms, `multipleOf`, `minItems`/`maxItems`,
 * `additionalProperties: false`, and the body's own `required` and `type`)
 * gives one request: a valid request for the route with that one value
 * replaced by one that breaks that keyword. Values are judged by the document
 * (ajv, as `test/support/documented-answers.ts` judges answers): each valid
 * value must satisfy its schema, each violating value must fail it, and a
 * value that passes once the keyword is lifted (it breaks that keyword alone)
 * is preferred when there is one. A path parameter cannot be left out (the
 * path would name another route), and a parameter is text, so only numeric
 * ones have a wrong type, sent as non-numeric text.
 *
 * Each is sent as ADMIN (who may call every route), 8 at a time (one request
 * for constraints that the same request breaks, such as each `oneOf` branch's
 * `decision` left out), and must be answered 400 `validation_failed` naming
 * the field (the parameter's name, or the body property's dotted path; the
 * body itself is ''), and a refused request may write nothing. The valid
 * requests they were made from must not be refused. Constraints enforced but
 * not documented (zod refinements) are not this file's business.
 */
import { randomUUID } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import openApiJson from '../../functions/api/openapi.json' with { type: 'json' };
import { ROUTES } from '#shared/http/routes';
import { ADMIN, fieldsOf, useApi, type Answer } from './harness';

/** The JSON Schema keywords the document uses on requests. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  discriminator?: { propertyName: string };
  examples?: unknown[];
  example?: unknown;
  default?: unknown;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const document = openApiJson as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * Valid bodies the schema alone cannot give: a patch whose documented schema
 * allows `{}` but which must change at least one field, a registration that
 * needs its category or abuseTypes (undocumented refinements). Each is still
 * checked against the document.
 */
const VALID_BODIES: Record<string, unknown> = {
  patchChild: { givenName: 'Ada' },
  patchMeeting: { recommendationsSentOn: '2025-01-20' },
  patchCareEpisode: { endDate: '2025-01-20' },
  patchPlacementChange: { unplanned: false },
  patchStrategyDiscussion: { date: '2025-01-15' },
  patchRegistration: { endDate: '2025-01-20' },
  patchDispute: { stage: 'formal' },
  // The category by Chart 4's name or by abuseTypes: one of the two (a refinement the document cannot state).
  createRegistration: { startDate: '2025-01-15', category: 'Neglect' },
};

/** The name of the field the document does not have, for `additionalProperties: false`. */
const EXTRA = 'notADocumentedField';
const CONCURRENCY = 8;

// ---------------------------------------------------------------------------
// Judging values by the document.

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const bodyAjv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
// A parameter arrives as text: its schema's types are the text's meaning (`"12"` is the integer 12).
const textAjv = addFormats(new Ajv2020({ strict: false, allErrors: false, coerceTypes: true }));
const compiled = new Map<string, ValidateFunction>();

/** Where a value goes: in the JSON body, or as text (a path or query parameter). */
type Place = 'body' | 'text';

/** Whether the document accepts `value` for `schema`. */
function accepts(schema: Schema, value: unknown, place: Place): boolean {
  const wrapped = place === 'body' ? schema : { type: 'object', properties: { value: schema } };
  const key = `${place}|${JSON.stringify(wrapped)}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = (place === 'body' ? bodyAjv : textAjv).compile(wrapped);
    compiled.set(key, validate);
  }
  return place === 'body' ? validate(structuredClone(value)) : validate({ value });
}

/** A schema with its `$ref` and `allOf` resolved (request schemas are small trees). */
function resolved(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`the document refers to ${s.$ref}, which it does not define`);
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  if (s.allOf) {
    const { allOf, ...rest } = s;
    return allOf.map(resolved).reduce<Schema>(
      (merged, part) => ({
        ...merged,
        ...part,
        properties: { ...merged.properties, ...part.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      }),
      rest,
    );
  }
  return s;
}

/** The JSON types a schema allows (inferred from its keywords when it names none). */
function typesOf(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  if (s.items) return ['array'];
  return [];
}

const without = (s: Schema, keyword: keyof Schema): Schema => {
  const copy = { ...s };
  delete copy[keyword];
  return copy;
};
const join = (parent: string, name: string) => (parent ? `${parent}.${name}` : name);
const omitKey = (value: unknown, key: string) => Object.fromEntries(Object.entries(value as object).filter(([name]) => name !== key));
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

// ---------------------------------------------------------------------------
// Valid values, from the schema.

const FORMAT_VALUES: Record<string, string> = {
  date: '2025-01-15',
  'date-time': '2025-01-15T09:30:00Z',
  time: '09:30:00Z',
  email: 'someone@example.org',
  uuid: randomUUID(),
  uri: 'https://example.org/',
  hostname: 'example.org',
};

/** Fits a text to the schema's lengths, keeping its look (its last character repeated, or cut). */
function fitted(text: string, s: Schema): string {
  let fit = text;
  if (s.minLength !== undefined && fit.length < s.minLength) fit += (fit.at(-1) ?? 'x').repeat(s.minLength - fit.length);
  if (s.maxLength !== undefined && fit.length > s.maxLength) fit = fit.slice(0, s.maxLength);
  return fit;
}

function numberCandidates(s: Schema): number[] {
  const integer = typesOf(s).includes('integer') && !typesOf(s).includes('number');
  const step = integer ? 1 : 0.5;
  return [
    ...(s.minimum !== undefined ? [s.minimum] : []),
    ...(s.exclusiveMinimum !== undefined ? [s.exclusiveMinimum + step] : []),
    ...(s.maximum !== undefined ? [s.maximum] : []),
    ...(s.exclusiveMaximum !== undefined ? [s.exclusiveMaximum - step] : []),
    ...(s.multipleOf !== undefined ? [s.multipleOf] : []),
    1,
    0,
  ];
}

/**
 * A value the document accepts for `schema`: its examples, default, const or
 * first enum value, else one made from its type, format, pattern and bounds.
 * An object gets its required properties (each made the same way).
 */
function validValue(schema: Schema, place: Place, field: string): unknown {
  const s = resolved(schema);
  const candidates: unknown[] = [...(s.examples ?? []), ...('example' in s ? [s.example] : []), ...('default' in s ? [s.default] : [])];
  if ('const' in s) candidates.push(s.const);
  candidates.push(...(s.enum ?? []));
  for (const branch of s.oneOf ?? s.anyOf ?? []) candidates.push(validValue(branch, place, field));
  for (const type of typesOf(s)) {
    if (type === 'object') {
      candidates.push(Object.fromEntries((s.required ?? []).map((name) => [name, validValue(s.properties?.[name] ?? {}, 'body', join(field, name))])));
    } else if (type === 'array') {
      candidates.push(Array.from({ length: s.minItems ?? 0 }, (_, i) => validValue(s.items ?? {}, 'body', join(field, String(i)))));
    } else if (type === 'string') {
      const texts = [...(s.format && FORMAT_VALUES[s.format] ? [FORMAT_VALUES[s.format]!] : []), 'Valid', 'VALID', 'valid', 'A1', '2025-01', '2025-01-15', randomUUID(), 'a', '1'];
      candidates.push(...texts.map((text) => fitted(text, s)));
    } else if (type === 'integer' || type === 'number') {
      candidates.push(...numberCandidates(s));
    } else if (type === 'boolean') {
      candidates.push(true, false);
    } else if (type === 'null') {
      candidates.push(null);
    }
  }
  const asPlaced = place === 'text' ? candidates.filter((c) => c !== null && typeof c !== 'object').map(String) : candidates;
  const found = asPlaced.find((candidate) => accepts(s, candidate, place));
  if (found === undefined) throw new Error(`${field}: no valid value can be made from ${JSON.stringify(s)}; give a valid body in VALID_BODIES, or a candidate text here`);
  return found;
}

// ---------------------------------------------------------------------------
// Violations, from the schema.

/** One documented constraint on one value, and values that may break it. */
interface Constraint {
  constraint: string;
  /** The schema with the constraint lifted: a value it accepts breaks that constraint alone. */
  lifted: Schema;
  candidates: unknown[];
}

/** A value of each JSON type but the schema's. */
function wrongTypes(types: readonly string[]): unknown[] {
  const samples: [string, unknown][] = [
    ['string', types.includes('boolean') ? 'true' : '12'],
    ['integer', 12345],
    ['boolean', true],
    ['array', []],
    ['object', {}],
    ['null', null],
  ];
  const holds = (type: string) => types.includes(type) || (type === 'integer' && types.includes('number'));
  const wrong = samples.filter(([type]) => !holds(type));
  // An object's or an array's most telling wrong value is the other container; a scalar's is text or a number.
  if (types.includes('object')) wrong.sort(([a]) => (a === 'array' ? -1 : 0));
  return wrong.map(([, value]) => value);
}

/** An email address of exactly `length` characters (long domain labels, each under 64). */
function emailOfLength(length: number): string {
  let local = 'someone';
  let domain = 'example.org';
  let missing = length - `${local}@${domain}`.length;
  const intoLocal = Math.max(0, Math.min(missing, 57));
  local += 'x'.repeat(intoLocal);
  missing -= intoLocal;
  while (missing > 0) {
    let label = Math.min(missing - 1, 63);
    if (missing - (label + 1) === 1) label -= 1;
    domain = `${'a'.repeat(label)}.${domain}`;
    missing -= label + 1;
  }
  return `${local}@${domain}`;
}

const FORMAT_BREAKERS: Record<string, string[]> = {
  date: ['2025-02-30', '2025-1-15', '15/01/2025', 'not-a-date'],
  'date-time': ['2025-01-15', '2025-01-15T25:00:00Z', 'not-a-time'],
  time: ['25:00:00Z', 'not-a-time'],
  email: ['not-an-email', 'someone@', '@example.org', 'some one@example.org'],
  uuid: ['not-a-uuid', '0000000000000000000000000000000g'],
  uri: ['not a uri', '::'],
  hostname: ['not a host!', '-example-.org'],
};

/** The documented constraints on one scalar (or array) value. */
function constraintsOf(s: Schema, place: Place, valid: unknown): Constraint[] {
  const out: Constraint[] = [];
  const types = typesOf(s);
  const numeric = types.includes('integer') || types.includes('number');
  const validText = typeof valid === 'string' ? valid : String(valid ?? '');
  const validNumber = Number(valid);

  if (s.type !== undefined) {
    if (place === 'body') {
      out.push({ constraint: `type ${types.join('|')}`, lifted: without(s, 'type'), candidates: wrongTypes(types) });
    } else if (numeric) {
      out.push({ constraint: `type ${types.join('|')} (non-numeric text)`, lifted: without(s, 'type'), candidates: ['abc', 'ten', '1x'] });
    }
    if (types.includes('integer') && !types.includes('number')) {
      out.push({
        constraint: 'type integer (a fraction)',
        lifted: { ...s, type: types.map((type) => (type === 'integer' ? 'number' : type)) },
        candidates: [validNumber + 0.5, (s.minimum ?? 0) + 0.5, 1.5],
      });
    }
  }
  if (s.enum) {
    out.push({ constraint: `enum [${s.enum.map(asText).join(', ')}]`, lifted: without(s, 'enum'), candidates: ['unlisted-value', 'Unlisted', 'zz'].filter((c) => !s.enum!.includes(c)) });
  }
  if ('const' in s) {
    out.push({ constraint: `const ${asText(s.const)}`, lifted: without(s, 'const'), candidates: ['unlisted-value', 'zz'].filter((c) => c !== s.const) });
  }
  if (s.pattern !== undefined) {
    out.push({
      constraint: `pattern ${s.pattern}`,
      lifted: without(s, 'pattern'),
      candidates: ['-x', 'not-valid!', validText.toUpperCase(), validText.toLowerCase(), `!${validText}`, `${validText}!`, '2025-13', 'x y'],
    });
  }
  if (s.format !== undefined) {
    out.push({ constraint: `format ${s.format}`, lifted: without(s, 'format'), candidates: FORMAT_BREAKERS[s.format] ?? [`not-a-${s.format}`] });
  }
  if (s.minLength !== undefined && s.minLength > 0) {
    const n = s.minLength - 1;
    out.push({ constraint: `minLength ${s.minLength}`, lifted: without(s, 'minLength'), candidates: [validText.slice(0, n), 'x'.repeat(n)] });
  }
  if (s.maxLength !== undefined) {
    const n = s.maxLength + 1;
    const longer = validText + (validText.at(-1) ?? 'x').repeat(Math.max(0, n - validText.length));
    out.push({
      constraint: `maxLength ${s.maxLength}`,
      lifted: without(s, 'maxLength'),
      candidates: [...(s.format === 'email' ? [emailOfLength(n)] : []), longer, 'x'.repeat(n)],
    });
  }
  if (s.minimum !== undefined) out.push({ constraint: `minimum ${s.minimum}`, lifted: without(s, 'minimum'), candidates: [s.minimum - 1, s.minimum - 0.5] });
  if (s.exclusiveMinimum !== undefined) {
    out.push({ constraint: `exclusiveMinimum ${s.exclusiveMinimum}`, lifted: without(s, 'exclusiveMinimum'), candidates: [s.exclusiveMinimum, s.exclusiveMinimum - 1] });
  }
  if (s.maximum !== undefined) out.push({ constraint: `maximum ${s.maximum}`, lifted: without(s, 'maximum'), candidates: [s.maximum + 1, s.maximum + 0.5] });
  if (s.exclusiveMaximum !== undefined) {
    out.push({ constraint: `exclusiveMaximum ${s.exclusiveMaximum}`, lifted: without(s, 'exclusiveMaximum'), candidates: [s.exclusiveMaximum, s.exclusiveMaximum + 1] });
  }
  if (s.multipleOf !== undefined) {
    out.push({ constraint: `multipleOf ${s.multipleOf}`, lifted: without(s, 'multipleOf'), candidates: [validNumber + s.multipleOf / 2, s.multipleOf / 2] });
  }
  if (Array.isArray(valid) && s.minItems !== undefined && s.minItems > 0) {
    out.push({ constraint: `minItems ${s.minItems}`, lifted: without(s, 'minItems'), candidates: [valid.slice(0, s.minItems - 1)] });
  }
  if (s.maxItems !== undefined) {
    const item = validValue(s.items ?? {}, 'body', 'items');
    out.push({ constraint: `maxItems ${s.maxItems}`, lifted: without(s, 'maxItems'), candidates: [Array.from({ length: s.maxItems + 1 }, () => item)] });
  }
  return out;
}

/** A value that breaks the constraint: one that breaks it alone if any does. */
function breaking(s: Schema, c: Constraint, place: Place, field: string): unknown {
  const candidates = place === 'text' ? c.candidates.map(String) : c.candidates;
  const refused = candidates.filter((candidate) => !accepts(s, candidate, place));
  const alone = refused.find((candidate) => accepts(c.lifted, candidate, place));
  if (alone !== undefined) return alone;
  if (refused.length > 0) return refused[0];
  throw new Error(`${field}: no value breaks the documented ${c.constraint}; add a candidate for it`);
}

/** A body violation: the field the 400 must name, and the whole value of the node it was made at. */
interface BodyViolation {
  field: string;
  constraint: string;
  value: unknown;
}

/** The properties every branch of a union names: its discriminators. */
function branchKeys(branches: Schema[]): Set<string> {
  const [first, ...rest] = branches.map((branch) => new Set(Object.keys(resolved(branch).properties ?? {})));
  return new Set([...(first ?? [])].filter((name) => rest.every((keys) => keys.has(name))));
}

/** Every documented constraint under `schema` (the value at `field`, `valid` there), broken one at a time. */
function bodyViolations(schema: Schema, field: string, valid: unknown): BodyViolation[] {
  const s = resolved(schema);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const out: BodyViolation[] = [];
    const branchTypes = new Set(branches.flatMap((branch) => typesOf(resolved(branch))));
    if (s.type === undefined && branchTypes.size > 0) {
      const lifted: Schema = {};
      const union = { constraint: `type ${[...branchTypes].join('|')}`, lifted, candidates: wrongTypes([...branchTypes]) };
      out.push({ field, constraint: `${s.oneOf ? 'oneOf' : 'anyOf'} ${union.constraint}`, value: breaking(s, union, 'body', field) });
    }
    // A property required in one branch and optional in another (a discriminator with a default, as a meeting's
    // `status`: held unless booked) is not a constraint on the body: leaving it out chooses the other branch, whose
    // own constraints are broken (and checked) one at a time.
    const defaulted = new Set(branches.flatMap((branch) => Object.keys(resolved(branch).properties ?? {}).filter((name) => !(resolved(branch).required ?? []).includes(name))));
    branches.forEach((branch, index) => {
      const branchValid = validValue(branch, 'body', field);
      for (const violation of bodyViolations(branch, field, branchValid)) {
        if (violation.constraint === 'required' && defaulted.has(violation.field.slice(field ? field.length + 1 : 0)) && branchKeys(branches).has(violation.field.slice(field ? field.length + 1 : 0))) continue;
        // A value another branch takes breaks nothing.
        if (!accepts(s, violation.value, 'body')) out.push({ ...violation, constraint: `${s.oneOf ? 'oneOf' : 'anyOf'}[${index}] ${violation.constraint}` });
      }
    });
    return out;
  }
  const types = typesOf(s);
  if (types.includes('object') && s.properties) {
    const object = (valid ?? {}) as Record<string, unknown>;
    const out: BodyViolation[] = [];
    for (const c of constraintsOf(s, 'body', valid).filter((c) => c.constraint.startsWith('type'))) {
      out.push({ field, constraint: c.constraint, value: breaking(s, c, 'body', field) });
    }
    for (const name of s.required ?? []) out.push({ field: join(field, name), constraint: 'required', value: omitKey(object, name) });
    if (s.additionalProperties === false) out.push({ field: join(field, EXTRA), constraint: 'additionalProperties false', value: { ...object, [EXTRA]: 'x' } });
    for (const [name, property] of Object.entries(s.properties)) {
      const propertyValid = name in object ? object[name] : validValue(property, 'body', join(field, name));
      for (const violation of bodyViolations(property, join(field, name), propertyValid)) {
        out.push({ ...violation, value: { ...object, [name]: violation.value } });
      }
    }
    return out;
  }
  return constraintsOf(s, 'body', valid).map((c) => ({ field, constraint: c.constraint, value: breaking(s, c, 'body', field) }));
}

// ---------------------------------------------------------------------------
// The requests.

interface Route {
  operationId: string;
  method: string;
  template: string;
  operation: Operation;
}

interface Request {
  path: Record<string, string>;
  query: Record<string, string>;
  /** The JSON text of the body; undefined for none. */
  body: string | undefined;
}

interface Case {
  route: Route;
  where: 'path' | 'query' | 'body';
  field: string;
  constraint: string;
  request: Request;
}

const routes: Route[] = Object.entries(document.paths).flatMap(([template, methods]) =>
  Object.entries(methods)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({ operationId: operation.operationId, method: method.toUpperCase(), template, operation })),
);

const parametersOf = (route: Route) => (route.operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
const bodySchemaOf = (route: Route) => route.operation.requestBody?.content['application/json']?.schema;

function urlOf(route: Route, request: Request): string {
  const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.path[name] ?? ''));
  const query = new URLSearchParams(request.query).toString();
  return query ? `${path}?${query}` : path;
}

/** A request for the route the document calls valid: every path parameter, the required query parameters and body fields. */
function validRequest(route: Route): Request {
  const request: Request = { path: {}, query: {}, body: undefined };
  for (const parameter of parametersOf(route)) {
    if (parameter.in === 'path') request.path[parameter.name] = validValue(parameter.schema, 'text', parameter.name) as string;
    else if (parameter.required) request.query[parameter.name] = validValue(parameter.schema, 'text', parameter.name) as string;
  }
  const bodySchema = bodySchemaOf(route);
  if (bodySchema) {
    const body = route.operationId in VALID_BODIES ? VALID_BODIES[route.operationId] : validValue(bodySchema, 'body', '');
    if (!accepts(resolved(bodySchema), body, 'body')) throw new Error(`${route.operationId}: the valid body ${JSON.stringify(body)} is not one the document accepts`);
    request.body = JSON.stringify(body);
  }
  return request;
}

/** Every documented constraint of every route, each broken in an otherwise valid request. */
function casesOf(route: Route): Case[] {
  const valid = validRequest(route);
  const cases: Case[] = [];
  const withParameter = (parameter: Parameter, value: string | undefined): Request => {
    const part = { ...valid[parameter.in as 'path' | 'query'] };
    if (value === undefined) delete part[parameter.name];
    else part[parameter.name] = value;
    return { ...valid, [parameter.in]: part };
  };
  for (const parameter of parametersOf(route)) {
    const where = parameter.in as 'path' | 'query';
    // A path without one of its parameters is another route's path: only a query parameter can be left out.
    if (parameter.required && where === 'query') cases.push({ route, where, field: parameter.name, constraint: 'required', request: withParameter(parameter, undefined) });
    const schema = resolved(parameter.schema);
    const validText = valid[where][parameter.name] ?? (validValue(schema, 'text', parameter.name) as string);
    for (const c of constraintsOf(schema, 'text', validText)) {
      const value = breaking(schema, c, 'text', parameter.name) as string;
      cases.push({ route, where, field: parameter.name, constraint: c.constraint, request: withParameter(parameter, value) });
    }
  }
  const bodySchema = bodySchemaOf(route);
  if (bodySchema) {
    const schema = resolved(bodySchema);
    if (route.operation.requestBody?.required) cases.push({ route, where: 'body', field: '', constraint: 'requestBody required', request: { ...valid, body: undefined } });
    for (const violation of bodyViolations(schema, '', JSON.parse(valid.body!))) {
      if (accepts(schema, violation.value, 'body')) throw new Error(`${route.operationId} ${violation.field} ${violation.constraint}: the document accepts ${JSON.stringify(violation.value)}`);
      cases.push({ route, where: 'body', field: violation.field, constraint: violation.constraint, request: { ...valid, body: JSON.stringify(violation.value) } });
    }
  }
  return cases;
}

/** Runs `work` on every item, `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const shown = (request: Request) => request.body ?? '(no body)';

describe('every documented request constraint is enforced with the documented 400', () => {
  const api = useApi();

  it('the document documents a 400 for every route, and has every route', () => {
    expect(routes.map((route) => `${route.method} ${route.template}`).sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    const undocumented = routes
      .filter((route) => {
        const schema = route.operation.responses['400']?.content?.['application/json']?.schema;
        return schema?.$ref !== '#/components/schemas/Error';
      })
      .map((route) => route.operationId);
    expect(undocumented).toEqual([]);
  });

  it('answers each constraint’s violation 400 validation_failed, naming the field, writing nothing', async () => {
    const started = performance.now();
    const cases = routes.flatMap(casesOf);
    const constraints = new Set(cases.map((c) => `${c.route.operationId}|${c.where}|${c.field}|${c.constraint}`));
    // Constraints broken by the very same request (each oneOf branch's `decision` left out) share one send.
    const byRequest = new Map<string, Case[]>();
    for (const c of cases) {
      const key = `${c.field}|${c.route.method} ${urlOf(c.route, c.request)} ${shown(c.request)}`;
      byRequest.set(key, [...(byRequest.get(key) ?? []), c]);
    }
    const sends = [...byRequest.values()];
    const failures: string[] = [];
    const wroteWhileRefused: Case[][] = [];

    const sendOne = async (group: Case[], alone: boolean) => {
      const { route, where, field, request } = group[0]!;
      const url = urlOf(route, request);
      const what = `${route.operationId} ${where} ${field || '(the body)'} [${group.map((c) => c.constraint).join('; ')}]: ${route.method} ${url} ${shown(request)}`;
      const send = () => api.send(route.method, url, { as: ADMIN, ...(request.body === undefined ? {} : { body: request.body }) });
      // Sent concurrently, the table is compared here; a change is then checked again with the request alone.
      const before = route.method === 'GET' || alone ? [] : await api.everyItem();
      let answer: Answer;
      try {
        answer = alone ? await api.expectNothingWritten(send) : await send();
      } catch (error) {
        failures.push(`${what} → ${alone ? 'the table changed: ' : ''}${(error as Error).message.split('\n')[0]}`);
        return;
      }
      const named = fieldsOf(answer);
      if (answer.status !== 400 || answer.body?.error?.code !== 'validation_failed' || !named.includes(field)) {
        failures.push(`${what} → ${answer.status} ${answer.body?.error?.code ?? ''} naming ${JSON.stringify(named)}: ${answer.text.slice(0, 300)}`);
      } else if (!alone && route.method !== 'GET' && JSON.stringify(await api.everyItem()) !== JSON.stringify(before)) {
        // Another send may have written meanwhile (if the API took some other violation).
        wroteWhileRefused.push(group);
      }
    };
    await inPool(sends, CONCURRENCY, (group) => sendOne(group, false));
    for (const group of wroteWhileRefused) await sendOne(group, true);

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `documented constraints: ${routes.length} routes, ${constraints.size} constraints found, ${sends.length} violations sent, ` +
        `${failures.length === 0 ? 'all' : sends.length - failures.length} answered as documented (${seconds} s)`,
    );
    expect(failures, `constraints the document states that the API does not enforce as documented:\n${failures.join('\n')}`).toEqual([]);
  }, 120_000);

  it('takes the valid request each violation was made from (no 400 for it)', async () => {
    const refused: string[] = [];
    await inPool(routes, CONCURRENCY, async (route) => {
      const request = validRequest(route);
      const url = urlOf(route, request);
      const answer = await api.send(route.method, url, { as: ADMIN, ...(request.body === undefined ? {} : { body: request.body }) });
      if (answer.status === 400) refused.push(`${route.operationId}: ${route.method} ${url} ${shown(request)} → ${answer.text.slice(0, 300)}`);
    });
    expect(refused).toEqual([]);
  }, 60_000);
});
