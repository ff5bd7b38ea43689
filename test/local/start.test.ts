/**
 * `npm start` as a newcomer lives it: start the local stack, get a token with
 * `npm run token`, record a child, read it back, stop with Ctrl-C, start
 * again and find the child still there, with nothing left running between.
 * Each stack runs as its own process (node with tsx's loader, so the PID held
 * here is the real server), on ports and a data folder of its own.
 */
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChildBody } from '../support/children';
import {
  PROJECT_ROOT,
  everyStarted,
  forceStop,
  launchStack,
  newSettings,
  run,
  stackEnv,
  standInPids,
  startStack,
  stopLeftovers,
  stopStack,
  START_TIMEOUT_MS,
  STOP_TIMEOUT_MS,
  type RunningStack,
  type StackSettings,
} from '../support/local-stack-process';

/**
 * `npm start` where it should refuse to start: answers whether it started
 * (and then stops it), how it exited, and what it said.
 */
async function tryStartStack(settings: StackSettings): Promise<{ started: boolean; exit: number | null; output: string }> {
  try {
    const stack = await startStack(settings);
    const { code } = await stopStack(stack, { toWholeGroup: false });
    return { started: true, exit: code, output: stack.output() };
  } catch (error) {
    const child = everyStarted.at(-1);
    return { started: false, exit: child?.exitCode ?? null, output: error instanceof Error ? error.message : String(error) };
  }
}

/** `npm run --silent token -- --email … --role …` against the same data folder. */
async function tokenFrom(settings: StackSettings, email: string, role: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'infra/local/token.ts', '--email', email, '--role', role], {
    cwd: PROJECT_ROOT,
    env: stackEnv(settings),
  });
  return stdout.trim();
}

async function postChild(apiUrl: string, token: string, child: unknown) {
  const response = await fetch(`${apiUrl}/children`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(child),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function getChild(apiUrl: string, token: string, childId: string) {
  const response = await fetch(`${apiUrl}/children/${childId}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const refusesConnections = async (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => false,
    () => true,
  );

const allSettings: StackSettings[] = [];

afterAll(async () => {
  await Promise.all(everyStarted.map(forceStop));
  await Promise.all(allSettings.map(stopLeftovers));
  for (const settings of allSettings) rmSync(settings.dataDir, { recursive: true, force: true });
}, 60_000);

describe('npm start', () => {
  let settings: StackSettings;
  let stack: RunningStack;
  let token: string;
  let child: Record<string, unknown>;
  let childId: string;

  beforeAll(async () => {
    settings = await newSettings();
    allSettings.push(settings);
    stack = await startStack(settings);
  }, START_TIMEOUT_MS + 10_000);

  it('prints the page, API and inbox URLs on the ports it was given', () => {
    expect(stack.apiUrl).toBe(`http://127.0.0.1:${settings.apiPort}`);
    expect(stack.pageUrl).toBe(`http://127.0.0.1:${settings.webPort}/`);
    expect(stack.inboxUrl).toBe(`http://127.0.0.1:${settings.sesPort}`);
  });

  it('records a child posted with a token from npm run token, and returns it', async () => {
    token = await tokenFrom(settings, 'iro.one@example.org', 'iro');
    child = aChildBody();

    const created = await postChild(stack.apiUrl, token, child);
    childId = String(created.body['childId']);
    const read = await getChild(stack.apiUrl, token, childId);

    expect(created.status).toBe(201);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.body).toMatchObject(child);
  }, 30_000);

  it('serves the web page, which it points at the API', async () => {
    const page = await fetch(stack.pageUrl);
    const config = (await (await fetch(new URL('/config.json', stack.pageUrl))).json()) as { apiUrl: string };

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect(config.apiUrl).toBe(stack.apiUrl);
  });

  it('serves the SES emulator’s inbox', async () => {
    const health = await fetch(`${stack.inboxUrl}/health-check`);
    const inbox = await fetch(stack.inboxUrl);

    expect(health.status).toBe(200);
    expect(inbox.status).toBe(200);
  });

  it('stops on SIGINT with exit code 0, leaving no DynamoDB Local or SES emulator running', async () => {
    const running = await standInPids(settings);
    expect(running.dynamoDb).toHaveLength(1);
    expect(running.ses).toHaveLength(1);

    const exit = await stopStack(stack, { toWholeGroup: false });

    expect(exit).toEqual({ code: 0, signal: null });
    expect(stack.output()).toMatch(/stopped/);
    expect(await standInPids(settings)).toEqual({ dynamoDb: [], ses: [] });
    expect(await refusesConnections(stack.apiUrl)).toBe(true);
  }, STOP_TIMEOUT_MS + 10_000);

  it('still has the child after starting again with the same data folder', async () => {
    stack = await startStack(settings);

    const read = await getChild(stack.apiUrl, token, childId);

    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...child, childId });
  }, START_TIMEOUT_MS + 10_000);

  it('stops on Ctrl-C, sent as a terminal sends it to the whole process group, leaving nothing running', async () => {
    const exit = await stopStack(stack, { toWholeGroup: true });

    expect(exit).toEqual({ code: 0, signal: null });
    expect(await standInPids(settings)).toEqual({ dynamoDb: [], ses: [] });
    expect(await refusesConnections(stack.apiUrl)).toBe(true);
  }, STOP_TIMEOUT_MS + 10_000);
});

describe('npm start, interrupted while it is starting', () => {
  it('stops the DynamoDB Local it has already started', async () => {
    const settings = await newSettings();
    allSettings.push(settings);
    const launched = launchStack(settings);
    // DynamoDB Local runs a few seconds before it is ready and the API is up.
    const deadline = Date.now() + START_TIMEOUT_MS;
    while ((await standInPids(settings)).dynamoDb.length === 0 && Date.now() < deadline) await sleep(50);
    expect(launched.output()).not.toMatch(/API\s+http/);

    launched.process.kill('SIGINT');
    await Promise.race([launched.exited, sleep(STOP_TIMEOUT_MS)]);
    await sleep(1_000);

    expect(launched.process.exitCode ?? launched.process.signalCode).not.toBeNull();
    expect(await standInPids(settings)).toEqual({ dynamoDb: [], ses: [] });
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS);
});

describe('two copies of npm start', () => {
  let north: StackSettings;
  let south: StackSettings;
  let northStack: RunningStack;
  let southStack: RunningStack;

  beforeAll(async () => {
    [north, south] = [await newSettings(), await newSettings()];
    allSettings.push(north, south);
    [northStack, southStack] = await Promise.all([startStack(north), startStack(south)]);
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await Promise.all([northStack, southStack].filter(Boolean).map((stack) => forceStop(stack.process)));
  }, 30_000);

  it('run side by side, each with its own data: a child posted to one is not in the other', async () => {
    const northToken = await tokenFrom(north, 'iro.one@example.org', 'iro');
    const southToken = await tokenFrom(south, 'sm@example.org', 'service-manager');
    const created = await postChild(northStack.apiUrl, northToken, aChildBody());
    const childId = String(created.body['childId']);

    const inNorth = await getChild(northStack.apiUrl, northToken, childId);
    const inSouth = await getChild(southStack.apiUrl, southToken, childId);

    expect(created.status).toBe(201);
    expect(inNorth.status).toBe(200);
    expect(inSouth.status).toBe(404);
  }, 30_000);

  it('refuse a third copy whose API port is taken, which leaves no stand-in of its own running', async () => {
    const third = { ...(await newSettings()), apiPort: north.apiPort };
    allSettings.push(third);

    const attempt = await tryStartStack(third);

    expect(attempt).toMatchObject({ started: false, exit: 1 });
    expect(await standInPids(third)).toEqual({ dynamoDb: [], ses: [] });
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS);

  it('refuse a third copy whose DynamoDB port is taken, rather than storing its data in the other copy’s', async () => {
    const third = { ...(await newSettings()), dynamoDbPort: north.dynamoDbPort };
    allSettings.push(third);

    const attempt = await tryStartStack(third);

    expect(attempt).toMatchObject({ started: false, exit: 1, output: expect.stringContaining(String(north.dynamoDbPort)) });
    const stillServing = await fetch(`${northStack.apiUrl}/children/${crypto.randomUUID()}`);
    expect(stillServing.status).toBe(401);
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS);

  it('refuse a third copy whose SES port is taken, rather than sending its email to the other copy’s inbox', async () => {
    const third = { ...(await newSettings()), sesPort: south.sesPort };
    allSettings.push(third);

    const attempt = await tryStartStack(third);

    expect(attempt).toMatchObject({ started: false, exit: 1, output: expect.stringContaining(String(south.sesPort)) });
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS);

  it('sign tokens with a key of their own: one copy’s token is refused by the other', async () => {
    const northToken = await tokenFrom(north, 'sm@example.org', 'service-manager');

    const answer = await getChild(southStack.apiUrl, northToken, crypto.randomUUID());

    expect(answer.status).toBe(401);
  }, 30_000);
});
