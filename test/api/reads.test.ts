/**
 * Every read of a child's file is recorded, apart from the change audit: who,
 * when, by which route, in which request. Every route that reads a child (a
 * GET of a child's path, found in the route table, so a new one cannot be
 * forgotten) writes one entry to the child's read log; a refused read writes
 * nothing and is logged instead; a list writes one entry a request, whatever
 * it lists; and the audit route gives the read log too (`?include=reads`), for
 * a period of Europe/London days.
 */
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { readsChild, ROUTES, type RouteDefinition } from '#shared/http/routes';
import { EXPIRES_AT, keys, RETENTION_DAYS } from '#shared/store/table-design';
import { captureOutput } from '../support/output';
import { ADMIN, expectServiceError, IRO_ONE, IRO_TWO, type Item, SERVICE_MANAGER, useApi } from './harness';

const api = useApi({ logLevel: 'WARN' });
const written = captureOutput();

/** The routes that read a child's file, from the route table itself. */
const CHILD_READ_ROUTES = (ROUTES as readonly RouteDefinition[]).filter(readsChild);

/** Every item of a partition, oldest first. */
async function partition(pk: string): Promise<Item[]> {
  const answer = await api.table.documentClient.send(
    new QueryCommand({ TableName: api.table.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return answer.Items ?? [];
}
const readsOf = (childId: string) => partition(keys.childReadsPartition(childId));

/** A concrete path for a child read route, on this child; the suggested dates of a CER due from a care episode. */
const pathOf = (route: RouteDefinition, childId: string) =>
  route.path.replace('{childId}', childId).replace('{kind}', 'CER') + (route.path.includes('timescales') ? '?asOf=2026-10-01' : '');

/** IRO one's child, in care from 2026-10-01 (so a first CER is due). */
async function childInCare(overrides: Record<string, unknown> = {}): Promise<string> {
  const childId = await api.createChild(ADMIN, overrides);
  await api.given(ADMIN, 'POST', `/children/${childId}/care-episodes`, { startDate: '2026-10-01' });
  return childId;
}

describe('the read log', () => {
  it('finds the child read routes in the route table: every GET of a child’s path', () => {
    expect(CHILD_READ_ROUTES.map((route) => route.operationId).sort()).toEqual(
      ['exportChild', 'getChild', 'getChildAudit', 'getChildTimescales', 'getSuggestedDates'],
    );
  });

  it.each(CHILD_READ_ROUTES.map((route) => [route.operationId, route] as const))('records who read the file through %s, and when', async (operationId, route) => {
    const childId = await childInCare();
    const before = Date.now();

    const answer = await api.get(ADMIN, pathOf(route, childId));

    expect(answer.status, answer.text).toBe(200);
    const reads = await readsOf(childId);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ PK: keys.childReadsPartition(childId), reader: ADMIN.email, operationId });
    // Whose file, when and which request are the item's keys, and are not stored again: there are more reads than anything.
    const [at, requestId] = String(reads[0]!['SK']).split('#');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Object.keys(reads[0]!)).not.toContain('childId');
    expect(Object.keys(reads[0]!)).not.toContain('requestId');
    // Apart from the child's partition: its file and change audit hold no trace of the read.
    expect((await partition(keys.childPartition(childId))).filter((item) => JSON.stringify(item).includes(operationId))).toEqual([]);
  });

  it.each(CHILD_READ_ROUTES.map((route) => [route.operationId, route] as const))('records nothing of a refused read through %s, and logs it', async (operationId, route) => {
    const childId = await childInCare({ givenName: 'Philomena-Refused', dateOfBirth: '2016-03-14' });
    written.length = 0;

    const answer = await api.expectNothingWritten(() => api.get(IRO_TWO, pathOf(route, childId)));

    expect([403, 404]).toContain(answer.status);
    expect(await readsOf(childId)).toEqual([]);
    const refusal = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"read refused"'))
      .map((line) => JSON.parse(line));
    expect(refusal).toEqual([
      expect.objectContaining({ caller: IRO_TWO.email, operationId, childId, requestId: answer.body.error.requestId, status: answer.status }),
    ]);
    expect(written.join('')).not.toContain('Philomena-Refused');
    expect(written.join('')).not.toContain('2016-03-14');
  });

  it('answers 503, and nothing of the file, when the read cannot be recorded', async () => {
    const childId = await childInCare({ givenName: 'Unrecorded-Read' });
    const mock = mockClient(DynamoDBDocumentClient);
    mock.send.callThrough();
    mock.on(PutCommand).rejects(new Error('DynamoDB is down'));
    let answer;
    try {
      answer = await api.get(ADMIN, `/children/${childId}`);
    } finally {
      mock.restore();
    }

    expectServiceError(answer, 503, 'service_unavailable');
    expect(answer.text).not.toContain('Unrecorded-Read');
    expect(await readsOf(childId)).toEqual([]);
  });

  it('records one entry a list request, with its filters and no child named', async () => {
    await api.createChild(ADMIN, { givenName: 'Listed-Once' });
    await api.createChild(ADMIN, { givenName: 'Listed-Twice' });
    const day = `READS#LISTS#${new Date().toISOString().slice(0, 10)}`;
    const before = (await partition(day)).length;

    const children = await api.get(IRO_ONE, '/children?status=closed&limit=10');
    const timescales = await api.get(IRO_ONE, '/timescales?within=20&booking=not-booked');

    expect([children.status, timescales.status]).toEqual([200, 200]);
    expect(children.body.children.length).toBeGreaterThanOrEqual(2);
    const entries = (await partition(day)).slice(before);
    expect(entries.map((entry) => [entry['operationId'], entry['reader'], entry['filters']])).toEqual([
      ['listChildren', IRO_ONE.email, { status: 'closed', limit: 10 }],
      ['listTimescales', IRO_ONE.email, { within: 20, booking: 'not-booked' }],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Listed-/);
  });

  it('keeps each entry six years, then lets DynamoDB’s time to live delete it; the entry as read back has no such field', async () => {
    const childId = await childInCare();

    await api.get(IRO_ONE, `/children/${childId}`);

    const [entry] = await readsOf(childId);
    const days = (Number(entry?.[EXPIRES_AT]) - Date.parse(String(entry?.['SK']).split('#')[0]!) / 1000) / 86_400;
    expect(Math.round(days)).toBe(RETENTION_DAYS.readLog);
    const audit = await api.get(ADMIN, `/children/${childId}/audit?include=reads`);
    expect(JSON.stringify(audit.body)).not.toContain(EXPIRES_AT);
  });

  it('records nothing of a list refused for its filter', async () => {
    const day = `READS#LISTS#${new Date().toISOString().slice(0, 10)}`;
    const before = (await partition(day)).length;

    const answer = await api.get(IRO_ONE, `/children?iroEmail=${IRO_TWO.email}`);

    expectServiceError(answer, 403, 'forbidden');
    expect(await partition(day)).toHaveLength(before);
  });

  it('gives the change entries and the reads with ?include=reads, oldest first, to whom may read the audit', async () => {
    const childId = await childInCare();
    await api.get(IRO_ONE, `/children/${childId}`);
    await api.get(IRO_ONE, `/children/${childId}/timescales`);

    const plain = await api.get(SERVICE_MANAGER, `/children/${childId}/audit`);
    const withReads = await api.get(SERVICE_MANAGER, `/children/${childId}/audit?include=reads`);

    expect(plain.body.reads).toBeUndefined();
    expect(withReads.body.entries).toEqual(plain.body.entries);
    expect(withReads.body.entries).toHaveLength(2);
    expect(withReads.body.reads.map((read: Item) => [read['reader'], read['operationId']])).toEqual([
      [IRO_ONE.email, 'getChild'],
      [IRO_ONE.email, 'getChildTimescales'],
      [SERVICE_MANAGER.email, 'getChildAudit'],
      [SERVICE_MANAGER.email, 'getChildAudit'],
    ]);
    expectServiceError(await api.get(IRO_ONE, `/children/${childId}/audit?include=reads`), 403, 'forbidden');
  });

  it('lists who read the file in a period of London days, the ends included', async () => {
    const childId = await api.createChild(ADMIN);
    const put = (at: string, reader: string) =>
      api.table.documentClient.send(
        new PutCommand({
          TableName: api.table.tableName,
          Item: { ...keys.childRead(childId, at, crypto.randomUUID()), childId, at, reader, operationId: 'getChild', requestId: crypto.randomUUID() },
        }),
      );
    await put('2026-05-31T22:59:59.000Z', 'may@example.org'); // 23:59 on 31 May in London (BST)
    await put('2026-05-31T23:00:00.000Z', 'june.first@example.org'); // midnight, 1 June in London
    await put('2026-06-30T22:59:00.000Z', 'june.last@example.org');
    await put('2026-06-30T23:00:00.000Z', 'july@example.org');

    const june = await api.get(SERVICE_MANAGER, `/children/${childId}/audit?include=reads&from=2026-06-01&to=2026-06-30`);
    const fromJuly = await api.get(SERVICE_MANAGER, `/children/${childId}/audit?include=reads&from=2026-07-01&to=2026-07-31`);

    expect(june.body.reads.map((read: Item) => read['reader'])).toEqual(['june.first@example.org', 'june.last@example.org']);
    expect(june.body.entries).toEqual([]);
    expect(fromJuly.body.reads.map((read: Item) => read['reader'])).toEqual(['july@example.org']);
    expect(fromJuly.body.entries).toEqual([]);
    const wrongWayRound = await api.get(SERVICE_MANAGER, `/children/${childId}/audit?include=reads&from=2026-07-01&to=2026-06-01`);
    expectServiceError(wrongWayRound, 400, 'validation_failed');
  });

  it('lists every read for a period from the first day the calendar can write to the last', async () => {
    const childId = await childInCare();
    await api.get(IRO_ONE, `/children/${childId}`);

    const fromLongAgo = await api.get(SERVICE_MANAGER, `/children/${childId}/audit?include=reads&from=2011-01-01&to=9999-12-31`);
    const all = await api.get(SERVICE_MANAGER, `/children/${childId}/audit?include=reads&from=0001-01-01&to=9999-12-31`);

    expect(fromLongAgo.status).toBe(200);
    expect(all.status).toBe(200);
    expect(all.body.reads.map((read: Item) => [read['reader'], read['operationId']])).toEqual([
      [IRO_ONE.email, 'getChild'],
      [SERVICE_MANAGER.email, 'getChildAudit'],
      [SERVICE_MANAGER.email, 'getChildAudit'],
    ]);
  });
});

describe('GET /children?reference=', () => {
  it('finds the child by the case system’s reference, whatever its letter case, within the caller’s reach', async () => {
    const reference = `Ref-${Date.now()}`;
    const childId = await api.createChild(ADMIN, { reference });

    const byIro = await api.get(IRO_ONE, `/children?reference=${reference.toLowerCase()}`);
    const byAdmin = await api.get(ADMIN, `/children?reference=${reference.toUpperCase()}`);
    const byOtherIro = await api.get(IRO_TWO, `/children?reference=${reference}`);
    const unknown = await api.get(ADMIN, '/children?reference=NO-SUCH-REF');
    const filteredOut = await api.get(ADMIN, `/children?reference=${reference}&status=registered`);

    expect(byIro.body.children.map((child: Item) => child['childId'])).toEqual([childId]);
    expect(byAdmin.body.children.map((child: Item) => child['childId'])).toEqual([childId]);
    expect(byOtherIro.body).toEqual({ children: [] });
    expect(unknown.body).toEqual({ children: [] });
    expect(filteredOut.body).toEqual({ children: [] });
  });
});
