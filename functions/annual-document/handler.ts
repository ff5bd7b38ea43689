/**
 * The committee's Word document (GET /reports/annual?format=docx): the API
 * function invokes this one with the annual report's JSON, and it answers
 * the .docx, base64. It holds docx, Vega and resvg, which the API's bundle
 * does not. It reads nothing and writes nothing: the report is all it needs.
 */
import type { Context } from 'aws-lambda';
import { annualReportSchema } from '#shared/api/responses';
import { annualDocument } from '#shared/report-document/annual-document';
import type { AnnualDocumentEvent, AnnualDocumentResult } from '#shared/report-document/annual-documents';
import { createLogger } from '#shared/logger';
import { tracedHandler } from '#shared/tracing';

const logger = createLogger('annual-document');

async function annualDocumentOf(event: AnnualDocumentEvent, context?: Context): Promise<AnnualDocumentResult> {
  if (context) logger.addContext(context);
  const report = annualReportSchema.parse(event.report);
  const started = performance.now();
  const document = await annualDocument(report);
  logger.info('annual document made', { year: report.year, bytes: document.byteLength, ms: Math.round(performance.now() - started) });
  return { document: Buffer.from(document).toString('base64') };
}

/** The function, its invocation traced (shared/tracing.ts). */
export const handler = tracedHandler(annualDocumentOf);
