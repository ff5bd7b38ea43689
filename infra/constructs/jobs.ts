/**
 * The scheduled jobs: EventBridge Scheduler in Europe/London (so the clock
 * change never moves them) invoking each job's function, with retries and a
 * dead-letter queue for invocations that still fail.
 */
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOB_SCHEDULES, METRICS_NAMESPACE, SCHEDULE_TIME_ZONE, eventBridgeCron, type JobSchedule } from '#shared/schedules';
import { DUE_DATE_INDEX, REGISTER_INDEX } from '#shared/store/table-design';
import type { Alarms } from '#infra/constructs/alarms';
import { ServiceFunction } from '#infra/constructs/service-function';
import { FUNCTION_TABLE_ACTIONS, grantTableAccess } from '#infra/constructs/table-access';

export interface JobsProps {
  table: TableV2;
  key: IKey;
  /** The SES identity (domain or address) the nightly job sends from. */
  sesIdentity: string;
  senderEmail: string;
  timescalePolicy: string;
  /** The web page's address (`https://…/`): each line of the nightly email links to the child's page on it. */
  pageUrl?: string;
  /** Where the jobs' alarms go. */
  alarms: Alarms;
}

export class Jobs extends Construct {
  readonly functions: Record<JobSchedule['job'], ServiceFunction>;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    if (SCHEDULE_TIME_ZONE !== TimeZone.EUROPE_LONDON.timezoneName) throw new Error('schedule time zone mismatch');
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the dead-letter queue of the jobs' EventBridge Scheduler targets; cdk-nag only recognises SQS redrive policies.",
    });

    const make = (schedule: JobSchedule, environment: Record<string, string>, actions: readonly string[], indexes: readonly string[]) => {
      const fn = new ServiceFunction(this, `${pascal(schedule.job)}Function`, {
        functionDir: schedule.job,
        description: schedule.description,
        environment: { TABLE_NAME: props.table.tableName, TIMESCALE_POLICY: props.timescalePolicy, ...environment },
        memorySize: 1024,
        timeout: Duration.minutes(10),
      });
      grantTableAccess(fn, { table: props.table, key: props.key, actions, indexes });
      // Our own role, so that its one finding can be acknowledged on it alone.
      const schedulerRole = new Role(this, `${pascal(schedule.job)}SchedulerRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
        description: `Lets EventBridge Scheduler invoke the ${schedule.job} job`,
      });
      // The dead-letter queue is encrypted with the table's key: a failed invocation must be able to land there.
      schedulerRole.addToPolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.key.keyArn] }));
      new Schedule(this, `${pascal(schedule.job)}Schedule`, {
        description: schedule.description,
        schedule: ScheduleExpression.expression(eventBridgeCron(schedule), TimeZone.EUROPE_LONDON),
        target: new LambdaInvoke(fn, {
          role: schedulerRole,
          input: ScheduleTargetInput.fromObject({}),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
        }),
      });
      const functionLogicalId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction);
      Validations.of(schedulerRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
        reason: "CDK's LambdaInvoke target grants invoke on this one function and its versions (`:*`); no other function is reachable.",
      });
      return fn;
    };

    const [nightly, monthly] = ['nightly-timescales', 'monthly-snapshot'].map((job) => {
      const schedule = JOB_SCHEDULES.find((candidate) => candidate.job === job);
      if (!schedule) throw new Error(`no schedule for ${job}`);
      return schedule;
    }) as [JobSchedule, JobSchedule];

    const nightlyFunction = make(
      nightly,
      { SENDER_EMAIL: props.senderEmail, ...(props.pageUrl ? { PAGE_URL: props.pageUrl } : {}) },
      FUNCTION_TABLE_ACTIONS['nightly-timescales'],
      [DUE_DATE_INDEX.name],
    );
    // Send only as the configured identity, only from the configured address.
    nightlyFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: props.sesIdentity })],
        conditions: { StringEquals: { 'ses:FromAddress': props.senderEmail } },
      }),
    );
    // The monthly job reads the register index, shard by shard: no Scan.
    const monthlyFunction = make(monthly, {}, FUNCTION_TABLE_ACTIONS['monthly-snapshot'], [REGISTER_INDEX.name]);
    this.functions = { 'nightly-timescales': nightlyFunction, 'monthly-snapshot': monthlyFunction };

    // Someone must hear when a digest could not be sent, or a job's invocation failed for good.
    props.alarms.alarm(
      'DigestsFailedAlarm',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'DigestsFailed',
        dimensionsMap: { service: 'nightly-timescales' },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      'A nightly digest could not be sent to an IRO or team manager: see the nightly-timescales logs for who.',
    );
    props.alarms.alarm(
      'DigestsUnrecordedAlarm',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'DigestsUnrecorded',
        dimensionsMap: { service: 'nightly-timescales' },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      'A nightly digest may have been sent but is not recorded (SES timed out, or the ledger could not be written): ' +
        'see the nightly-timescales logs for who could have two, or none (README: "The nightly email", --resend-unknown).',
    );
    props.alarms.alarm(
      'DeadLettersAlarm',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'A scheduled job could not be invoked even after retries: its event is in the dead-letter queue (README: "When something goes wrong").',
    );
  }
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
