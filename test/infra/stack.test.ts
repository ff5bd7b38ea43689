import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { ROUTES, routeKeyOf } from '#shared/http/routes';
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

describe('IroTimescalesStack', () => {
  let template: Template;

  beforeAll(() => {
    const { stack } = build();
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

  it('makes exactly the routes of the route table, each behind the Cognito JWT authorizer', () => {
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
    expect(routes.map((route) => route.Properties['RouteKey']).sort()).toEqual(ROUTES.map(routeKeyOf).sort());
    for (const route of routes) {
      expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
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
    const functions = serviceFunctionsOf(Template.fromStack(build(app).stack));
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

  it('runs every function on Node 24, arm64, with its own log group and a set retention', () => {
    const functions = serviceFunctionsOf(template);
    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogGroup: expect.anything() } });
    }
    for (const logGroup of resourcesOf(template, 'AWS::Logs::LogGroup')) {
      expect(logGroup.Properties['RetentionInDays']).toBeGreaterThan(0);
    }
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

  it('alarms, to an encrypted topic, when a digest fails for good and when a job lands in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'IroTimescales',
      MetricName: 'DigestsFailed',
      Dimensions: [{ Name: 'service', Value: 'nightly-timescales' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.anyValue()],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
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

  it('grants no wildcard action and no wildcard resource but the one acknowledged for the scheduler', () => {
    // Not the web page's deployment role: CDK's BucketDeployment grants with wildcards, each acknowledged (web.test.ts checks its reach).
    const statements = resourcesOf(template, 'AWS::IAM::Policy').filter((policy) => !JSON.stringify(policy.Properties['Roles']).includes('WebDeploymentRole')).flatMap((policy) =>
      (policy.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement,
    );
    const wildcards = statements.flatMap((statement) => {
      const actions = [statement['Action']].flat() as string[];
      const resources = [statement['Resource']].flat().map((resource) => JSON.stringify(resource));
      return [...actions.filter((action) => action.includes('*')), ...resources.filter((resource) => resource.includes('*'))];
    });
    // The scheduler's role may invoke its job function's versions: `<function ARN>:*`, acknowledged with a reason.
    const schedulerInvoke = /^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["Jobs\w+Function[0-9A-F]+","Arn"\]\},":\*"\]\]\}$/;
    const unexpected = wildcards.filter((wildcard) => !schedulerInvoke.test(wildcard));
    expect(unexpected).toEqual([]);
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
