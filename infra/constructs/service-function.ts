/**
 * The defaults every function of the service shares: Node 24 on arm64, an ESM
 * bundle made by the local esbuild (no Docker; infra/constructs/bundling.ts),
 * its own log group with a set retention, a role that may write only to that
 * log group, and active X-Ray tracing (Powertools' Tracer, shared/tracing.ts,
 * named by POWERTOOLS_SERVICE_NAME).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLE_ENTRY_FILE, LAMBDA_BASE_ENVIRONMENT, PROJECT_ROOT, type FunctionAsset } from '#infra/constructs/bundling';

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

export class ServiceFunction extends LambdaFunction {
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
      code: functionCode(props.functionDir, props.assets ?? []),
      handler: `${path.basename(BUNDLE_ENTRY_FILE, '.mjs')}.handler`,
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
    });
    logGroup.grantWrite(role);
    // Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords to the role, on `*`.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "Active tracing's xray:PutTraceSegments and xray:PutTelemetryRecords, which CDK adds: X-Ray's write actions take no resource but `*`.",
    });
  }
}

/**
 * The function's bundle (`bundleFunction` in infra/constructs/bundling.ts, run by
 * infra/scripts/bundle-function.ts), made by the local esbuild at synth, its assets
 * beside it. As NodejsFunction's, its asset's hash is the output's, and a stack that
 * is not being bundled (`aws:cdk:bundling-stacks`) is not.
 */
function functionCode(functionDir: string, assets: readonly FunctionAsset[]): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local bundling below always bundles, or fails the synth with esbuild's
      // message (esbuild and tsx are dev dependencies, installed by `npm ci`). CDK requires an image.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      local: {
        tryBundle(outputDir) {
          execFileSync(
            process.execPath,
            ['--import', 'tsx', path.join(PROJECT_ROOT, 'infra', 'scripts', 'bundle-function.ts'), '--function', functionDir, '--out', outputDir, '--assets', JSON.stringify(assets)],
            { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
          );
          return true;
        },
      },
    },
  });
}
