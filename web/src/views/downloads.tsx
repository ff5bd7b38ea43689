/** CSV and JSON download buttons (and, for a year, the committee's Word document): the API's own files, fetched with the signed-in person's token. */
import { useState } from 'preact/hooks';
import type { Api } from '../api';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Download {
  path: string;
  name: string;
}

export function Downloads({ api, what, csv, json, docx }: { api: Api; what: string; csv: Download; json: Download; docx?: Download }) {
  const [problem, setProblem] = useState<string>();
  const download = (file: Download, accept: string) => () => {
    setProblem(undefined);
    api.download(file.path, accept, file.name).catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
  };
  return (
    <div class="app-downloads">
      <h2 class="govuk-heading-m">Download {what}</h2>
      {problem && (
        <p class="govuk-error-message" role="alert">
          <span class="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--secondary" onClick={download(csv, 'text/csv')}>
          Download CSV<span class="govuk-visually-hidden"> of {what}</span>
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={download(json, 'application/json')}>
          Download JSON<span class="govuk-visually-hidden"> of {what}</span>
        </button>
        {docx && (
          <button type="button" class="govuk-button govuk-button--secondary" onClick={download(docx, DOCX)}>
            Download for the committee (Word)<span class="govuk-visually-hidden"> of {what}</span>
          </button>
        )}
      </div>
    </div>
  );
}
