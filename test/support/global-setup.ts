/**
 * Starts the real stand-ins once for the whole test run: DynamoDB Local (in
 * memory) and the SES emulator, each on a free port. Tests read their
 * endpoints with `inject('dynamoDbEndpoint')` / `inject('sesEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { startSesLocal } from '#infra/local/ses-local';
import { freePort } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const [dynamoDb, ses] = await Promise.all([
    startDynamoDbLocal({ port: await freePort() }),
    startSesLocal({ port: await freePort() }),
  ]);
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await Promise.all([dynamoDb.stop(), ses.stop()]);
  };
}
