import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './table-design';
import { ReferenceTakenError, type AuditEntry, type ChildrenStore, type StoredChild } from './children-store';

const CHILD_FIELDS = [
  'childId', 'reference', 'givenName', 'familyName', 'dateOfBirth', 'gender',
  'iroEmail', 'teamName', 'teamManagerEmail', 'createdAt', 'updatedAt', 'version',
] as const;

/** {@link ChildrenStore} on the single table described in `table-design.ts`. */
export class DynamoDbChildrenStore implements ChildrenStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createChild(child: StoredChild, audit: AuditEntry): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.child(child.childId), type: 'child', ...child },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.reference(child.reference), type: 'reference', childId: child.childId },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
        throw new ReferenceTakenError(child.reference);
      }
      throw error;
    }
  }

  async getChild(childId: string): Promise<StoredChild | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.child(childId), ConsistentRead: true }),
    );
    return Item ? pick(Item, CHILD_FIELDS) : undefined;
  }

  async listAudit(childId: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.child(childId).PK, ':prefix': keys.auditPrefix },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) entries.push(fromAuditItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }
}

function auditItem(audit: AuditEntry): Record<string, unknown> {
  return { ...keys.audit(audit.childId, audit.at, audit.auditId), type: 'audit', ...audit };
}

function fromAuditItem(item: Record<string, unknown>): AuditEntry {
  return pick(item, ['auditId', 'childId', 'at', 'actor', 'action', 'recordType', 'recordId', 'changes'] as const);
}

function pick<T, K extends readonly string[]>(item: Record<string, unknown>, fields: K): T {
  const result: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) result[field] = item[field];
  return result as T;
}
