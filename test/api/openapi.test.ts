/**
 * GET /openapi.json: a valid OpenAPI 3.1 document, made from the same route
 * table and zod schemas that serve and validate the requests.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/http/routes';
import { IRO_ONE, useApi } from './harness';

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}

describe('GET /openapi.json', () => {
  const api = useApi();
  let document: { openapi: string; paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    const answer = await api.get(IRO_ONE, '/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    document = answer.body;
  });

  it('validates as an OpenAPI 3.1 document', async () => {
    const validator = new Validator();

    const result = await validator.validate(document);

    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  it('has one operation per route, each with its operationId, and no other', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`),
    );

    expect(operations.sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path} ${route.operationId}`).sort());
  });

  it('describes each route’s path parameters, query, body and success status', () => {
    for (const route of ROUTES) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      const parameters = operation.parameters ?? [];
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

      expect(parameters.filter((p) => p.in === 'path').map((p) => p.name), route.operationId).toEqual(inPath);
      expect(parameters.some((p) => p.in === 'query'), route.operationId).toBe('query' in route);
      expect(operation.requestBody?.content['application/json']?.schema !== undefined, route.operationId).toBe('body' in route);
      expect(Object.keys(operation.responses), route.operationId).toContain(String(route.success));
    }
  });

  it('names the fields a new child needs, as the schema that validates POST /children does', () => {
    const schema = document.paths['/children']!['post']!.requestBody!.content['application/json']!.schema as {
      required?: string[];
      properties?: Record<string, unknown>;
    };

    expect([...(schema.required ?? [])].sort()).toEqual(
      ['dateOfBirth', 'familyName', 'gender', 'givenName', 'iroEmail', 'reference', 'teamManagerEmail', 'teamName'],
    );
  });
});
