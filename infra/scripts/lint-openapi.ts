/**
 * Lints `functions/api/openapi.json` with Spectral's `spectral:oas` ruleset,
 * as `.spectral.yaml` at the root says (`extends: ["spectral:oas"]`), and
 * fails on any result at all: errors, warnings, information and hints.
 *
 *   npm run lint:openapi
 *   npm run lint:openapi -- some/other/openapi.json
 *
 * A test (test/api/openapi-lint.test.ts) runs the same `lintOpenApi`, so a
 * route or schema change that makes the document lint dirty fails the build.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import spectralCore, { type RulesetDefinition } from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';
import { OPENAPI_JSON_PATH } from '#infra/scripts/generate-openapi';

// The three are CommonJS: their named exports are read off the default import.
const { Document, Spectral } = spectralCore;
const { Json } = spectralParsers;
// The ruleset's declared type (its aliases) does not match RulesetDefinition's, though it is one:
// the cast Spectral's own documentation uses.
const oas = spectralRulesets.oas as RulesetDefinition;

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/** One thing Spectral found. */
export interface LintResult {
  /** The rule, e.g. `operation-description`. */
  code: string;
  severity: (typeof SEVERITIES)[number];
  /** Where in the document, e.g. `paths./children.post`. */
  path: string;
  message: string;
  /** 1-based line of the generated file. */
  line: number;
}

/** Lints an OpenAPI document (the generated file by default) with `spectral:oas`; `[]` when it is clean. */
export async function lintOpenApi(text = readFileSync(OPENAPI_JSON_PATH, 'utf8'), source = OPENAPI_JSON_PATH): Promise<LintResult[]> {
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas, 'recommended']] });
  const results = await spectral.run(new Document(text, Json, source));
  return results.map((result) => ({
    code: String(result.code),
    severity: SEVERITIES[result.severity] ?? 'error',
    path: result.path.join('.'),
    message: result.message,
    line: result.range.start.line + 1,
  }));
}

/** One line a result: `line severity code path: message`. */
export function formatLintResults(results: readonly LintResult[]): string {
  return results.map((r) => `${r.line}\t${r.severity}\t${r.code}\t${r.path || '(root)'}: ${r.message}`).join('\n');
}

async function main(file = process.argv[2] ?? OPENAPI_JSON_PATH): Promise<void> {
  const results = await lintOpenApi(readFileSync(file, 'utf8'), file);
  if (results.length > 0) {
    console.error(formatLintResults(results));
    console.error(`\n${results.length} Spectral result(s) in ${file}`);
    process.exitCode = 1;
    return;
  }
  console.log(`${file}: no Spectral results (spectral:oas)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
