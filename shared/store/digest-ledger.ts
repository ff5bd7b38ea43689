/**
 * The ledger of the nightly digests: one item a recipient a day, so that a
 * rerun sends nothing already sent and a crashed run is completed by the
 * next. A recipient is claimed (conditionally) before sending and marked sent
 * after SES accepts; a claim left by a crashed run goes stale and is taken
 * over.
 *
 * | access pattern                      | table | key condition                               |
 * | ----------------------------------- | ----- | ------------------------------------------- |
 * | a recipient's digest on a day       | table | PK = DIGEST#<yyyy-mm-dd>, SK = TO#<email>   |
 * | every digest of a day               | table | PK = DIGEST#<yyyy-mm-dd>                    |
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * `taken-over`: claimed, but from a stale claim of a run that stopped between
 * claiming and recording (crashed, killed, timed out). That run may have
 * sent the digest before it stopped: the recipient could receive two.
 */
export type ClaimResult = 'claimed' | 'taken-over' | 'already-sent' | 'busy';

export interface LedgerEntry {
  recipient: string;
  status: 'sending' | 'sent' | 'failed';
  runId: string;
  messageId?: string;
  reason?: string;
}

export interface DigestLedger {
  /** Takes the recipient's digest for the day unless it was sent, or another run holds a fresh claim. */
  claim(date: string, recipient: string, runId: string): Promise<ClaimResult>;
  markSent(date: string, recipient: string, runId: string, messageId: string): Promise<void>;
  markFailed(date: string, recipient: string, runId: string, reason: string): Promise<void>;
  entriesOf(date: string): Promise<LedgerEntry[]>;
}

const key = (date: string, recipient: string) => ({ PK: `DIGEST#${date}`, SK: `TO#${recipient}` });

export class DynamoDbDigestLedger implements DigestLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** A claim older than this is a crashed run's, and may be taken over. */
    private readonly staleAfterMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(date: string, recipient: string, runId: string): Promise<ClaimResult> {
    const now = this.now();
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(date, recipient),
          UpdateExpression: 'SET itemType = :type, recipient = :recipient, #status = :sending, runId = :runId, claimedAt = :now',
          ConditionExpression: 'attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':type': 'digest',
            ':recipient': recipient,
            ':sending': 'sending',
            ':failed': 'failed',
            ':runId': runId,
            ':now': now,
            ':stale': now - this.staleAfterMs,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes?.['status'] === 'sending' ? 'taken-over' : 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return error.Item?.['status']?.S === 'sent' ? 'already-sent' : 'busy';
      throw error;
    }
  }

  async markSent(date: string, recipient: string, runId: string, messageId: string): Promise<void> {
    await this.mark(date, recipient, runId, { status: 'sent', messageId });
  }

  async markFailed(date: string, recipient: string, runId: string, reason: string): Promise<void> {
    await this.mark(date, recipient, runId, { status: 'failed', reason });
  }

  async entriesOf(date: string): Promise<LedgerEntry[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `DIGEST#${date}` },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => ({
      recipient: item['recipient'],
      status: item['status'],
      runId: item['runId'],
      ...(item['messageId'] ? { messageId: item['messageId'] } : {}),
      ...(item['reason'] ? { reason: item['reason'] } : {}),
    }));
  }

  private async mark(date: string, recipient: string, runId: string, fields: Record<string, string>): Promise<void> {
    const names = Object.keys(fields);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(date, recipient),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}, markedAt = :now`,
        // Only the run holding the claim records the outcome.
        ConditionExpression: 'runId = :runId',
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])), ':runId': runId, ':now': this.now() },
      }),
    );
  }
}
