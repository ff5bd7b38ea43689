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
 * Off, it costs nothing: the Tracer is loaded only where it would trace
 * ({@link tracingEnabled}, as Powertools decides it: in Lambda, unless
 * POWERTOOLS_TRACE_ENABLED is `false`, as the local stand-ins and the tests set it).
 * Loaded, aws-xray-sdk-core keeps its context with async hooks on every promise
 * (cls-hooked), even with tracing off: in a profile of the local nightly job at
 * 20,000 children they took about 5% of its CPU. On, that is part of tracing's
 * price, and its import part of every cold start: bench/cold-start.ts measures
 * it, as `dynamodb-client-traced`.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * Whether this process traces, decided as Powertools' Tracer decides it: in
 * Lambda (AWS_EXECUTION_ENV set, and not SAM's or Amplify's local mock), unless
 * POWERTOOLS_TRACE_ENABLED is `false`.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const executionEnv = env['AWS_EXECUTION_ENV'] ?? '';
  if ((env['POWERTOOLS_TRACE_ENABLED'] ?? '').toLowerCase() === 'false') return false;
  return executionEnv !== '' && executionEnv !== 'AWS_Lambda_amplify-mock' && (env['AWS_SAM_LOCAL'] ?? '') === '';
}

/** The function's tracer; none where tracing is off. */
export const tracer: Tracer | undefined = tracingEnabled() ? new (await import('@aws-lambda-powertools/tracer')).Tracer() : undefined;

/**
 * The API's request traced, Powertools' middy middleware (`captureLambdaHandler`), never
 * its response (a child's record), and a refusal recorded as the caller's error, not
 * the function's fault ({@link refusalsAsErrors}); none where tracing is off.
 */
export const handlerTracing: MiddlewareObj[] = tracer
  ? [refusalsAsErrors((await import('@aws-lambda-powertools/tracer/middleware')).captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj, tracer)]
  : [];

/**
 * Powertools' middleware records every error the handler threw as the
 * invocation's fault, with the error and its stack. But a request the API
 * refused with a 4xx (a field that fails its check, an unknown child, a stale
 * version) failed for the caller, not the function: X-Ray's own convention is
 * the `error` flag for a 4xx (and `throttle` too for a 429), `fault` for a 5xx,
 * and every refusal recorded as a fault would make the service look broken in
 * X-Ray. Reading the error's stack also maps it through the bundle's source maps
 * (shared/stack-traces.ts), about 20 ms of the first refusal after each cold
 * start, for a stack nobody needs. So once the API's own middleware has answered
 * the error (its `onError` runs before this one's: this is used first), a 4xx
 * answer closes the subsegment as a success would, flagged as an error; a 5xx,
 * or an error left unanswered, is still recorded as a fault with its exception.
 */
function refusalsAsErrors(middleware: MiddlewareObj, tracing: Tracer): MiddlewareObj {
  return {
    ...middleware,
    onError: (request) => {
      const status = (request.response as { statusCode?: number } | undefined)?.statusCode;
      if (status === undefined || status >= 500 || !tracing.isTracingEnabled()) return middleware.onError?.(request);
      const subsegment = tracing.getSegment();
      subsegment?.addErrorFlag();
      if (status === 429) subsegment?.addThrottleFlag();
      return middleware.after?.(request);
    },
  };
}

/**
 * The client, with each of its calls traced: every AWS SDK v3 client the
 * functions make passes through here (`shared/aws-clients.ts`,
 * `shared/dynamodb-client.ts`, the document function's Lambda client).
 */
export function traced<Client>(client: Client): Client {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

/**
 * A job's handler with its invocation traced, as Powertools' middy middleware
 * (`captureLambdaHandler`, which the API uses) does for a middy handler: a
 * subsegment for the invocation, the cold start and service annotated, an error
 * recorded on it; the response is not.
 */
export function tracedHandler<Handler extends (event: never, context?: Context) => Promise<unknown>>(handler: Handler): Handler {
  const run = async (event: never, context?: Context) => {
    const segment = tracer?.isTracingEnabled() ? tracer.getSegment() : undefined;
    if (!tracer || !segment) return handler(event, context);
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
