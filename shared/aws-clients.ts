/**
 * The AWS SDK clients, configured the same way everywhere: the SDK's standard
 * retry strategy (exponential backoff with full jitter, and its own knowledge
 * of each service's throttling errors). Locally, the standard
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SES` variables point them at
 * the stand-ins; deployed, they are unset. Each is traced (`traced`, shared/tracing.ts):
 * deployed, every call is an X-Ray subsegment.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SESClient, type SESClientConfig } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendOutcomeOf } from '#shared/mail/errors';
import type { Pluggable } from '@smithy/types';
import { traced } from '#shared/tracing';

/**
 * Middleware every DynamoDB client made here is given: none in the service. A benchmark adds its capacity meter
 * (bench/capacity.ts) before the handlers make their clients, to learn what each route and job consumes.
 */
export const dynamoDbPlugins: Pluggable<any, any>[] = [];

/**
 * The SDK's logger middleware, taken out of a client's stack. The service logs
 * through Powertools and gives the SDK no logger, so the SDK's is a no-op; but
 * its middleware still runs every call's input and output through the
 * service's sensitive-data filter, a deep copy of each page of every query, and
 * hands the copy to a logger that does nothing with it.
 */
export function withoutSdkLogger<Client extends { middlewareStack: { remove(name: string): boolean } }>(client: Client): Client {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/** A DynamoDB document client: 5 attempts a call, `undefined` attributes left out. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = traced(withoutSdkLogger(new DynamoDBClient({ maxAttempts: 5, ...config })));
  for (const plugin of dynamoDbPlugins) client.middlewareStack.use(plugin);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * How long one SES call may take, from the request written to the answer
 * read, before it is given up (a `TimeoutError`: the send's outcome is
 * unknown). Without it Node waits for ever, and one hung send holds the
 * nightly job until Lambda kills it at 10 minutes, leaving every recipient
 * after it unsent and its claim to go stale. SES answers `SendEmail` in well
 * under a second, so 10 s cuts off only a send that is not coming back (cutting
 * off a slow but live one would turn a sent email into one a person must
 * resolve); and at five sends at a time, even a night on which every send
 * hangs gets through 300 recipients inside the function's 10 minutes.
 */
export const SES_REQUEST_TIMEOUT_MS = 10_000;
/** How long making the connection may take: a connection never made sent nothing, so it is retried. */
export const SES_CONNECTION_TIMEOUT_MS = 3_000;

/**
 * An SES client: 6 attempts a send, so that SES's throttling (its sending
 * rate) is waited out, but only of a send SES said no to (`sendOutcomeOf`):
 * one that timed out or lost its connection after the request was written, or
 * got a 500, may have been accepted, and is not sent again unseen. Each call
 * gives up after {@link SES_REQUEST_TIMEOUT_MS}.
 */
export function createSesClient(config: SESClientConfig = {}): SESClient {
  const client = traced(withoutSdkLogger(new SESClient({
    maxAttempts: 6,
    retryMode: 'standard',
    // `throwOnRequestTimeout`: without it @smithy/node-http-handler only logs a warning when `requestTimeout` passes.
    requestHandler: { requestTimeout: SES_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true, connectionTimeout: SES_CONNECTION_TIMEOUT_MS },
    ...config,
  })));
  const standard = client.config.retryStrategy;
  client.config.retryStrategy = async () => retryingOnlyWhatWasNotSent(await standard());
  return client;
}

type SdkRetryStrategy = Awaited<ReturnType<SESClient['config']['retryStrategy']>>;

/** The SDK's retry strategy, refusing to retry an error after which SES may have the email. */
function retryingOnlyWhatWasNotSent(strategy: SdkRetryStrategy): SdkRetryStrategy {
  if (!('refreshRetryTokenForRetry' in strategy)) throw new Error("expected the SDK's standard retry strategy (retryMode 'standard')");
  return {
    acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
    // Refusing a token makes the SDK throw the call's own error.
    refreshRetryTokenForRetry: async (token, errorInfo) => {
      if (sendOutcomeOf(errorInfo.error) === 'unknown') throw new Error('not retried: SES may have accepted the email');
      return strategy.refreshRetryTokenForRetry(token, errorInfo);
    },
    recordSuccess: (token) => strategy.recordSuccess(token),
  };
}
