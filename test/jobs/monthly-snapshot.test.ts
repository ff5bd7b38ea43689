/**
 * The monthly snapshot job against DynamoDB Local: the figures of a register
 * worked out by hand (test/domain/figures-fixtures.ts), stored immutably, in a
 * number of reads that grows with the register's size in pages (one query a
 * shard of the register index at the least), not with the number of children.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FIGURES_BASIS, monthlyFigures } from '#shared/domain/figures';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { previousMonth, runMonthlySnapshot, type MonthlyDeps } from '#shared/jobs/monthly-snapshot';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import type { IroDirectory, RegisterImport } from '#shared/store/ports';
import { REGISTER_INDEX } from '#shared/store/table-design';
import { JANUARY_2025_REGISTER, aRegisterEntry, ANN, BOB, CAT, DAN, meeting } from '../domain/figures-fixtures';
import { createTestTable } from '../support/dynamodb';
import { seedRegister } from '../support/seed';

describe('the monthly snapshot job', () => {
  let deps: MonthlyDeps;
  let importer: RegisterImport;
  let iros: IroDirectory;

  beforeEach(async () => {
    const table = await createTestTable();
    const stores = dynamoDbStores(table.documentClient, table.tableName);
    importer = stores.importer;
    iros = stores.iros;
    deps = {
      register: stores.register,
      snapshots: stores.snapshots,
      iros: stores.iros,
      policy: DEFAULT_TIMESCALE_POLICY,
      now: () => new Date('2025-02-01T02:00:00Z'),
      log: () => undefined,
    };
    await seedRegister(importer, JANUARY_2025_REGISTER);
  });

  it('stores the figures of the month worked out by hand', async () => {
    const { snapshot, created } = await runMonthlySnapshot(deps, { month: '2025-01' });

    expect(created).toBe(true);
    expect(snapshot.revision).toBe(1);
    expect(snapshot.figures).toEqual(monthlyFigures(JANUARY_2025_REGISTER, '2025-01', DEFAULT_TIMESCALE_POLICY));
    // Two of the hand-worked figures, as test/domain/figures.test.ts works them out.
    expect(snapshot.figures.registerTotal).toBe(7);
    expect(snapshot.figures.cer).toEqual({ held: 2, inCompliance: 1 });
    // It says how it counted, and the setting its ICPC line names.
    expect(snapshot.basis).toBe(FIGURES_BASIS);
    expect(snapshot.settings).toEqual({ icpcWorkingDays: DEFAULT_TIMESCALE_POLICY.icpcWorkingDays });
  });

  it('counts the caseload per full-time IRO from the IRO directory it reads', async () => {
    const at = '2025-01-15T09:00:00.000Z';
    await iros.put({ email: ANN, name: 'Ann', fte: 1, activeFrom: '2020-01-06' }, 'admin@example.org', at);
    // Half time: 3 children are 6 a full-time IRO.
    await iros.put({ email: BOB, name: 'Bob', fte: 0.5, activeFrom: '2020-01-06' }, 'admin@example.org', at);
    // Active with no children yet: 0, and counted in the average.
    await iros.put({ email: DAN, name: 'Dan', fte: 0.8, activeFrom: '2025-01-06' }, 'admin@example.org', at);
    // Left before the month end: not counted.
    await iros.put({ email: 'eve@iro.example.gov.uk', name: 'Eve', fte: 1, activeFrom: '2020-01-06', activeTo: '2024-12-31' }, 'admin@example.org', at);

    const { snapshot } = await runMonthlySnapshot(deps, { month: '2025-01' });

    // Cat is not in the directory: counted full time.
    expect(snapshot.figures.caseloadPerFte).toEqual({ byIro: { [ANN]: 4, [BOB]: 6, [CAT]: 4, [DAN]: 0 }, average: 3.5 });
    expect(snapshot.figures).toEqual(monthlyFigures(JANUARY_2025_REGISTER, '2025-01', DEFAULT_TIMESCALE_POLICY, { iros: await iros.list() }));
  });

  it('keeps the first snapshot on a rerun, and with force stores a new revision beside it', async () => {
    const first = await runMonthlySnapshot(deps, { month: '2025-01' });
    await seedRegister(importer, [aRegisterEntry('late-arrival', { iroEmail: ANN }, { careEpisodes: [{ episodeId: 'e-late', startDate: '2025-01-20' }] })]);

    const rerun = await runMonthlySnapshot(deps, { month: '2025-01' });
    const forced = await runMonthlySnapshot(deps, { month: '2025-01', force: true, by: 'admin@example.org' });

    expect(rerun.created).toBe(false);
    expect(rerun.snapshot).toEqual(first.snapshot);
    expect(forced.revision).toBe(2);
    expect(forced.snapshot.createdBy).toBe('admin@example.org');
    expect(forced.snapshot.figures.becameLookedAfter).toBe(first.snapshot.figures.becameLookedAfter + 1);
    expect(await deps.snapshots.get('2025-01', 1)).toEqual(first.snapshot);
    expect(await deps.snapshots.list()).toEqual([{ month: '2025-01', latestRevision: 2, createdAt: forced.snapshot.createdAt }]);
  });

  it('reads the register one query a shard of the register index, not once per child', async () => {
    const many = Array.from({ length: 300 }, (_, index) =>
      aRegisterEntry(`bulk-${index}`, { iroEmail: ANN }, {
        careEpisodes: [{ episodeId: `e-${index}`, startDate: '2020-01-06' }],
        meetings: Array.from({ length: 10 }, (_, n) => meeting('CER', `m-${index}-${n}`, `${2020 + Math.floor(n / 2)}-0${(n % 2) * 5 + 1}-15`)),
      }),
    );
    await seedRegister(importer, many);

    const summary = await runMonthlySnapshot(deps, { month: '2025-01' });

    expect(summary.children).toBe(JANUARY_2025_REGISTER.length + 300);
    // 300 children with 10 meetings each fill one page a shard; the audit trail is never read.
    expect(summary.requests).toBe(REGISTER_INDEX.shards);
  });

  it('snapshots the month just ended, in London time', () => {
    expect(previousMonth(new Date('2026-12-01T01:30:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2026-01-01T02:00:00Z'))).toBe('2025-12');
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    expect(previousMonth(new Date('2026-05-31T23:30:00Z'))).toBe('2026-05');
  });
});
