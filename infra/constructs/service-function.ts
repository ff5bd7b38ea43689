/**
 * The defaults every function of the service shares: Node 24 on arm64, an ESM
 * bundle made by the local esbuild (no Docker), its own log group with a set
 * retention, a role that may write only to that log group, and active X-Ray
 * tracing (Powertools' Tracer, shared/tracing.ts, named by POWERTOOLS_SERVICE_NAME).
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_BASE_ENVIRONMENT, LAMBDA_BUNDLING, PROJECT_ROOT, functionEntry } from '#infra/constructs/bundling';

/** The Node.js every function runs on; local runs and the tests use the same major version (the `node` dev dependency). */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

export interface ServiceFunctionProps {
  /** The folder under `functions/` whose `handler.ts` is the entry point. */
  functionDir: string;
  description: string;
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  logRetention?: RetentionDays;
  /**
   * Files the function reads at run time, copied beside its bundle
   * (`index.mjs`) under the names given: from node_modules (`module`: the
   * document function's WebAssembly and font, which esbuild cannot bundle as
   * code), or from the project (`source`: the API's OpenAPI document, read on
   * the first request for it rather than carried in the bundle).
   */
  assets?: readonly FunctionAsset[];
}

/** A file copied beside a function's bundle: from node_modules, or from the project. */
export type FunctionAsset = { module: string; bundled: string } | { source: string; bundled: string };

export class ServiceFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy,
    // which would let the function write to any log group in the account.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.functionDir} function`,
    });
    super(scope, id, {
      entry: functionEntry(props.functionDir),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      description: props.description,
      role,
      logGroup,
      environment: {
        ...LAMBDA_BASE_ENVIRONMENT,
        // The Tracer's service name (the segments' `Service` annotation): the function's folder.
        POWERTOOLS_SERVICE_NAME: props.functionDir,
        ...props.environment,
      },
      // X-Ray: Lambda samples and records each invocation, the Tracer adds the handler's and the AWS SDK calls' subsegments.
      tracing: Tracing.ACTIVE,
      // Shared with bench/cold-start.ts (esbuildOptionsFor): change it there.
      bundling: props.assets?.length ? { ...LAMBDA_BUNDLING, commandHooks: copyAssets(props.assets) } : LAMBDA_BUNDLING,
    });
    logGroup.grantWrite(role);
    // Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords to the role, on `*`.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "Active tracing's xray:PutTraceSegments and xray:PutTelemetryRecords, which CDK adds: X-Ray's write actions take no resource but `*`.",
    });
  }
}

/** Bundling hooks that copy each asset from node_modules beside the bundle, after esbuild has run. */
function copyAssets(assets: readonly FunctionAsset[]): ICommandHooks {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      assets.map((asset) => {
        const from = 'module' in asset ? path.join(inputDir, 'node_modules', asset.module) : path.join(inputDir, asset.source);
        return `cp ${quote(from)} ${quote(path.join(outputDir, asset.bundled))}`;
      }),
  };
}
