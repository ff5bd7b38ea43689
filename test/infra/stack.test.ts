import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnManagedPolicy, CfnPolicy, CfnRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
// The function cdk-nag names IAM5 findings with: an acknowledgement names a wildcard resource this way.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/app';
import { FUNCTION_TABLE_ACTIONS } from '#infra/constructs/table-access';
import type { IroTimescalesStack } from '#infra/stack';
import { isPublic, ROUTES, routeKeyOf, type RouteDefinition } from '#shared/http/routes';
import { INDEXES } from '#shared/store/table-design';
import { builtPage, testApp } from '../support/cdk-app';

type Resource = { Type: string; Properties: Record<string, unknown> };
const resourcesOf = (template: Template, type: string) => Object.values(template.findResources(type)) as Resource[];
/** The service's own functions: not the one CDK's BucketDeployment makes for the web page (web.test.ts checks that one). */
const serviceFunctionsOf = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([logicalId]) => !logicalId.startsWith('CustomCDKBucketDeployment'))
    .map(([, resource]) => resource as Resource);
const build = (app = testApp()) => buildApp(app, { pageDir: builtPage().outDir });

/** The cdk-nag acknowledgements (rule id → reason) that apply to a construct: its own and its scopes'. */
function acknowledgementsOver(construct: IConstruct): Map<string, string> {
  const acknowledged = new Map<string, string>();
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acknowledged.set(id.replace(/^Annotation::/, ''), reason);
    }
  }
  return acknowledged;
}

/**
 * Every wildcard action and wildcard resource an IAM policy of the stack
 * grants (in an Allow) that cdk-nag was not told about, by name and with a
 * reason, on the policy or a scope of it: `AwsSolutions-IAM5[Action::s3:List*]`,
 * `AwsSolutions-IAM5[Resource::<FnArn>:*]`. A blanket `AwsSolutions-IAM5`
 * acknowledgement does not count. NotAction and NotResource always count.
 */
function unacknowledgedWildcards(stack: Stack): string[] {
  const problems: string[] = [];
  for (const construct of stack.node.findAll()) {
    const documents: unknown[] =
      construct instanceof CfnPolicy || construct instanceof CfnManagedPolicy
        ? [construct.policyDocument]
        : construct instanceof CfnRole
          ? [(stack.resolve(construct.policies) as { policyDocument: unknown }[] | undefined) ?? []].flat().map((policy) => policy.policyDocument)
          : [];
    if (documents.length === 0) continue;
    const acknowledged = acknowledgementsOver(construct);
    const isAcknowledged = (finding: string) => (acknowledged.get(`AwsSolutions-IAM5[${finding}]`) ?? '').trim().length > 0;
    for (const document of documents) {
      const { Statement = [] } = stack.resolve(document) as { Statement?: Record<string, unknown>[] };
      for (const statement of [Statement].flat()) {
        if (statement['Effect'] !== 'Allow') continue;
        const where = construct.node.path;
        if ('NotAction' in statement || 'NotResource' in statement) problems.push(`${where}: NotAction/NotResource`);
        for (const action of [statement['Action']].flat() as string[]) {
          if (action.includes('*') && !isAcknowledged(`Action::${action}`)) problems.push(`${where}: Action::${action}`);
        }
        for (const resource of [statement['Resource']].flat()) {
          const name = flattenCfnReference(resource);
          if (name.includes('*') && !isAcknowledged(`Resource::${name}`)) problems.push(`${where}: Resource::${name}`);
        }
      }
    }
  }
  return problems;
}

describe('IroTimescalesStack', () => {
  let template: Template;
  let stack: IroTimescalesStack;

  beforeAll(() => {
    ({ stack } = build());
    template = Template.fromStack(stack);
  });

  it('keeps the records in one on-demand table with point-in-time recovery, deletion protection and a customer-managed key', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            SSESpecification: { KMSMasterKeyId: Match.anyValue() },
          }),
        ],
        GlobalSecondaryIndexes: INDEXES.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  it('makes exactly the routes of the route table, each behind the Cognito JWT authorizer but those that take no token', () => {
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
    const open = new Set((ROUTES as readonly RouteDefinition[]).filter(isPublic).map(routeKeyOf));
    expect(routes.map((route) => route.Properties['RouteKey']).sort()).toEqual(ROUTES.map(routeKeyOf).sort());
    expect([...open]).toEqual(['GET /calendar-feeds/{secret}']);
    for (const route of routes) {
      if (open.has(route.Properties['RouteKey'] as string)) {
        expect(route.Properties['AuthorizationType']).toBe('NONE');
        expect(route.Properties['AuthorizerId']).toBeUndefined();
      } else {
        expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
      }
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue(), Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it("hands the authority's timescale rules to every function, and refuses a bad setting at synth", () => {
    const app = testApp();
    app.node.setContext('timescalePolicy', { icpcWorkingDays: 10 });
    // The committee's document function reads no register and no rules: the report it is given has them.
    const functions = serviceFunctionsOf(Template.fromStack(build(app).stack)).filter((fn) => !String(fn.Properties['Description']).includes('Word document'));
    for (const fn of functions) {
      expect((fn.Properties['Environment'] as { Variables: Record<string, string> }).Variables['TIMESCALE_POLICY']).toBe('{"icpcWorkingDays":10}');
    }
    const bad = testApp();
    bad.node.setContext('timescalePolicy', { icpcWorkingDayz: 10 });
    expect(() => build(bad)).toThrow(/icpcWorkingDayz/);
  });

  it('creates one Cognito group per role', () => {
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup').map((group) => group.Properties['GroupName']);
    expect(groups.sort()).toEqual(['admin', 'iro', 'service-manager', 'team-manager']);
  });

  it('throttles the API stage and logs its access', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('gives every route that takes no token a throttle of its own, from the route table, after the route exists', () => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as (Resource & { DependsOn?: string[] })[];
    const stage = stages[0];
    const throttled = (ROUTES as readonly RouteDefinition[]).filter((route) => route.throttle);
    const routeIds = Object.fromEntries(
      Object.entries(template.findResources('AWS::ApiGatewayV2::Route')).map(([id, route]) => [(route as Resource).Properties['RouteKey'], id]),
    );

    expect((ROUTES as readonly RouteDefinition[]).filter(isPublic).every((route) => route.throttle !== undefined)).toBe(true);
    expect(stages).toHaveLength(1);
    expect(stage!.Properties['RouteSettings']).toEqual(
      Object.fromEntries(throttled.map((route) => [routeKeyOf(route), { ThrottlingRateLimit: route.throttle!.rateLimit, ThrottlingBurstLimit: route.throttle!.burstLimit }])),
    );
    for (const route of throttled) expect(stage!.DependsOn, routeKeyOf(route)).toContain(routeIds[routeKeyOf(route)]);
  });

  it('logs the route key of each request, never its path (a calendar feed’s path is its secret)', () => {
    const [stage] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');
    const format = (stage!.Properties['AccessLogSettings'] as { Format: string }).Format;

    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/\$context\.(path|resourcePath)|\$request\.path/);
  });

  it('runs every function on Node 24, arm64, with its own log group and a set retention', () => {
    const functions = serviceFunctionsOf(template);
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogGroup: expect.anything() } });
    }
    for (const logGroup of resourcesOf(template, 'AWS::Logs::LogGroup')) {
      expect(logGroup.Properties['RetentionInDays']).toBeGreaterThan(0);
    }
  });

  it('traces every function with X-Ray (active tracing), its tracer named after it, no response recorded', () => {
    const functions = serviceFunctionsOf(template);
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties['TracingConfig']).toEqual({ Mode: 'Active' });
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(variables['POWERTOOLS_SERVICE_NAME']).toMatch(/^(api|annual-document|nightly-timescales|monthly-snapshot)$/);
      expect(variables['POWERTOOLS_TRACER_CAPTURE_RESPONSE']).toBe('false');
      expect(variables['POWERTOOLS_TRACE_ENABLED']).toBeUndefined();
    }
    expect(new Set(functions.map((fn) => (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables['POWERTOOLS_SERVICE_NAME'])).size).toBe(4);
  });

  it('schedules the nightly job at 06:00 and the monthly job at 02:00 on the 1st, in Europe/London, with retries and a dead-letter queue', () => {
    const schedules = resourcesOf(template, 'AWS::Scheduler::Schedule');
    expect(schedules.map((schedule) => schedule.Properties['ScheduleExpression']).sort()).toEqual(['cron(0 2 1 * ? *)', 'cron(0 6 * * ? *)']);
    for (const schedule of schedules) {
      expect(schedule.Properties).toMatchObject({
        ScheduleExpressionTimezone: 'Europe/London',
        Target: { DeadLetterConfig: { Arn: expect.anything() }, RetryPolicy: { MaximumRetryAttempts: 3 } },
      });
    }
  });

  it('lets the scheduler put a failed invocation on the encrypted dead-letter queue', () => {
    const policies = resourcesOf(template, 'AWS::IAM::Policy').filter((policy) =>
      JSON.stringify(policy.Properties['Roles']).includes('SchedulerRole'),
    );
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const actions = (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[] }[] }).Statement.flatMap((statement) => [statement.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'kms:GenerateDataKey', 'kms:Decrypt']));
    }
  });

  it('alarms, to one encrypted topic, on API 5xx, on every function’s errors, on the dead-letter queue and on a digest failed for good', () => {
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const toTopic = [{ Ref: topics[0] }];
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    for (const alarm of alarms) expect(alarm.Properties['AlarmActions']).toEqual(toTopic);
    const alarmOn = (namespace: string, metricName: string, dimensions?: unknown) =>
      alarms.filter(
        (alarm) =>
          alarm.Properties['Namespace'] === namespace &&
          alarm.Properties['MetricName'] === metricName &&
          (dimensions === undefined || JSON.stringify(alarm.Properties['Dimensions']) === JSON.stringify(dimensions)),
      );

    const [httpApi] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(alarmOn('AWS/ApiGateway', '5xx', [{ Name: 'ApiId', Value: { Ref: httpApi } }])).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ Threshold: 1, Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold' }) }),
    ]);
    // Every function, CDK's page-deployment function included.
    const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions) {
      expect(alarmOn('AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: { Ref: fn } }]), fn).toHaveLength(1);
    }
    const [deadLetters] = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters, 'QueueName'] } }])).toHaveLength(1);
    expect(alarmOn('IroTimescales', 'DigestsFailed', [{ Name: 'service', Value: 'nightly-timescales' }])).toHaveLength(1);
    expect(alarmOn('IroTimescales', 'DigestsUnrecorded', [{ Name: 'service', Value: 'nightly-timescales' }])).toHaveLength(1);
    // The topic's key lets CloudWatch publish to it.
    const keyPolicy = JSON.stringify(resourcesOf(template, 'AWS::KMS::Key')[0]?.Properties['KeyPolicy']);
    expect(keyPolicy).toContain('cloudwatch.amazonaws.com');
  });

  it('emails the alarms to the `alarmEmail` context value when it is set, and refuses one that is not an address', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const withEmail = Template.fromStack(build(testApp({ alarmEmail: 'oncall@council.example.gov.uk' })).stack);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@council.example.gov.uk', TopicArn: Match.anyValue() });
    expect(() => build(testApp({ alarmEmail: 'not an address' }))).toThrow(/alarmEmail/);
  });

  it('lets only the nightly job send email, only as the configured identity and sender', () => {
    const policies = resourcesOf(template, 'AWS::IAM::Policy');
    const sesStatements = policies.flatMap((policy) =>
      ((policy.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement).filter((statement) =>
        JSON.stringify(statement['Action']).includes('ses:'),
      ),
    );
    expect(sesStatements).toHaveLength(1);
    expect(sesStatements[0]).toMatchObject({
      Action: 'ses:SendEmail',
      Condition: { StringEquals: { 'ses:FromAddress': 'iro-timescales@council.example.gov.uk' } },
    });
    expect(JSON.stringify(sesStatements[0]?.['Resource'])).toContain('identity/council.example.gov.uk');
  });

  it("gives the nightly job the page's address, the distribution's own, so that the email links each line to the child's page", () => {
    const variables = serviceFunctionsOf(template).map((fn) => (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables);
    const nightly = variables.filter((vars) => vars['SENDER_EMAIL'] !== undefined);
    expect(nightly).toHaveLength(1);
    const distribution = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    expect(distribution).toHaveLength(1);
    expect(nightly[0]!['PAGE_URL']).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution[0], 'DomainName'] }, '/']] });
    expect(variables.filter((vars) => vars['PAGE_URL'] !== undefined)).toHaveLength(1);
  });

  it('grants no wildcard action or resource that cdk-nag was not told of by name, with a reason', () => {
    expect(unacknowledgedWildcards(stack)).toEqual([]);
    // What is acknowledged is what exists: the scheduler roles' `<function>:*`, the functions' X-Ray writes (`*`: X-Ray's
    // only resource) and the page deployment's S3 and CloudFront grants.
    const acknowledged = stack.node.findAll().flatMap((construct) => [...acknowledgementsOver(construct).keys()].filter((id) => id.startsWith('AwsSolutions-IAM5')));
    expect(new Set(acknowledged).size).toBeGreaterThan(0);
  });

  it('finds a wildcard nobody acknowledged, and one acknowledged for another role', () => {
    const { stack: other } = build();
    const sneaky = new Role(other, 'Sneaky', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    sneaky.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: [other.dataStore.table.tableArn, '*'] }));
    expect(unacknowledgedWildcards(other)).toEqual(['IroTimescales/Sneaky/DefaultPolicy/Resource: Action::dynamodb:*', 'IroTimescales/Sneaky/DefaultPolicy/Resource: Resource::*']);
    // The web deployment role's `Resource::*` acknowledgement is its own, not this role's.
    Validations.of(sneaky).acknowledge({ id: 'AwsSolutions-IAM5[Action::dynamodb:*]', reason: 'A test of the check.' });
    expect(unacknowledgedWildcards(other)).toEqual(['IroTimescales/Sneaky/DefaultPolicy/Resource: Resource::*']);
  });

  it('gives each function a role of its own with exactly the table actions its code calls, on the table and the indexes it queries, and no managed policy', () => {
    const functionRoles = { api: 'ApiHandlerRole', 'nightly-timescales': 'JobsNightlyTimescalesFunctionRole', 'monthly-snapshot': 'JobsMonthlySnapshotFunctionRole' } as const;
    const indexes = { api: INDEXES.map((index) => index.name), 'nightly-timescales': ['DueDateIndex'], 'monthly-snapshot': ['RegisterIndex'] };
    for (const role of resourcesOf(template, 'AWS::IAM::Role')) {
      expect(role.Properties['ManagedPolicyArns']).toBeUndefined();
      expect(role.Properties['Policies']).toBeUndefined();
    }
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [string, Resource][];
    for (const [name, rolePrefix] of Object.entries(functionRoles) as [keyof typeof functionRoles, string][]) {
      const own = policies.filter(([logicalId]) => logicalId.startsWith(rolePrefix));
      expect(own, name).toHaveLength(1);
      const statements = (own[0]![1].Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
      const dynamo = statements.filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'));
      expect(dynamo, name).toHaveLength(1);
      expect([dynamo[0]!.Action].flat().sort(), name).toEqual([...FUNCTION_TABLE_ACTIONS[name]].sort());
      const resources = JSON.stringify(dynamo[0]!.Resource);
      expect(resources.match(/\/index\/\w+/g)?.map((index) => index.slice('/index/'.length)).sort(), name).toEqual([...indexes[name]].sort());
      const actions = statements.flatMap((statement) => [statement.Action].flat()).filter((action) => !action.startsWith('dynamodb:'));
      expect(actions.sort(), name).toEqual(
        [
          'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents',
          'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
          ...(name === 'nightly-timescales' ? ['ses:SendEmail'] : []),
          ...(name === 'api' ? ['lambda:InvokeFunction'] : []),
        ].sort(),
      );
    }
  });

  it("lets the API invoke the committee's document function, and that one only, which may touch nothing but its logs", () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [string, Resource][];
    const statementsOf = (prefix: string) =>
      policies.filter(([logicalId]) => logicalId.startsWith(prefix)).flatMap(([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const documentFunction = Object.entries(template.findResources('AWS::Lambda::Function')).find(([logicalId]) => logicalId.startsWith('ApiAnnualDocument'))!;

    const invoke = statementsOf('ApiHandlerRole').filter((statement) => JSON.stringify(statement.Action).includes('lambda:'));
    expect(invoke).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [documentFunction[0], 'Arn'] } })]);
    expect(statementsOf('ApiAnnualDocumentRole').flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
      'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
    expect((documentFunction[1] as Resource).Properties).toMatchObject({ MemorySize: 1024, Timeout: 25 });
    const apiFunction = serviceFunctionsOf(template).find((fn) => String(fn.Properties['Description']).startsWith('Serves the HTTP API'))!;
    expect((apiFunction.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables['ANNUAL_DOCUMENT_FUNCTION_NAME']).toEqual({ Ref: documentFunction[0] });
  });
});

describe('cdk-nag AwsSolutions checks', () => {
  it('pass on the stack as it is', () => {
    const { app } = build();
    expect(() => app.synth()).not.toThrow();
  });

  it('fail a stack with an unacknowledged finding, so the check is live', () => {
    const { app, stack } = build();
    new Queue(stack as Stack, 'UnencryptedQueueWithNoDeadLetterQueue');
    expect(() => app.synth()).toThrow();
  });
});
