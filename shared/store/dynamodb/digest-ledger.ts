/**
 * {@link DigestLedger} on DynamoDB: one item a recipient a day, so that a
 * rerun sends nothing already sent and a crashed run is completed by the
 * next. A recipient is claimed (conditionally) before sending and marked sent
 * after SES accepts; a claim left by a crashed run goes stale and is taken
 * over. A digest SES refused is marked failed and claimed again by the next
 * run; one whose send's outcome is unknown (SES may have it) is marked
 * unknown and claimed again only when a person asks (`takeUnknown`). Its keys
 * are in `shared/store/table-design.ts`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarDate } from '#shared/domain/records';
import type { ClaimResult, DigestLedger, LedgerEntry } from '#shared/store/ports';
import { ITEM_TYPE, keys } from '#shared/store/table-design';
import { guarded, queryAll, type TableRef } from '#shared/store/dynamodb/table';

/** See {@link DigestLedger}. */
export class DynamoDbDigestLedger implements DigestLedger {
  constructor(
    private readonly table: TableRef,
    /** A claim older than this is a crashed run's, and may be taken over. */
    private readonly staleAfterMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(date: CalendarDate, recipient: string, runId: string, options: { takeUnknown?: boolean } = {}): Promise<ClaimResult> {
    const now = this.now();
    // `unknown` is never taken unasked: SES may have accepted that send, and a rerun must not send it again unseen.
    const takeable = 'attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)' + (options.takeUnknown ? ' OR #status = :unknown' : '');
    try {
      const { Attributes } = await guarded(
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.digest(date, recipient),
            UpdateExpression: 'SET #itemType = :type, recipient = :recipient, #status = :sending, runId = :runId, claimedAt = :now',
            ConditionExpression: takeable,
            ExpressionAttributeNames: { '#status': 'status', '#itemType': ITEM_TYPE },
            ExpressionAttributeValues: {
              ':type': 'digest',
              ':recipient': recipient,
              ':sending': 'sending',
              ':failed': 'failed',
              ':runId': runId,
              ':now': now,
              ':stale': now - this.staleAfterMs,
              ...(options.takeUnknown ? { ':unknown': 'unknown' } : {}),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      const was = Attributes?.['status'];
      return was === 'sending' ? 'taken-over' : was === 'unknown' ? 'claimed-unknown' : 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const status = error.Item?.['status']?.S;
        return status === 'sent' ? 'already-sent' : status === 'unknown' ? 'unknown' : 'busy';
      }
      throw error;
    }
  }

  async markSent(date: CalendarDate, recipient: string, runId: string, messageId: string): Promise<void> {
    await this.mark(date, recipient, runId, { status: 'sent', messageId });
  }

  async markFailed(date: CalendarDate, recipient: string, runId: string, reason: string): Promise<void> {
    await this.mark(date, recipient, runId, { status: 'failed', reason });
  }

  async markUnknown(date: CalendarDate, recipient: string, runId: string, reason: string): Promise<void> {
    await this.mark(date, recipient, runId, { status: 'unknown', reason });
  }

  async entriesOf(date: CalendarDate): Promise<LedgerEntry[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.digestPartition(date) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      recipient: item['recipient'] as string,
      status: item['status'] as LedgerEntry['status'],
      runId: item['runId'] as string,
      ...(item['messageId'] ? { messageId: item['messageId'] as string } : {}),
      ...(item['reason'] ? { reason: item['reason'] as string } : {}),
    }));
  }

  private async mark(date: CalendarDate, recipient: string, runId: string, fields: Record<string, string>): Promise<void> {
    const names = Object.keys(fields);
    await guarded(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.digest(date, recipient),
          UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}, markedAt = :now`,
          // Only the run holding the claim records the outcome.
          ConditionExpression: 'runId = :runId',
          ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])), ':runId': runId, ':now': this.now() },
        }),
      ),
    );
  }
}
