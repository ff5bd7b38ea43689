/**
 * The service manager's downloads through the API: a month's snapshot as JSON
 * and as CSV (which parses back to the same numbers), and the annual report,
 * whose figures are the sums of its months.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { FIGURES_BASIS, monthlyFigures, percentage, type MonthlyFigures } from '#shared/domain/figures';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { ITEM_TYPE, keys } from '#shared/store/table-design';
import { REGISTRATION_CATEGORIES } from '#shared/domain/records';
import { DynamoDbBulkImport } from '#shared/store/dynamodb/bulk-import';
import { ANN, JANUARY_2025_REGISTER, aRegisterEntry, meeting, registration } from '../domain/figures-fixtures';
import { seedRegister } from '../support/seed';
import { ADMIN, IRO_ONE, SERVICE_MANAGER, useApi } from './harness';

/** The CSV's sections, each its rows after the title and header, by title. */
function sectionsOf(csv: string): Map<string, string[][]> {
  // The byte-order mark Excel needs is consumed by fetch's UTF-8 decoding, as by any UTF-8 reader.
  const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  const sections = new Map<string, string[][]>();
  let current: string[][] | undefined;
  let expectHeader = false;
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') {
      current = undefined;
    } else if (!current) {
      current = [];
      sections.set(row[0]!, current);
      expectHeader = true;
    } else if (expectHeader) {
      expectHeader = false;
    } else {
      current.push(row);
    }
  }
  return sections;
}

describe('snapshots and the annual report', () => {
  const api = useApi();

  /**
   * Moved into the area: told 2025-01-27 that the move is permanent, registered at a transfer-in conference on
   * 2025-02-03 (due 2025-02-17) under a combination outside Chart 4's ten.
   */
  const transferredIn = aRegisterEntry('transferred-in', { iroEmail: ANN }, {
    transferIns: [{ transferInId: 't', notifiedOn: '2025-01-27' }],
    registrations: [registration('r', 'Neglect and Emotional Abuse', '2025-02-03', undefined, { registeredAtMeetingId: 'tic' })],
    meetings: [meeting('TRANSFER_IN', 'tic', '2025-02-03', { outcome: { decision: 'register', category: 'Neglect and Emotional Abuse' } })],
  });

  beforeAll(async () => {
    await seedRegister(new DynamoDbBulkImport({ client: api.table.documentClient, tableName: api.table.tableName }), [...JANUARY_2025_REGISTER, transferredIn]);
    // An admin stores the reporting year's snapshots (the schedule would, month by month).
    for (const month of ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03']) {
      await api.given(ADMIN, 'POST', `/snapshots/${month}`, undefined);
    }
  });

  it('stores concurrent revisions of one month each under its own number, or answers 503 to retry: never a 500', async () => {
    const before = await api.get(SERVICE_MANAGER, '/snapshots/2024-06');

    const answers = await Promise.all(Array.from({ length: 10 }, () => api.send('POST', '/snapshots/2024-06', { as: ADMIN })));
    const after = await api.get(SERVICE_MANAGER, '/snapshots/2024-06');

    const created = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.revision as number);
    const busy = answers.filter((answer) => answer.status === 503);
    expect(created.length + busy.length).toBe(answers.length);
    expect(created.length).toBeGreaterThan(0);
    busy.forEach((answer) => expect(answer.headers.get('retry-after')).toBe('2'));
    expect(new Set(created).size).toBe(created.length);
    expect(after.body.revision).toBe(before.body.revision + created.length);
    expect(Math.max(...created)).toBe(after.body.revision);
  });

  it('lists the months that have a snapshot, newest first', async () => {
    const answer = await api.get(SERVICE_MANAGER, '/snapshots');

    expect(answer.status).toBe(200);
    expect(answer.body.snapshots.map((s: { month: string }) => s.month).slice(0, 3)).toEqual(['2025-03', '2025-02', '2025-01']);
  });

  it('answers a month as JSON, with every category present', async () => {
    const answer = await api.get(SERVICE_MANAGER, '/snapshots/2025-01');

    expect(answer.status).toBe(200);
    expect(answer.body.figures.month).toBe('2025-01');
    expect(answer.body.figures.registerTotal).toBe(7);
    expect(Object.keys(answer.body.figures.registerByCategory).sort()).toEqual([...REGISTRATION_CATEGORIES].sort());
  });

  it('answers the same month as CSV, by ?format=csv or Accept, that parses back to the same numbers', async () => {
    const json = (await api.get(SERVICE_MANAGER, '/snapshots/2025-01')).body.figures as MonthlyFigures;

    const byQuery = await api.get(SERVICE_MANAGER, '/snapshots/2025-01?format=csv');
    const byAccept = await api.get(SERVICE_MANAGER, '/snapshots/2025-01', { accept: 'text/csv' });
    const sections = sectionsOf(byQuery.text);

    expect(byQuery.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byQuery.headers.get('content-disposition')).toContain('snapshot-2025-01-r1.csv');
    expect(byAccept.text).toBe(byQuery.text);
    const categories = Object.fromEntries(sections.get('Children on the register by category at month end')!.map(([name, count]) => [name, Number(count)]));
    expect(categories).toEqual({ ...json.registerByCategory, Total: json.registerTotal });
    const meetings = sections.get('Meetings held and held in compliance')!;
    expect(meetings.find(([name]) => name === 'CER')!.slice(1, 3).map(Number)).toEqual([json.cer.held, json.cer.inCompliance]);
  });

  it('adds up the year from its months, and writes the headlines as the reports do', async () => {
    const months = await Promise.all(
      ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'].map(
        async (month) => (await api.get(SERVICE_MANAGER, `/snapshots/${month}`)).body.figures as MonthlyFigures,
      ),
    );
    const sum = (value: (f: MonthlyFigures) => number) => months.reduce((total, f) => total + value(f), 0);

    const answer = await api.get(SERVICE_MANAGER, '/reports/annual?year=2024');

    expect(answer.status).toBe(200);
    expect(answer.body.missingMonths).toEqual([]);
    expect(answer.body.totals.cer).toEqual({ held: sum((f) => f.cer.held), inCompliance: sum((f) => f.cer.inCompliance) });
    expect(answer.body.totals.registrationsAdded).toBe(sum((f) => f.registrationsAdded));
    const cerRow = answer.body.rows.find((row: { figure: string }) => row.figure === 'CERs held');
    expect(cerRow.months).toEqual(months.map((f) => f.cer.held));
    expect(answer.body.basis).toBe(FIGURES_BASIS);
    expect(answer.body.monthsOnEarlierBasis).toEqual([]);
    const { cer } = answer.body.totals;
    expect(answer.body.headlines).toContain(
      `During the period of April 2024 – March 2025, the IRO Service chaired ${cer.held} Care Experience Reviews (CER) of which ${percentage(cer.inCompliance, cer.held)} were held within statutory timescales.`,
    );
    expect(answer.body.headlines[0]).toMatch(/^During the period of April 2024 – March 2025, the IRO Service chaired \d+ Initial Child Protection Conferences \(ICPC\) of which (\d+\.\d\d%|n\/a) were held within statutory timescales \(15 working days\)\./);

    const csv = sectionsOf((await api.get(SERVICE_MANAGER, '/reports/annual?year=2024&format=csv')).text);
    const csvCer = [...csv.values()][0]!.find(([figure]) => figure === 'CERs held')!;
    expect(csvCer.slice(1).map(Number)).toEqual([...months.map((f) => f.cer.held), sum((f) => f.cer.held)]);
  });

  it("lists Chart 4's ten categories, then any other on the register at a month end of the year, and transfer-in conferences on their own rows", async () => {
    const answer = await api.get(SERVICE_MANAGER, '/reports/annual?year=2024');
    const rows = answer.body.rows as { key: string; figure: string; months: (number | null)[]; year: number | string }[];
    const row = (figure: string) => rows.find((r) => r.figure === figure)!;
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);

    expect(rows.filter((r) => r.key.startsWith('registerByCategory.')).map((r) => r.figure)).toEqual(
      [...REGISTRATION_CATEGORIES, 'Neglect and Emotional Abuse'].map((category) => `On the register: ${category}`),
    );
    // April to January: no one under it; February and March: the child transferred in. The year's value is March's.
    expect(row('On the register: Neglect and Emotional Abuse')).toEqual({
      key: 'registerByCategory.Neglect and Emotional Abuse', figure: 'On the register: Neglect and Emotional Abuse', months: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], year: 1,
    });
    expect(row('Transfer-in conferences held')).toEqual({ key: 'transferIn.held', figure: 'Transfer-in conferences held', months: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], year: 1 });
    expect(row('Transfer-in conferences held in compliance').year).toBe(1);
    expect(answer.body.totals.transferIn).toEqual({ held: 1, inCompliance: 1 });
    // February's one ICPC is the one held 2025-02-01 (figures-fixtures.ts), not the transfer-in conference.
    expect(row('ICPCs held').months[10]).toBe(1);
  });

  it('answers a snapshot stored before bases as it was stored, on basis 1, and a forced revision recounts it on today\'s', async () => {
    // As the first release stored June 2023: no basis, advocacy in meetings, none of the figures added since.
    const month = '2023-06';
    const { advocacyYearToDate, firstReviewConferencesHeld, icpcNotJudged, coreGroupsHeld, caseloadPerFte, disputes, registerByGender, registerByAgeBand,
      registerByGenderAndAgeBand, lookedAfterByGenderAndAgeBand, ...stored } = monthlyFigures([], month, DEFAULT_TIMESCALE_POLICY);
    const figures = { ...stored, advocacy: { offered: 4, provided: 2 } };
    const put = (Item: Record<string, unknown>) => api.table.documentClient.send(new PutCommand({ TableName: api.table.tableName, Item }));
    await put({ ...keys.snapshotRevision(month, 1), [ITEM_TYPE]: 'snapshot', month, revision: 1, createdAt: '2023-07-01T01:00:00.000Z', createdBy: 'schedule', figures });
    await put({ ...keys.snapshotMonth(month), [ITEM_TYPE]: 'snapshot-index', month, latestRevision: 1, createdAt: '2023-07-01T01:00:00.000Z' });

    const old = await api.get(SERVICE_MANAGER, `/snapshots/${month}`);
    expect(old.status).toBe(200);
    expect(old.body.basis).toBe(1);
    expect(old.body.settings).toEqual({ icpcWorkingDays: 15 });
    expect(old.body.figures.advocacy).toEqual({ offered: 4, provided: 2 });
    expect(old.body.figures.disputes).toEqual(disputes);
    expect((await api.get(SERVICE_MANAGER, '/reports/annual?year=2023')).body.monthsOnEarlierBasis).toEqual([month]);

    const revised = await api.given(ADMIN, 'POST', `/snapshots/${month}`, undefined);
    expect(revised).toMatchObject({ revision: 2, basis: FIGURES_BASIS, settings: { icpcWorkingDays: 15 } });
    expect((await api.get(SERVICE_MANAGER, '/reports/annual?year=2023')).body.monthsOnEarlierBasis).toEqual([]);
    // The first revision is kept as it was reported.
    expect((await api.get(SERVICE_MANAGER, `/snapshots/${month}?revision=1`)).body).toMatchObject({ basis: 1, figures: { advocacy: { offered: 4, provided: 2 } } });
    void [advocacyYearToDate, firstReviewConferencesHeld, icpcNotJudged, coreGroupsHeld, caseloadPerFte, registerByGender, registerByAgeBand, registerByGenderAndAgeBand, lookedAfterByGenderAndAgeBand];
  });

  it('refuses an IRO, a month not written yyyy-mm, and a month with no snapshot', async () => {
    expect((await api.get(IRO_ONE, '/snapshots/2025-01')).status).toBe(403);
    const bad = await api.get(SERVICE_MANAGER, '/snapshots/2025-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([{ field: 'month', reason: 'must be a month written yyyy-mm' }]);
    expect((await api.get(SERVICE_MANAGER, '/snapshots/2019-01')).status).toBe(404);
    expect((await api.get(SERVICE_MANAGER, '/reports/annual?year=20x4')).status).toBe(400);
  });
});
