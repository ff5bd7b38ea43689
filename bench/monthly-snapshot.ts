/**
 * How many DynamoDB requests (and how long) the monthly snapshot takes to
 * read a register, against a fresh DynamoDB Local:
 *   npm run bench:monthly -- --children 1000 --years 10
 * Each child has a care episode and, for every year, two CERs, two mid-point
 * reviews and a placement change; a third are also registered with RCPCs.
 * Bounded: it stops by itself.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monthlyFigures } from '#shared/domain/figures';
import type { Child, ChildRecords, Meeting } from '#shared/domain/records';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { DynamoDbChildrenStore } from '#shared/store/dynamodb-children-store';
import { createTableInput } from '#shared/store/table-design';
import { localDynamoDbClient, startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { seedRegister } from '../test/support/seed';
import { freePort } from '../test/support/ports';

const { values } = parseArgs({ options: { children: { type: 'string', default: '1000' }, years: { type: 'string', default: '10' } } });
const children = Number(values.children);
const years = Number(values.years);

function aRegisterChild(index: number): { child: Child; records: ChildRecords } {
  const childId = randomUUID();
  const firstYear = 2025 - years;
  const meetings: Meeting[] = [];
  const held = (type: Meeting['type'], heldOn: string): Meeting => ({
    meetingId: randomUUID(), type, heldOn, status: 'held', childParticipated: true, advocacyOffered: false, advocacyProvided: false, qaAuditCompleted: true,
  });
  for (let year = firstYear; year < 2025; year += 1) {
    meetings.push(held('CER', `${year}-02-10`), held('MIDPOINT', `${year}-05-10`), held('CER', `${year}-08-10`), held('MIDPOINT', `${year}-11-10`));
  }
  const registered = index % 3 === 0;
  if (registered) for (let year = 2023; year < 2025; year += 1) meetings.push(held('RCPC', `${year}-03-15`), held('RCPC', `${year}-09-15`));
  return {
    child: {
      childId, reference: `B-${index}`, givenName: 'Bench', familyName: `Child${index}`, dateOfBirth: '2012-01-01', gender: 'not-stated',
      iroEmail: `iro${index % 20}@example.org`, teamName: 'Team', teamManagerEmail: `tm${index % 6}@example.org`,
    },
    records: {
      careEpisodes: [{ episodeId: randomUUID(), startDate: `${firstYear}-01-06` }],
      placementChanges: Array.from({ length: years }, (_, n) => ({ placementChangeId: randomUUID(), date: `${firstYear + n}-06-01`, unplanned: n % 2 === 0 })),
      strategyDiscussions: [],
      registrations: registered ? [{ registrationId: randomUUID(), startDate: '2022-09-15', category: 'Neglect' }] : [],
      meetings,
    },
  };
}

async function main(): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  const deadline = setTimeout(() => {
    console.error('bench: took longer than 15 minutes; stopping');
    void dynamoDb.stop().then(() => process.exit(2));
  }, 15 * 60 * 1000);
  try {
    const client = localDynamoDbClient(dynamoDb.endpoint);
    const tableName = 'bench';
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    const store = new DynamoDbChildrenStore(DynamoDBDocumentClient.from(client), tableName);
    const register = Array.from({ length: children }, (_, index) => aRegisterChild(index));
    const records = register.reduce((total, { records: r }) => total + r.meetings.length + r.placementChanges.length + r.careEpisodes.length + r.registrations.length, 0);
    const loadStart = performance.now();
    for (let i = 0; i < register.length; i += 50) await seedRegister(store, register.slice(i, i + 50));
    console.log(`loaded ${children} children, ${records} records (${years} years), in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    const readStart = performance.now();
    const { files, requests } = await store.readRegister();
    const readMs = performance.now() - readStart;
    const computeStart = performance.now();
    const figures = monthlyFigures(files, '2024-12', DEFAULT_TIMESCALE_POLICY);
    const computeMs = performance.now() - computeStart;
    console.log(`read the register: ${requests} scan requests (4 segments), ${files.length} children, ${readMs.toFixed(0)} ms`);
    console.log(`computed the month's figures: ${computeMs.toFixed(0)} ms (CERs held in 2024-12: ${figures.cer.held}; CEC at month end: ${figures.lookedAfterAtMonthEnd})`);
    console.log(`requests per child: ${(requests / children).toFixed(3)}`);
  } finally {
    clearTimeout(deadline);
    await dynamoDb.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
