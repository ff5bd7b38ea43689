/**
 * The IRO timescales service: the table (stateful) and the API, jobs, sign-in
 * and web page (stateless), wired by passing constructs.
 *
 * The order breaks what would otherwise be a cycle between the page and the API:
 *   1. Web: the bucket and the CloudFront distribution. Its CSP names the API
 *      and Cognito by region-derived hostnames only, never the HttpApi itself.
 *   2. Auth: the user pool, its hosted sign-in domain, and the page's app
 *      client, whose callback is the distribution's URL.
 *   3. Api: CORS allows only the distribution's origin; the JWT authorizer
 *      accepts both app clients.
 *   4. web.publish: index.html and config.json, which name the API, the user
 *      pool and the page client (deploy-time values).
 * In CloudFormation: distribution ← page client ← authorizer, distribution ←
 * HttpApi (CORS), and config.json ← all of them; nothing points back at the
 * distribution's inputs.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { PageConfig } from '../web/src/config';
import { Alarms } from '#infra/constructs/alarms';
import { Api } from '#infra/constructs/api';
import { Auth, hostedSignInOrigin } from '#infra/constructs/auth';
import { DataStore } from '#infra/constructs/data-store';
import { Jobs } from '#infra/constructs/jobs';
import { Web } from '#infra/constructs/web';

export interface IroTimescalesStackProps extends StackProps {
  /** The verified SES identity (a domain or an address) that emails are sent as. */
  sesIdentity: string;
  /** The From address of the emails; must belong to `sesIdentity`. */
  senderEmail: string;
  /** The authority's timescale rule overrides, as JSON; empty for docs/domain.md's defaults. */
  timescalePolicy: string;
  /** The hosted sign-in's Cognito domain prefix: `https://<prefix>.auth.<region>.amazoncognito.com`, unique in the region. */
  authDomainPrefix: string;
  /** The built web page folder (web/build.ts's `buildWeb().outDir`). */
  pageDir: string;
  /** Where the alarms are emailed (the CDK context value `alarmEmail`); unset, subscribe to the `AlarmTopicArn` output by hand. */
  alarmEmail?: string;
}

export class IroTimescalesStack extends Stack {
  readonly dataStore: DataStore;
  readonly alarms: Alarms;
  readonly web: Web;
  readonly auth: Auth;
  readonly api: Api;
  readonly jobs: Jobs;

  constructor(scope: Construct, id: string, props: IroTimescalesStackProps) {
    super(scope, id, props);
    this.dataStore = new DataStore(this, 'Data');
    this.alarms = new Alarms(this, 'Alarms', { key: this.dataStore.key, ...(props.alarmEmail ? { email: props.alarmEmail } : {}) });
    this.web = new Web(this, 'Web', {
      pageDir: props.pageDir,
      connectSources: [
        // The API as a regional wildcard of AWS-owned API Gateway hostnames, not
        // its own: the API's CORS names the distribution's domain, so the
        // distribution's headers cannot name the API (CloudFormation would find a
        // cycle). A custom domain for the API, a name chosen up front, would let
        // this be exact.
        `https://*.execute-api.${this.region}.amazonaws.com`,
        // Cognito's OIDC discovery and keys, and the hosted sign-in's token endpoint.
        `https://cognito-idp.${this.region}.amazonaws.com`,
        hostedSignInOrigin(props.authDomainPrefix, this.region),
      ],
    });
    this.auth = new Auth(this, 'Auth', { domainPrefix: props.authDomainPrefix, pageUrl: this.web.pageUrl });
    this.api = new Api(this, 'Api', {
      table: this.dataStore.table,
      key: this.dataStore.key,
      userPool: this.auth.userPool,
      userPoolClients: [this.auth.client, this.auth.pageClient],
      pageOrigin: this.web.origin,
      timescalePolicy: props.timescalePolicy,
    });
    this.jobs = new Jobs(this, 'Jobs', {
      table: this.dataStore.table,
      key: this.dataStore.key,
      sesIdentity: props.sesIdentity,
      senderEmail: props.senderEmail,
      timescalePolicy: props.timescalePolicy,
      // The distribution's own address: the nightly email links each line to the child's page there.
      pageUrl: this.web.pageUrl,
      alarms: this.alarms,
    });
    this.web.publish({
      apiUrl: this.api.httpApi.apiEndpoint,
      signIn: {
        kind: 'cognito',
        // ProviderURL has no scheme: `cognito-idp.<region>.amazonaws.com/<userPoolId>`.
        authority: `https://${this.auth.userPool.userPoolProviderUrl}`,
        clientId: this.auth.pageClient.userPoolClientId,
        domain: this.auth.signInOrigin,
        redirectUri: this.web.pageUrl,
      },
    } satisfies PageConfig);

    this.alarms.onServerErrors(this.api.httpApi);
    // Every function in the stack, CDK's own (the page deployment's) included, so that a new one is never left unwatched.
    for (const fn of this.node.findAll().filter((construct): construct is LambdaFunction => construct instanceof LambdaFunction)) {
      const id = fn.node.path.split('/').slice(1).join('').replace(/[^A-Za-z0-9]/g, '');
      this.alarms.onFunctionErrors(id, fn, fn.node.path.split('/').slice(1).join('/'));
    }

    new CfnOutput(this, 'PageUrl', { value: this.web.pageUrl });
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.dataStore.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
