/**
 * The IRO directory as the page shows and changes it: the form's questions,
 * an entry as its answers, and the answers as the `PUT /iros/{email}` body.
 * Pure, so the tests need no browser.
 */
import type { FieldSpec, FormProblem, FormValues } from './records';

/** An IRO as `GET /iros` lists them. */
export interface IroEntry {
  email: string;
  name: string;
  fte: number;
  activeFrom: string;
  activeTo?: string;
  updatedAt: string;
  updatedBy: string;
}

const DATE_HINT = 'Written year-month-day, for example 2024-04-01.';

/** The form's questions; the email only for a new IRO (an entry's email is its key). */
export function fieldsFor(adding: boolean): FieldSpec[] {
  return [
    ...(adding ? [{ name: 'email', label: 'Work email', short: 'the email', kind: 'email', hint: 'The address their children are allocated to.', required: true, maxLength: 254 } as const] : []),
    { name: 'name', label: 'Name', short: 'the name', kind: 'text', required: true, maxLength: 100 },
    { name: 'fte', label: 'Full-time equivalent (FTE)', short: 'the FTE', kind: 'text', hint: 'A fraction of a full-time post: 1 is full time, 0.6 is three days a week.', required: true },
    { name: 'activeFrom', label: 'Active from', short: 'the day they started', kind: 'date', hint: `The first day they worked as an IRO here. ${DATE_HINT}`, required: true },
    { name: 'activeTo', label: 'Active to (optional)', short: 'the day they left', kind: 'date', hint: `The last day they worked as an IRO here; leave it empty while they still do. ${DATE_HINT}` },
  ];
}

/** An entry as the form's answers (a new IRO's all empty). */
export const valuesOf = (entry: IroEntry | undefined): FormValues => ({
  email: entry?.email ?? '',
  name: entry?.name ?? '',
  fte: entry === undefined ? '' : String(entry.fte),
  activeFrom: entry?.activeFrom ?? '',
  activeTo: entry?.activeTo ?? '',
});

/** The PUT body of the form's answers, or what is missing; the API judges the rest (an FTE over 1, an end before the start). */
export function iroBody(values: FormValues, fields: readonly FieldSpec[]): { body: Record<string, unknown>; problems: [] } | { body?: undefined; problems: FormProblem[] } {
  const problems: FormProblem[] = fields
    .filter((field) => field.required && (values[field.name] ?? '').trim() === '')
    .map((field) => ({ field: field.name, message: `Enter ${field.short}` }));
  const fteText = (values['fte'] ?? '').trim();
  const fte = Number(fteText);
  if (fteText !== '' && !Number.isFinite(fte)) problems.push({ field: 'fte', message: 'The FTE must be a number, for example 0.6' });
  if (problems.length > 0) return { problems };
  const activeTo = (values['activeTo'] ?? '').trim();
  return {
    body: { name: (values['name'] ?? '').trim(), fte, activeFrom: (values['activeFrom'] ?? '').trim(), ...(activeTo === '' ? {} : { activeTo }) },
    problems: [],
  };
}

/** An FTE as the table says it. */
export const fteInWords = (fte: number) => (fte === 1 ? '1 (full time)' : String(fte));
