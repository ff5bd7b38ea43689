/**
 * "IROs": the IRO directory, for admins. The table lists every IRO
 * (`GET /iros`, by email) with their FTE and the days they were active; the
 * form beneath adds one, or, from "Change" beside an IRO, replaces their
 * entry (`PUT /iros/{email}`). The caseload per full-time IRO in the monthly
 * figures is counted from it. The API checks every answer; the page only
 * says what it refused beside the field, the GOV.UK way.
 */
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { longDate } from '../format';
import { fieldsFor, fteInWords, iroBody, valuesOf, type IroEntry } from '../iros';
import { refusalProblems, type FormProblem, type FormValues } from '../records';
import { hrefOf, navigate } from '../router';
import { SuccessBanner } from './child';
import { PageHeading, Show, TableSection, useLoad } from './page';
import { ErrorSummary, Field } from './record-forms';

export function IrosScreen({ api, email }: { api: Api; email?: string }) {
  const [reloads, setReloads] = useState(0);
  const [done, setDone] = useState<string>();
  const loaded = useLoad(() => api.get<{ iros: IroEntry[] }>('/iros').then((answer) => answer.iros), [reloads]);

  return (
    <>
      {done && <SuccessBanner text={done} />}
      <PageHeading>IROs</PageHeading>
      <p class="govuk-body">
        Every Independent Reviewing Officer, with the fraction of a full-time post they work and the days they were active. The monthly figures count the
        caseload per full-time IRO from this list; an IRO not in it counts as full time.
      </p>
      <Show loaded={loaded} what="the IROs">
        {(iros) => {
          const changing = email === undefined ? undefined : iros.find((entry) => entry.email === email);
          return (
            <>
              <TableSection
                id="iros"
                title="The IRO directory"
                empty="No IRO is in the directory yet."
                rows={iros}
                headings={['Name', 'Email', 'FTE', 'Active from', 'Active to', <span class="govuk-visually-hidden">Change</span>]}
                row={(entry) => [
                  entry.name,
                  entry.email,
                  fteInWords(entry.fte),
                  longDate(entry.activeFrom),
                  entry.activeTo ? longDate(entry.activeTo) : 'Still active',
                  <a class="govuk-link" href={hrefOf.iros(entry.email)}>
                    Change<span class="govuk-visually-hidden"> {entry.name}’s entry</span>
                  </a>,
                ]}
              />
              {email !== undefined && changing === undefined ? (
                <p class="govuk-body">
                  No IRO in the directory has the email {email}.{' '}
                  <a class="govuk-link" href={hrefOf.iros()}>
                    Add an IRO instead
                  </a>
                </p>
              ) : (
                <IroForm
                  key={changing?.email ?? 'new'}
                  api={api}
                  entry={changing}
                  onDone={(text) => {
                    setDone(text);
                    setReloads((n) => n + 1);
                    navigate(hrefOf.iros());
                  }}
                />
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}

function IroForm({ api, entry, onDone }: { api: Api; entry?: IroEntry; onDone: (text: string) => void }) {
  const adding = entry === undefined;
  const fields = fieldsFor(adding);
  const [values, setValues] = useState<FormValues>(valuesOf(entry));
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [sending, setSending] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    const made = iroBody(values, fields);
    if (made.body === undefined) {
      setProblems(made.problems);
      return;
    }
    const email = adding ? (values['email'] ?? '').trim() : entry.email;
    setSending(true);
    setProblems([]);
    try {
      const answer = await api.send<IroEntry>('PUT', `/iros/${encodeURIComponent(email)}`, made.body);
      if (answer.status === 200 || answer.status === 201) {
        const name = answer.body?.name ?? String(made.body['name']);
        onDone(answer.status === 201 ? `${name} was added to the directory.` : `${name}’s entry was changed.`);
      } else {
        setProblems(refusalProblems(answer.status, answer.body, fields).map((problem) => (answer.status === 403 ? { message: 'Only an admin may change the IRO directory.' } : problem)));
      }
    } catch (error) {
      setProblems([{ message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      setSending(false);
    }
  };

  const errorOf = (name: string) => problems.find((problem) => problem.field === name)?.message;
  return (
    <section aria-labelledby="iro-form-heading" data-iro-form>
      <h2 class="govuk-heading-m" id="iro-form-heading">
        {adding ? 'Add an IRO' : `Change ${entry.name}’s entry`}
      </h2>
      {!adding && <p class="govuk-body">Email: {entry.email}</p>}
      <ErrorSummary problems={problems} />
      <form noValidate onSubmit={(event) => void submit(event)}>
        {fields.map((field) => (
          <Field field={field} value={values[field.name] ?? ''} error={errorOf(field.name)} onChange={(value) => setValues({ ...values, [field.name]: value })} />
        ))}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" data-module="govuk-button" disabled={sending}>
            {adding ? 'Add the IRO' : 'Save the entry'}
          </button>
          {!adding && (
            <a class="govuk-link" href={hrefOf.iros()}>
              Cancel
            </a>
          )}
        </div>
      </form>
    </section>
  );
}
