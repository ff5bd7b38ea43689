/**
 * The route table's request schemas are named by the functions that build
 * them (`shared/api/schemas.ts`, `onFirstUse`), so that a cold start of the
 * API function builds its own route's alone (the time it saves is
 * bench/cold-start.ts's to measure). Each is built once: the schema the
 * middleware checks a request with is the one the OpenAPI document describes.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES, findRoute } from '#shared/http/routes';

describe('the route table', () => {
  it("gives each route's request schemas as functions that build one schema, once", () => {
    for (const route of ROUTES) {
      for (const part of ['params', 'query', 'body'] as const) {
        const build = (route as { [P in typeof part]?: () => unknown })[part];
        if (build === undefined) continue;
        expect(typeof build, `${route.method} ${route.path} ${part}`).toBe('function');
        const schema = build();
        expect(schema, `${route.method} ${route.path} ${part}`).toHaveProperty('_zod');
        expect(build(), `${route.method} ${route.path} ${part}`).toBe(schema);
      }
    }
  });

  it('shares a schema between routes as before: one path schema for every route of a child', () => {
    const read = findRoute('GET /children/{childId}')!;
    const write = findRoute('POST /children/{childId}/meetings')!;
    expect(read.params!()).toBe(write.params!());
  });
});
