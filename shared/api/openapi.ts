/**
 * The OpenAPI 3.1 document, generated from the route table and the very zod
 * schemas that validate requests.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ROUTES } from '#shared/http/routes';

extendZodWithOpenApi(z);

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    problems: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    requestId: z.string(),
  }),
});

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cognito', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const error = registry.register('Error', errorSchema);
  for (const route of ROUTES) {
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const params = pathParameters.length
      ? z.object(Object.fromEntries(pathParameters.map((name) => [name, z.string()])))
      : undefined;
    const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'patch',
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: `Roles: ${route.roles.join(', ')}.`,
      security: [{ cognito: [] }],
      request: {
        ...(params ? { params } : {}),
        ...('query' in route && route.query ? { query: route.query as z.ZodObject } : {}),
        ...('body' in route && route.body ? { body: { content: { 'application/json': { schema: route.body } } } } : {}),
      },
      responses: {
        [route.success]: { description: 'Success', content: { 'application/json': { schema: z.object({}).loose() } } },
        400: errorResponse('The request is not valid: each failing field is named with the reason.'),
        401: { description: 'No token, or a token that is not good.' },
        403: errorResponse('Your role may not do this.'),
        404: errorResponse('No such record, or not one in your scope.'),
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'IRO timescales',
      version: '1.0.0',
      description: "Children's case and review records and their statutory timescales, for an Independent Reviewing Officer service.",
    },
  });
  return cached;
}
