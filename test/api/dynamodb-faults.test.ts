/**
 * Issue 9, item 5: DynamoDB faults under the real API function and its real
 * SDK client (as `shared/aws-clients.ts` builds it: standard retries, 5
 * attempts), against DynamoDB Local.
 *
 * Faults are injected beneath the SDK's retry middleware, by wrapping the
 * client's HTTP handler: a chosen call is answered with DynamoDB's own error
 * response (or its answer is lost on the way back), so the SDK parses it, and
 * retries it or not, exactly as against AWS; every other call goes on to
 * DynamoDB Local. (aws-sdk-client-mock stubs `send`, above the retry
 * middleware, so faults it injects are never retried by the SDK; it is used
 * here for the faults the store and use cases handle themselves.)
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aChildBody } from '../support/children';
import { ADMIN, type Answer, expectServiceError, IRO_ONE, useApi, versionOf } from './harness';

const captured = vi.hoisted(() => ({ clients: [] as import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient[] }));
vi.mock('#shared/aws-clients', async (importOriginal) => {
  const original = await importOriginal<typeof import('#shared/aws-clients')>();
  return {
    ...original,
    createDocumentClient: (...args: Parameters<typeof original.createDocumentClient>) => {
      const client = original.createDocumentClient(...args);
      captured.clients.push(client);
      return client;
    },
  };
});

type Operation = 'TransactWriteItems' | 'Query' | 'GetItem' | 'PutItem' | 'UpdateItem';
interface Attempt {
  operation: string;
  at: number;
  faulted: boolean;
}
/** What the next calls of an operation meet: an error response, or a lost answer after DynamoDB did the work. */
type Fault = { kind: 'error'; type: string; status?: number; extra?: Record<string, unknown> } | { kind: 'lost-answer' };

const tally = { injected: 0, answered: {} as Record<string, number> };
const count = (outcome: string) => (tally.answered[outcome] = (tally.answered[outcome] ?? 0) + 1);

describe('when DynamoDB fails under the API', () => {
  const api = useApi();
  let client: DynamoDBDocumentClient;
  const attempts: Attempt[] = [];
  const plan = new Map<string, Fault[]>();

  /** The next `times` calls of `operation` meet `fault`. */
  const inject = (operation: Operation, fault: Fault, times: number) => {
    // What the test set up before is not what it measures.
    attempts.length = 0;
    plan.set(operation, [...(plan.get(operation) ?? []), ...Array.from({ length: times }, () => fault)]);
  };

  beforeAll(async () => {
    client = captured.clients[0]!;
    expect(client, 'the API function built its client through createDocumentClient').toBeDefined();
    const handler = client.config.requestHandler as { handle: (request: any, options?: any) => Promise<{ response: any }> };
    const pass = handler.handle.bind(handler);
    handler.handle = async (request, options) => {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '?';
      const fault = plan.get(operation)?.shift();
      attempts.push({ operation, at: performance.now(), faulted: fault !== undefined });
      if (!fault) return pass(request, options);
      tally.injected += 1;
      if (fault.kind === 'lost-answer') {
        const { response } = await pass(request, options);
        for await (const _chunk of response.body) void _chunk;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`, message: `injected ${fault.type}`, ...fault.extra });
      return {
        response: {
          statusCode: fault.status ?? 400,
          reason: 'Bad Request',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': crypto.randomUUID() },
          body: new TextEncoder().encode(body),
        },
      };
    };
  });

  afterEach(() => {
    plan.clear();
    attempts.length = 0;
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    console.info(`dynamodb faults: ${tally.injected} faults injected; answers: ${JSON.stringify(tally.answered)}`);
  });

  /** The child's partition as DynamoDB Local holds it. */
  const partition = async (childId: string) => (await api.everyItem()).filter((item) => item['PK'] === `CHILD#${childId}`);
  const writesOf = () => attempts.filter((a) => a.operation === 'TransactWriteItems');
  const gaps = (list: Attempt[]) => list.slice(1).map((a, i) => a.at - list[i]!.at);

  async function childInCare(): Promise<string> {
    const childId = await api.createChild(IRO_ONE);
    await api.given(IRO_ONE, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-06-01' });
    return childId;
  }
  const placementChange = (childId: string, headers: Record<string, string> = {}) =>
    api.post(IRO_ONE, `/children/${childId}/placement-changes`, { date: '2026-07-01', unplanned: true }, headers);

  const expectBusy = (answer: Answer) => {
    expectServiceError(answer, 503, 'service_unavailable');
    expect(answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(answer.text).not.toMatch(/injected|Exception|at \S+:\d+/);
    count('503 + Retry-After');
  };

  describe('throttling of a write', () => {
    for (const type of ['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded']) {
      it(`${type} twice: retried by the SDK with growing, jittered waits, then written once`, async () => {
        const childId = await childInCare();
        // A fixed random number shows the exponential cap under the jitter (the SDK's wait is random × base × 2^retry).
        vi.spyOn(Math, 'random').mockReturnValue(0.04);
        inject('TransactWriteItems', { kind: 'error', type }, 2);

        const answer = await placementChange(childId);

        expect(answer.status, answer.text).toBe(201);
        count('2xx after retries');
        const writes = writesOf();
        expect(writes.map((w) => w.faulted)).toEqual([true, true, false]);
        const [first, second] = gaps(writes);
        // 0.04 × 1000 ms × 2^0 = 40 ms, then 80 ms: at least that, and the second longer.
        expect(first).toBeGreaterThanOrEqual(38);
        expect(second).toBeGreaterThanOrEqual(78);
        expect(second!).toBeGreaterThan(first!);
        const file = await api.get(IRO_ONE, `/children/${childId}`);
        expect(file.body.placementChanges).toHaveLength(1);
      });
    }

    it('jitters: the SDK’s wait follows the random draw, not a fixed schedule', async () => {
      const firstWait = async (draw: number) => {
        const childId = await childInCare();
        vi.spyOn(Math, 'random').mockReturnValue(draw);
        inject('TransactWriteItems', { kind: 'error', type: 'ThrottlingException' }, 1);
        expect((await placementChange(childId)).status).toBe(201);
        count('2xx after retries');
        vi.restoreAllMocks();
        return gaps(writesOf())[0]!;
      };
      const low = await firstWait(0.01);
      const high = await firstWait(0.15);
      // 0.01 × 1000 ms = 10 ms against 0.15 × 1000 ms = 150 ms.
      expect(high).toBeGreaterThanOrEqual(148);
      expect(low).toBeLessThan(high / 2);
    });

    it('throttled on every attempt: 503 with Retry-After after 5 attempts, and the child’s partition exactly as before', async () => {
      const childId = await childInCare();
      const before = await partition(childId);
      vi.spyOn(Math, 'random').mockReturnValue(0.01);
      inject('TransactWriteItems', { kind: 'error', type: 'ProvisionedThroughputExceededException' }, 5);

      const answer = await placementChange(childId);

      expectBusy(answer);
      expect(writesOf()).toHaveLength(5);
      expect(await partition(childId)).toEqual(before);
    });

    it('a read throttled on every attempt: 503 with Retry-After, not 500', async () => {
      const childId = await childInCare();
      vi.spyOn(Math, 'random').mockReturnValue(0.01);
      inject('Query', { kind: 'error', type: 'ThrottlingException' }, 5);

      expectBusy(await api.get(IRO_ONE, `/children/${childId}`));
      expect(attempts.filter((a) => a.operation === 'Query')).toHaveLength(5);
    });

    it('a 500 from DynamoDB on every attempt: retried, then 503 with Retry-After, nothing written', async () => {
      const childId = await childInCare();
      const before = await partition(childId);
      vi.spyOn(Math, 'random').mockReturnValue(0.01);
      inject('TransactWriteItems', { kind: 'error', type: 'InternalServerError', status: 500 }, 5);

      expectBusy(await placementChange(childId));
      expect(writesOf()).toHaveLength(5);
      expect(await partition(childId)).toEqual(before);
    });
  });

  describe('a transaction cancelled by another on the same items (TransactionConflict)', () => {
    const conflict = (items: number, at = 0): Fault => ({
      kind: 'error',
      type: 'TransactionCanceledException',
      extra: {
        CancellationReasons: Array.from({ length: items }, (_, i) => (i === at ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' })),
      },
    });

    it('is sent again by the store with jittered backoff, then written once', async () => {
      const childId = await childInCare();
      // The store waits random × min(400 ms, 20 ms × 2^attempt): with 0.5, 20 ms then 40 ms.
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      inject('TransactWriteItems', conflict(3), 2);

      const answer = await placementChange(childId);

      expect(answer.status, answer.text).toBe(201);
      count('2xx after retries');
      expect(writesOf().map((w) => w.faulted)).toEqual([true, true, false]);
      const [first, second] = gaps(writesOf());
      expect(first).toBeGreaterThanOrEqual(19);
      expect(second).toBeGreaterThanOrEqual(39);
      expect(second!).toBeGreaterThan(first!);
      expect((await api.get(IRO_ONE, `/children/${childId}`)).body.placementChanges).toHaveLength(1);
    });

    it('on every attempt: 503 with Retry-After, and the partition exactly as before', async () => {
      const childId = await childInCare();
      const before = await partition(childId);
      inject('TransactWriteItems', conflict(3), 50);

      const answer = await placementChange(childId);

      expectBusy(answer);
      expect(writesOf().length).toBeGreaterThan(1);
      expect(await partition(childId)).toEqual(before);
    });

    it('on a new child: retried too, and one child recorded', async () => {
      inject('TransactWriteItems', conflict(3), 1);
      const answer = await api.post(IRO_ONE, '/children', aChildBody({ reference: `C-conflict-${Date.now()}` }));
      expect(answer.status, answer.text).toBe(201);
      count('2xx after retries');
      expect(await partition(answer.body.childId)).not.toEqual([]);
    });
  });

  describe('a condition that fails is never reported as success', () => {
    const conditionFailed = (reasons: string[]): Fault => ({
      kind: 'error',
      type: 'TransactionCanceledException',
      extra: { CancellationReasons: reasons.map((Code) => ({ Code })) },
    });

    it('the version check fails under If-Match: 412, and nothing written', async () => {
      const childId = await childInCare();
      const read = await api.get(IRO_ONE, `/children/${childId}`);
      const before = await partition(childId);
      inject('TransactWriteItems', conditionFailed(['ConditionalCheckFailed', 'None', 'None']), 1);

      const answer = await placementChange(childId, { 'if-match': read.headers.get('etag')! });

      expectServiceError(answer, 412, 'precondition_failed');
      count('412');
      expect(await partition(childId)).toEqual(before);
    });

    it('the version check fails on every attempt without If-Match: re-read and retried, then 503, never 2xx', async () => {
      const childId = await childInCare();
      const before = await partition(childId);
      inject('TransactWriteItems', conditionFailed(['ConditionalCheckFailed', 'None', 'None']), 100);

      const answer = await placementChange(childId);

      expectBusy(answer);
      // The use case reads the file again and retries up to 12 times (child-files.ts), each a fresh transaction.
      expect(writesOf().length).toBe(12);
      expect(await partition(childId)).toEqual(before);
    });

    it('the reference is taken: 409 naming reference, and nothing written', async () => {
      const before = await api.everyItem();
      inject('TransactWriteItems', conditionFailed(['None', 'ConditionalCheckFailed', 'None']), 1);
      const answer = await api.post(IRO_ONE, '/children', aChildBody({ reference: `C-taken-${Date.now()}` }));
      expectServiceError(answer, 409, 'conflict');
      count('409');
      expect(await api.everyItem()).toEqual(before);
    });

    it('a real stale write against DynamoDB Local (aws-sdk-client-mock lets another write in first): 412 under If-Match, the other write kept whole', async () => {
      const childId = await childInCare();
      const read = await api.get(IRO_ONE, `/children/${childId}`);
      // The moment the API sends its transaction, another client's write to the same child lands first; every call then goes on.
      const mock = mockClient(client);
      mock.send.callThrough();
      mock.on(TransactWriteCommand).callsFakeOnce(async (input) => {
        tally.injected += 1;
        await api.given(ADMIN, 'POST', `/children/${childId}/strategy-discussions`, { date: '2026-10-01' });
        return (mock.send.wrappedMethod as (command: unknown) => Promise<unknown>).call(client, new TransactWriteCommand(input)) as never;
      });
      let answer: Answer;
      try {
        answer = await placementChange(childId, { 'if-match': read.headers.get('etag')! });
      } finally {
        mock.restore();
      }

      expectServiceError(answer, 412, 'precondition_failed');
      count('412');
      const file = await api.get(IRO_ONE, `/children/${childId}`);
      expect(file.body.placementChanges).toEqual([]);
      expect(file.body.strategyDiscussions).toHaveLength(1);
      expect(versionOf(file)).toBe(versionOf(read) + 1);
    });
  });

  describe('an answer lost after DynamoDB committed (the SDK retries the same transaction)', () => {
    it('records the placement change once, and answers 201', async () => {
      const childId = await childInCare();
      inject('TransactWriteItems', { kind: 'lost-answer' }, 1);

      const answer = await placementChange(childId);
      const file = await api.get(IRO_ONE, `/children/${childId}`);

      expect(writesOf().length).toBeGreaterThan(1);
      expect(answer.status, answer.text).toBe(201);
      expect(file.body.placementChanges).toHaveLength(1);
      count('2xx after retries');
    });

    it('records a new child once, and answers 201 rather than a conflict with itself', async () => {
      inject('TransactWriteItems', { kind: 'lost-answer' }, 1);
      const reference = `C-lost-${Date.now()}`;
      const answer = await api.post(IRO_ONE, '/children', aChildBody({ reference }));
      expect(answer.status, answer.text).toBe(201);
      const profiles = (await api.everyItem()).filter((item) => item['SK'] === 'CHILD' && item['reference'] === reference);
      expect(profiles).toHaveLength(1);
      count('2xx after retries');
    });
  });

  it('classifies the store’s conflict retry only for cancellations with no failed condition', async () => {
    const { isTransactionConflict } = await import('#shared/store/dynamodb/dynamodb-errors');
    const cancelled = (codes: string[]) =>
      new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
    expect(isTransactionConflict(cancelled(['None', 'TransactionConflict']))).toBe(true);
    expect(isTransactionConflict(cancelled(['ThrottlingError', 'None']))).toBe(true);
    expect(isTransactionConflict(cancelled(['ConditionalCheckFailed', 'TransactionConflict']))).toBe(false);
    expect(isTransactionConflict(cancelled(['None', 'ValidationError']))).toBe(false);
    expect(isTransactionConflict(new Error('TransactionConflict'))).toBe(false);
  });
});
