import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { createTableInput, EXPIRES_AT, REGISTER_INDEX } from '#shared/store/table-design';
import { ensureTable, localDynamoDbClient } from '#infra/local/dynamodb-local';

describe('ensureTable', () => {
  it('makes the table once, then finds it', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    const tableName = `ensure-${randomUUID()}`;

    expect(await ensureTable(endpoint, tableName)).toBe(true);
    expect(await ensureTable(endpoint, tableName)).toBe(false);
  });

  it('turns on the time to live of the read log and remembered answers, as the stack does', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    const tableName = `ttl-${randomUUID()}`;
    await ensureTable(endpoint, tableName);

    const { TimeToLiveDescription } = await localDynamoDbClient(endpoint).send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: EXPIRES_AT, TimeToLiveStatus: 'ENABLED' });
  });

  it('refuses a table an older version made without an index of today’s design, naming it and what to do', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    const tableName = `older-${randomUUID()}`;
    const input = createTableInput(tableName);
    await localDynamoDbClient(endpoint).send(
      new CreateTableCommand({
        ...input,
        GlobalSecondaryIndexes: input.GlobalSecondaryIndexes!.filter((index) => index.IndexName !== REGISTER_INDEX.name),
        AttributeDefinitions: input.AttributeDefinitions!.filter(
          (attribute) => attribute.AttributeName !== REGISTER_INDEX.partitionKey && attribute.AttributeName !== REGISTER_INDEX.sortKey,
        ),
      }),
    );

    await expect(ensureTable(endpoint, tableName)).rejects.toThrow(/has no RegisterIndex: remove its data folder/);
  });
});
