/**
 * Benchmark: what the AWS SDK's logger middleware costs a function that reads
 * a lot, and so what `withoutSdkLogger` (shared/aws-clients.ts) saves.
 *
 *   npx tsx bench/sdk-logger.ts [rounds]
 *
 * With no logger given, the SDK still runs each call's input and output
 * through the service's sensitive-data filter (a deep copy) for its no-op
 * logger. Here 2,000 items like the due-date index's are read a page at a time
 * from DynamoDB Local, alternately through a document client as the SDK makes
 * it and one as the functions make it (`createDocumentClient`), and this
 * process's CPU time is taken for each read: the time DynamoDB Local spends is
 * its own process's, so what is left is the client's. Printed: the median of
 * each, and of the round-by-round ratio.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { createDocumentClient } from '#shared/aws-clients';
import { freePort } from '../test/support/ports';
import { median } from './stats';

const ROUNDS = Number(process.argv[2] ?? 31);
const ITEMS = 2_000;
const TABLE = 'sdk-logger-bench';
const PARTITION = 'DUE#bench';

const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
try {
  await ensureTable(dynamoDb.endpoint, TABLE);
  const config = { endpoint: dynamoDb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const ours = createDocumentClient(config);
  const sdks = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5, ...config }), { marshallOptions: { removeUndefinedValues: true } });

  for (let start = 0; start < ITEMS; start += 25) {
    const items = Array.from({ length: 25 }, (_, i) => ({
      PK: PARTITION,
      SK: `2026-12-31#${String(start + i).padStart(6, '0')}`,
      childId: crypto.randomUUID(),
      reference: `REF-${start + i}`,
      initials: 'AB',
      kind: 'CER',
      dueDate: '2026-12-31',
      iroEmail: 'iro.one@example.org',
      teamManagerEmail: 'team.manager@example.org',
      meetings: [{ heldOn: '2026-06-30', late: false }],
    }));
    await ours.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  }

  const readAll = async (client: DynamoDBDocumentClient) => {
    const before = process.cpuUsage();
    let read = 0;
    let from: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PARTITION }, ExclusiveStartKey: from }));
      read += page.Items?.length ?? 0;
      from = page.LastEvaluatedKey;
    } while (from);
    if (read !== ITEMS) throw new Error(`read ${read} items, not ${ITEMS}`);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };

  // One round each first, not counted: both clients' code compiled and their connections made.
  await readAll(sdks);
  await readAll(ours);
  const sdkMs: number[] = [];
  const ourMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    sdkMs.push(await readAll(sdks));
    ourMs.push(await readAll(ours));
  }
  console.log(`CPU of this process to read ${ITEMS.toLocaleString('en-GB')} items, median of ${ROUNDS} rounds:`);
  console.log(`  the SDK's document client, logger middleware and all: ${median(sdkMs).toFixed(1)} ms`);
  console.log(`  the functions' (createDocumentClient, no SDK logger): ${median(ourMs).toFixed(1)} ms`);
  console.log(`  ratio, round by round: ${median(ourMs.map((ms, i) => ms / sdkMs[i]!)).toFixed(2)}`);
} finally {
  await dynamoDb.stop();
}
