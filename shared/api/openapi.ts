/**
 * The OpenAPI 3.1 document, generated from the route table and the very zod
 * schemas that validate every request and describe every answer, so that what
 * it says is what is enforced. Who may call each route is written from its
 * action's row in `shared/domain/access.ts`. Built at build time
 * (`npm run generate:openapi`), never in the Lambda.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ACCESS, type Grant, type Role } from '#shared/domain/access';
import * as responseSchemas from '#shared/api/responses';
import { ROUTES, TAGS, errorStatusesOf, isPublic, type RouteDefinition } from '#shared/http/routes';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid: each failing field is named with the reason.',
  401: 'No token, or a token that is not good: answered by API Gateway in its own shape, or by the API when a good token names no email.',
  403: 'Your role may not do this.',
  404: 'No such record, or not one in your scope: the two are answered alike.',
  429: 'Too many requests to this route just now, from everyone together: answered by API Gateway in its own shape. Try again later.',
  409: 'The request conflicts with what is stored (a case reference another child has, an Idempotency-Key used for another request).',
  412: 'If-Match names a version of the child that is no longer the current one: read it again.',
  413: 'The body is larger than 256 KB.',
  415: 'The body is not JSON.',
  500: 'Something went wrong on our side; it has been logged.',
  503: 'Busy (throttled, or other writes to the same child kept landing first): retry after Retry-After seconds.',
};

const REACH: Record<Grant['reach'], string> = { every: 'any child', allocated: 'the children allocated to them', team: "their team's children" };

/** Who may call a route, in words, from its action's grants (for a route with no token, who its credential may belong to). */
function whoMay(route: RouteDefinition): string {
  const grants = Object.entries(ACCESS[route.action] as Partial<Record<Role, Grant>>);
  const scoped = grants.some(([, grant]) => grant.reach !== 'every' || grant.only || grant.except);
  const lines = grants.map(([role, grant]) => {
    const fields = grant.only ? `, setting only ${grant.only.join(', ')}` : grant.except ? `, not ${grant.except.join(', ')}` : '';
    return scoped ? `${role} (${REACH[grant.reach]}${fields})` : role;
  });
  if (isPublic(route)) {
    return `No token: anyone with the URL may fetch it, so keep it secret. It answers for the person who made it, who must be: ${lines.join('; ')}. Throttled to ${route.throttle?.rateLimit} requests a second (bursts of ${route.throttle?.burstLimit}) across every caller.`;
  }
  return `Who may: ${lines.join('; ')}.`;
}

/**
 * A request schema as classic zod's, for the generator. The request schemas
 * are zod/mini's (`shared/api/schemas.ts`, built at every cold start, where
 * classic zod costs); the generator is written for classic zod, whose schemas
 * have readers it calls (`.meta()`, a string's `format` and `minLength`). Both
 * build on zod's core with the same definitions, so each schema is made again
 * as classic zod's from its own definition, its checks and its description
 * kept: what the generator reads is what the API enforces.
 */
function asClassic(schema: z.core.$ZodType, made = new Map<unknown, unknown>()): z.ZodType {
  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if ('_zod' in value) return asClassic(value as z.core.$ZodType, made);
    if (Array.isArray(value)) return value.map(copy);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]));
  };
  if (made.has(schema)) return made.get(schema) as z.ZodType;
  const name = schema._zod.constr.name;
  if (!name.startsWith('ZodMini')) return schema as z.ZodType;
  const Classic = (z as unknown as Record<string, new (def: unknown) => z.ZodType>)[name.replace(/^ZodMini/, 'Zod')];
  if (typeof Classic !== 'function') throw new Error(`openapi: no classic zod schema for ${name}`);
  // Checks stay as they are: they are core's, whichever API made them.
  const { checks, ...rest } = schema._zod.def;
  const classic = new Classic({ ...(copy(rest) as object), ...(checks ? { checks } : {}) });
  made.set(schema, classic);
  const meta = z.globalRegistry.get(schema);
  if (meta) z.globalRegistry.add(classic, meta);
  return classic;
}

let cached: object | undefined;

/** The document, built once. */
export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cognito', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A Cognito ID token (it carries the caller's email and cognito:groups).",
  });
  for (const route of ROUTES as readonly RouteDefinition[]) {
    const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
    // The route names its answer's schema (the API function never builds them): here it is looked up.
    const response: z.ZodType = responseSchemas[route.response];
    const success = route.calendar
      ? { 'text/calendar': { schema: response } }
      : {
          ...json(response),
          ...(route.csv ? { 'text/csv': { schema: z.string().meta({ description: 'The same figures as a CSV file: one table a section, UTF-8 with a byte-order mark, CRLF line ends.' }) } } : {}),
          ...(route.docx
            ? {
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
                  schema: z.string().meta({ format: 'binary', description: "The Corporate Parenting Committee's Word document: a contents list, the headline sentences, each chart as a picture with alt text and its numbers in a table, and a marked place for each section the service manager writes." }),
                },
              }
            : {}),
          ...(route.html ? { 'text/html': { schema: z.string() } } : {}),
        };
    const responses: Record<number, ResponseConfig> = {
      [route.success]: { description: route.success === 201 ? 'Created.' : 'Success.', content: success },
    };
    if (route.replaced) responses[route.replaced] = { description: 'Replaced: there was one already.', content: success };
    for (const status of errorStatusesOf(route)) {
      const { errorSchema, gatewayErrorSchema } = responseSchemas;
      const body = status === 401 ? z.union([gatewayErrorSchema, errorSchema]) : status === 429 ? gatewayErrorSchema : errorSchema;
      responses[status] = { description: ERROR_DESCRIPTIONS[status] ?? 'An error.', content: json(body) };
    }
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
      path: route.path,
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      // Who may call it, and not the summary again: every viewer shows the summary, and the document ships in the API's bundle.
      description: whoMay(route),
      // No security at all on a route with no token (the secret is in its path), overriding none: there is no document-wide default.
      security: isPublic(route) ? [] : [{ cognito: [] }],
      request: {
        ...(route.params ? { params: asClassic(route.params()) as z.ZodObject } : {}),
        ...(route.query ? { query: asClassic(route.query()) as z.ZodObject } : {}),
        ...(route.body ? { body: { required: true, content: json(asClassic(route.body())) } } : {}),
      },
      responses,
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'IRO timescales',
      version: '1.0.0',
      description: "Children's case and review records and their statutory timescales, for an Independent Reviewing Officer service.",
      contact: { name: 'The IRO timescales service team' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'Deployed: the ApiUrl output of the stack.',
        variables: { apiId: { default: 'api-id', description: "The HTTP API's id." }, region: { default: 'eu-west-2' } },
      },
      { url: 'http://127.0.0.1:3000', description: 'npm start, on this machine.' },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
  return cached;
}
