/**
 * Benchmark: an IRO's calendar feed against GET /timescales for the same IRO,
 * side by side in the same run (these machines are shared and noisy: the
 * ratio holds where absolute times wander).
 *
 *   npm run bench:calendar-feed [-- --rounds 7 --requests 40]
 *
 * A synthetic register (bench/register.ts) of 600 children, ten IROs' worth,
 * is loaded into a fresh DynamoDB Local through the project's own import, the
 * first 65 children allocated to one IRO (more than the 60 an IRO carries).
 * The API runs in a process of its own (infra/local/api-server.ts: the local API
 * Gateway stand-in and the real handler, the route's throttle off, since the
 * function is what is measured). The IRO makes a feed URL; then, round by
 * round, one client fetches the feed and GET /timescales?within=260 (the
 * same year of the same IRO's open timescales, as JSON) `requests` times
 * each, in turns, the order swapped each round. Target: the feed's median
 * within 1.5 times the list's.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { importRegister } from '#shared/jobs/import-register';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { createTableInput } from '#shared/store/table-design';
import { localDynamoDbClient, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { loadOrCreateSigningKey, signLocalToken } from '#infra/local/local-auth';
import { freePort } from '../test/support/ports';
import { seeded, syntheticChild, syntheticRecords } from './register';
import { startApiServer } from '#infra/local/api-process';
import { median } from './stats';


const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    requests: { type: 'string', default: '40' },
    seed: { type: 'string', default: '20261205' },
  },
});
const ROUNDS = Number(values.rounds);
const REQUESTS = Number(values.requests);
const REGISTER = 600;
const THE_IROS_CHILDREN = 65;
const IRO = { email: 'iro.bench@example.org', roles: ['iro'] as const };
const TARGET_RATIO = 1.5;
const TABLE = 'bench';

const ms = (x: number) => `${x.toFixed(1)} ms`;
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

/** One request on a kept-alive connection: its status, its body and how long it took. */
function timed(agent: Agent, url: string, method: string, token: string | undefined): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method, agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The register: 600 children as of today, the first 65 the benchmark IRO's. */
async function load(dynamoDb: string, asOf: string): Promise<void> {
  const raw = localDynamoDbClient(dynamoDb);
  await raw.send(new CreateTableCommand(createTableInput(TABLE)));
  const { importer } = dynamoDbStores(DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), TABLE);
  const random = seeded(Number(values.seed));
  const register = Array.from({ length: REGISTER }, (_, index) => {
    const child = syntheticChild(index, random, asOf);
    const records = syntheticRecords({ random, asOf, historyFrom: addDays(asOf, -3 * 365), newId: () => crypto.randomUUID() });
    return { child: index < THE_IROS_CHILDREN ? { ...child, iroEmail: IRO.email } : child, records };
  });
  const summary = await importRegister({ importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => new Date(), actor: 'bench', write: { concurrency: 8 } }, register);
  console.log(`loaded ${summary.children} children (${THE_IROS_CHILDREN} of them ${IRO.email}'s), ${summary.items} items`);
  raw.destroy();
}

async function main(): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iro-bench-feed-'));
  let api: { url: string; child: ChildProcess } | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const asOf = todayInLondon(new Date());
    await load(dynamoDb.endpoint, asOf);
    api = await startApiServer({ dynamoDb: dynamoDb.endpoint, table: TABLE, dataDir, throttle: false });
    const token = await signLocalToken(await loadOrCreateSigningKey(dataDir), IRO);
    const made = await timed(agent, `${api.url}/me/calendar-feed`, 'POST', token);
    if (made.status !== 201) throw new Error(`POST /me/calendar-feed answered ${made.status}: ${made.body}`);
    const feedUrl = `${api.url}${new URL(JSON.parse(made.body).url).pathname}`;
    const listUrl = `${api.url}/timescales?within=260`;

    const feed = () => timed(agent, feedUrl, 'GET', undefined);
    const list = () => timed(agent, listUrl, 'GET', token);
    const first = { feed: await feed(), list: await list() };
    for (const [name, answer] of Object.entries(first)) if (answer.status !== 200) throw new Error(`${name} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    const events = (first.feed.body.match(/^BEGIN:VEVENT/gm) ?? []).length;
    const entries = JSON.parse(first.list.body).timescales.length;
    console.log(`the IRO's feed: ${events} events, ${(first.feed.body.length / 1024).toFixed(1)} KB; GET /timescales?within=260: ${entries} timescales, ${(first.list.body.length / 1024).toFixed(1)} KB`);
    console.log(`load average at start: ${loadAverage()} (${os.availableParallelism()} cores)`);

    // Warm both up (the JIT, the connection, DynamoDB Local's own caches) before anything is counted.
    for (let i = 0; i < 20; i += 1) {
      await feed();
      await list();
    }

    const times = { feed: [] as number[], list: [] as number[] };
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const thisRound = { feed: [] as number[], list: [] as number[] };
      const order = round % 2 === 0 ? (['feed', 'list'] as const) : (['list', 'feed'] as const);
      for (let i = 0; i < REQUESTS; i += 1) {
        for (const which of order) {
          const answer = await (which === 'feed' ? feed() : list());
          if (answer.status !== 200) throw new Error(`${which} answered ${answer.status}`);
          thisRound[which].push(answer.ms);
        }
      }
      times.feed.push(...thisRound.feed);
      times.list.push(...thisRound.list);
      ratios.push(median(thisRound.feed) / median(thisRound.list));
      console.log(`round ${round + 1}: feed ${ms(median(thisRound.feed))}, GET /timescales ${ms(median(thisRound.list))}, ratio ${ratios.at(-1)!.toFixed(2)}`);
    }
    const p95 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.95)]!;
    const ratio = median(ratios);
    console.log(
      [
        '',
        `calendar feed (${events} events)          median ${ms(median(times.feed))}  p95 ${ms(p95(times.feed))}`,
        `GET /timescales?within=260 (${entries} entries)  median ${ms(median(times.list))}  p95 ${ms(p95(times.list))}`,
        `feed / list: ${ratio.toFixed(2)} (median of ${ROUNDS} rounds' ratios, ${REQUESTS} requests each a round); target at most ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
        `load average at end: ${loadAverage()}`,
      ].join('\n'),
    );
  } finally {
    agent.destroy();
    api?.child.kill('SIGTERM');
    await dynamoDb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
