/**
 * The forms for one of a child's records: "Add" (a new case dispute: its
 * answers, sent as a `POST` with the child's ETag), "Correct" (the record's correctable
 * fields; only what changed is sent, as a `PATCH` with the child's ETag in
 * `If-Match`) and "Remove" (why, then a `DELETE` with the reason). A refusal
 * is shown as GOV.UK shows one: an error summary at the top, focused, linking
 * to each field, and each field's reason beside it. On success the page goes
 * back to the child, who is read again, with a banner saying what was done.
 */
import type { Meeting } from '#shared/domain/records';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { leaveNotice } from '../notice';
import {
  REASON_MAX,
  REMOVAL_FIELDS,
  fieldsFor,
  findRecord,
  idOf,
  initialValues,
  mayChangeRecords,
  newRecordBody,
  newRecordFields,
  newRecordValues,
  patchBody,
  reasonAsSent,
  recordInWords,
  recordPath,
  recordSummary,
  refusalProblems,
  removableAlone,
  removalBody,
  KIND,
  type AddableKind,
  type AnyRecord,
  type ChildFile,
  type FieldSpec,
  type FormProblem,
  type FormValues,
  type RecordKind,
} from '../records';
import { hrefOf, navigate, type RecordAction } from '../router';
import type { SignedIn } from '../session';
import { PageHeading, Show, useLoad } from './page';

export const fieldId = (name: string) => `field-${name}`;

interface RecordScreenProps {
  api: Api;
  user: SignedIn;
  action: RecordAction;
  childId: string;
  kind: RecordKind;
  recordId: string;
}

/** Reads the child (and its ETag) and shows the form for the record, or why there is none. */
export function RecordScreen({ api, user, action, childId, kind, recordId }: RecordScreenProps) {
  const [reloads, setReloads] = useState(0);
  const loaded = useLoad(() => api.getWithEtag<ChildFile>(`/children/${encodeURIComponent(childId)}`), [childId, kind, recordId, action, reloads]);
  return (
    <Show loaded={loaded} what="the child's records">
      {({ body: child, etag }) => {
        const record = findRecord(child, kind, recordId);
        const back = (
          <p class="govuk-body">
            <a class="govuk-link" href={hrefOf.child(childId)}>Back to case {child.reference}</a>
          </p>
        );
        if (!record) {
          return (
            <>
              <PageHeading caption={`Case ${child.reference}`}>Record not found</PageHeading>
              <p class="govuk-body">This record is not on the child's file: it may have been removed.</p>
              {back}
            </>
          );
        }
        if (!mayChangeRecords(user, child) || (action === 'remove' && !removableAlone(kind, record))) {
          return (
            <>
              <PageHeading caption={`Case ${child.reference}`}>You cannot change this record</PageHeading>
              <p class="govuk-body">
                {mayChangeRecords(user, child)
                  ? 'The conference recorded here made this registration: remove that meeting instead.'
                  : "Only the child's IRO, or an administrator, can correct or remove their records."}
              </p>
              {back}
            </>
          );
        }
        if (kind === 'meetings' && action === 'correct' && (record as Meeting).status === 'booked') {
          return (
            <>
              <PageHeading caption={`Case ${child.reference}`}>A booking is not corrected</PageHeading>
              <p class="govuk-body">
                This meeting is booked, not yet held: move the booking, record it as held once the day has come, or cancel it, from the child's page.
              </p>
              {back}
            </>
          );
        }
        const props = { api, child, etag, kind, record, onReload: () => setReloads((n) => n + 1) };
        // Keyed by the version: records read again start a fresh form.
        return action === 'correct' ? <CorrectForm key={etag} {...props} /> : <RemoveForm key={etag} {...props} />;
      }}
    </Show>
  );
}

/** The heading of each addable kind's form, and what the banner says once it is recorded. */
const ADD_WORDS: Record<AddableKind, { heading: string; done: string; button: string }> = {
  disputes: { heading: 'Record a case dispute', done: 'The case dispute was recorded.', button: 'Record the dispute' },
};

/** Reads the child (and its ETag) and shows the form for a new record of the kind, or why there is none. */
export function AddRecordScreen({ api, user, childId, kind }: { api: Api; user: SignedIn; childId: string; kind: AddableKind }) {
  const [reloads, setReloads] = useState(0);
  const loaded = useLoad(() => api.getWithEtag<ChildFile>(`/children/${encodeURIComponent(childId)}`), [childId, kind, reloads]);
  return (
    <Show loaded={loaded} what="the child's records">
      {({ body: child, etag }) => {
        if (!mayChangeRecords(user, child)) {
          return (
            <>
              <PageHeading caption={`Case ${child.reference}`}>You cannot add to this child's records</PageHeading>
              <p class="govuk-body">Only the child's IRO, or an administrator, can record a case dispute.</p>
              <p class="govuk-body">
                <a class="govuk-link" href={hrefOf.child(childId)}>Back to case {child.reference}</a>
              </p>
            </>
          );
        }
        return <AddForm key={etag} api={api} child={child} etag={etag} kind={kind} onReload={() => setReloads((n) => n + 1)} />;
      }}
    </Show>
  );
}

/** "Add": the new record's answers; the ones left empty are not sent. */
function AddForm({ api, child, etag, kind, onReload }: { api: Api; child: ChildFile; etag: string | undefined; kind: AddableKind; onReload: () => void }) {
  const fields = newRecordFields(kind);
  const [values, setValues] = useState<FormValues>(() => newRecordValues(kind));
  const { problems, setProblems, stale, send } = useChange(api, child.childId, etag);
  const words = ADD_WORDS[kind];

  const submit = (event: Event) => {
    event.preventDefault();
    const made = newRecordBody(kind, values);
    if (!made.body) return setProblems(made.problems);
    void send('POST', `/children/${encodeURIComponent(child.childId)}/${KIND[kind].segment}`, made.body, words.done, fields);
  };

  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading caption={`Case ${child.reference}`}>{words.heading}</PageHeading>
      <form onSubmit={submit} noValidate data-form="add">
        <Fields fields={fields} values={values} problems={problems} setValues={setValues} />
        <Buttons childId={child.childId} stale={stale} onReload={onReload}>
          <button type="submit" class="govuk-button" data-module="govuk-button">
            {words.button}
          </button>
        </Buttons>
      </form>
    </>
  );
}

interface FormProps {
  api: Api;
  child: ChildFile;
  etag: string | undefined;
  kind: RecordKind;
  record: AnyRecord;
  onReload: () => void;
}

/** Sends a change with the child's ETag; on success leaves the notice and goes back to the child, otherwise answers the problems to show. */
export function useChange(api: Api, childId: string, etag: string | undefined) {
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [stale, setStale] = useState(false);
  const sending = useRef(false);
  /** Answers the refusal (status and body) for the caller to read, or undefined when the change was made. */
  const send = async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, done: string, fields: readonly FieldSpec[], onRefusal?: (status: number, body: unknown) => boolean) => {
    if (sending.current) return;
    sending.current = true;
    try {
      const answer = await api.send(method, path, body, etag ? { 'if-match': etag } : {});
      if (answer.status >= 200 && answer.status < 300) {
        leaveNotice(done);
        navigate(hrefOf.child(childId));
        return;
      }
      setStale(answer.status === 412);
      if (onRefusal?.(answer.status, answer.body)) return;
      setProblems(refusalProblems(answer.status, answer.body, fields));
    } catch (error) {
      setProblems([{ message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      sending.current = false;
    }
  };
  return { problems, setProblems, stale, send };
}

/** Sends the change to the record; answers the problems to show, or moves to the child's page with the notice. */
function useSubmit({ api, child, etag, kind, record }: FormProps, fields: readonly FieldSpec[]) {
  const change = useChange(api, child.childId, etag);
  const send = (method: 'PATCH' | 'DELETE', body: unknown, done: string) => change.send(method, recordPath(child.childId, kind, idOf(kind, record)), body, done, fields);
  return { ...change, send };
}

/** "Correct": the record's fields, as they are; only the changed ones are sent. */
function CorrectForm(props: FormProps) {
  const { child, kind, record } = props;
  const fields = fieldsFor(kind, record);
  const [initial] = useState(() => initialValues(kind, record));
  const [values, setValues] = useState<FormValues>(initial);
  const { problems, setProblems, stale, send } = useSubmit(props, fields);
  const what = recordInWords(kind, record);

  const submit = (event: Event) => {
    event.preventDefault();
    const patch = patchBody(fields, initial, values);
    if (patch.problems.length > 0) return setProblems(patch.problems);
    void send('PATCH', patch.body, `The ${what} was corrected.`);
  };

  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading caption={`Case ${child.reference}`}>{`Correct the ${what}`}</PageHeading>
      <p class="govuk-body">Change what was entered wrongly. Only the answers you change are sent; the audit trail keeps what they were.</p>
      <form onSubmit={submit} noValidate data-form="correct">
        <Fields fields={fields} values={values} problems={problems} setValues={setValues} />
        <Buttons childId={child.childId} stale={stale} onReload={props.onReload}>
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Save the correction
          </button>
        </Buttons>
      </form>
    </>
  );
}

/** "Remove": what the record is, why it is being removed, and a warning button to confirm. */
function RemoveForm(props: FormProps) {
  const { child, kind, record } = props;
  const [reason, setReason] = useState('');
  const { problems, setProblems, stale, send } = useSubmit(props, REMOVAL_FIELDS);
  const what = recordInWords(kind, record);

  const submit = (event: Event) => {
    event.preventDefault();
    const removal = removalBody(reason);
    if (!removal.body) return setProblems(removal.problems);
    void send('DELETE', removal.body, `The ${what} was removed.`);
  };
  const error = problems.find((problem) => problem.field === 'reason')?.message;

  return (
    <>
      <ErrorSummary problems={problems} />
      <PageHeading caption={`Case ${child.reference}`}>{`Remove the ${what}`}</PageHeading>
      <dl class="govuk-summary-list">
        {recordSummary(kind, record).map(([name, value]) => (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{name}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          Remove a record only if it was entered in error. It will count for nothing from then on, and the child's timescales are worked out again
          without it. The audit trail keeps it, with who removed it and why.
        </strong>
      </div>
      <form onSubmit={submit} noValidate data-form="remove">
        <ReasonField value={reason} error={error} onChange={setReason} />
        <Buttons childId={child.childId} stale={stale} onReload={props.onReload}>
          <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
            Remove the {what}
          </button>
        </Buttons>
      </form>
    </>
  );
}

export function Buttons({ childId, stale, onReload, back = 'Cancel', children }: { childId: string; stale: boolean; onReload: () => void; back?: string; children: ComponentChildren }) {
  return (
    <div class="govuk-button-group">
      {stale && (
        <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={onReload}>
          Reload the records
        </button>
      )}
      {children}
      <a class="govuk-link" href={hrefOf.child(childId)}>
        {back}
      </a>
    </div>
  );
}

/**
 * GOV.UK's error summary: at the top of the form, focused when it appears (so
 * a screen reader reads it), each problem a link to its field. The document's
 * title starts "Error:" while it shows.
 */
export function ErrorSummary({ problems }: { problems: FormProblem[] }) {
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length === 0) return;
    if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
    summary.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  const toField = (event: MouseEvent, name: string) => {
    // The hash holds the route: move focus to the field without touching it.
    event.preventDefault();
    const input = document.getElementById(fieldId(name));
    (input?.closest('.govuk-form-group') ?? input)?.scrollIntoView();
    input?.focus({ preventScroll: true });
  };
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={summary}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {problems.map((problem) => (
              <li>
                {problem.field === undefined ? (
                  problem.message
                ) : (
                  <a href={`#${fieldId(problem.field)}`} onClick={(event) => toField(event, problem.field!)}>
                    {problem.message}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, message }: { id: string; message: string }) {
  return (
    <p class="govuk-error-message" id={id}>
      <span class="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

export const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** One answer of the correction form, as GOV.UK's text input, radios or checkboxes. */
/** A form's fields, each with its answer and its problem, if any: a change to one is kept in `values`. */
export function Fields({ fields, values, problems, setValues }: {
  fields: readonly FieldSpec[];
  values: Readonly<Record<string, string>>;
  problems: readonly FormProblem[];
  setValues: (change: (current: Record<string, string>) => Record<string, string>) => void;
}) {
  return (
    <>
      {fields.map((field) => (
        <Field
          field={field}
          value={values[field.name] ?? ''}
          error={problems.find((problem) => problem.field === field.name)?.message}
          onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
        />
      ))}
    </>
  );
}

export function Field({ field, value, error, onChange }: { field: FieldSpec; value: string; error: string | undefined; onChange: (value: string) => void }) {
  const id = fieldId(field.name);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const group = `govuk-form-group${error ? ' govuk-form-group--error' : ''}`;
  const hint = field.hint && (
    <div class="govuk-hint" id={hintId}>
      {field.hint}
    </div>
  );
  const errorMessage = error && <ErrorMessage id={errorId!} message={error} />;

  if (field.kind === 'checkbox') {
    const checked = value === 'true';
    return (
      <div class={group}>
        {hint}
        {errorMessage}
        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          <div class="govuk-checkboxes__item">
            <input
              class="govuk-checkboxes__input"
              id={id}
              name={field.name}
              type="checkbox"
              value="true"
              checked={checked}
              aria-describedby={describedBy(hintId, errorId)}
              onChange={() => onChange(checked ? 'false' : 'true')}
            />
            <label class="govuk-label govuk-checkboxes__label" for={id}>
              {field.label}
            </label>
          </div>
        </div>
      </div>
    );
  }

  if (field.kind === 'boolean' || field.kind === 'choice' || field.kind === 'abuse-types') {
    const multiple = field.kind === 'abuse-types';
    const chosen = multiple ? value.split(',').filter(Boolean) : [value];
    const inline = !multiple && (field.options ?? []).every((option) => option.label.length <= 12 && !option.hint);
    const base = multiple ? 'govuk-checkboxes' : 'govuk-radios';
    return (
      <div class={group}>
        <fieldset class="govuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{field.label}</legend>
          {hint}
          {errorMessage}
          <div class={`${base}${inline ? ' govuk-radios--inline' : ''} ${base}--small`} data-module={base}>
            {(field.options ?? []).map((option, index) => {
              const optionId = index === 0 ? id : `${id}-${index}`;
              const checked = chosen.includes(option.value);
              return (
                <div class={`${base}__item`}>
                  <input
                    class={`${base}__input`}
                    id={optionId}
                    name={field.name}
                    type={multiple ? 'checkbox' : 'radio'}
                    value={option.value}
                    checked={checked}
                    aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                    onChange={() =>
                      onChange(multiple ? (checked ? chosen.filter((v) => v !== option.value) : [...chosen, option.value]).join(',') : option.value)
                    }
                  />
                  <label class={`govuk-label ${base}__label`} for={optionId}>
                    {option.label}
                  </label>
                  {option.hint && (
                    <div class={`govuk-hint ${base}__hint`} id={`${optionId}-hint`}>
                      {option.hint}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
    );
  }

  const width = field.kind === 'date' ? ' govuk-input--width-10' : ' govuk-!-width-two-thirds';
  return (
    <div class={group}>
      <label class="govuk-label govuk-label--s" for={id}>
        {field.label}
      </label>
      {hint}
      {errorMessage}
      <input
        class={`govuk-input${width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={field.name}
        // (Cast: preact's types cannot tell which kind of input a union of types makes.)
        type={(field.kind === 'email' ? 'email' : 'text') as 'text'}
        value={value}
        spellcheck={false}
        autocomplete="off"
        {...(field.maxLength ? { maxLength: field.maxLength } : {})}
        aria-describedby={describedBy(hintId, errorId)}
        onInput={(event) => onChange((event.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );
}

/**
 * A reason, as GOV.UK's textarea with a count of the characters left, told to
 * a screen reader a moment after typing stops: why a record is being removed
 * (the default), why a meeting was cancelled, why it is booked late.
 */
export function ReasonField({
  value,
  error,
  onChange,
  name = 'reason',
  label = 'Why is it being removed?',
  hint = `Say what was entered in error, for example "recorded on the wrong child's file". Up to ${REASON_MAX} characters.`,
}: {
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  name?: string;
  label?: string;
  hint?: string;
}) {
  const id = fieldId(name);
  const left = REASON_MAX - reasonAsSent(value).length;
  const countText = left >= 0 ? `You have ${left} character${left === 1 ? '' : 's'} remaining` : `You have ${-left} character${left === -1 ? '' : 's'} too many`;
  const [spoken, setSpoken] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSpoken(value === '' ? '' : countText), 1000);
    return () => clearTimeout(timer);
  }, [countText]);
  return (
    <div class="govuk-character-count">
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <h2 class="govuk-label-wrapper">
          <label class="govuk-label govuk-label--m" for={id}>
            {label}
          </label>
        </h2>
        <div class="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error && <ErrorMessage id={`${id}-error`} message={error} />}
        <textarea
          class={`govuk-textarea${error || left < 0 ? ' govuk-textarea--error' : ''}`}
          id={id}
          name={name}
          rows={3}
          value={value}
          aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
          onInput={(event) => onChange((event.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div class={`govuk-character-count__message ${left < 0 ? 'govuk-error-message' : 'govuk-hint'}`} aria-hidden="true">
        {countText}
      </div>
      <div class="govuk-visually-hidden" aria-live="polite">
        {spoken}
      </div>
    </div>
  );
}
