/**
 * Checking a value against a zod schema, with each failing field named and
 * why: the one place a schema's issues become the client's problems
 * (`httpApi` gathers them into one 400).
 */
import * as z from 'zod/mini';
import type { FieldProblem } from '#shared/errors';

/** Parses `input` with `schema`: its value, or the problems of each field. */
export function check<S extends z.core.$ZodType>(schema: S, input: unknown): { value: z.output<S>; problems: [] } | { value?: undefined; problems: FieldProblem[] } {
  const result = z.safeParse(schema, input);
  return result.success ? { value: result.data, problems: [] } : { problems: problemsOf(result.error, input) };
}

function problemsOf(error: z.core.$ZodError, input: unknown): FieldProblem[] {
  return error.issues.flatMap((issue) => problemsOfIssue(issue, input));
}

function problemsOfIssue(issue: z.core.$ZodIssue, input: unknown): FieldProblem[] {
  const field = issue.path.map(String).join('.');
  // An unknown key is a problem of that key, not of the object holding it.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: field ? `${field}.${key}` : key, reason: 'is not a field this request takes' }));
  }
  if (issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
    return [{ field, reason: 'is required' }];
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return [{ field, reason: input === undefined ? 'a JSON body is required' : `the body must be a JSON ${issue.expected}` }];
  }
  return [{ field, reason: issue.message }];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
