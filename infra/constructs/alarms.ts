/**
 * Who hears when something goes wrong: one SNS topic, encrypted with the
 * table's key, that every alarm of the service notifies, with an optional
 * email subscription (the CDK context value `alarmEmail`). The stack alarms
 * on the API's 5xx answers and on every Lambda function's errors here; the
 * jobs add theirs (a digest that failed for good, the dead-letter queue).
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Encrypts the topic (CloudWatch is allowed to use it to publish). */
  key: IKey;
  /** Where the alarms are emailed; none when unset (subscribe the on-call address by hand). */
  email?: string;
}

/** A plausible email address, checked at synth rather than by SNS at deploy. */
export function checkAlarmEmail(email: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`alarmEmail "${email}" is not an email address.`);
  return email;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'IRO timescales alarms', masterKey: props.key, enforceSSL: true });
    props.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    if (props.email) this.topic.addSubscription(new EmailSubscription(checkAlarmEmail(props.email)));
    this.action = new SnsAction(this.topic);
  }

  /** An alarm that notifies the topic when `metric` reaches `threshold` in one period. */
  alarm(id: string, metric: IMetric, description: string, threshold = 1): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  /** Any 5xx answer from the API in five minutes: the handler answers every bad request with a 4xx, so a 5xx is a fault. */
  onServerErrors(api: IHttpApi): Alarm {
    return this.alarm(
      'ApiServerErrorsAlarm',
      api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'The HTTP API answered 5xx: see the API function logs (and the access logs) for the request ids.',
    );
  }

  /** Any error (an uncaught throw, a timeout, running out of memory) of the function in five minutes. */
  onFunctionErrors(id: string, fn: IFunction, name: string): Alarm {
    return this.alarm(
      `${id}ErrorsAlarm`,
      fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      `The ${name} function failed (threw, timed out or ran out of memory): see its log group.`,
    );
  }
}
