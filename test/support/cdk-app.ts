/**
 * What the infra tests synthesize: an app with the context cdk.json would
 * give, bundling skipped (template tests need no code) and its own output
 * folder, and the web page built once per test file (about 1.5 s) into a
 * temporary folder, never .build/web.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { type BuiltPage, buildWeb } from '../../web/build';

export const TEST_CONTEXT = Object.freeze({
  region: 'eu-west-2',
  sesIdentity: 'council.example.gov.uk',
  senderEmail: 'iro-timescales@council.example.gov.uk',
  authDomainPrefix: 'iro-timescales-test',
});

export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'cdk-test-')),
    context: { 'aws:cdk:bundling-stacks': [], ...TEST_CONTEXT, ...context },
  });
}

let page: BuiltPage | undefined;

/** The page, built on first use. */
export function builtPage(): BuiltPage {
  page ??= buildWeb(mkdtempSync(path.join(tmpdir(), 'web-test-')));
  return page;
}
