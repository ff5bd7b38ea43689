/**
 * Checks an answer of the API against the OpenAPI document it serves
 * (`functions/api/openapi.json`, generated from the route table): the status
 * must be one the route documents, and a JSON body must match the schema
 * documented for that status (JSON Schema 2020-12, as OpenAPI 3.1 uses it). The
 * API test harness checks every answer any test receives, so the document
 * cannot drift from what the API does.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import openApiDocument from '../../functions/api/openapi.json' with { type: 'json' };
import { ROUTES } from '#shared/http/routes';

interface DocumentedResponse {
  content?: Record<string, { schema: object }>;
}
interface DocumentedOperation {
  responses: Record<string, DocumentedResponse>;
}
const document = openApiDocument as unknown as {
  paths: Record<string, Record<string, DocumentedOperation>>;
  components: object;
};

// ajv-formats is CommonJS: its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const validators = new Map<string, ValidateFunction>();

const templates = ROUTES.map((route) => ({
  method: route.method,
  template: route.path,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** API Gateway's own answers before the function (an unmatched or undecodable path, an oversized body): not the API's. */
const isGatewayAnswer = (status: number, body: unknown) =>
  status !== 401 && typeof body === 'object' && body !== null && Object.keys(body).length === 1 && typeof (body as { message?: unknown }).message === 'string';

/**
 * What is wrong with an answer, measured against the document: nothing (an
 * empty list) when the route documents its status and its body matches the
 * schema. Answers to no route of the table (a preflight, an unknown path) are
 * API Gateway's, and not the document's business.
 */
export function undocumented(method: string, url: string, status: number, contentType: string | null, body: unknown): string[] {
  const path = new URL(url, 'http://api').pathname;
  const route = templates.find((candidate) => candidate.method === method.toUpperCase() && candidate.pattern.test(path));
  if (!route || isGatewayAnswer(status, body)) return [];
  const where = `${method.toUpperCase()} ${route.template} → ${status}`;
  const response = document.paths[route.template]?.[method.toLowerCase()]?.responses[String(status)];
  if (!response) return [`${where}: the document gives no ${status} for this route`];
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  const content = response.content?.[mediaType];
  if (!content) return [`${where}: the document gives no ${mediaType || 'body type'} for this status`];
  if (mediaType !== 'application/json') return [];
  const key = `${route.template}|${method}|${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...content.schema, components: document.components });
    validators.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${where}: ${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
