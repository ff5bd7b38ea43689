/**
 * The AWS SDK clients every function makes (`shared/aws-clients.ts`) carry no
 * SDK logger middleware: the service gives the SDK no logger, and with the
 * middleware in place each call's input and output would still be copied
 * through the service's sensitive-data filter, for a logger that does nothing.
 * Here a logger is given, so that a copy would show: against DynamoDB Local and
 * the SES emulator, through the real SDK, nothing reaches it.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import type { Logger } from '@smithy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDocumentClient, createSesClient } from '#shared/aws-clients';
import { keys } from '#shared/store/table-design';
import { createTestTable, type TestTable } from '../support/dynamodb';

const local = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** A logger that keeps what it is given at `info` and `error`, where the SDK's logger middleware logs a call. */
function listeningLogger(): Logger & { calls: string[] } {
  const calls: string[] = [];
  const log = (level: string) => (...content: unknown[]) => void calls.push(`${level} ${JSON.stringify(content).slice(0, 120)}`);
  const ignore = () => undefined;
  return { calls, trace: ignore, debug: ignore, info: log('info'), warn: ignore, error: log('error') };
}

describe('the AWS SDK clients the functions make', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });

  it('hand a DynamoDB call nowhere to be logged, its answer or its failure', async () => {
    const logger = listeningLogger();
    const client = createDocumentClient({ ...local, endpoint: table.endpoint, logger, maxAttempts: 1 });
    const key = keys.child('aws-clients-test');

    await client.send(new PutCommand({ TableName: table.tableName, Item: { ...key, note: 'kept' } }));
    const { Item } = await client.send(new GetCommand({ TableName: table.tableName, Key: key }));
    await expect(client.send(new GetCommand({ TableName: 'no-such-table', Key: key }))).rejects.toThrow();

    expect(Item?.['note']).toBe('kept');
    expect(logger.calls).toEqual([]);
  });

  it('hand an email sent through SES nowhere to be logged', async () => {
    const logger = listeningLogger();
    const client = createSesClient({ ...local, endpoint: inject('sesEndpoint'), logger });

    const sent = await client.send(
      new SendEmailCommand({
        Source: 'aws-clients-test@example.org',
        Destination: { ToAddresses: ['iro.one@example.org'] },
        Message: { Subject: { Data: 'A test' }, Body: { Text: { Data: 'Nothing of a child.' } } },
      }),
    );

    expect(sent.MessageId).toBeTruthy();
    expect(logger.calls).toEqual([]);
  });
});
