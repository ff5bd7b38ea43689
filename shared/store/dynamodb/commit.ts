/**
 * {@link ChildWrites} on DynamoDB: a change to a child is one
 * TransactWriteItems call holding the profile (guarded by its version), the
 * records, the due-date index entries that changed, the audit entry, any
 * late-booking notices filed or withdrawn and, for an idempotent POST, its
 * remembered answer. A cancelled transaction is unpicked into the store's own
 * error for the condition that failed.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import { IdempotencyKeyUsedError, ReferenceTakenError, StaleChildError } from '#shared/store/errors';
import type { ChildChange, ChildWrites } from '#shared/store/ports';
import { keys } from '#shared/store/table-design';
import { classified, isTransactionConflict } from '#shared/store/dynamodb/dynamodb-errors';
import type { TableRef } from '#shared/store/dynamodb/table';
import {
  auditItem,
  childItem,
  DUE_ENTRY_FIELDS,
  dueItem,
  dueKey,
  idempotencyItem,
  lateBookingNoticeItem,
  recordItem,
  referenceItem,
  sameTimescale,
} from '#shared/store/dynamodb/item-codec';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** How a transaction that DynamoDB cancelled only because another was on the same items is sent again. */
export interface CommitRetryOptions {
  /** Tries in all, the first included. */
  maxAttempts?: number;
  /** The first wait (it doubles, randomised). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** One transaction a change; see {@link ChildWrites}. */
export class DynamoDbCommit implements ChildWrites {
  private readonly retry: Required<CommitRetryOptions>;

  constructor(
    private readonly table: TableRef,
    retry: CommitRetryOptions = {},
  ) {
    this.retry = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 400, ...retry };
  }

  async commit(change: ChildChange): Promise<void> {
    const { child } = change;
    const { tableName } = this.table;
    // Each transact item's failure means something different: remember which is which.
    const items: TransactItem[] = [];
    const failures: ((cause: unknown) => Error)[] = [];
    const add = (item: TransactItem, failure?: (cause: unknown) => Error) => {
      if (failure) failures[items.length] = failure;
      items.push(item);
    };

    add(
      {
        Put: {
          TableName: tableName,
          Item: childItem(child, change.status),
          ...(change.expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': change.expectedVersion } }),
        },
      },
      (cause) => new StaleChildError(child.childId, { cause }),
    );
    const previous = change.previousChild;
    const referenceChanged = previous !== undefined && keys.reference(previous.reference).PK !== keys.reference(child.reference).PK;
    if (change.expectedVersion === undefined || referenceChanged) {
      add(
        { Put: { TableName: tableName, Item: referenceItem(child), ConditionExpression: 'attribute_not_exists(PK)' } },
        (cause) => new ReferenceTakenError(child.reference, { cause }),
      );
      if (referenceChanged) add({ Delete: { TableName: tableName, Key: keys.reference(previous.reference) } });
    }
    for (const write of change.records) add({ Put: { TableName: tableName, Item: recordItem(child.childId, write) } });
    for (const removal of change.removals ?? []) add({ Delete: { TableName: tableName, Key: keys.record(child.childId, removal.collection, removal.recordId) } });
    // Only the due-date index entries that changed are written: most writes change one or none.
    const dueKeys = new Set(change.due.map((timescale) => dueKey(child.childId, timescale).SK));
    const before = new Map(change.previousDue.map((timescale) => [dueKey(child.childId, timescale).SK, timescale]));
    const everyEntryStale = previous === undefined || DUE_ENTRY_FIELDS.some((field) => previous[field] !== child[field]);
    for (const timescale of change.previousDue) {
      const key = dueKey(child.childId, timescale);
      if (!dueKeys.has(key.SK)) add({ Delete: { TableName: tableName, Key: key } });
    }
    for (const timescale of change.due) {
      const unchanged = sameTimescale(before.get(dueKey(child.childId, timescale).SK), timescale);
      if (everyEntryStale || !unchanged) add({ Put: { TableName: tableName, Item: dueItem(child, timescale) } });
    }
    add({ Put: { TableName: tableName, Item: auditItem(change.audit) } });
    // A notice rewritten under the same day replaces itself: it is not also withdrawn (one item, one action a transaction).
    const notices = (change.notices ?? []).map(lateBookingNoticeItem);
    const written = new Set(notices.map((item) => `${item['PK']}|${item['SK']}`));
    for (const notice of change.withdrawnNotices ?? []) {
      const key = keys.lateBookingNotice(notice.bookedOn, notice.childId, notice.meetingId);
      if (!written.has(`${key.PK}|${key.SK}`)) add({ Delete: { TableName: tableName, Key: key } });
    }
    for (const item of notices) add({ Put: { TableName: tableName, Item: item } });
    const idempotencyAt = items.length;
    if (change.idempotency) {
      add(
        { Put: { TableName: tableName, Item: idempotencyItem(change.idempotency, change.audit.at), ConditionExpression: 'attribute_not_exists(PK)' } },
        (cause) => new IdempotencyKeyUsedError({ cause }),
      );
    }

    try {
      await this.sendTransaction(items);
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const failedAt = (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
        // A used idempotency key means "this request was already made": that answer wins over any other conflict.
        const failed = change.idempotency && failedAt.includes(idempotencyAt) ? idempotencyAt : failedAt[0];
        const failure = failed === undefined ? undefined : failures[failed];
        if (failure) throw failure(error);
      }
      throw classified(error);
    }
  }

  /**
   * Sends one transaction, sending it again while DynamoDB cancels it only for
   * another transaction on the same items. Its conditions still guard every
   * retry: a write that got there first makes it fail its version check instead.
   */
  private async sendTransaction(items: TransactItem[]): Promise<void> {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.retry;
    await pRetry(() => this.table.client.send(new TransactWriteCommand({ TransactItems: items })), {
      retries: maxAttempts - 1,
      minTimeout: baseDelayMs,
      maxTimeout: maxDelayMs,
      randomize: true,
      shouldRetry: ({ error }) => isTransactionConflict(error),
    });
  }
}
