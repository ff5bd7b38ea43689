/**
 * The AWS SDK clients, configured the same way everywhere: the SDK's standard
 * retry strategy (exponential backoff with full jitter, and its own knowledge
 * of each service's throttling errors). Locally, the standard
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SES` variables point them at
 * the stand-ins; deployed, they are unset.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SESClient, type SESClientConfig } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A DynamoDB document client: 5 attempts a call, `undefined` attributes left out. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5, ...config }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** An SES client: 6 attempts a send, so that SES's throttling (its sending rate) is waited out. */
export function createSesClient(config: SESClientConfig = {}): SESClient {
  return new SESClient({ maxAttempts: 6, retryMode: 'standard', ...config });
}
