/**
 * X-Ray tracing, with Powertools' Tracer: the one place the service's tracing
 * is set up. Deployed (active tracing on every function: infra/constructs/service-function.ts),
 * each invocation is a `## <handler>` subsegment of the function's segment, annotated
 * `ColdStart` and `Service` (POWERTOOLS_SERVICE_NAME, the function's folder), and each
 * call an AWS SDK client makes is a subsegment of that: a slow route or job shows
 * where its time went. No response is recorded (POWERTOOLS_TRACER_CAPTURE_RESPONSE
 * is `false` on every function, and the wrappers here never add one): a child's
 * record must not reach X-Ray. Errors are, as the subsegment's fault.
 *
 * Off outside Lambda: the Tracer turns itself off unless AWS_EXECUTION_ENV is set
 * (and the local stand-ins and the tests say POWERTOOLS_TRACE_ENABLED=false too),
 * and off it patches no client, opens no segment and sends nothing: no X-Ray daemon
 * is ever looked for. Importing it still costs its import (aws-xray-sdk-core):
 * bench/cold-start.ts measures that, as `dynamodb-client-traced`.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/** The function's tracer. */
export const tracer = new Tracer();

/**
 * The client, with each of its calls traced: every AWS SDK v3 client the
 * functions make passes through here (`shared/aws-clients.ts`,
 * `shared/dynamodb-client.ts`, the document function's Lambda client).
 */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}

/**
 * A job's handler with its invocation traced, as Powertools' middy middleware
 * (`captureLambdaHandler`, which the API uses) does for a middy handler: a
 * subsegment for the invocation, the cold start and service annotated, an error
 * recorded on it; the response is not.
 */
export function tracedHandler<Handler extends (event: never, context?: Context) => Promise<unknown>>(handler: Handler): Handler {
  const run = async (event: never, context?: Context) => {
    const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    if (!segment) return handler(event, context);
    const subsegment = segment.addNewSubsegment(`## ${process.env['_HANDLER'] ?? 'handler'}`);
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment.close();
      tracer.setSegment(segment);
    }
  };
  return run as Handler;
}
