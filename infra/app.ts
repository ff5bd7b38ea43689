/**
 * The CDK app. Deploy with
 *   npx cdk deploy -c sesIdentity=example.gov.uk -c senderEmail=iro-timescales@example.gov.uk -c authDomainPrefix=<unique prefix>
 * It builds the web page (web/build.ts, into .build/web) before making the
 * stack, which uploads it. cdk-nag's AwsSolutions checks run on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { timescalePolicyFromJson } from '#shared/domain/timescales/policy-override';
import { buildWeb } from '../web/build';
import { IroTimescalesStack } from '#infra/stack';

/**
 * The authority's changes to the timescale rules (`-c timescalePolicy='{"icpcWorkingDays":10}'`
 * or an object in cdk.json), checked here so that a bad setting fails the synth, not a Lambda.
 */
function timescalePolicyContext(app: App): string {
  const value: unknown = app.node.tryGetContext('timescalePolicy');
  if (value === undefined || value === null || value === '') return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  timescalePolicyFromJson(text);
  return text;
}

export interface BuildAppOptions {
  /** An already built page folder (the tests build theirs once); by default the page is built into .build/web. */
  pageDir?: string;
}

export function buildApp(app: App = new App(), options: BuildAppOptions = {}): { app: App; stack: IroTimescalesStack } {
  const context = (name: string): string => {
    const value: unknown = app.node.tryGetContext(name);
    if (typeof value !== 'string' || value === '') throw new Error(`Set the CDK context value "${name}" (cdk.json or -c ${name}=…).`);
    return value;
  };
  const stack = new IroTimescalesStack(app, 'IroTimescales', {
    description: 'IRO timescales: statutory review and child protection conference due dates',
    // The table's customer-managed key needs a region-specific stack.
    env: { region: context('region'), account: process.env['CDK_DEFAULT_ACCOUNT'] },
    sesIdentity: context('sesIdentity'),
    senderEmail: context('senderEmail'),
    timescalePolicy: timescalePolicyContext(app),
    // Checked by Auth (checkAuthDomainPrefix), so a prefix Cognito would refuse fails the synth.
    authDomainPrefix: context('authDomainPrefix'),
    pageDir: options.pageDir ?? buildWeb().outDir,
    // Optional: where the alarms are emailed (-c alarmEmail=oncall@council.example.gov.uk).
    ...(typeof app.node.tryGetContext('alarmEmail') === 'string' && app.node.tryGetContext('alarmEmail') !== ''
      ? { alarmEmail: app.node.tryGetContext('alarmEmail') as string }
      : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('infra/app.ts')) {
  buildApp().app.synth();
}
