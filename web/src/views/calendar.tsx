/**
 * "Your calendar": an IRO's or team manager's own calendar feed. "Make a
 * calendar address" (`POST /me/calendar-feed`) shows the address to copy into
 * Outlook or any calendar (a new one stops the last working); "Revoke"
 * (`DELETE /me/calendar-feed`) stops any address of theirs working. The API
 * never shows an address again, so the page shows it only once it is made.
 */
import { useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { refusalProblems, type FormProblem } from '../records';
import { PageHeading } from './page';
import { SuccessBanner } from './child';

export function CalendarScreen({ api }: { api: Api }) {
  const [url, setUrl] = useState<string>();
  const [done, setDone] = useState<string>();
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [copied, setCopied] = useState('');
  const sending = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  const call = async (method: 'POST' | 'DELETE', onDone: (body: unknown) => void) => {
    if (sending.current) return;
    sending.current = true;
    setProblems([]);
    setCopied('');
    try {
      const answer = await api.send(method, '/me/calendar-feed');
      if (answer.status >= 200 && answer.status < 300) onDone(answer.body);
      else setProblems(refusalProblems(answer.status, answer.body, []));
    } catch (error) {
      setProblems([{ message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      sending.current = false;
    }
  };
  const make = () =>
    call('POST', (body) => {
      setUrl((body as { url: string }).url);
      setDone('Your calendar address is ready. Any address you made before no longer works.');
    });
  const revoke = () =>
    call('DELETE', () => {
      setUrl(undefined);
      setDone('Your calendar address was revoked: no address of yours works any more.');
    });
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url ?? '');
      setCopied('The address was copied.');
    } catch {
      setCopied('Copy the selected address (Ctrl+C, or Cmd+C on a Mac).');
    }
  };

  return (
    <>
      {done && <SuccessBanner text={done} />}
      {problems.length > 0 && (
        <div class="govuk-error-summary" role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              {problems.map((problem) => (
                <li>{problem.message}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <PageHeading>Your calendar</PageHeading>
      <p class="govuk-body">
        Subscribe in your calendar to see the due dates of your children's timescales and their booked meetings, each as an all-day event named by the
        timescale, the case reference and the child's initials (never a name). Your calendar fetches it afresh every few hours.
      </p>
      {url ? (
        <div class="govuk-form-group" data-calendar-feed>
          <h2 class="govuk-label-wrapper">
            <label class="govuk-label govuk-label--m" for="calendar-url">
              Your calendar address
            </label>
          </h2>
          <div class="govuk-hint" id="calendar-url-hint">
            In Outlook: Add calendar, then Subscribe from web, and paste this address.
          </div>
          <input
            class="govuk-input"
            id="calendar-url"
            name="calendar-url"
            type="text"
            readOnly
            value={url}
            ref={input}
            spellcheck={false}
            autocomplete="off"
            aria-describedby="calendar-url-hint"
            onFocus={(event) => (event.currentTarget as HTMLInputElement).select()}
          />
          <div class="govuk-button-group govuk-!-margin-top-3">
            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={() => void copy()}>
              Copy the address
            </button>
          </div>
          <p class="govuk-body" role="status" aria-live="polite">
            {copied}
          </p>
        </div>
      ) : null}
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          Whoever has the address sees your children's due dates and bookings: keep it as you would a password. The address is shown only once; making a
          new one stops the old one working.
        </strong>
      </div>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button" data-module="govuk-button" onClick={() => void make()}>
          {url ? 'Make a new address' : 'Make a calendar address'}
        </button>
        <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" onClick={() => void revoke()}>
          Revoke your calendar address
        </button>
      </div>
    </>
  );
}
