/**
 * The web page's two budgets, measured (a benchmark that prints figures, not
 * a test):
 *
 *   - the page's script as sent, gzipped (buildWeb's own figure): under 200 KB;
 *   - the time to first view of a month, on the local stack with the demo
 *     register: under 1 s. From navigation start to the page's own
 *     `performance.mark('snapshot-shown')`, so it covers loading the page,
 *     config.json, the snapshot list and the 13 months of the history charts
 *     (each a cross-origin GET, with its preflight), and drawing every chart.
 *
 *   npm run bench:page -- [--children 480] [--rounds 7]
 *
 * It starts its own local stack in this process (fresh ports, a fresh data
 * folder), loads the demo register through the API (which snapshots the 24
 * month ends before today), and drives Debian's Chromium through
 * playwright-core: signs in as the service manager on the page's own local
 * sign-in screen, then each round loads a different month afresh in that tab
 * (the HTTP cache emptied first, so the script, styles and config are fetched
 * again). The baseline, in the same run and the same rounds: the same 14 API
 * GETs (the list, then the 13 months in parallel) sent bare from Node with a
 * token, no page and no preflights. Bounded: it stops itself after 8 minutes
 * (loading the register is most of the run: about 1.5 to 4.5 minutes here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { monthsEndingWith } from '#shared/domain/year-month';
import { loadDemo } from '#infra/local/demo';
import { DEFAULT_DEMO_CHILDREN, DEMO_SERVICE_MANAGER } from '#infra/local/demo-register';
import { loadOrCreateSigningKey, signLocalToken } from '#infra/local/local-auth';
import { startLocalStack, type RunningLocalStack } from '#infra/local/local-stack';
import { localSettings } from '#infra/local/settings';
import { buildWeb } from '../web/build';
import { launchBrowser, type Browser } from '../test/support/browser';
import { freePort } from '../test/support/ports';
import { median } from './stats';

const { values } = parseArgs({
  options: {
    children: { type: 'string', default: String(DEFAULT_DEMO_CHILDREN) },
    rounds: { type: 'string', default: '7' },
  },
});
const CHILDREN = wholeNumber('children', values.children, 1);
const ROUNDS = wholeNumber('rounds', values.rounds, 1);
/** The months of a month's history charts, as the page draws them (web/src/views/snapshots.tsx). */
const HISTORY_MONTHS = 13;
const SCRIPT_BUDGET_BYTES = 200 * 1024;
const FIRST_VIEW_BUDGET_MS = 1000;
const VIEW_TIMEOUT_MS = 30_000;
const TIME_LIMIT_MS = 8 * 60 * 1000;

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const ms = (x: number) => `${Math.round(x)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function wholeNumber(name: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw ?? '') || value < min) throw new Error(`--${name} must be a whole number, at least ${min}`);
  return value;
}

/** Months of the demo's snapshots whose whole history window is stored too, newest first; one per round. */
function roundMonths(stored: readonly string[], rounds: number): string[] {
  const have = new Set(stored);
  const full = stored.filter((month) => monthsEndingWith(month, HISTORY_MONTHS).every((m) => have.has(m)));
  if (full.length === 0) throw new Error(`no snapshotted month has ${HISTORY_MONTHS} months of history: ${stored.join(', ')}`);
  // More rounds than such months: start again from the newest (each round's page load is fresh anyway).
  return Array.from({ length: rounds }, (_, i) => full[i % full.length]!);
}

/** Signs in on the page's own local sign-in screen, as a person would. */
async function signIn(page: Page, pageUrl: string, email: string): Promise<void> {
  await page.goto(pageUrl);
  await page.getByRole('radio', { name: new RegExp(`^${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: /^Sign out/ }).waitFor({ timeout: VIEW_TIMEOUT_MS });
}

interface PageView {
  ms: number;
  /** Preflights the browser sent during the view. */
  preflights: number;
  /** API GETs the page sent during the view. */
  apiGets: number;
  /** When config.json and the last of the API's answers had arrived, from navigation start. */
  configAt: number;
  dataAt: number;
}

/** One first view of a month: a fresh load of the page at the month's address, its HTTP cache empty. */
async function viewMonth(context: BrowserContext, page: Page, pageUrl: string, apiUrl: string, month: string): Promise<PageView> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let preflights = 0;
  let apiGets = 0;
  cdp.on('Network.requestWillBeSent', (event) => {
    if (!event.request.url.startsWith(apiUrl)) return;
    if (event.request.method === 'OPTIONS' || event.type === 'Preflight') preflights += 1;
    else if (event.request.method === 'GET') apiGets += 1;
  });
  try {
    // Leave the page, so that the next load is a whole one (not a change of hash), then empty the HTTP cache.
    await page.goto('about:blank');
    await cdp.send('Network.clearBrowserCache');
    await page.goto(`${pageUrl}#/snapshots/${month}`);
    await page.waitForFunction(() => performance.getEntriesByName('snapshot-shown').length > 0, undefined, { timeout: VIEW_TIMEOUT_MS });
    const shown = {
      at: await page.evaluate(() => performance.getEntriesByName('snapshot-shown')[0]!.startTime),
      heading: (await page.locator('#month-heading').textContent()) ?? '',
      charts: await page.locator('canvas').count(),
      hash: new URL(page.url()).hash,
    };
    if (shown.hash !== `#/snapshots/${month}` || shown.heading === '') throw new Error(`the page did not show ${month}: ${JSON.stringify(shown)}`);
    if (shown.charts === 0) throw new Error(`the page showed ${month} with no charts`);
    const arrived = await page.evaluate((api) => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const config = entries.find((entry) => new URL(entry.name).pathname === '/config.json');
      const data = entries.filter((entry) => entry.name.startsWith(api));
      return { configAt: config?.responseEnd ?? Number.NaN, dataAt: Math.max(...data.map((entry) => entry.responseEnd)) };
    }, apiUrl);
    return { ms: shown.at, preflights, apiGets, ...arrived };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The same 14 GETs sent bare from Node: the list, then the month's history in parallel. */
async function bareCalls(apiUrl: string, token: string, month: string): Promise<number> {
  const get = async (route: string) => {
    const response = await fetch(`${apiUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${route} answered ${response.status}: ${body.slice(0, 200)}`);
    return body;
  };
  const started = performance.now();
  JSON.parse(await get('/snapshots'));
  await Promise.all(monthsEndingWith(month, HISTORY_MONTHS).map(async (m) => JSON.parse(await get(`/snapshots/${m}`))));
  return performance.now() - started;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`;
  console.log(line(rows[0]!));
  console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows.slice(1)) console.log(line(row));
}

async function main(): Promise<void> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iro-bench-page-'));
  let stack: RunningLocalStack | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await browser?.close().catch((error: unknown) => console.error('closing the browser:', error));
      await stack?.stop().catch((error: unknown) => console.error('stopping the stack:', error));
      rmSync(dataDir, { recursive: true, force: true });
    })());
  const deadline = setTimeout(() => {
    console.error(`bench:page: over ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
    void stop().finally(() => process.exit(2));
  }, TIME_LIMIT_MS);
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log('building the page');
    const built = buildWeb(path.join(dataDir, 'page-size'));

    // The API function reads its configuration at import; quiet its logs and metrics, which would only fill this output.
    process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
    process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
    const settings = localSettings({
      ...process.env,
      PORT: String(await freePort()),
      WEB_PORT: String(await freePort()),
      DYNAMODB_PORT: String(await freePort()),
      SES_PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    log(`starting the local stack (data in ${dataDir})`);
    stack = await startLocalStack(settings);
    const { apiUrl, pageUrl } = stack;
    const key = await loadOrCreateSigningKey(dataDir);

    log(`loading the demo register: ${CHILDREN} children, then 24 month-end snapshots`);
    let reported = 0;
    const demo = await loadDemo({
      apiUrl,
      key,
      today: todayInLondon(new Date()),
      children: CHILDREN,
      onProgress: ({ childrenDone, children, failures }) => {
        const quarter = Math.floor((childrenDone * 4) / Math.max(1, children));
        if (quarter > reported) {
          reported = quarter;
          log(`  ${childrenDone}/${children} children${failures ? `, ${failures} failed requests` : ''}`);
        }
      },
    });
    if (demo.failures.length > 0) throw new Error(`the demo register had ${demo.failures.length} failed requests, e.g. ${JSON.stringify(demo.failures[0])}`);
    log(`loaded in ${(demo.elapsedMs / 1000).toFixed(1)} s: ${demo.requests} requests, ${demo.snapshots.created} snapshots`);

    const token = await signLocalToken(key, { email: DEMO_SERVICE_MANAGER, roles: ['service-manager'] });
    const listed = await fetch(`${apiUrl}/snapshots`, { headers: { authorization: `Bearer ${token}` } });
    const stored = ((await listed.json()) as { snapshots: { month: string }[] }).snapshots.map((s) => s.month);
    const months = roundMonths(stored, ROUNDS);

    log('launching Chromium and signing in as the service manager');
    browser = await launchBrowser({ downloads: false });
    context = browser.context;
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await signIn(page, pageUrl, DEMO_SERVICE_MANAGER);

    // Warm both up once (the API function's code paths, the browser's caches of compiled code), untimed.
    const warmUp = stored.find((m) => !months.includes(m)) ?? months[0]!;
    await viewMonth(context, page, pageUrl, apiUrl, warmUp);
    await bareCalls(apiUrl, token, warmUp);

    const views: PageView[] = [];
    const bare: number[] = [];
    for (const [round, month] of months.entries()) {
      // Each goes first in turn, so that neither always meets the other's leftovers.
      const runPage = async () => views.push(await viewMonth(context!, page, pageUrl, apiUrl, month));
      const runBare = async () => bare.push(await bareCalls(apiUrl, token, month));
      if (round % 2 === 0) {
        await runPage();
        await runBare();
      } else {
        await runBare();
        await runPage();
      }
      const view = views.at(-1)!;
      log(
        `round ${round + 1}/${ROUNDS} ${month}: page ${ms(view.ms)} (config at ${ms(view.configAt)}, data at ${ms(view.dataAt)}; ` +
          `${view.apiGets} API GETs, ${view.preflights} preflights), bare API ${ms(bare.at(-1)!)}`,
      );
    }

    const pageMs = views.map((v) => v.ms);
    const firstView = median(pageMs);
    console.log('');
    console.log(
      `The page (${CHILDREN} demo children, ${ROUNDS} rounds, ${os.availableParallelism()} x ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Chromium headless):`,
    );
    printTable([
      ['figure', 'this system: median (min–max)', 'bare API calls: median (min–max)', 'target', 'met?'],
      ['script, gzipped', `${kb(built.scriptGzipBytes)} (${kb(built.scriptBytes)} minified)`, '-', `< ${kb(SCRIPT_BUDGET_BYTES)}`, built.scriptGzipBytes < SCRIPT_BUDGET_BYTES ? 'yes' : 'NO'],
      [
        'first view of a month',
        `${ms(firstView)} (${ms(Math.min(...pageMs))}–${ms(Math.max(...pageMs))})`,
        `${ms(median(bare))} (${ms(Math.min(...bare))}–${ms(Math.max(...bare))})`,
        `< ${ms(FIRST_VIEW_BUDGET_MS)}`,
        firstView < FIRST_VIEW_BUDGET_MS ? 'yes' : 'NO',
      ],
    ]);
    console.log(
      `\n  The view: navigation start to 'snapshot-shown' (medians: config.json in at ${ms(median(views.map((v) => v.configAt)))}, ` +
        `the last API answer in at ${ms(median(views.map((v) => v.dataAt)))}); ${median(views.map((v) => v.apiGets))} API GETs and ` +
        `${median(views.map((v) => v.preflights))} preflights a view, the HTTP cache emptied first.` +
        `\n  The bare calls: GET /snapshots, then the month's ${HISTORY_MONTHS} GET /snapshots/{month} in parallel, from Node with a token.`,
    );
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    clearTimeout(deadline);
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
