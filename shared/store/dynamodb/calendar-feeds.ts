/**
 * {@link CalendarFeedStore} on DynamoDB: two items a feed (see
 * `shared/store/table-design.ts`), the feed by its secret's hash and its
 * owner's item naming that hash. Replacing and revoking read the owner's
 * item, then change both in one transaction on the condition that the owner's
 * item still names what was read; when another change to the same owner's
 * feed landed first, they read again.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import type { Caller } from '#shared/domain/access';
import { StoreBusyError } from '#shared/store/errors';
import type { CalendarFeedStore, StoredCalendarFeed } from '#shared/store/ports';
import { ITEM_TYPE, keys } from '#shared/store/table-design';
import { classified } from '#shared/store/dynamodb/dynamodb-errors';
import { guarded, type TableRef } from '#shared/store/dynamodb/table';

/**
 * How many times a change reads the owner's item again when another change to
 * it landed first: enough for a person's sixteen POSTs at once (the fuzz sends
 * that many) each to land in turn, spread by randomised waits.
 */
const CHANGE_ATTEMPTS = 12;

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Another change to the owner's feed landed between the read and the write: read again. */
class OwnerChanged extends Error {}

/** See {@link CalendarFeedStore}. */
export class DynamoDbCalendarFeedStore implements CalendarFeedStore {
  constructor(private readonly table: TableRef) {}

  async replaceFeed(owner: Caller, secretHash: string, createdAt: string): Promise<void> {
    await this.changeOwnersFeed(owner.email, (current) => [
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...keys.calendarFeedOwner(owner.email), [ITEM_TYPE]: 'calendar-feed-owner', ownerEmail: owner.email, secretHash, createdAt },
          ...this.ownerItemIs(current),
        },
      },
      ...this.deleteFeed(current),
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...keys.calendarFeed(secretHash), [ITEM_TYPE]: 'calendar-feed', owner, createdAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
  }

  async revokeFeed(ownerEmail: string): Promise<boolean> {
    let revoked = false;
    await this.changeOwnersFeed(ownerEmail, (current) => {
      revoked = current !== undefined;
      if (current === undefined) return [];
      return [{ Delete: { TableName: this.table.tableName, Key: keys.calendarFeedOwner(ownerEmail), ...this.ownerItemIs(current) } }, ...this.deleteFeed(current)];
    });
    return revoked;
  }

  async findFeedBySecretHash(secretHash: string): Promise<StoredCalendarFeed | undefined> {
    const { Item } = await guarded(
      this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.calendarFeed(secretHash), ConsistentRead: true })),
    );
    if (!Item) return undefined;
    return { owner: Item['owner'] as Caller, createdAt: Item['createdAt'] as string };
  }

  /** Reads the hash the owner's item names, and commits what `change` makes of it on the condition that it still does. */
  private async changeOwnersFeed(ownerEmail: string, change: (current: string | undefined) => TransactItems): Promise<void> {
    const attempt = async () => {
      const { Item } = await guarded(
        this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.calendarFeedOwner(ownerEmail), ConsistentRead: true })),
      );
      const items = change(Item?.['secretHash'] as string | undefined);
      if (items.length === 0) return;
      try {
        await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        // A condition failed, or another transaction was on the same items: either way, read again and retry.
        if (error instanceof TransactionCanceledException) throw new OwnerChanged('another change to the feed landed first', { cause: error });
        throw classified(error);
      }
    };
    try {
      await pRetry(attempt, { retries: CHANGE_ATTEMPTS - 1, minTimeout: 10, maxTimeout: 500, randomize: true, shouldRetry: ({ error }) => error instanceof OwnerChanged });
    } catch (error) {
      if (error instanceof OwnerChanged) throw new StoreBusyError({ cause: error.cause });
      throw error;
    }
  }

  /** The condition that the owner's item names `current` (or, with none, that there is no owner's item). */
  private ownerItemIs(current: string | undefined) {
    return current === undefined
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : { ConditionExpression: 'secretHash = :current', ExpressionAttributeValues: { ':current': current } };
  }

  private deleteFeed(current: string | undefined): TransactItems {
    return current === undefined ? [] : [{ Delete: { TableName: this.table.tableName, Key: keys.calendarFeed(current) } }];
  }
}
