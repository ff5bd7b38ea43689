/**
 * How the API has the committee's Word document made: a port, and its
 * adapter that invokes the document function (functions/annual-document),
 * which holds the heavy libraries (docx, Vega, resvg) so that the API's own
 * bundle and cold start carry none of them. The payloads between the two are
 * {@link AnnualDocumentEvent} and {@link AnnualDocumentResult}.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { InternalError, ServiceUnavailableError } from '#shared/errors';
import type { AnnualReport } from '#shared/report-document/annual-document';
import { traced } from '#shared/tracing';

/** Makes the committee's Word document from an annual report. */
export interface AnnualDocuments {
  render(report: AnnualReport): Promise<Uint8Array>;
}

/** The Word document's media type. */
export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The document's file name: `annual-report-2024-25.docx`. */
export const annualDocumentName = (year: number) => `annual-report-${year}-${String(year + 1).slice(2)}.docx`;

/** What the document function is invoked with. */
export interface AnnualDocumentEvent {
  report: AnnualReport;
}

/** What the document function answers: the .docx, base64 (a Lambda payload is JSON). */
export interface AnnualDocumentResult {
  document: string;
}

/**
 * The document function, invoked synchronously. The SDK's client is imported
 * (and made, traced) on the first document asked for, not when the API starts: most requests
 * never need it. A throttled invocation is a 503 to retry; a failed one, a 500.
 *
 * @example
 * const documents = lambdaAnnualDocuments(requiredEnv('ANNUAL_DOCUMENT_FUNCTION_NAME'));
 * const docx = await documents.render(report);
 */
export function lambdaAnnualDocuments(functionName: string, client?: LambdaClient): AnnualDocuments {
  let lambda: Promise<{ client: LambdaClient; InvokeCommand: typeof import('@aws-sdk/client-lambda').InvokeCommand }> | undefined;
  const connect = () =>
    (lambda ??= import('@aws-sdk/client-lambda').then((sdk) => ({ client: client ?? traced(new sdk.LambdaClient({ maxAttempts: 3 })), InvokeCommand: sdk.InvokeCommand })));
  return {
    async render(report) {
      const { client: invoker, InvokeCommand } = await connect();
      const event: AnnualDocumentEvent = { report };
      let answer;
      try {
        answer = await invoker.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: JSON.stringify(event) }));
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (/TooManyRequests|Throttl|ResourceNotReady|ServiceException/.test(name)) {
          throw new ServiceUnavailableError(5, { message: 'The committee’s document could not be made just now; please retry shortly.', cause: error });
        }
        throw new InternalError('The committee’s document could not be made.', { cause: error });
      }
      const payload = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
      if (answer.FunctionError) throw new InternalError(`The committee’s document could not be made: ${answer.FunctionError}.`, { cause: new Error(payload.slice(0, 1000)) });
      const result = JSON.parse(payload) as Partial<AnnualDocumentResult>;
      if (typeof result.document !== 'string') throw new InternalError('The document function answered no document.');
      return new Uint8Array(Buffer.from(result.document, 'base64'));
    },
  };
}
