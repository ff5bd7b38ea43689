/**
 * The monthly snapshots: immutable, one item per revision, so that a figure
 * reported to a committee can always be found again. A rerun for a month
 * that has one keeps the first; a forced rerun adds a revision.
 *
 * | access pattern                    | table | key condition                                  |
 * | --------------------------------- | ----- | ---------------------------------------------- |
 * | a month's snapshot, a revision    | table | PK = SNAPSHOT#<yyyy-mm>, SK = REV#<nnnn>       |
 * | a month's latest revision         | table | PK = SNAPSHOT#<yyyy-mm>, last SK (descending)  |
 * | the months that have snapshots    | table | PK = SNAPSHOTS, SK = <yyyy-mm>                 |
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MonthlyFigures } from '#shared/domain/figures';

export interface Snapshot {
  month: string;
  revision: number;
  createdAt: string;
  /** Who or what made it: the scheduled job, or the admin who forced a new revision. */
  createdBy: string;
  figures: MonthlyFigures;
}

export interface SnapshotSummary {
  month: string;
  latestRevision: number;
  createdAt: string;
}

export interface SnapshotStore {
  /** Stores the month's first snapshot, or with `force` a new revision; answers what is stored now and whether it is new. */
  save(snapshot: Omit<Snapshot, 'revision'>, options: { force: boolean }): Promise<{ snapshot: Snapshot; created: boolean }>;
  get(month: string, revision?: number): Promise<Snapshot | undefined>;
  list(): Promise<SnapshotSummary[]>;
}

const revisionKey = (month: string, revision: number) => ({ PK: `SNAPSHOT#${month}`, SK: `REV#${String(revision).padStart(4, '0')}` });
const indexKey = (month: string) => ({ PK: 'SNAPSHOTS', SK: month });

/** Other runs kept storing revisions of the month first, however often this one looked again: try later. */
export class SnapshotContendedError extends Error {
  constructor(month: string, options?: { cause?: unknown }) {
    super(`could not store the snapshot of ${month}: other runs kept getting there first`, options);
    this.name = 'SnapshotContendedError';
  }
}

/** How many times a save looks again when another run stored a revision first, and the first wait between (doubling, jittered). */
const SAVE_ATTEMPTS = 8;
const SAVE_BASE_DELAY_MS = 20;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DynamoDbSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(snapshot: Omit<Snapshot, 'revision'>, options: { force: boolean }): Promise<{ snapshot: Snapshot; created: boolean }> {
    let lastConflict: unknown;
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt += 1) {
      if (attempt > 1) await sleep(Math.random() * SAVE_BASE_DELAY_MS * 2 ** (attempt - 2));
      const latest = await this.get(snapshot.month);
      if (latest && !options.force) return { snapshot: latest, created: false };
      const stored: Snapshot = { ...snapshot, revision: (latest?.revision ?? 0) + 1 };
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...revisionKey(stored.month, stored.revision), itemType: 'snapshot', ...stored },
                  // Immutable: a revision, once written, is never overwritten.
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...indexKey(stored.month), itemType: 'snapshot-index', month: stored.month, latestRevision: stored.revision, createdAt: stored.createdAt },
                },
              },
            ],
          }),
        );
        return { snapshot: stored, created: true };
      } catch (error) {
        // Another run stored this revision first: look again, after a jittered wait.
        if (!(error instanceof TransactionCanceledException)) throw error;
        lastConflict = error;
      }
    }
    throw new SnapshotContendedError(snapshot.month, { cause: lastConflict });
  }

  async get(month: string, revision?: number): Promise<Snapshot | undefined> {
    if (revision !== undefined) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: revisionKey(month, revision), ConsistentRead: true }));
      return Item ? snapshotOf(Item) : undefined;
    }
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rev)',
        ExpressionAttributeValues: { ':pk': `SNAPSHOT#${month}`, ':rev': 'REV#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0] ? snapshotOf(Items[0]) : undefined;
  }

  async list(): Promise<SnapshotSummary[]> {
    const summaries: SnapshotSummary[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': 'SNAPSHOTS' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        summaries.push({ month: item['month'], latestRevision: item['latestRevision'], createdAt: item['createdAt'] });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return summaries;
  }
}

function snapshotOf(item: Record<string, unknown>): Snapshot {
  return {
    month: item['month'] as string,
    revision: item['revision'] as number,
    createdAt: item['createdAt'] as string,
    createdBy: item['createdBy'] as string,
    figures: item['figures'] as MonthlyFigures,
  };
}
