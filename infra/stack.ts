/**
 * The IRO timescales service: the table (stateful) and the API, jobs and
 * sign-in (stateless), wired by passing constructs.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { Auth } from './constructs/auth';
import { DataStore } from './constructs/data-store';
import { Jobs } from './constructs/jobs';

export interface IroTimescalesStackProps extends StackProps {
  /** The verified SES identity (a domain or an address) that emails are sent as. */
  sesIdentity: string;
  /** The From address of the emails; must belong to `sesIdentity`. */
  senderEmail: string;
  /** The authority's timescale rule overrides, as JSON; empty for DOMAIN.md's defaults. */
  timescalePolicy: string;
}

export class IroTimescalesStack extends Stack {
  readonly dataStore: DataStore;
  readonly auth: Auth;
  readonly api: Api;
  readonly jobs: Jobs;

  constructor(scope: Construct, id: string, props: IroTimescalesStackProps) {
    super(scope, id, props);
    this.dataStore = new DataStore(this, 'Data');
    this.auth = new Auth(this, 'Auth');
    this.api = new Api(this, 'Api', {
      table: this.dataStore.table,
      key: this.dataStore.key,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.client,
      timescalePolicy: props.timescalePolicy,
    });
    this.jobs = new Jobs(this, 'Jobs', {
      table: this.dataStore.table,
      key: this.dataStore.key,
      sesIdentity: props.sesIdentity,
      senderEmail: props.senderEmail,
      timescalePolicy: props.timescalePolicy,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.dataStore.table.tableName });
  }
}
