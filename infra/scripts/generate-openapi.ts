/**
 * Regenerates `functions/api/openapi.json`, the OpenAPI document the API
 * serves at GET /openapi.json, from the route table and the zod schemas that
 * validate the requests (`openApiDocument` in shared/api/openapi.ts).
 *
 *   npm run generate:openapi
 *
 * The API function imports only the generated JSON, so its bundle carries the
 * document (~25 KB) instead of zod-to-openapi, the code that builds the
 * document on the first request, and the whole zod namespace that
 * `extendZodWithOpenApi(z)` pulls into the bundle. A test compares the
 * committed file with what this script computes now, so a route or schema
 * change fails the build until the file is regenerated.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openApiDocument } from '#shared/api/openapi';

/** The generated file, next to the API function's handler. */
export const OPENAPI_JSON_PATH = fileURLToPath(new URL('../../functions/api/openapi.json', import.meta.url));

/** The text of the generated file. */
export function renderOpenApiJson(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

function main(): void {
  writeFileSync(OPENAPI_JSON_PATH, renderOpenApiJson());
  console.log(`wrote ${OPENAPI_JSON_PATH}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
