/** What every screen shares: its heading (focused and titled on arrival), and the ways a screen can be waiting or refused. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';

const SERVICE = 'IRO timescales';

/** Whether a screen has been shown since the page loaded: the first one leaves focus where the browser put it (before the skip link). */
let shownAScreen = false;

/**
 * A screen's heading: the document's title follows it, and after a move to
 * another screen focus goes to it, so a screen reader hears the new screen.
 */
export function PageHeading({ children, caption }: { children: string; caption?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${SERVICE}`;
    if (shownAScreen) heading.current?.focus({ preventScroll: true });
    shownAScreen = true;
  }, [children]);
  return (
    <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
      {caption && <span class="govuk-caption-l">{caption}</span>}
      {children}
    </h1>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="govuk-body" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Problem({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : 0;
  const message = error instanceof Error ? error.message : String(error);
  const title = status === 403 ? 'You cannot see this' : status === 404 ? 'Not found' : 'There is a problem';
  return (
    <div class="govuk-error-summary" role="alert">
      <h2 class="govuk-error-summary__title">{title}</h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">{message}</p>
      </div>
    </div>
  );
}

export type Loaded<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: unknown };

/** Runs `load` whenever `key` changes; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>, key: unknown[]): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'loaded', value }),
      (error: unknown) => current && setResult({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, key);
  return result;
}

export function Show<T>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'failed') return <Problem error={loaded.error} />;
  return <>{children(loaded.value)}</>;
}

/**
 * A titled table of rows, or a line saying there are none. The table scrolls
 * in its own focusable frame, and carries `data` (e.g. `{ 'data-section': id }`)
 * for whoever needs to find it.
 */
export function TableSection<T>(props: {
  id: string;
  title: string;
  empty: string;
  rows: readonly T[];
  headings: ComponentChildren[];
  /** Said between the title and the table. */
  intro?: ComponentChildren;
  row: (item: T) => ComponentChildren[];
  data?: Record<string, string>;
}) {
  return (
    <section aria-labelledby={`${props.id}-heading`}>
      <h2 class="govuk-heading-m" id={`${props.id}-heading`}>{props.title}</h2>
      {props.intro}
      {props.rows.length === 0 ? (
        <p class="govuk-body">{props.empty}</p>
      ) : (
        <div class="app-table-scroll" tabIndex={0} role="region" aria-labelledby={`${props.id}-heading`}>
          <table class="govuk-table" {...(props.data ?? { 'data-section': props.id })}>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                {props.headings.map((heading) => <th scope="col" class="govuk-table__header">{heading}</th>)}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {props.rows.map((item) => (
                <tr class="govuk-table__row">{props.row(item).map((cell) => <td class="govuk-table__cell">{cell}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
