/**
 * {@link SnapshotStore} on DynamoDB: immutable, one item a revision, so that
 * a figure reported to a committee can always be found again, and an index
 * item a month. A rerun for a month that has one keeps the first; a forced
 * rerun adds a revision. Its keys are in `shared/store/table-design.ts`.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monthlyFigures, type MonthlyFigures } from '#shared/domain/figures';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import pRetry from 'p-retry';
import { SnapshotContendedError } from '#shared/store/errors';
import type { Snapshot, SnapshotStore, SnapshotSummary } from '#shared/store/ports';
import { ITEM_TYPE, keys } from '#shared/store/table-design';
import { guarded, queryAll, type TableRef } from '#shared/store/dynamodb/table';
import type { Item } from '#shared/store/dynamodb/item-codec';

/** How many times a save looks again when another run stored a revision first. */
const SAVE_ATTEMPTS = 8;

/** Another run stored this revision first: look again. */
class RevisionTaken extends Error {}

/** See {@link SnapshotStore}. */
export class DynamoDbSnapshotStore implements SnapshotStore {
  constructor(private readonly table: TableRef) {}

  async save(snapshot: Omit<Snapshot, 'revision'>, options: { force: boolean }): Promise<{ snapshot: Snapshot; created: boolean }> {
    const attempt = async () => {
      const latest = await this.get(snapshot.month);
      if (latest && !options.force) return { snapshot: latest, created: false };
      const stored: Snapshot = { ...snapshot, revision: (latest?.revision ?? 0) + 1 };
      try {
        await guarded(
          this.table.client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.table.tableName,
                    Item: { ...keys.snapshotRevision(stored.month, stored.revision), [ITEM_TYPE]: 'snapshot', ...stored },
                    // Immutable: a revision, once written, is never overwritten.
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                {
                  Put: {
                    TableName: this.table.tableName,
                    Item: { ...keys.snapshotMonth(stored.month), [ITEM_TYPE]: 'snapshot-index', month: stored.month, latestRevision: stored.revision, createdAt: stored.createdAt },
                  },
                },
              ],
            }),
          ),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw new RevisionTaken('another run stored this revision first', { cause: error });
        throw error;
      }
      return { snapshot: stored, created: true };
    };
    try {
      return await pRetry(attempt, { retries: SAVE_ATTEMPTS - 1, minTimeout: 10, maxTimeout: 1_000, randomize: true, shouldRetry: ({ error }) => error instanceof RevisionTaken });
    } catch (error) {
      if (error instanceof RevisionTaken) throw new SnapshotContendedError(snapshot.month, { cause: error.cause });
      throw error;
    }
  }

  async get(month: string, revision?: number): Promise<Snapshot | undefined> {
    if (revision !== undefined) {
      const { Item } = await guarded(
        this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.snapshotRevision(month, revision), ConsistentRead: true })),
      );
      return Item ? snapshotOf(Item) : undefined;
    }
    const { Items } = await guarded(
      this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rev)',
          ExpressionAttributeValues: { ':pk': keys.snapshotPartition(month), ':rev': keys.revisionPrefix },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    return Items?.[0] ? snapshotOf(Items[0]) : undefined;
  }

  async list(): Promise<SnapshotSummary[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.snapshotMonthsPartition },
    });
    return items.map((item) => ({ month: item['month'] as string, latestRevision: item['latestRevision'] as number, createdAt: item['createdAt'] as string }));
  }
}

function snapshotOf(item: Item): Snapshot {
  return {
    month: item['month'] as string,
    revision: item['revision'] as number,
    createdAt: item['createdAt'] as string,
    createdBy: item['createdBy'] as string,
    // Bases were first recorded with basis 2: a snapshot without one was counted on basis 1.
    basis: (item['basis'] as number | undefined) ?? 1,
    // Settings were first recorded with basis 2. An earlier snapshot does not say: it is read with the default, 15 working days.
    settings: (item['settings'] as Snapshot['settings'] | undefined) ?? { icpcWorkingDays: 15 },
    figures: figuresOf(item['figures'] as StoredFigures),
  };
}

/** The figures added since the first release: a snapshot stored before one of them has none of it. */
const ADDED_SINCE_FIRST = [
  'transferIn',
  'meetingsBookedLate',
  'firstReviewConferencesHeld',
  'advocacyYearToDate',
  'icpcNotJudged',
  'coreGroupsHeld',
  'caseloadPerFte',
  'disputes',
  'registerByGender',
  'registerByAgeBand',
  'registerByGenderAndAgeBand',
  'lookedAfterByGenderAndAgeBand',
  'cerParticipation',
] as const;

/** Figures as a snapshot taken by an earlier release stored them: without the figures added since. */
type StoredFigures = Omit<MonthlyFigures, (typeof ADDED_SINCE_FIRST)[number]> & Partial<Pick<MonthlyFigures, (typeof ADDED_SINCE_FIRST)[number]>>;

/**
 * A snapshot's figures with every figure the service now reports. A snapshot is
 * never rewritten, so one taken before a figure could be counted has none of
 * it: nothing to count (0, or no IRO for the caseload per FTE). Its basis says
 * so; a forced revision counts them.
 */
function figuresOf(stored: StoredFigures): MonthlyFigures {
  const missing = ADDED_SINCE_FIRST.filter((name) => stored[name] === undefined);
  if (missing.length === 0) return stored as MonthlyFigures;
  // An empty register's figures: every count 0, every category, gender and band listed (no policy is asked anything).
  const none = monthlyFigures([], stored.month, DEFAULT_TIMESCALE_POLICY);
  const figures = { ...stored } as MonthlyFigures;
  for (const name of missing) (figures as unknown as Record<string, unknown>)[name] = none[name];
  return figures;
}
