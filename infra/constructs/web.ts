/**
 * The web page: the static files built by web/build.ts in a private S3 bucket,
 * served only through CloudFront (origin access control), over HTTPS, with the
 * security headers of web/security-headers.ts, and a `config.json` beside
 * them, written at deploy time, saying where the API and the sign-in are.
 *
 * Two steps, because the page and the API each need the other: the
 * constructor makes the bucket and the distribution (whose domain the API's
 * CORS and the page's app client need) and uploads the hashed assets;
 * {@link Web.publish}, called once the API and the app client exist, uploads
 * `index.html` and `config.json`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseHeadersPolicyProps,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
// The function cdk-nag names IAM5 findings with, so that each is acknowledged by its exact name.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { pageSecurityHeaders } from '../../web/security-headers';
import type { PageConfig } from '../../web/src/config';

export interface WebProps {
  /** The built page folder (`buildWeb().outDir`): index.html and its content-named script, styles and images. */
  pageDir: string;
  /**
   * The origins the page fetches from besides its own (the CSP's connect-src).
   * They must not name a resource that depends on the distribution (the API
   * does, through its CORS origin): CloudFormation would find a cycle.
   */
  connectSources: readonly string[];
}

export class Web extends Construct {
  /** The page's files: private, read only by this distribution. */
  readonly bucket: Bucket;
  /** The distribution's standard logs (`cloudfront/`) and the page bucket's server access logs (`s3/`). */
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** `https://<distribution domain>`, no trailing slash: the page's origin, the only one the API's CORS allows. */
  readonly origin: string;
  /** `https://<distribution domain>/`: the page, where the sign-in sends the browser back to. */
  readonly pageUrl: string;
  /** The content-named files (everything but index.html), cached for a year. */
  readonly assetsDeployment: BucketDeployment;

  private readonly pageDir: string;
  private readonly deploymentRole: Role;
  private readonly deploymentLogs: LogGroup;
  private pageDeployment?: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.pageDir = props.pageDir;
    // S3 server access logs delivered under a bucket policy (logging.s3.amazonaws.com,
    // this page bucket only), not the LogDeliveryWrite ACL the old default sets:
    // that ACL, re-applied by a stack update, would drop the grant CloudFront adds
    // for its own logs. Set here, before any child exists, so it holds in tests too.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are written under an ACL: the bucket must have ACLs enabled.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: "This is the access log bucket (the distribution's and the page bucket's logs); logging it into itself would loop and another bucket would only move the finding.",
    });

    this.bucket = new Bucket(this, 'Page', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // Only the page, rebuilt from git on every deploy: nothing to lose, but kept
      // rather than emptied by autoDeleteObjects, whose stack-wide helper Lambda has
      // the AWSLambdaBasicExecutionRole managed policy and a log group kept forever.
      // After deleting the stack, empty and delete the bucket by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'IRO timescales page: CSP, HSTS and the other security headers of web/security-headers.ts',
      ...responseHeadersOf(pageSecurityHeaders({ connectSources: props.connectSources, https: true })),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'IRO timescales web page',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      // No errorResponses: the page routes by hash, so only / is ever loaded.
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: staff may work from anywhere (in the UK and away), and the page is static code holding no data; the data is behind the API and its Cognito authorizer.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: the distribution serves only static files (no data, no forms, no origin logic) and the API is not behind it. A WAF web ACL for CloudFront must live in us-east-1; pass its ARN as webAclId if the authority requires one.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The default *.cloudfront.net certificate, with which CloudFront allows TLSv1 whatever the minimum protocol set. Browsers negotiate TLS 1.2+ anyway; a custom domain with an ACM certificate (us-east-1) and minimumProtocolVersion TLSv1.2_2021 fixes it.",
      },
    );

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.pageUrl = `${this.origin}/`;

    // Our own role and log group for CDK's deployment function, instead of the
    // AWSLambdaBasicExecutionRole managed policy and a log group kept forever.
    // (The function is a singleton: both deployments share it, so both pass these.)
    this.deploymentLogs = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "Runs CDK's BucketDeployment: copies the web page into its bucket and invalidates the distribution",
    });
    this.deploymentLogs.grantWrite(this.deploymentRole);

    const assets = new Asset(this, 'AssetFiles', { path: props.pageDir, exclude: ['index.html'] });
    this.assetsDeployment = new BucketDeployment(this, 'Assets', {
      sources: [Source.bucket(assets.bucket, assets.s3ObjectKey)],
      destinationBucket: this.bucket,
      // Named by their content: a new build adds new names, so they never change.
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      // Keep the previous build's files: a browser with the old index.html still loads its script.
      prune: false,
      role: this.deploymentRole,
      logGroup: this.deploymentLogs,
    });
    this.acknowledgeDeploymentFindings(assets.bucket);

    this.node.addValidation({
      validate: () => (this.pageDeployment ? [] : ['Web.publish(config) was never called: the page would have no index.html and no config.json']),
    });
  }

  /**
   * Uploads `index.html` and `config.json` (which may hold deploy-time values)
   * after the assets they name, and invalidates them on the distribution.
   */
  publish(config: PageConfig): BucketDeployment {
    if (this.pageDeployment) throw new Error('Web.publish(config) may be called only once');
    this.pageDeployment = new BucketDeployment(this, 'IndexAndConfig', {
      sources: [
        Source.data('index.html', readFileSync(path.join(this.pageDir, 'index.html'), 'utf8')),
        Source.jsonData('config.json', config),
      ],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      // '/' as well: a request for / is cached under that path, not under /index.html.
      distributionPaths: ['/', '/index.html', '/config.json'],
      role: this.deploymentRole,
      logGroup: this.deploymentLogs,
    });
    // Never an index.html naming a script that is not there yet.
    this.pageDeployment.node.addDependency(this.assetsDeployment);
    return this.pageDeployment;
  }

  /**
   * CDK's BucketDeployment grants its function what it needs on the buckets
   * with its own wildcards; each is acknowledged by name, on this role only,
   * so any other wildcard added to it still fails the synth.
   */
  private acknowledgeDeploymentFindings(assetBucket: IBucket): void {
    const stack = Stack.of(this);
    const resource = (arn: string) => `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(arn))}]`;
    const reads = "CDK's grantRead for BucketDeployment (aws s3 sync reads the source zip and lists the destination)";
    Validations.of(this.deploymentRole).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: `${reads}, on the CDK asset bucket and the page bucket only.` },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: `${reads}, on the CDK asset bucket and the page bucket only.` },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: `${reads}, on the CDK asset bucket and the page bucket only.` },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: "CDK's grantReadWrite for BucketDeployment on the page bucket only (used only when pruning or moving the destination; both deployments keep files).",
      },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: "CDK's grantReadWrite for BucketDeployment on the page bucket only: aborting its own multipart uploads." },
      { id: resource(this.bucket.arnForObjects('*')), reason: "The page bucket's objects: the deployment writes the page's files under any name the build gives them." },
      { id: resource(assetBucket.arnForObjects('*')), reason: "CDK's asset bucket's objects, read only: the deployment reads the page's zipped files from there (CDK grants by bucket, not by key)." },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: "cloudfront:CreateInvalidation and GetInvalidation, which CDK's BucketDeployment grants on * when given a distribution; the function only invalidates this distribution's /, /index.html and /config.json.",
      },
    );
    // The singleton function CDK makes for every BucketDeployment in the stack, found by the role it runs as.
    const handler = stack.node.children.find((child): child is LambdaFunction => child instanceof LambdaFunction && child.role === this.deploymentRole);
    if (!handler) throw new Error("Web: CDK's BucketDeployment function was not found");
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: "CDK's BucketDeployment function: aws-cdk-lib (pinned) sets its Python runtime and it cannot be chosen; upgrading aws-cdk-lib updates it.",
    });
  }
}

/**
 * CloudFront's response headers policy for the headers of `pageSecurityHeaders`:
 * the ones CloudFront models as security headers mapped to them, the rest as
 * custom headers, all overriding the origin's. Throws on a value it cannot
 * express, so the record stays the one definition.
 */
export function responseHeadersOf(headers: Readonly<Record<string, string>>): Pick<ResponseHeadersPolicyProps, 'securityHeadersBehavior' | 'customHeadersBehavior'> {
  const rest = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const take = (name: string): string | undefined => {
    const value = rest.get(name);
    rest.delete(name);
    return value;
  };
  const unsupported = (name: string, value: string): never => {
    throw new Error(`CloudFront's response headers policy cannot send ${name}: ${value}`);
  };

  const csp = take('content-security-policy');
  const contentTypeOptions = take('x-content-type-options');
  const frameOptions = take('x-frame-options');
  const referrerPolicy = take('referrer-policy');
  const hsts = take('strict-transport-security');
  if (contentTypeOptions !== undefined && contentTypeOptions !== 'nosniff') unsupported('x-content-type-options', contentTypeOptions);
  const frameOption = frameOptions === undefined ? undefined : Object.values(HeadersFrameOption).find((option) => option === frameOptions.toUpperCase());
  if (frameOptions !== undefined && !frameOption) unsupported('x-frame-options', frameOptions);
  const referrer = referrerPolicy === undefined ? undefined : Object.values(HeadersReferrerPolicy).find((policy) => policy === referrerPolicy);
  if (referrerPolicy !== undefined && !referrer) unsupported('referrer-policy', referrerPolicy);
  let strictTransportSecurity: NonNullable<ResponseHeadersPolicyProps['securityHeadersBehavior']>['strictTransportSecurity'];
  if (hsts !== undefined) {
    const directives = hsts.split(';').map((directive) => directive.trim().toLowerCase());
    const maxAge = /^max-age=(\d+)$/.exec(directives[0] ?? '')?.[1];
    const flags = directives.slice(1);
    if (!maxAge || flags.some((flag) => flag !== 'includesubdomains' && flag !== 'preload')) unsupported('strict-transport-security', hsts);
    strictTransportSecurity = {
      accessControlMaxAge: Duration.seconds(Number(maxAge)),
      includeSubdomains: flags.includes('includesubdomains'),
      preload: flags.includes('preload'),
      override: true,
    };
  }

  return {
    securityHeadersBehavior: {
      ...(csp !== undefined ? { contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } } : {}),
      ...(contentTypeOptions !== undefined ? { contentTypeOptions: { override: true } } : {}),
      ...(frameOption ? { frameOptions: { frameOption, override: true } } : {}),
      ...(referrer ? { referrerPolicy: { referrerPolicy: referrer, override: true } } : {}),
      ...(strictTransportSecurity ? { strictTransportSecurity } : {}),
    },
    ...(rest.size
      ? { customHeadersBehavior: { customHeaders: [...rest].map(([header, value]) => ({ header, value, override: true })) } }
      : {}),
  };
}
