/**
 * What the API fuzz needs beyond the API harness: raw HTTP requests (any
 * method with any body, paths sent exactly as written, no URL normalising by
 * `fetch`), a child's whole DynamoDB partition read before and after a
 * request, the checks every answer must pass, and a pool that sends requests
 * concurrently while requests on the same child go one at a time (so that a
 * partition read before and after a request sees that request alone).
 */
import { Agent, request as httpRequest } from 'node:http';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TestTable } from './dynamodb';
import type { FuzzCase } from './fuzz-arbitraries';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function rawClient(baseUrl: string, concurrency: number) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  type Sent = Pick<FuzzCase, 'method' | 'path' | 'query' | 'headers' | 'body'>;

  function sendOnce(fuzz: Sent, token: string): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const body = fuzz.body === undefined ? undefined : Buffer.isBuffer(fuzz.body) ? fuzz.body : Buffer.from(fuzz.body, 'utf8');
      const req = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: fuzz.method,
          path: `${fuzz.path}${fuzz.query ? `?${fuzz.query}` : ''}`,
          headers: {
            ...fuzz.headers,
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-length': String(body.byteLength) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  }

  return {
    send(fuzz: Sent, token: string): Promise<RawAnswer> {
      return sendOnce(fuzz, token).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
        // A kept-alive socket the server closed (its 5 s keepAliveTimeout) as the request went out on it: the request
        // never reached the server, and Node's documented remedy is to send it again (the agent opens a new socket).
        if (error.reusedSocket && error.code === 'ECONNRESET') return sendOnce(fuzz, token);
        throw error;
      });
    },
    close: () => agent.destroy(),
  };
}

/** A child's whole partition (profile, records, due entries, audit trail) as JSON text, sorted by key. */
export async function partitionOf(table: TestTable, childId: string): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `CHILD#${childId}` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  items.sort((a, b) => String(a['SK']).localeCompare(String(b['SK'])));
  return JSON.stringify(items);
}

/** A stack frame, a source path or an error class name: what an answer must never show. */
const LEAKS: readonly [string, RegExp][] = [
  ['a stack frame', /\bat\s+(?:async\s+)?(?:\S+\s+\()?(?:file:|node:|\/)[^\s)]*:\d+:\d+/],
  ['a source path', /(?:\/work\/|\/home\/|\/var\/task|node_modules|\.ts:\d+|\.js:\d+)/],
  ['an error class name', /\b(?:[A-Z][A-Za-z]*)?(?:Error|Exception):/],
];

/** The answers API Gateway (and the local adapter, its stand-in) gives itself, before the function runs. */
const GATEWAY_ANSWERS = new Map([
  [400, 'Bad Request'],
  [404, 'Not Found'],
  [413, 'Request Entity Too Large'],
  [429, 'Too Many Requests'],
]);

export type Outcome = 'accepted' | 'refused' | 'gateway';

/** Everything wrong with an answer, or an empty list; and how it ended. */
export function judge(answer: RawAnswer): { outcome: Outcome; problems: string[] } {
  const problems: string[] = [];
  const contentType = String(answer.headers['content-type'] ?? '');
  for (const [what, pattern] of LEAKS) if (pattern.test(answer.text)) problems.push(`the body shows ${what}`);
  if (answer.status >= 500 || answer.status < 200 || (answer.status >= 300 && answer.status < 400)) {
    problems.push(`status ${answer.status}`);
  }
  // The answers that are not JSON: a CSV download, a calendar feed (an iCalendar file), a child's export as HTML, and the committee's Word document (a zip).
  const docx = answer.status < 300 && contentType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (docx && !answer.text.startsWith('PK')) problems.push('a Word document that is not a zip');
  const csv = docx || (answer.status < 300 && /^text\/(csv|calendar|html)\b/.test(contentType));
  let body: any;
  if (!csv) {
    if (!/^application\/json\b/.test(contentType)) problems.push(`content-type ${contentType || 'none'}`);
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push('the body is not JSON');
    }
  }
  if (answer.status < 400) return { outcome: 'accepted', problems };
  if (body && typeof body === 'object' && body.error === undefined && GATEWAY_ANSWERS.get(answer.status) === body.message) {
    return { outcome: 'gateway', problems };
  }
  const error = body?.error;
  if (typeof error?.code !== 'string' || error.code === '') problems.push('no error.code');
  if (typeof error?.message !== 'string' || error.message === '') problems.push('no error.message');
  if (typeof error?.requestId !== 'string') problems.push('no error.requestId');
  if (answer.status === 400 && error?.code === 'validation_failed') {
    const list = error.problems;
    if (!Array.isArray(list) || list.length === 0) problems.push('a 400 naming no problem');
    else {
      for (const problem of list) {
        if (typeof problem?.field !== 'string') problems.push('a problem with no field');
        if (typeof problem?.reason !== 'string' || problem.reason.trim() === '') problems.push(`problem ${problem?.field} with no reason`);
      }
    }
  }
  return { outcome: 'refused', problems };
}

const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string in a JSON answer holding a control character or a lone surrogate: what no record should ever hold. */
export function unprintableIn(text: string): string | undefined {
  let found: string | undefined;
  try {
    JSON.parse(text, (_key, value: unknown) => {
      if (found === undefined && typeof value === 'string' && UNPRINTABLE.test(value)) found = JSON.stringify(value).slice(0, 80);
      return value;
    });
  } catch {
    return undefined;
  }
  return found;
}

/** Runs `work` over `items` with at most `concurrency` at once, items with the same key one after another. */
export async function runPool<T>(items: readonly T[], concurrency: number, keyOf: (item: T) => string | undefined, work: (item: T, index: number) => Promise<void>): Promise<void> {
  const tails = new Map<string, Promise<void>>();
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const index = next++;
      const item = items[index]!;
      const key = keyOf(item);
      const previous = key === undefined ? undefined : tails.get(key);
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      if (key !== undefined) tails.set(key, previous ? previous.then(() => mine) : mine);
      try {
        if (previous) await previous;
        await work(item, index);
      } catch (error) {
        failure ??= error;
      } finally {
        release();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== undefined) throw failure;
}
