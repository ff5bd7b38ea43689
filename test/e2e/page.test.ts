/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The web page in a real browser (Debian's headless Chromium, driven by
 * playwright-core) against `npm start` with the demo register loaded, as a
 * manager and an IRO use it: signing in on the local sign-in screen, reading
 * the figures off the charts' tables and checking them against the API's,
 * downloading the CSV and JSON and parsing them back, and only ever seeing
 * what is theirs; and, as an IRO, correcting and removing a child's records
 * and recording a case dispute (the change and its audit entry checked
 * through the API), booking a
 * meeting in time and late (the API's 409, then a reason), cancelling one,
 * filtering the list to the meetings not booked, and subscribing to their
 * calendar feed and revoking it. Every screen is
 * scanned with axe-core (no serious or critical violation) and photographed
 * into test-output/screens/, and the page must run under its strict
 * Content-Security-Policy without a single violation.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { categoryRows, type MonthlyFigures } from '#shared/domain/figures';
import { monthsEndingWith } from '#shared/domain/year-month';
import { timescaleInWords } from '#shared/domain/timescales/wording';
import type { TimescaleWithStatus } from '#shared/domain/timescales/types';
import type { Role } from '#shared/domain/access';
import { loadDemo, type DemoSummary } from '#infra/local/demo';
import { loadOrCreateSigningKey, signLocalToken, type LocalSigningKey } from '#infra/local/local-auth';
import { bookingInWords, isBookable, suggestedDateInWords } from '../../web/src/bookings';
import { longDate } from '../../web/src/format';
import { launchBrowser, type Browser } from '../support/browser';
import { PROJECT_ROOT, forceStop, newSettings, startStack, stopStack, type RunningStack, type StackSettings } from '../support/local-stack-process';

const SCREENS = path.join(PROJECT_ROOT, 'test-output', 'screens');
const SERVICE_MANAGER = 'service.manager@example.org';
const IRO = 'iro01@example.org';
const TEAM_MANAGER = 'tm.north@example.org';
/**
 * Half the demo register `npm run demo` loads (480): the same generator and
 * seed, so the same first 240 children, every role and category among them;
 * loading all 480 through the API would take CI several minutes.
 */
const DEMO_CHILDREN = 240;

let settings: StackSettings;
let stack: RunningStack;
let key: LocalSigningKey;
let browser: Browser;
let demo: DemoSummary;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  settings = await newSettings();
  stack = await startStack(settings);
  key = await loadOrCreateSigningKey(settings.dataDir);
  [demo, browser] = await Promise.all([
    loadDemo({ apiUrl: stack.apiUrl, key, today: todayInLondon(new Date()), children: DEMO_CHILDREN }),
    launchBrowser(),
  ]);
}, 420_000);

afterAll(async () => {
  await browser?.close();
  if (stack) await stopStack(stack, { toWholeGroup: true }).catch(() => forceStop(stack.process));
  if (settings) rmSync(settings.dataDir, { recursive: true, force: true });
}, 60_000);

/** The API's own answer, as the test's reference for what the page shows. */
async function apiGet<T>(email: string, roles: Role[], route: string): Promise<T> {
  const token = await signLocalToken(key, { email, roles });
  const response = await fetch(`${stack.apiUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, route).toBe(200);
  return (await response.json()) as T;
}

interface Watched {
  page: Page;
  /** Content-Security-Policy violations, console errors and uncaught errors, as they happened. */
  problems: string[];
}

/** A new tab that records every CSP violation and every error the page logs. */
async function openPage(): Promise<Watched> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(stack.pageUrl);
  await page.getByRole('radio', { name: new RegExp(`^${email.replace(/[.]/g, '\\.')}`) }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${email}`).waitFor();
}

/**
 * axe-core over the whole screen (WCAG 2.2 A and AA and best practice): the
 * serious and critical violations, by rule and the elements they were found on.
 * axe is evaluated through the DevTools protocol, which the page's CSP does
 * not govern, so the page keeps its policy while it is scanned.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Scans the screen and photographs it as test-output/screens/<name>.png. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

/** A table's body as text, row by row. */
const tableRows = (page: Page, selector: string) =>
  page.locator(`${selector} tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));

const tableHeadings = (page: Page, selector: string) =>
  page.locator(`${selector} thead th`).evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? '').trim()));

const number = (text: string) => Number(text.replace(/,/g, ''));

/** The names of the open timescales on a child's page (each cell also holds why it is due when it is). */
const timescaleNames = (page: Page) => page.locator('[data-section="open-timescales"] [data-timescale-name]').allTextContents();

describe('the demo register behind the page', () => {
  it('loaded without a refusal, with 24 months of snapshots', () => {
    expect(demo.failures).toEqual([]);
    expect(demo.snapshots.created + demo.snapshots.existing).toBe(24);
  });
});

describe('signed in as a service manager', () => {
  it('shows the sign-in screen listing the demo users by role, which passes axe', async () => {
    const { page, problems } = await openPage();
    await page.goto(stack.pageUrl);
    await page.getByRole('radio', { name: /^iro01@example\.org/ }).waitFor();

    const legends = await page.locator('legend').allTextContents();

    expect(legends).toEqual(['Independent Reviewing Officers', 'Team managers', 'Service managers', 'Administrators']);
    expect(await page.getByRole('radio').count()).toBeGreaterThanOrEqual(14);
    await checkScreen(page, 'sign-in');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("opens a month from the picker, and the register-by-category chart's table equals the API's snapshots, month end by month end", async () => {
    const { page, problems } = await openPage();
    const { snapshots } = await apiGet<{ snapshots: { month: string }[] }>(SERVICE_MANAGER, ['service-manager'], '/snapshots');
    const month = snapshots[1]!.month;

    await signIn(page, SERVICE_MANAGER);
    await page.locator('[data-chart-table="register-by-category"]').waitFor();
    await page.getByLabel('Month').selectOption(month);
    await page.getByRole('button', { name: 'Show month' }).click();
    // The chosen month's own view, not the one it replaces.
    const table = `[data-month="${month}"] [data-chart-table="register-by-category"]`;
    await page.locator(table).waitFor();

    const headings = await tableHeadings(page, table);
    const rows = await tableRows(page, table);
    const window = monthsEndingWith(month, 13);
    const expected = await Promise.all(
      window.map((m) => apiGet<{ figures: MonthlyFigures }>(SERVICE_MANAGER, ['service-manager'], `/snapshots/${m}`).then((s) => s.figures)),
    );

    // Chart 4's ten rows, then any other combination in use in the window.
    const categories = categoryRows(expected);
    expect(headings).toEqual(['Month end', ...categories, 'Total']);
    expect(rows).toHaveLength(13);
    rows.forEach((row, index) => {
      const figures = expected[index]!;
      expect(row.slice(1, -1).map(number), window[index]).toEqual(categories.map((category) => figures.registerByCategory[category] ?? 0));
      expect(number(row.at(-1)!)).toBe(figures.registerTotal);
    });
    const headline = page.locator('.app-headline', { hasText: 'Children on the register at month end' }).locator('.app-headline__value');
    expect(number(await headline.innerText())).toBe(expected.at(-1)!.registerTotal);
    await checkScreen(page, 'monthly-figures');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("downloads the month's CSV, which parses back to the API's numbers, and its JSON, which is the API's snapshot", async () => {
    const { page, problems } = await openPage();
    const { snapshots } = await apiGet<{ snapshots: { month: string }[] }>(SERVICE_MANAGER, ['service-manager'], '/snapshots');
    const month = snapshots[0]!.month;
    const snapshot = await apiGet<{ revision: number; figures: MonthlyFigures }>(SERVICE_MANAGER, ['service-manager'], `/snapshots/${month}`);

    await signIn(page, SERVICE_MANAGER);
    await page.locator('[data-chart-table="register-by-category"]').waitFor();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download CSV/ }).click()]);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download JSON/ }).click()]);
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as unknown;

    const records = parse(csv, { bom: true, relax_column_count: true }) as string[][];
    const section = records.findIndex((record) => record[0] === 'Children on the register by category at month end');
    const rowsOfCategories = Object.keys(snapshot.figures.registerByCategory).length;
    const byCategory = Object.fromEntries(records.slice(section + 2, section + 2 + rowsOfCategories).map(([category, children]) => [category, Number(children)]));
    const total = records[section + 2 + rowsOfCategories];

    // The file name comes from the API's Content-Disposition, which the page can read only because CORS exposes it.
    expect(csvDownload.suggestedFilename()).toBe(`snapshot-${month}-r${snapshot.revision}.csv`);
    expect(section).toBeGreaterThan(0);
    expect(byCategory).toEqual(snapshot.figures.registerByCategory);
    expect(total).toEqual(['Total', String(snapshot.figures.registerTotal)]);
    expect(json).toEqual(snapshot);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the annual report for a year, its table the API's, and downloads it as CSV", async () => {
    const { page, problems } = await openPage();
    const { snapshots } = await apiGet<{ snapshots: { month: string }[] }>(SERVICE_MANAGER, ['service-manager'], '/snapshots');
    // The oldest snapshot's reporting year is complete only if it starts in April; the year after the oldest always has all it can.
    const oldest = snapshots.at(-1)!.month;
    const year = Number(oldest.slice(0, 4)) + (Number(oldest.slice(5)) >= 4 ? 1 : 0);
    const report = await apiGet<{ rows: { figure: string; months: (number | null)[]; year: number | '' }[]; headlines: string[] }>(
      SERVICE_MANAGER,
      ['service-manager'],
      `/reports/annual?year=${year}`,
    );

    await signIn(page, SERVICE_MANAGER);
    await page.goto(`${stack.pageUrl}#/annual/${year}`);
    await page.locator('[data-annual-table]').waitFor();
    const rows = await tableRows(page, '[data-annual-table]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download CSV/ }).click()]);
    const csv = parse(readFileSync(await download.path(), 'utf8'), { bom: true, relax_column_count: true }) as string[][];

    expect(rows.map((row) => row[0])).toEqual(report.rows.map((row) => row.figure));
    rows.forEach((row, index) => {
      const expected = report.rows[index]!;
      expect(row.slice(1, 13).map((cell) => (cell === '–' ? null : number(cell))), expected.figure).toEqual(expected.months);
      expect(row[13] === '–' ? '' : number(row[13]!)).toBe(expected.year);
    });
    expect(await page.locator('.govuk-list--bullet li').allTextContents()).toEqual(report.headlines);
    const cers = csv.find((record) => record[0] === 'CERs held')!;
    expect(cers.slice(1, 13).map((cell) => (cell === '' ? null : Number(cell)))).toEqual(report.rows.find((row) => row.figure === 'CERs held')!.months);
    await checkScreen(page, 'annual-report');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits a tablet: nothing but the wide tables scrolls sideways, and they scroll in their own frames', async () => {
    const tablet = await browser.context.newPage();
    await tablet.setViewportSize({ width: 768, height: 1024 });
    await signIn(tablet, SERVICE_MANAGER);
    await tablet.locator('[data-chart-table="register-by-category"]').waitFor();

    const overflow = await tablet.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    expect(overflow).toBeLessThanOrEqual(0);
    await checkScreen(tablet, 'monthly-figures-tablet');
    await tablet.close();
  });
});

describe('signed in as an IRO', () => {
  interface Listed {
    childId: string;
    reference: string;
    kind: TimescaleWithStatus['kind'];
    dueDate: string;
    status: string;
    booking?: TimescaleWithStatus['booking'];
  }

  /** What the list's last column says of a timescale: its booking, or a dash for one no meeting meets. */
  const bookingCell = (t: Listed) => {
    if (!isBookable(t.kind)) return '–';
    const words = bookingInWords(t.booking, t.dueDate);
    return `${words.text}${words.late ?? ''}`;
  };

  it("lists that IRO's breached and due-soon timescales, breached first, exactly as the API gives them, and no one else's child; then only those not booked; then subscribes to the calendar feed and revokes it", async () => {
    const { page, problems } = await openPage();
    const expected = await apiGet<{ timescales: Listed[] }>(IRO, ['iro'], '/timescales');
    const theirs = new Set<string>();
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ iroEmail: IRO, limit: '100', ...(cursor ? { cursor } : {}) });
      const listed = await apiGet<{ children: { reference: string }[]; cursor?: string }>(SERVICE_MANAGER, ['service-manager'], `/children?${query}`);
      listed.children.forEach((child) => theirs.add(child.reference));
      cursor = listed.cursor;
    } while (cursor);

    await signIn(page, IRO);
    await page.getByRole('heading', { name: /^Breached/ }).waitFor();
    const breached = (await page.locator('[data-timescales="breached"]').count()) ? await tableRows(page, '[data-timescales="breached"]') : [];
    const dueSoon = (await page.locator('[data-timescales="due-soon"]').count()) ? await tableRows(page, '[data-timescales="due-soon"]') : [];
    const shown = [...breached, ...dueSoon].map((row) => row[0]);

    expect(expected.timescales.length).toBeGreaterThan(0);
    expect(breached.map((row) => row[0])).toEqual(expected.timescales.filter((t) => t.status === 'breached').map((t) => t.reference));
    expect(dueSoon.map((row) => row[0])).toEqual(expected.timescales.filter((t) => t.status !== 'breached').map((t) => t.reference));
    expect(shown.every((reference) => theirs.has(reference!)), 'every child shown is allocated to the IRO').toBe(true);
    breached.forEach((row) => expect(row[4]).toMatch(/^Breached(\d+ working days? overdue|overdue)$/));
    expect([...breached, ...dueSoon].map((row) => row[5])).toEqual(
      [...expected.timescales.filter((t) => t.status === 'breached'), ...expected.timescales.filter((t) => t.status !== 'breached')].map(bookingCell),
    );
    expect(await page.getByRole('link', { name: 'Monthly figures' }).count()).toBe(0);
    await checkScreen(page, 'timescales');

    // Only the meetings due with nothing booked: the API's ?booking=not-booked, line for line.
    const notBooked = await apiGet<{ timescales: Listed[] }>(IRO, ['iro'], '/timescales?booking=not-booked');
    await page.getByRole('link', { name: 'Show only the meetings not booked' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your meetings not booked' }).waitFor();
    await page.getByRole('heading', { name: /^Breached/ }).waitFor();
    const unbooked = [
      ...((await page.locator('[data-timescales="breached"]').count()) ? await tableRows(page, '[data-timescales="breached"]') : []),
      ...((await page.locator('[data-timescales="due-soon"]').count()) ? await tableRows(page, '[data-timescales="due-soon"]') : []),
    ];
    expect(unbooked.map((row) => `${row[0]} ${row[2]}`).sort()).toEqual(notBooked.timescales.map((t) => `${t.reference} ${timescaleInWords(t)}`).sort());
    expect(unbooked.every((row) => row[5] === 'Not booked')).toBe(true);
    expect(new URL(page.url()).hash).toBe('#/timescales/not-booked');

    // The calendar feed: made, fetched as a calendar would (no token), revoked, and then no more.
    await page.getByRole('link', { name: 'Your calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your calendar' }).waitFor();
    await page.getByRole('button', { name: 'Make a calendar address' }).click();
    const address = page.getByLabel('Your calendar address');
    await address.waitFor();
    const feedUrl = await address.inputValue();
    expect(feedUrl).toMatch(/\/calendar-feeds\/[A-Za-z0-9_-]{43}$/);
    expect(await page.getByText('In Outlook: Add calendar, then Subscribe from web').count()).toBe(1);
    await checkScreen(page, 'calendar');
    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar\b/);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);
    await page.getByRole('button', { name: 'Revoke your calendar address' }).click();
    await page.getByText('Your calendar address was revoked').waitFor();
    expect(await page.getByLabel('Your calendar address').count()).toBe(0);
    expect((await fetch(feedUrl)).status).toBe(404);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("opens a child's page from the list, with its open timescales and each meeting's compliance as the API has them", async () => {
    const { page, problems } = await openPage();
    await signIn(page, IRO);
    const link = page.locator('[data-timescales] tbody a').first();
    const reference = await link.innerText();
    await link.click();
    await page.getByRole('heading', { name: 'Open timescales' }).waitFor();
    const childId = decodeURIComponent(new URL(page.url()).hash.replace('#/children/', ''));
    const child = await apiGet<{ reference: string; timescales: unknown[]; meetings: { inCompliance?: boolean }[] }>(IRO, ['iro'], `/children/${childId}`);

    const open = await tableRows(page, '[data-section="open-timescales"]');
    const meetings = (await page.locator('[data-section="meetings"]').count()) ? await tableRows(page, '[data-section="meetings"]') : [];

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain(`Case ${reference}`);
    expect(child.reference).toBe(reference);
    expect(open).toHaveLength(child.timescales.length);
    expect(meetings.map((row) => row[3])).toEqual(child.meetings.map((m) => (m.inCompliance === undefined ? '–' : m.inCompliance ? 'Yes' : 'No')));
    await checkScreen(page, 'child');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("is refused a manager's screen by the API, and the page says so", async () => {
    const { page, problems } = await openPage();
    await signIn(page, IRO);
    await page.goto(`${stack.pageUrl}#/snapshots`);

    await page.getByRole('heading', { name: 'You cannot see this' }).waitFor();
    // The API's 403 is logged by the browser as a failed load; that is the only error expected.
    expect(problems.filter((problem) => !/status of 403/.test(problem))).toEqual([]);
    await page.close();
  });
});

describe('signed in as a team manager', () => {
  it("lists their team's timescales as the API gives them", async () => {
    const { page, problems } = await openPage();
    const expected = await apiGet<{ timescales: { reference: string }[] }>(TEAM_MANAGER, ['team-manager'], '/timescales');

    await signIn(page, TEAM_MANAGER);
    await page.getByRole('heading', { name: /^Due soon/ }).waitFor();
    const shown = await page.locator('[data-timescales] tbody tr td:first-child').allInnerTexts();

    expect(shown).toEqual(expected.timescales.map((t) => t.reference));
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('with the keyboard alone', () => {
  /** Presses Tab until the focused element matches, or fails after `limit` presses. */
  async function tabTo(page: Page, matches: (element: { tag: string; id: string; text: string; type: string }) => boolean, limit = 60) {
    for (let i = 0; i < limit; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement | null;
        return { tag: element?.tagName ?? '', id: element?.id ?? '', text: (element?.textContent ?? '').trim(), type: element?.type ?? '' };
      });
      if (matches(focused)) return;
    }
    throw new Error('never reached the element with Tab');
  }

  it('skips to the content, signs in, picks a month and downloads it', async () => {
    const { page, problems } = await openPage();
    await page.goto(stack.pageUrl);
    await page.getByRole('radio').first().waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    // Into the radios (the first user), then down the list to the service manager, then to the button.
    await tabTo(page, (element) => element.type === 'radio');
    const target = await page.getByRole('radio', { name: /^service\.manager@example\.org/ }).getAttribute('id');
    for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== target; i += 1) await page.keyboard.press('ArrowDown');
    await tabTo(page, (element) => element.tag === 'BUTTON' && element.text === 'Sign in');
    await page.keyboard.press('Enter');
    await page.getByText(`Signed in as ${SERVICE_MANAGER}`).waitFor();
    await page.locator('[data-chart-table="register-by-category"]').waitFor();

    await tabTo(page, (element) => element.id === 'month');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.locator('#month').inputValue();
    await tabTo(page, (element) => element.text === 'Show month');
    await page.keyboard.press('Enter');
    await page.locator(`[data-month="${chosen}"] [data-chart-table="register-by-category"]`).waitFor();
    await tabTo(page, (element) => element.text.startsWith('Download CSV'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);

    expect(download.suggestedFilename()).toMatch(new RegExp(`^snapshot-${chosen}-r\\d+\\.csv$`));
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe("correcting and removing a child's records", () => {
  const ADMIN = 'admin@example.org';
  const today = () => todayInLondon(new Date());

  interface File {
    childId: string;
    reference: string;
    iroEmail: string;
    teamManagerEmail: string;
    version: number;
    registered: boolean;
    placementChanges: { placementChangeId: string; date: string; unplanned: boolean }[];
    strategyDiscussions: { strategyDiscussionId: string; date: string; section47?: boolean; s47Determination?: string; determinedOn?: string }[];
    timescales: TimescaleWithStatus[];
    meetings: { meetingId: string; type: string; status: string; bookedFor?: string; lateReason?: string; cancellationReason?: string }[];
  }
  interface Audit {
    entries: { actor: string; action: string; recordType: string; recordId: string; reason?: string; changes: { field: string; from?: unknown; to?: unknown }[] }[];
  }

  /** A call to the API as anyone, whatever it answers. */
  async function apiCall(email: string, roles: Role[], method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const token = await signLocalToken(key, { email, roles });
    const response = await fetch(`${stack.apiUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  /** Every child allocated to an IRO, their whole file as the API has it. */
  async function filesOf(iroEmail: string): Promise<File[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ iroEmail, limit: '100', ...(cursor ? { cursor } : {}) });
      const listed = await apiGet<{ children: { childId: string }[]; cursor?: string }>(SERVICE_MANAGER, ['service-manager'], `/children?${query}`);
      ids.push(...listed.children.map((child) => child.childId));
      cursor = listed.cursor;
    } while (cursor);
    return Promise.all(ids.map((id) => apiGet<File>(SERVICE_MANAGER, ['service-manager'], `/children/${id}`)));
  }

  const fileOf = (childId: string) => apiGet<File>(SERVICE_MANAGER, ['service-manager'], `/children/${childId}`);
  const auditOf = (childId: string) => apiGet<Audit>(SERVICE_MANAGER, ['service-manager'], `/children/${childId}/audit`);

  /** Opens the child's page, waiting for their records (not the last child's). */
  async function openChild(page: Page, child: Pick<File, 'childId' | 'reference'>): Promise<void> {
    await page.goto(`${stack.pageUrl}#/children/${child.childId}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Case ${child.reference.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }).waitFor();
    await page.getByRole('heading', { name: 'Strategy discussions' }).waitFor();
  }

  /** The element that has focus, as classes and id. */
  const focused = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? '', classes: [...(document.activeElement?.classList ?? [])] }));

  /** The browser logs an API refusal as a failed load: those expected are not problems. */
  const unexpected = (problems: string[], ...statuses: number[]) => problems.filter((problem) => !statuses.some((status) => problem.includes(`status of ${status}`)));

  it("determines a strategy discussion's s47 enquiries as not substantiated, refusing a day in the future, and the ICPC timescale goes", async () => {
    const files = await filesOf(IRO);
    const underWay = (file: File) =>
      file.timescales.find((t) => t.kind === 'ICPC' && t.stage === 's47-enquiries-under-way' && file.strategyDiscussions.some((s) => s.strategyDiscussionId === t.countedFrom.recordId));
    let child = files.find((file) => underWay(file) !== undefined);
    if (!child) {
      // No enquiries under way among this IRO's children today: hold a strategy discussion for one not on the register.
      const chosen = files.find((file) => !file.registered && !file.timescales.some((t) => t.kind === 'ICPC'))!;
      expect((await apiCall(IRO, ['iro'], 'POST', `/children/${chosen.childId}/strategy-discussions`, { date: today() })).status).toBe(201);
      child = await fileOf(chosen.childId);
    }
    const icpc = underWay(child)!;
    const discussionId = icpc.countedFrom.recordId;
    const { page, problems } = await openPage();
    page.setDefaultTimeout(15_000);

    await signIn(page, IRO);
    await openChild(page, child);
    expect(await timescaleNames(page)).toContain('Initial Child Protection Conference (ICPC): s47 enquiries under way');
    await checkScreen(page, 'child-with-actions');

    await page.locator(`a[href$="/strategy-discussions/${discussionId}/correct"]`).click();
    await page.getByRole('heading', { name: /Correct the strategy discussion of / }).waitFor();
    await checkScreen(page, 'correct-record');

    // A day in the future: the API refuses it, and the page says so beside the field and in a summary that takes focus.
    await page.getByRole('radio', { name: 'Not substantiated', exact: true }).check();
    await page.locator('#field-determinedOn').fill(addDays(today(), 30));
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();

    expect(await page.locator('.govuk-error-summary__list').innerText()).toBe('The day they were determined is in the future');
    expect((await page.locator('#field-determinedOn-error').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Error: The day they were determined is in the future');
    expect(await page.locator('#field-determinedOn').getAttribute('aria-describedby')).toContain('field-determinedOn-error');
    expect((await focused(page)).classes).toContain('govuk-error-summary');
    expect(await page.title()).toMatch(/^Error: Correct the strategy discussion/);
    expect((await fileOf(child.childId)).strategyDiscussions.find((s) => s.strategyDiscussionId === discussionId)?.s47Determination).toBeUndefined();
    await checkScreen(page, 'correct-record-refused');

    // From the summary's link, by keyboard, to the field; then the right day.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('field-determinedOn');
    await page.locator('#field-determinedOn').fill(today());
    const [patch] = await Promise.all([
      page.waitForRequest((request) => request.method() === 'PATCH'),
      page.getByRole('button', { name: 'Save the correction' }).click(),
    ]);
    await page.getByRole('heading', { name: `Case ${child.reference}` }).waitFor();
    await page.locator('.govuk-notification-banner--success').waitFor();

    // Only what changed, against the version the form was read at.
    expect(patch.postDataJSON()).toEqual({ s47Determination: 'not-substantiated', determinedOn: today() });
    expect(patch.headers()['if-match']).toBe(`"${child.version}"`);
    const after = await fileOf(child.childId);
    expect(after.strategyDiscussions.find((s) => s.strategyDiscussionId === discussionId)).toMatchObject({ s47Determination: 'not-substantiated', determinedOn: today() });
    expect(after.timescales.some((t) => t.countedFrom.recordId === discussionId)).toBe(false);
    const shown = await tableRows(page, '[data-section="strategy-discussions"]');
    expect(shown.map((row) => row[1])).toContain(`Determined on ${longDate(today())}: not substantiated`);
    expect(await timescaleNames(page)).toEqual(after.timescales.map((t) => timescaleInWords(t)));
    const audit = await auditOf(child.childId);
    expect(audit.entries.find((entry) => entry.recordId === discussionId && entry.action === 'strategy-discussion.determined')).toMatchObject({
      actor: IRO,
      recordType: 'strategyDiscussions',
    });
    await checkScreen(page, 'child-after-correction');
    expect(unexpected(problems, 400)).toEqual([]);
    await page.close();
  }, 90_000);

  it('books an ICPC on a suggested day, cancels it with a reason, then books it after the due date (refused with the due date, then booked late with a reason), and records a booking for today as held', async () => {
    // A child whose strategy discussion today starts the ICPC's clock: due 15 working days on, every day to it still to come.
    const chosen = (await filesOf(IRO)).find(
      (file) => !file.registered && !file.timescales.some((t) => t.kind === 'ICPC') && !file.strategyDiscussions.some((s) => s.date === today()),
    )!;
    expect((await apiCall(IRO, ['iro'], 'POST', `/children/${chosen.childId}/strategy-discussions`, { date: today() })).status).toBe(201);
    const child = await fileOf(chosen.childId);
    const icpc = child.timescales.find((t) => t.kind === 'ICPC')!;
    const suggested = await apiGet<{ dueDate: string; dates: { date: string; otherBookings: number }[] }>(IRO, ['iro'], `/children/${child.childId}/timescales/ICPC/suggested-dates`);
    const label = 'Initial Child Protection Conference (ICPC)';
    const bookedICPCs = async () => (await fileOf(child.childId)).meetings.filter((m) => m.type === 'ICPC' && m.status === 'booked');
    const { page, problems } = await openPage();
    page.setDefaultTimeout(15_000);

    await signIn(page, IRO);
    await openChild(page, child);
    const row = page.locator('[data-section="open-timescales"] tbody tr', { has: page.locator('[data-timescale-name]', { hasText: /^Initial Child Protection Conference/ }) });
    expect(await row.locator('[data-booking]').innerText()).toBe('Not booked');
    expect(await row.locator('[data-explanation]').innerText()).toMatch(/^Due by /);

    // In time: the suggested days in words, free days first, as the API gives them.
    await row.getByRole('link', { name: `Book the ${label}` }).click();
    await page.getByRole('heading', { level: 1, name: `Book the ${label}` }).waitFor();
    expect(await page.locator('#field-suggested option').allTextContents()).toEqual(['Choose a day', ...suggested.dates.map(suggestedDateInWords)]);
    await checkScreen(page, 'book-meeting');
    const day = suggested.dates[0]!.date;
    await page.getByLabel('Choose a day').selectOption(day);
    const [booking] = await Promise.all([
      page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/meetings')),
      page.getByRole('button', { name: 'Book the meeting' }).click(),
    ]);
    await page.getByText(`The ${label} was booked for ${longDate(day)}.`).waitFor();
    expect(booking.postDataJSON()).toEqual({ type: 'ICPC', status: 'booked', bookedFor: day });
    expect(booking.headers()['if-match']).toBe(`"${child.version}"`);
    expect(await row.locator('[data-booking]').innerText()).toBe(`Booked for ${longDate(day)}`);
    const [booked] = await bookedICPCs();
    expect(booked).toMatchObject({ bookedFor: day });

    // Cancelled, saying why: the ICPC is not booked any more.
    await page.locator(`[data-section="meetings"] a[data-action="cancel"][href*="/meetings/${booked!.meetingId}/"]`).click();
    await page.getByRole('heading', { level: 1, name: `Cancel the ${label}` }).waitFor();
    await checkScreen(page, 'cancel-meeting');
    const cancelReason = 'The social worker is on leave that day';
    await page.getByLabel('Why was it cancelled?').fill(cancelReason);
    await page.getByRole('button', { name: 'Cancel the meeting' }).click();
    await page.getByText(`The ${label} booked for ${longDate(day)} was cancelled.`).waitFor();
    expect(await row.locator('[data-booking]').innerText()).toBe('Not booked');
    expect((await fileOf(child.childId)).meetings.find((m) => m.meetingId === booked!.meetingId)).toMatchObject({ status: 'cancelled', cancellationReason: cancelReason });

    // Late: a day a week after the due date is refused (409), the page saying the due date and asking why; with a reason it is booked late.
    const lateDay = addDays(icpc.dueDate, 7);
    await row.getByRole('link', { name: `Book the ${label}` }).click();
    await page.getByRole('heading', { level: 1, name: `Book the ${label}` }).waitFor();
    await page.getByLabel('Or enter another day').fill(lateDay);
    await page.getByRole('button', { name: 'Book the meeting' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('.govuk-error-summary__list').innerText()).toBe(
      `The day is after the due date, ${longDate(icpc.dueDate)}: choose a day by then, or say why the meeting is booked late`,
    );
    expect((await focused(page)).classes).toContain('govuk-error-summary');
    expect(await page.locator('#field-typed').getAttribute('aria-describedby')).toContain('field-typed-error');
    expect(await bookedICPCs()).toEqual([]);
    await checkScreen(page, 'book-meeting-late');
    const lateReason = 'The family is away until then';
    await page.getByLabel('Why is it booked after the due date?').fill(lateReason);
    const [late] = await Promise.all([
      page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/meetings')),
      page.getByRole('button', { name: 'Book late' }).click(),
    ]);
    await page.getByText(`The ${label} was booked for ${longDate(lateDay)}, late.`).waitFor();
    expect(late.postDataJSON()).toEqual({ type: 'ICPC', status: 'booked', bookedFor: lateDay, lateReason });
    expect(await row.locator('[data-booking]').innerText()).toBe(`Booked for ${longDate(lateDay)}`);
    expect(await row.locator('[data-booking-late]').innerText()).toBe(`Booked late: ${lateReason}`);
    expect((await fileOf(child.childId)).timescales.find((t) => t.kind === 'ICPC')!.booking).toMatchObject({ bookedFor: lateDay, lateReason });
    // Not yet the day: it can be moved or cancelled, not recorded as held.
    const [lateBooking] = await bookedICPCs();
    const actions = page.locator(`[data-section="meetings"] a[href*="/meetings/${lateBooking!.meetingId}/"]`);
    expect(await actions.evaluateAll((links) => links.map((link) => link.getAttribute('data-action')))).toEqual(['cancel', 'remove']);
    expect(await page.getByRole('link', { name: `Move the ${label} booked for ${longDate(lateDay)}`, exact: true }).count()).toBe(1);
    expect(await row.getByRole('link', { name: `Move the booking of the ${label}`, exact: true }).count()).toBe(1);
    await checkScreen(page, 'child-with-booking');

    // The day comes: a booking for today (made through the API) is recorded as held on the page, with what the conference decided.
    const todays = await apiCall(IRO, ['iro'], 'POST', `/children/${child.childId}/meetings`, { type: 'ICPC', status: 'booked', bookedFor: today() });
    expect(todays.status).toBe(201);
    const todaysId = (todays.body as { meetingId: string }).meetingId;
    await page.goto(`${stack.pageUrl}#/children/${child.childId}/meetings/${todaysId}/held`);
    await page.getByRole('heading', { level: 1, name: `Record the ${label} as held` }).waitFor();
    expect(await page.locator('#field-heldOn').inputValue()).toBe(today());
    await page.getByRole('button', { name: 'Record as held' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual([
      'Select whether the child participated',
      'Select whether advocacy was offered',
      'Select whether an advocate was provided',
      'Select whether the QA audit was completed',
      'Select what the conference decided',
    ]);
    await checkScreen(page, 'record-held-refused');
    for (const [question, answer] of [
      ['Did the child participate?', 'Yes'],
      ['Was advocacy actively offered?', 'Yes'],
      ['Was an advocate provided?', 'No'],
      ['Was the QA audit completed?', 'Yes'],
    ] as const) {
      await page.getByRole('group', { name: question }).getByRole('radio', { name: answer, exact: true }).check();
    }
    await page.getByRole('radio', { name: 'Not to register the child' }).check();
    const [held] = await Promise.all([
      page.waitForRequest((request) => request.method() === 'PATCH'),
      page.getByRole('button', { name: 'Record as held' }).click(),
    ]);
    await page.getByText(`The ${label} was recorded as held on ${longDate(today())}.`).waitFor();
    expect(held.postDataJSON()).toEqual({
      status: 'held',
      childParticipated: true,
      advocacyOffered: true,
      advocacyProvided: false,
      qaAuditCompleted: true,
      outcome: { decision: 'do-not-register' },
    });
    const after = await fileOf(child.childId);
    expect(after.meetings.find((m) => m.meetingId === todaysId)).toMatchObject({ status: 'held' });
    expect(after.timescales.some((t) => t.kind === 'ICPC')).toBe(false);
    expect(unexpected(problems, 409)).toEqual([]);
    await page.close();
  }, 150_000);

  it('corrects the first placement change on the page (after reloading records changed meanwhile), then removes it with a reason, kept in the audit trail', async () => {
    const child = (await filesOf(IRO)).find((file) => file.placementChanges.length > 0)!;
    const { page, problems } = await openPage();
    page.setDefaultTimeout(15_000);

    await signIn(page, IRO);
    await openChild(page, child);
    const correct = page.locator('[data-section="placement-changes"] tbody tr').first().locator('a[data-action="correct"]');
    const recordId = /\/placement-changes\/([^/]+)\/correct$/.exec((await correct.getAttribute('href'))!)![1]!;
    const before = child.placementChanges.find((p) => p.placementChangeId === recordId)!;
    await correct.click();
    await page.getByRole('heading', { name: /Correct the placement change of / }).waitFor();

    // Someone else changes the child meanwhile: the page's If-Match is refused, and it offers to read the records again.
    expect((await apiCall(ADMIN, ['admin'], 'PATCH', `/children/${child.childId}/placement-changes/${recordId}`, { date: before.date })).status).toBe(200);
    await page.getByRole('radio', { name: before.unplanned ? 'Planned' : 'Unplanned', exact: true }).check();
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByText("Someone changed this child's records after you opened this form.").waitFor();
    expect((await fileOf(child.childId)).placementChanges.find((p) => p.placementChangeId === recordId)!.unplanned).toBe(before.unplanned);
    await page.getByRole('button', { name: 'Reload the records' }).click();
    // The records read again start a fresh form (keyed by the new version): wait for the stale one to go, or the
    // choice below can land on it just before it is replaced, and the correction saved changes nothing.
    await page.getByRole('button', { name: 'Reload the records' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /Correct the placement change of / }).waitFor();
    await page.getByRole('radio', { name: before.unplanned ? 'Planned' : 'Unplanned', exact: true }).check();
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByText(/^The placement change of .+ was corrected\.$/).waitFor();

    expect((await fileOf(child.childId)).placementChanges.find((p) => p.placementChangeId === recordId)!.unplanned).toBe(!before.unplanned);
    expect((await auditOf(child.childId)).entries.filter((entry) => entry.recordId === recordId && entry.action === 'placement-change.corrected').at(-1)).toMatchObject({
      actor: IRO,
      changes: [{ field: 'unplanned', from: before.unplanned, to: !before.unplanned }],
    });

    // Remove it, by keyboard: a reason is asked for first.
    await page.locator(`[data-section="placement-changes"] a[href$="/placement-changes/${recordId}/remove"]`).click();
    const button = page.getByRole('button', { name: /^Remove the placement change of / });
    await button.waitFor();
    await checkScreen(page, 'remove-record');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('.govuk-error-summary__list').innerText()).toBe('Enter why the record is being removed');
    expect((await focused(page)).classes).toContain('govuk-error-summary');
    await checkScreen(page, 'remove-record-refused');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('field-reason');
    const reason = 'Entered in error: recorded on the wrong child’s file';
    await page.keyboard.type(reason);
    expect(await page.locator('.govuk-character-count__message').innerText()).toBe(`You have ${200 - reason.length} characters remaining`);
    await page.keyboard.press('Tab');
    const [removal] = await Promise.all([page.waitForRequest((request) => request.method() === 'DELETE'), page.keyboard.press('Enter')]);
    await page.getByText(/^The placement change of .+ was removed\.$/).waitFor();

    expect(removal.postDataJSON()).toEqual({ reason });
    expect(removal.headers()['if-match']).toMatch(/^"\d+"$/);
    expect((await fileOf(child.childId)).placementChanges.some((p) => p.placementChangeId === recordId)).toBe(false);
    expect(await page.locator(`a[href*="/placement-changes/${recordId}/"]`).count()).toBe(0);
    expect((await auditOf(child.childId)).entries.find((entry) => entry.recordId === recordId && entry.action === 'placement-change.removed')).toMatchObject({
      actor: IRO,
      recordType: 'placementChanges',
      reason,
    });
    expect(unexpected(problems, 412)).toEqual([]);
    await page.close();
  }, 90_000);

  it('records a case dispute on the form (the API’s refusal beside its field), resolves it with a correction, then removes it with a reason', async () => {
    const child = (await filesOf(IRO))[0]!;
    const disputesOf = async () => (await apiGet<{ disputes: { disputeId: string; startedOn: string; stage: string; raisedBy: string; resolvedOn?: string; outcome?: string; legalAdviceSought: boolean; cafcassReferral: boolean }[] }>(SERVICE_MANAGER, ['service-manager'], `/children/${child.childId}`)).disputes;
    const before = await disputesOf();
    const startedOn = addDays(today(), -10);
    const { page, problems } = await openPage();
    page.setDefaultTimeout(15_000);

    await signIn(page, IRO);
    await openChild(page, child);
    await page.locator('a[data-action="add"][href$="/disputes/add"]').click();
    await page.getByRole('heading', { name: 'Record a case dispute' }).waitFor();
    await page.getByRole('button', { name: 'Record the dispute' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual(['Enter the day it was raised', 'Select the stage', 'Enter who raised it']);
    await checkScreen(page, 'add-dispute-refused');

    await page.locator('#field-startedOn').fill(startedOn);
    await page.getByRole('radio', { name: 'Informal', exact: true }).check();
    await page.locator('#field-raisedBy').fill('IRO');
    await page.getByRole('checkbox', { name: 'Independent legal advice was sought' }).check();
    // An outcome before the dispute is resolved: the API refuses it, and the form says so beside the field.
    await page.locator('#field-outcome').fill('Care plan amended');
    await page.getByRole('button', { name: 'Record the dispute' }).click();
    await page.locator('#field-outcome-error').waitFor();
    expect(await page.locator('#field-outcome-error').innerText()).toContain('How it was resolved goes with resolvedOn');
    expect(await disputesOf()).toEqual(before);
    await page.locator('#field-outcome').fill('');
    const [posted] = await Promise.all([page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/disputes')), page.getByRole('button', { name: 'Record the dispute' }).click()]);
    await page.getByText('The case dispute was recorded.').waitFor();

    expect(posted.postDataJSON()).toEqual({ startedOn, stage: 'informal', raisedBy: 'IRO', legalAdviceSought: true, cafcassReferral: false });
    const dispute = (await disputesOf()).find((d) => !before.some((b) => b.disputeId === d.disputeId))!;
    expect(dispute).toMatchObject({ startedOn, stage: 'informal', raisedBy: 'IRO', legalAdviceSought: true, cafcassReferral: false });
    await checkScreen(page, 'child-with-dispute');

    // Resolved: corrected with the day and how, only those sent.
    await page.locator(`[data-section="disputes"] a[href$="/disputes/${dispute.disputeId}/correct"]`).click();
    await page.getByRole('heading', { name: /Correct the case dispute raised on / }).waitFor();
    await page.locator('#field-resolvedOn').fill(today());
    await page.locator('#field-outcome').fill('Care plan amended');
    const [patched] = await Promise.all([page.waitForRequest((request) => request.method() === 'PATCH'), page.getByRole('button', { name: 'Save the correction' }).click()]);
    await page.getByText(/^The case dispute raised on .+ was corrected\.$/).waitFor();
    expect(patched.postDataJSON()).toEqual({ resolvedOn: today(), outcome: 'Care plan amended' });
    expect((await disputesOf()).find((d) => d.disputeId === dispute.disputeId)).toMatchObject({ resolvedOn: today(), outcome: 'Care plan amended' });

    await page.locator(`[data-section="disputes"] a[href$="/disputes/${dispute.disputeId}/remove"]`).click();
    await page.locator('#field-reason').fill('Entered in error: recorded on the wrong child’s file');
    await page.getByRole('button', { name: /^Remove the case dispute raised on / }).click();
    await page.getByText(/^The case dispute raised on .+ was removed\.$/).waitFor();
    expect(await disputesOf()).toEqual(before);
    expect((await auditOf(child.childId)).entries.find((entry) => entry.recordId === dispute.disputeId && entry.action === 'dispute.removed')).toMatchObject({
      actor: IRO,
      recordType: 'disputes',
      reason: 'Entered in error: recorded on the wrong child’s file',
    });
    expect(unexpected(problems, 400)).toEqual([]);
    await page.close();
  }, 90_000);

  it("offers no Correct or Remove on a child who is not the IRO's, and the API refuses them there", async () => {
    const mine = (await filesOf(IRO)).find((file) => file.placementChanges.length + file.strategyDiscussions.length > 0)!;
    // Preferably one of the team manager's team, so that they can look at it too.
    const listed = async (query: string) =>
      (await apiGet<{ children: { childId: string; iroEmail: string }[] }>(SERVICE_MANAGER, ['service-manager'], `/children?${query}`)).children.find((c) => c.iroEmail !== IRO);
    const other = await fileOf(((await listed(`teamManagerEmail=${TEAM_MANAGER}&limit=100`)) ?? (await listed('limit=100')))!.childId);
    const { page, problems } = await openPage();

    // An IRO who also manages the service reads every child, but corrects only their own.
    await page.goto(stack.pageUrl);
    const token = await signLocalToken(key, { email: IRO, roles: ['iro', 'service-manager'] });
    await page.evaluate((value) => sessionStorage.setItem('iro-timescales.local-token', value), token);
    await page.reload();
    await page.getByText(`Signed in as ${IRO} (iro, service-manager)`).waitFor();
    await openChild(page, other);
    expect(await page.locator('a[data-action]').count()).toBe(0);
    await openChild(page, mine);
    expect(await page.locator('a[data-action]').count()).toBeGreaterThan(0);
    const placement = other.placementChanges[0] ?? other.strategyDiscussions[0];
    if (placement) {
      const route = 'placementChangeId' in placement ? `placement-changes/${placement.placementChangeId}` : `strategy-discussions/${placement.strategyDiscussionId}`;
      expect((await apiCall(IRO, ['iro', 'service-manager'], 'DELETE', `/children/${other.childId}/${route}`, { reason: 'not mine' })).status).toBe(403);
      await page.goto(`${stack.pageUrl}#/children/${other.childId}/${route}/remove`);
      await page.getByRole('heading', { name: 'You cannot change this record' }).waitFor();
      expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    }

    // Their team manager sees the child's records, and nothing to change them with.
    if (other.teamManagerEmail === TEAM_MANAGER) {
      await page.evaluate(() => sessionStorage.clear());
      await signIn(page, TEAM_MANAGER);
      await openChild(page, other);
      expect(await page.locator('a[data-action]').count()).toBe(0);
    }
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  }, 60_000);
});
