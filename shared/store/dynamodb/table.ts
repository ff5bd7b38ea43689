/**
 * The table an adapter works on, and the calls every adapter makes the same
 * way: each DynamoDB error {@link classified}, a query read to its end, a
 * child's partition read consistently.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/store/table-design';
import { classified } from '#shared/store/dynamodb/dynamodb-errors';
import type { Item } from '#shared/store/dynamodb/item-codec';

/** The table an adapter works on, and the client it sends through. */
export interface TableRef {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Awaits a DynamoDB call, its error {@link classified}. */
export async function guarded<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw classified(error);
  }
}

/** Every item a query matches, page after page. */
export async function queryAll(table: TableRef, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await guarded(table.client.send(new QueryCommand({ ...input, TableName: table.tableName, ExclusiveStartKey: start })));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A child's profile, records and due-date entries, read consistently; the audit trail is left out. */
export function childFileItems(table: TableRef, childId: string): Promise<Item[]> {
  return queryAll(table, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.childPartition(childId), ':prefix': keys.childFilePrefix },
    ConsistentRead: true,
  });
}
