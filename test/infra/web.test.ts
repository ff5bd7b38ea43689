/**
 * The deployed web page: a private bucket read only through CloudFront's
 * origin access control, the page's security headers, the API's CORS for the
 * page's origin alone, the page's sign-in client, and the files and
 * config.json the deployment writes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/app';
import { responseHeadersOf } from '#infra/constructs/web';
import type { IroTimescalesStack } from '#infra/stack';
import { API_CORS } from '#shared/http/cors';
import { HSTS_MAX_AGE_SECONDS, contentSecurityPolicy, pageSecurityHeaders } from '../../web/security-headers';
import type { BuiltPage } from '../../web/build';
import { TEST_CONTEXT, builtPage, testApp } from '../support/cdk-app';

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Principal?: unknown; Resource?: unknown; Condition?: Json };

const { region, authDomainPrefix } = TEST_CONTEXT;
const EXPECTED_CONNECT_SOURCES = [
  `https://*.execute-api.${region}.amazonaws.com`,
  `https://cognito-idp.${region}.amazonaws.com`,
  `https://${authDomainPrefix}.auth.${region}.amazoncognito.com`,
];

describe('the web page', () => {
  let stack: IroTimescalesStack;
  let template: Template;
  let resources: Record<string, Resource>;
  let page: BuiltPage;
  let outdir: string;
  const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const resource = (logicalId: string): Resource => {
    const found = resources[logicalId];
    if (!found) throw new Error(`no resource ${logicalId}`);
    return found;
  };
  const ofType = (type: string) => Object.entries(resources).filter(([, candidate]) => candidate.Type === type);
  /** `https://<distribution domain>` as CloudFormation has it. */
  const distributionOrigin = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf(stack.web.distribution), 'DomainName'] }]] });
  const distributionUrl = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf(stack.web.distribution), 'DomainName'] }, '/']] });
  const pageDeployment = (name: 'Assets' | 'IndexAndConfig') => {
    const found = ofType('Custom::CDKBucketDeployment').filter(([logicalId]) => logicalId.startsWith(`Web${name}CustomResource`));
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  /** The folder CDK staged a deployment's n-th source in. */
  const stagedSource = (deployment: Resource, index: number) => {
    const key = (deployment.Properties['SourceObjectKeys'] as string[])[index]!;
    return path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  };

  beforeAll(() => {
    // Template.fromStack runs cdk-nag and refuses a template with a dependency cycle (the page and the API need each other).
    page = builtPage();
    const built = buildApp(testApp(), { pageDir: page.outDir });
    stack = built.stack;
    template = Template.fromStack(stack);
    resources = template.toJSON()['Resources'] as Record<string, Resource>;
    outdir = built.app.outdir;
  });

  describe('bucket', () => {
    it('blocks all public access, enforces ownership and S3-managed encryption, is no website, and logs its access', () => {
      const bucket = resource(idOf(stack.web.bucket)).Properties;
      expect(bucket['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket).not.toHaveProperty('WebsiteConfiguration');
      expect(bucket).not.toHaveProperty('AccessControl');
      expect(bucket['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket['BucketEncryption']).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(bucket['LoggingConfiguration']).toEqual({ DestinationBucketName: { Ref: idOf(stack.web.logBucket) }, LogFilePrefix: 's3/' });
    });

    it('lets only this distribution read it (s3:GetObject for cloudfront.amazonaws.com on its ARN), and denies requests without TLS', () => {
      const policies = ofType('AWS::S3::BucketPolicy').filter(([, policy]) => JSON.stringify(policy.Properties['Bucket']) === JSON.stringify({ Ref: idOf(stack.web.bucket) }));
      expect(policies).toHaveLength(1);
      const statements = (policies[0]![1].Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allows).toEqual([
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(stack.web.bucket), 'Arn'] }, '/*']] },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: idOf(stack.web.distribution) }]],
              },
            },
          },
        },
      ]);
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    });

    it('keeps the access logs in a private, TLS-only bucket that CloudFront can write its logs to, for 90 days', () => {
      const logs = resource(idOf(stack.web.logBucket)).Properties;
      expect(logs['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      // CloudFront's standard logs need ACLs; S3's server access logs come under a bucket policy, not the LogDeliveryWrite ACL.
      expect(logs['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'ObjectWriter' }] });
      expect(logs).not.toHaveProperty('AccessControl');
      expect(logs['LifecycleConfiguration']).toEqual({ Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] });
      const policy = ofType('AWS::S3::BucketPolicy').find(([, candidate]) => JSON.stringify(candidate.Properties['Bucket']) === JSON.stringify({ Ref: idOf(stack.web.logBucket) }));
      const statements = (policy![1].Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
      expect(statements.filter((statement) => statement.Effect === 'Allow')).toEqual([
        expect.objectContaining({
          Action: 's3:PutObject',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [idOf(stack.web.bucket), 'Arn'] } } }),
        }),
      ]);
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });
  });

  describe('distribution', () => {
    const config = () => resource(idOf(stack.web.distribution)).Properties['DistributionConfig'] as Json;

    it('reads the bucket through an origin access control (SigV4, always signed), not an origin access identity', () => {
      const controls = ofType('AWS::CloudFront::OriginAccessControl');
      expect(controls).toHaveLength(1);
      expect(controls[0]![1].Properties['OriginAccessControlConfig']).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
      expect(ofType('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
      const origins = config()['Origins'] as Json[];
      expect(origins).toHaveLength(1);
      expect(origins[0]).toMatchObject({
        DomainName: { 'Fn::GetAtt': [idOf(stack.web.bucket), 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [controls[0]![0], 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      });
    });

    it('redirects HTTP to HTTPS, serves index.html at /, over HTTP/2 and 3 at price class 100, with the security headers, and logs', () => {
      expect(config()).toMatchObject({
        DefaultRootObject: 'index.html',
        HttpVersion: 'http2and3',
        PriceClass: 'PriceClass_100',
        Logging: { Bucket: { 'Fn::GetAtt': [idOf(stack.web.logBucket), 'RegionalDomainName'] }, IncludeCookies: false, Prefix: 'cloudfront/' },
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: { Ref: idOf(stack.web.responseHeadersPolicy) } },
      });
      expect(config()).not.toHaveProperty('CustomErrorResponses');
      expect(config()).not.toHaveProperty('CacheBehaviors');
    });
  });

  describe('security headers', () => {
    const policyConfig = () => resource(idOf(stack.web.responseHeadersPolicy)).Properties['ResponseHeadersPolicyConfig'] as Json;
    const security = () => policyConfig()['SecurityHeadersConfig'] as Json;
    const csp = () => (security()['ContentSecurityPolicy'] as { ContentSecurityPolicy: string; Override: boolean }).ContentSecurityPolicy;
    const directives = () => new Map(csp().split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources] as const;
    }));

    it("sends web/security-headers.ts's CSP, letting the page fetch only from itself, the API's region and Cognito", () => {
      expect(csp()).toBe(contentSecurityPolicy(EXPECTED_CONNECT_SOURCES));
      expect(security()['ContentSecurityPolicy']).toMatchObject({ Override: true });
      expect(directives().get('connect-src')).toEqual(["'self'", ...EXPECTED_CONNECT_SOURCES]);
    });

    it('allows no inline script or style, no eval, no bare wildcard, no plugins and no framing', () => {
      expect(csp()).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic/);
      for (const [name, sources] of directives()) {
        expect(sources, name).not.toContain('*');
        expect(sources.filter((source) => /^(https?:|data:|blob:)?\*$|^https?:$/.test(source)), name).toEqual([]);
      }
      expect(directives().get('default-src')).toEqual(["'none'"]);
      expect(directives().get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives().get('object-src')).toEqual(["'none'"]);
    });

    it('sends HSTS (two years, subdomains, preload), nosniff, DENY and no-referrer, overriding the origin', () => {
      expect(security()).toMatchObject({
        StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Preload: true, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      });
      expect(security()).not.toHaveProperty('XSSProtection');
    });

    it('sends the rest of the record (permissions policy, cross-origin opener policy) as custom headers, and nothing else', () => {
      const record = pageSecurityHeaders({ connectSources: EXPECTED_CONNECT_SOURCES, https: true });
      const modelled = ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];
      const rest = Object.entries(record).filter(([name]) => !modelled.includes(name));
      expect(rest.map(([name]) => name).sort()).toEqual(['cross-origin-opener-policy', 'permissions-policy']);
      expect(policyConfig()['CustomHeadersConfig']).toEqual({ Items: rest.map(([header, value]) => ({ Header: header, Value: value, Override: true })) });
      expect(policyConfig()).not.toHaveProperty('CorsConfig');
    });

    it('refuses a header value CloudFront cannot send rather than dropping it', () => {
      expect(() => responseHeadersOf({ 'x-frame-options': 'ALLOW-FROM https://example.org' })).toThrow(/x-frame-options/);
      expect(() => responseHeadersOf({ 'referrer-policy': 'no-referer' })).toThrow(/referrer-policy/);
      expect(() => responseHeadersOf({ 'strict-transport-security': 'max-age=60; includeSubDomain' })).toThrow(/strict-transport-security/);
      expect(() => responseHeadersOf({ 'x-content-type-options': 'sniff' })).toThrow(/x-content-type-options/);
    });
  });

  describe('API CORS', () => {
    it("answers cross-origin calls from the page's https origin alone, without credentials, with API_CORS's headers and methods", () => {
      const apis = ofType('AWS::ApiGatewayV2::Api');
      expect(apis).toHaveLength(1);
      const cors = apis[0]![1].Properties['CorsConfiguration'] as Json;
      expect(cors['AllowOrigins']).toEqual([distributionOrigin()]);
      expect(JSON.stringify(cors)).not.toContain('"*"');
      expect(cors['AllowCredentials']).toBe(false);
      expect(cors['AllowHeaders']).toEqual(API_CORS.allowHeaders);
      expect(cors['ExposeHeaders']).toEqual(API_CORS.exposeHeaders);
      expect(cors['AllowMethods']).toEqual(API_CORS.allowMethods);
      expect(cors['MaxAge']).toBe(API_CORS.maxAgeSeconds);
    });

    it('has no OPTIONS route, so API Gateway answers the preflight and the authorizer never sees it', () => {
      const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties['RouteKey'] as string);
      expect(routeKeys.filter((key) => /^(OPTIONS|ANY) |^\$default$/.test(key))).toEqual([]);
    });
  });

  describe('sign-in', () => {
    const pageClient = () => resource(idOf(stack.auth.pageClient)).Properties;

    it("gives the page a public client: the authorization code grant only, through Cognito's hosted sign-in, back to the page", () => {
      expect(pageClient()).toMatchObject({
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        CallbackURLs: [distributionUrl()],
        LogoutURLs: [distributionUrl()],
        SupportedIdentityProviders: ['COGNITO'],
        GenerateSecret: false,
        PreventUserExistenceErrors: 'ENABLED',
        IdTokenValidity: 60,
        AccessTokenValidity: 60,
        RefreshTokenValidity: 720,
      });
      expect([...(pageClient()['AllowedOAuthScopes'] as string[])].sort()).toEqual(['email', 'openid', 'profile']);
    });

    it('lets the page sign in by no SRP, password or custom flow of its own: only refresh', () => {
      expect(pageClient()['ExplicitAuthFlows']).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    });

    it("keeps the scripts' client to SRP, off the hosted sign-in", () => {
      const apiClient = resource(idOf(stack.auth.client)).Properties;
      expect(apiClient['ExplicitAuthFlows']).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
      expect(apiClient['AllowedOAuthFlowsUserPoolClient']).toBe(false);
      expect(apiClient).not.toHaveProperty('AllowedOAuthFlows');
      expect(apiClient).not.toHaveProperty('CallbackURLs');
    });

    it('serves the hosted sign-in on the configured Cognito domain prefix', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: authDomainPrefix, UserPoolId: { Ref: idOf(stack.auth.userPool) } });
    });

    it('refuses, at synth, a domain prefix Cognito would refuse at deploy', () => {
      for (const prefix of ['iro-cognito-page', 'IRO-timescales', '-iro', 'iro_timescales', 'a'.repeat(64)]) {
        expect(() => buildApp(testApp({ authDomainPrefix: prefix }), { pageDir: page.outDir }), prefix).toThrow(/Cognito domain prefix/);
      }
    });

    it("accepts both clients' tokens at the API's authorizer", () => {
      const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
      expect(authorizers).toHaveLength(1);
      const audience = (authorizers[0]![1].Properties['JwtConfiguration'] as { Audience: unknown[] }).Audience;
      expect(audience).toHaveLength(2);
      expect(audience).toEqual(expect.arrayContaining([{ Ref: idOf(stack.auth.client) }, { Ref: idOf(stack.auth.pageClient) }]));
    });
  });

  describe('contents', () => {
    it('uploads the content-named files, not index.html, cached for a year as immutable, keeping earlier builds', () => {
      const [, assets] = pageDeployment('Assets');
      expect(assets.Properties).toMatchObject({
        DestinationBucketName: { Ref: idOf(stack.web.bucket) },
        Prune: false,
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      });
      expect(assets.Properties).not.toHaveProperty('DistributionId');
      const staged = stagedSource(assets, 0);
      expect(readdirSync(staged).sort()).toEqual([page.script, page.stylesheet, 'assets'].sort());
      expect(existsSync(path.join(staged, 'index.html'))).toBe(false);
    });

    it('uploads index.html and config.json after them, never cached without revalidating, and invalidates them', () => {
      const [assetsId] = pageDeployment('Assets');
      const [, indexAndConfig] = pageDeployment('IndexAndConfig');
      expect(indexAndConfig.Properties).toMatchObject({
        DestinationBucketName: { Ref: idOf(stack.web.bucket) },
        Prune: false,
        SystemMetadata: { 'cache-control': 'no-cache' },
        DistributionId: { Ref: idOf(stack.web.distribution) },
        DistributionPaths: ['/', '/index.html', '/config.json'],
      });
      expect(indexAndConfig.DependsOn ?? []).toContain(assetsId);
      expect(readFileSync(path.join(stagedSource(indexAndConfig, 0), 'index.html'), 'utf8')).toBe(readFileSync(path.join(page.outDir, 'index.html'), 'utf8'));
    });

    it("writes config.json (web/src/config.ts's PageConfig) naming the API, the user pool, the page client, the sign-in domain and the page", () => {
      const [, indexAndConfig] = pageDeployment('IndexAndConfig');
      const markers = (indexAndConfig.Properties['SourceMarkers'] as Record<string, unknown>[])[1]!;
      const text = readFileSync(path.join(stagedSource(indexAndConfig, 1), 'config.json'), 'utf8');
      // Each deploy-time value as `{{<its CloudFormation>}}`, so the whole file can be compared.
      const resolved = JSON.parse(text.replace(/<<marker:0xbaba:\d+>>/g, (marker) => `{{${JSON.stringify(markers[marker]).replace(/"/g, "'")}}}`));
      const cfn = (value: unknown) => `{{${JSON.stringify(value).replace(/"/g, "'")}}}`;
      expect(resolved).toEqual({
        apiUrl: cfn({ 'Fn::GetAtt': [idOf(stack.api.httpApi), 'ApiEndpoint'] }),
        signIn: {
          kind: 'cognito',
          authority: `https://${cfn({ 'Fn::GetAtt': [idOf(stack.auth.userPool), 'ProviderURL'] })}`,
          clientId: cfn({ Ref: idOf(stack.auth.pageClient) }),
          domain: `https://${authDomainPrefix}.auth.${region}.amazoncognito.com`,
          redirectUri: `https://${cfn({ 'Fn::GetAtt': [idOf(stack.web.distribution), 'DomainName'] })}/`,
        },
      });
    });

    it('runs the deployment as its own role, with no managed policy, writing only to the page bucket, logging to a log group with a retention', () => {
      const roleId = stack.getLogicalId(stack.node.findChild('Web').node.findChild('DeploymentRole').node.defaultChild as CfnElement);
      const handlers = ofType('AWS::Lambda::Function').filter(([, fn]) => JSON.stringify(fn.Properties['Role']) === JSON.stringify({ 'Fn::GetAtt': [roleId, 'Arn'] }));
      expect(handlers).toHaveLength(1);
      expect(handlers[0]![0]).toMatch(/^CustomCDKBucketDeployment/);
      const logGroupId = (handlers[0]![1].Properties['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resource(logGroupId).Properties['RetentionInDays']).toBeGreaterThan(0);
      expect(resource(roleId).Properties).not.toHaveProperty('ManagedPolicyArns');
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, policy]) => JSON.stringify(policy.Properties['Roles']) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
      const writes = statements.filter((statement) => [statement.Action].flat().some((action) => /^s3:(Put|Delete)/.test(action)));
      expect(writes).toHaveLength(1);
      expect(writes[0]!.Resource).toEqual([
        { 'Fn::GetAtt': [idOf(stack.web.bucket), 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(stack.web.bucket), 'Arn'] }, '/*']] },
      ]);
      const everywhere = statements.filter((statement) => statement.Resource === '*');
      expect(everywhere.flatMap((statement) => [statement.Action].flat()).sort()).toEqual(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation']);
    });
  });

  it('outputs the page URL', () => {
    template.hasOutput('PageUrl', { Value: distributionUrl() });
  });
});
