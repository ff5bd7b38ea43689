/** A fresh table of the service's design in DynamoDB Local, one per test file. */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import { createTableInput } from '#shared/store/table-design';

export interface TestTable {
  endpoint: string;
  tableName: string;
  documentClient: DynamoDBDocumentClient;
}

export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `test-${randomUUID()}`;
  const client = localDynamoDbClient(endpoint);
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return {
    endpoint,
    tableName,
    documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
  };
}
