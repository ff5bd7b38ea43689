/**
 * {@link SnapshotStore} on DynamoDB: immutable, one item a revision, so that
 * a figure reported to a committee can always be found again, and an index
 * item a month. A rerun for a month that has one keeps the first; a forced
 * rerun adds a revision. Its keys are in `shared/store/table-design.ts`.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { MonthlyFigures } from '#shared/domain/figures';
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
    figures: figuresOf(item['figures'] as StoredFigures),
  };
}

/** Figures as a snapshot taken by an earlier release stored them: without the figures added since. */
type StoredFigures = Omit<MonthlyFigures, 'transferIn' | 'meetingsBookedLate'> & Partial<Pick<MonthlyFigures, 'transferIn' | 'meetingsBookedLate'>>;

/**
 * A snapshot's figures with every figure the service now reports. A snapshot is
 * never rewritten, so one taken before transfer-in conferences or bookings could
 * be recorded has none of them: 0, which is what there was to count.
 */
function figuresOf(stored: StoredFigures): MonthlyFigures {
  return { ...stored, transferIn: stored.transferIn ?? { held: 0, inCompliance: 0 }, meetingsBookedLate: stored.meetingsBookedLate ?? 0 };
}
