/**
 * The port the API has the document made through, against the local
 * stand-in for Lambda's Invoke API: the real document function answers the
 * .docx, base64; a function that fails is a 500 to the API's client, never
 * a document; and the catalogue plots only lines the annual report has.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_FUNCTIONS, startLambdaLocal, type RunningLambdaLocal } from '#infra/local/lambda-local';
import { REPORT_CHARTS, chartSeries } from '#shared/domain/report-charts';
import { InternalError } from '#shared/errors';
import { lambdaAnnualDocuments } from '#shared/report-document/annual-documents';
import { anAnnualReport } from '../support/annual-report';
import { readDocx } from '../support/docx';

describe('the document function, invoked as the API invokes it', () => {
  let lambda: RunningLambdaLocal;
  let client: LambdaClient;

  beforeAll(async () => {
    lambda = await startLambdaLocal({
      functions: {
        ...LOCAL_FUNCTIONS,
        broken: async () => async () => {
          throw new Error('out of memory');
        },
      },
    });
    client = new LambdaClient({ endpoint: lambda.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await lambda.stop();
  });

  it('answers the year’s .docx from the annual report’s JSON', async () => {
    const bytes = await lambdaAnnualDocuments('annual-document', client).render(anAnnualReport());

    expect(readDocx(bytes).body.flatMap((block) => (block.kind === 'paragraph' ? block.pictures : []))).toHaveLength(REPORT_CHARTS.length);
  }, 60_000);

  it('turns a failed invocation into an internal error, with the function’s own error as its cause', async () => {
    const failure = await lambdaAnnualDocuments('broken', client).render(anAnnualReport()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(InternalError);
    expect(String((failure as InternalError).cause)).toContain('out of memory');
  });
});

describe('the chart catalogue', () => {
  it('plots only lines the annual report has, by key: none is drawn as zeros for want of its row', () => {
    const report = anAnnualReport();
    const missing = REPORT_CHARTS.flatMap((chart) => chartSeries(chart, report.rows).filter((series) => !series.present).map((series) => `Chart ${chart.number}: ${series.key}`));

    expect(missing).toEqual([]);
  });
});
