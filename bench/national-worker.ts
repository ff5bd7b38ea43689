/**
 * One measured operation of the national benchmark, in a fresh Node process
 * of its own (as a Lambda container is), so that its time and peak memory are
 * its own: a job's real handler, or the bare DynamoDB operation that bounds it.
 * Prints one line of JSON. Run by bench/national.ts:
 *   tsx bench/national-worker.ts <operation> --dynamodb URL --ses URL --table NAME [--date D] [--due-by D] [--month M] [--ledger L] [--digests FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient, QueryCommand, ScanCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { localFunctionEnv } from '#infra/local/settings';
import { createDocumentClient, dynamoDbPlugins, withoutSdkLogger } from '#shared/aws-clients';
import { buildDigests, lateBookingDays } from '#shared/domain/digest';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { CapacityMeter } from './capacity';
import { REGISTER_READERS } from '#shared/store/dynamodb/register-reader';
import { DUE_DATE_INDEX, END_OF_DAY, keys, REGISTER_INDEX, type IndexDesign } from '#shared/store/table-design';

/** A full scan's segments: one per core would starve DynamoDB Local; 16 read in parallel as the sharded queries do. */
const FULL_SCAN_SEGMENTS = 16;

const [operation] = process.argv.slice(2);
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    dynamodb: { type: 'string' },
    ses: { type: 'string' },
    table: { type: 'string' },
    date: { type: 'string' },
    'due-by': { type: 'string' },
    month: { type: 'string' },
    'limit-seconds': { type: 'string' },
    /** The bare sends' own ledger partition of the day: the floor runs twice a round, before the job and after it. */
    ledger: { type: 'string' },
    /** The day's digests, as `digests` writes them and `bare-digests` sends them. */
    digests: { type: 'string' },
  },
});
const tableName = values.table!;
Object.assign(
  process.env,
  localFunctionEnv({ tableName, region: 'eu-west-2', dynamoDbEndpoint: values.dynamodb!, sesEndpoint: values.ses ?? 'http://127.0.0.1:1' }),
  { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true', SENDER_EMAIL: 'iro-timescales@example.org' },
);

type Key = Record<string, AttributeValue> | undefined;

/** Every call of a job's handler asks for, and is counted by, its consumed capacity: its read and write units go in the line printed. */
const meter = new CapacityMeter();
dynamoDbPlugins.push(meter.plugin());
const unitsUsed = () => {
  const used = meter.snapshot();
  return { readUnits: used.readUnits, writeUnits: used.writeUnits + used.indexWriteUnitsReported };
};

/**
 * The bare client: the SDK's own, no marshalling, no document client, and no SDK logger (as the job's: a floor
 * that copied every answer for a logger would be no floor). It asks for the consumed capacity as the
 * job's clients do (the meter), so that DynamoDB Local does the same work for both sides of a ratio.
 */
const bare = () => {
  const client = withoutSdkLogger(new DynamoDBClient({ maxAttempts: 5 }));
  client.middlewareStack.use(meter.plugin());
  return client;
};

/**
 * A parallel scan of the whole table, stopped after `limitMs`: DynamoDB
 * Local's scans slow down as its table grows, and a bound that a slower scan
 * only widens is all a "job / scan" target needs. `complete` says which it was.
 */
async function bareScan(segments: number, limitMs: number) {
  const client = bare();
  let items = 0;
  let requests = 0;
  const start = performance.now();
  let complete = true;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Key;
      do {
        if (performance.now() - start > limitMs) {
          complete = false;
          return;
        }
        const page = await client.send(new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: segments, ExclusiveStartKey: startKey }));
        items += page.Count ?? 0;
        requests += 1;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return { ms: performance.now() - start, items, requests, complete: complete ? 1 : 0 };
}

/** Every shard of a sharded index, queried in parallel, page by page: what a job's read is at the least. */
async function bareShardQueries(
  index: IndexDesign & { shards: number },
  partition: (shard: number) => string,
  sortBelow?: string,
  onItem?: (item: Record<string, AttributeValue>) => void,
) {
  const client = bare();
  let items = 0;
  let requests = 0;
  const start = performance.now();
  let nextShard = 0;
  // As many shards at a time as the store reads (every shard of the due-date index; 16 of the register index's 64).
  await Promise.all(
    Array.from({ length: Math.min(REGISTER_READERS, index.shards) }, async () => {
      for (let shard = nextShard++; shard < index.shards; shard = nextShard++) await readShard(shard);
    }),
  );
  return { ms: performance.now() - start, items, requests };

  async function readShard(shard: number) {
    let startKey: Key;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: sortBelow === undefined ? '#pk = :pk' : '#pk = :pk AND #sk <= :to',
          ExpressionAttributeNames: { '#pk': index.partitionKey, ...(sortBelow === undefined ? {} : { '#sk': index.sortKey }) },
          ExpressionAttributeValues: { ':pk': { S: partition(shard) }, ...(sortBelow === undefined ? {} : { ':to': { S: sortBelow } }) },
          ExclusiveStartKey: startKey,
        }),
      );
      items += page.Count ?? 0;
      requests += 1;
      if (onItem) for (const item of page.Items ?? []) onItem(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}

/** A digest as the floor sends it: what SES is given. */
type DigestBody = { subject: string; text: string; html: string };

/**
 * The day's digests, built by the job's own code from the job's own reads,
 * written to `file` by recipient for {@link bareDigests}: in a process of
 * their own, so that the floor's starts as cold as the job's.
 */
async function writeDigests(date: string, dueBy: string, file: string) {
  const stores = dynamoDbStores(createDocumentClient(), tableName);
  const horizon = Number(process.env['NIGHTLY_HORIZON_WORKING_DAYS'] || DEFAULT_TIMESCALE_POLICY.dueSoonWorkingDays);
  const [entries, notices] = await Promise.all([stores.reads.listDue([{ all: true }], dueBy), stores.reads.listLateBookings(lateBookingDays(date))]);
  const digests = buildDigests(entries, date, dueBy, horizon, { notices });
  writeFileSync(file, JSON.stringify(Object.fromEntries(digests.map(({ recipient, subject, text, html }) => [recipient, { subject, text, html }]))));
  return { ms: 0, items: entries.length, sent: digests.length };
}

/**
 * The least the whole nightly job can do: the same two reads (the due-date
 * index's shards and the late-booking notices), then for each IRO and team
 * manager with something due one conditional write (the claim), one email,
 * one write (sent), at the job's concurrency. Each email is that recipient's
 * real digest, read from `digestsFile` ({@link writeDigests}): building it is
 * the job's cost, not the floor's. Like the job's, this process has made no
 * call before its clock starts: its first DynamoDB and SES calls, and the SDK
 * code they run for the first time, are in the clock as the job's are. (When
 * the floor built the digests itself, its reads before the clock warmed all of
 * that for it: in the growth run, at 24 digests, it took 178-210 ms so and
 * 209-251 ms without, on the same day.)
 */
async function bareDigests(date: string, dueBy: string, digestsFile: string) {
  const noticeDays = lateBookingDays(date);
  const digests = new Map(Object.entries(JSON.parse(readFileSync(digestsFile, 'utf8')) as Record<string, DigestBody>));

  const client = bare();
  const ses = withoutSdkLogger(new SESClient({ maxAttempts: 1 }));
  const start = performance.now();
  const recipients = new Set<string>();
  const [read] = await Promise.all([
    bareShardQueries(DUE_DATE_INDEX, keys.dueShard, `${dueBy}${END_OF_DAY}`, (item) => {
      recipients.add(item['iroEmail']!.S!);
      recipients.add(item['teamManagerEmail']!.S!);
    }),
    Promise.all(
      noticeDays.map(async (day) => {
        let startKey: Key;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
              ExpressionAttributeValues: { ':pk': { S: keys.noticePartition(day) }, ':prefix': { S: keys.lateBookingPrefix } },
              ExclusiveStartKey: startKey,
            }),
          );
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    ),
  ]);
  const queue = [...recipients];
  const key = (recipient: string) => ({ PK: { S: `BENCH-LEDGER#${date}#${values.ledger ?? 'only'}` }, SK: { S: `TO#${recipient}` } });
  const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
  await Promise.all(
    Array.from({ length: Number(process.env['NIGHTLY_SEND_CONCURRENCY'] || 5) }, async () => {
      for (let recipient = queue.shift(); recipient; recipient = queue.shift()) {
        const digest = digests.get(recipient);
        if (!digest) throw new Error(`the due-date index names ${recipient}, but the job's digests do not`);
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(recipient),
            UpdateExpression: 'SET #status = :sending',
            ConditionExpression: 'attribute_not_exists(PK)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': { S: 'sending' } },
          }),
        );
        await ses.send(
          new SendEmailCommand({
            Source: 'iro-timescales@example.org',
            Destination: { ToAddresses: [recipient] },
            Message: { Subject: utf8(digest.subject), Body: { Text: utf8(digest.text), Html: utf8(digest.html) } },
          }),
        );
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(recipient),
            UpdateExpression: 'SET #status = :sent',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': { S: 'sent' } },
          }),
        );
      }
    }),
  );
  return { ms: performance.now() - start, items: read.items, sent: recipients.size };
}

async function run(): Promise<Record<string, unknown>> {
  switch (operation) {
    case 'nightly': {
      const { handler } = await import('#functions/nightly-timescales/handler');
      const start = performance.now();
      const summary = await handler({ date: values.date! });
      return {
        ms: performance.now() - start,
        items: summary.timescales,
        sent: summary.sent.length,
        alreadySent: summary.alreadySent.length,
        failed: summary.failed.length,
        ...unitsUsed(),
      };
    }
    case 'due-query':
      // The nightly job's read at the least: the same key condition on every shard of the due-date index.
      return bareShardQueries(DUE_DATE_INDEX, keys.dueShard, `${values['due-by']!}${END_OF_DAY}`);
    case 'full-scan':
      return bareScan(FULL_SCAN_SEGMENTS, Number(values['limit-seconds'] ?? 120) * 1000);
    case 'digests':
      return writeDigests(values.date!, values['due-by']!, values.digests!);
    case 'bare-digests':
      return bareDigests(values.date!, values['due-by']!, values.digests!);
    case 'monthly': {
      const { handler } = await import('#functions/monthly-snapshot/handler');
      const start = performance.now();
      const summary = await handler({ month: values.month!, force: true });
      return { ms: performance.now() - start, items: summary.children, requests: summary.requests, ...unitsUsed() };
    }
    case 'register-query':
      // Everything the snapshot reads, and no more: every shard of the register index.
      return bareShardQueries(REGISTER_INDEX, keys.registerShard);
    default:
      throw new Error(`unknown operation ${operation}`);
  }
}

const result = await run();
console.log(JSON.stringify({ operation, ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
