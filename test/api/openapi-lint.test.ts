/**
 * functions/api/openapi.json lints clean with Spectral's `spectral:oas`
 * ruleset (.spectral.yaml), as `npm run lint:openapi` lints it: no error,
 * warning, information or hint.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_JSON_PATH } from '#infra/scripts/generate-openapi';
import { formatLintResults, lintOpenApi } from '#infra/scripts/lint-openapi';

describe('functions/api/openapi.json, linted with spectral:oas', () => {
  it('has no Spectral results of any severity (npm run lint:openapi)', async () => {
    const results = await lintOpenApi();

    expect(results, `Spectral found ${results.length} result(s):\n${formatLintResults(results)}`).toEqual([]);
  });

  it('is linted with the rules themselves: a document missing what they ask for is reported', async () => {
    const document = JSON.parse(readFileSync(OPENAPI_JSON_PATH, 'utf8'));
    delete document.info.contact;
    delete document.paths['/children'].post.description;
    document.tags = document.tags.filter((tag: { name: string }) => tag.name !== 'document');

    const results = await lintOpenApi(JSON.stringify(document, null, 2), 'broken.json');

    expect(results.map((r) => `${r.code} ${r.path}`).sort()).toEqual([
      'info-contact info',
      'operation-description paths./children.post',
      'operation-tag-defined paths./openapi.json.get.tags.0',
    ]);
  });

  it('uses the ruleset .spectral.yaml names, and turns no rule off', () => {
    const config = readFileSync(new URL('../../.spectral.yaml', import.meta.url), 'utf8').replace(/#.*$/gm, '').trim();

    expect(config).toBe('extends: ["spectral:oas"]');
  });
});
