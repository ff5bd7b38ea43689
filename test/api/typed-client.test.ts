/**
 * An integrator generates TypeScript types from functions/api/openapi.json
 * (as `npx openapi-typescript functions/api/openapi.json -o iro-api.d.ts`
 * does) and writes a client with them: the client must compile under strict
 * options, and misuses (a field that does not exist, a new child without its
 * IRO, a value outside an enum) must not. So the document keeps giving real
 * types for what the API answers, not `unknown` or a bag of anything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { OPENAPI_JSON_PATH } from '#infra/scripts/generate-openapi';

/** What an integrator writes: a typed `fetch` wrapper, used to record a child and read their file back. */
const CLIENT = `
import type { components, paths } from './iro-api';

type NewChild = paths['/children']['post']['requestBody']['content']['application/json'];
type CreatedChild = paths['/children']['post']['responses'][201]['content']['application/json'];
type ChildFile = paths['/children/{childId}']['get']['responses'][200]['content']['application/json'];
type ApiError = components['schemas']['Error'];
type IroEntryBody = paths['/iros/{email}']['put']['requestBody']['content']['application/json'];
type IroEntry = components['schemas']['IroEntry'];
type IroDirectory = paths['/iros']['get']['responses'][200]['content']['application/json'];

const BASE_URL = 'https://api-id.execute-api.eu-west-2.amazonaws.com';

async function call<T>(token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await fetch(BASE_URL + path, {
    method,
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const { error }: ApiError = await response.json();
    throw new Error(response.status + ' ' + error.code + ': ' + error.message + ' (' + error.requestId + ')');
  }
  return response.json() as Promise<T>;
}

const createChild = (token: string, child: NewChild) => call<CreatedChild>(token, 'POST', '/children', child);
const getChild = (token: string, childId: string) => call<ChildFile>(token, 'GET', '/children/' + encodeURIComponent(childId));
const putIro = (token: string, email: string, entry: IroEntryBody) => call<IroEntry>(token, 'PUT', '/iros/' + encodeURIComponent(email), entry);
const listIros = (token: string) => call<IroDirectory>(token, 'GET', '/iros');

export async function partTime(token: string): Promise<string> {
  const entry = await putIro(token, 'iro@example.org', { name: 'Avery Stone', fte: 0.6, activeFrom: '2023-04-01' });
  const fte: number = entry.fte;
  const leftOn: string | undefined = entry.activeTo;
  const changedBy: string = entry.updatedBy;
  const emails: string[] = (await listIros(token)).iros.map((iro) => iro.email);
  // @ts-expect-error: an FTE is a number (a fraction), not text
  const textFte: IroEntryBody = { name: 'Avery Stone', fte: '0.6', activeFrom: '2023-04-01' };
  // @ts-expect-error: an entry needs the day the IRO started
  const noStart: IroEntryBody = { name: 'Avery Stone', fte: 1 };
  return [fte, leftOn, changedBy, emails, textFte, noStart].join();
}

export async function example(token: string): Promise<string> {
  const newChild: NewChild = {
    reference: 'C-1001', givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-04-01', gender: 'female',
    iroEmail: 'iro@example.org', teamName: 'North', teamManagerEmail: 'manager@example.org',
  };
  const created = await createChild(token, newChild);
  const child = await getChild(token, created.childId);

  const childId: string = child.childId;
  const version: number = child.version;
  const lookedAfter: boolean = child.lookedAfter;
  const firstDue: string | undefined = child.timescales[0]?.dueDate;
  const breached = child.timescales.filter((timescale) => timescale.status === 'breached').map((timescale) => timescale.kind);
  const kinds: ('CER' | 'ICPC' | 'RCPC' | 'OUTLINE_PLAN' | 'CORE_GROUP' | 'RECOMMENDATIONS' | 'MANAGER_RESPONSE' | 'MIDPOINT' | 'TRANSFER_IN')[] = breached;
  const episodeStarts: string[] = child.careEpisodes.map((episode) => episode.startDate);
  const held: string[] = child.meetings.filter((meeting) => meeting.status === 'held').map((meeting) => meeting.heldOn);

  // @ts-expect-error: a child's file has no such field
  const nhsNumber = child.nhsNumber;
  // @ts-expect-error: a due date is a string (an ISO date), not a Date
  const dueAsDate: Date | undefined = child.timescales[0]?.dueDate;
  // @ts-expect-error: a timescale's status is one of upcoming, due-soon and breached
  const overdue = child.timescales.filter((timescale) => timescale.status === 'overdue');
  // @ts-expect-error: a new child needs its IRO, team and team manager
  const incomplete: NewChild = { reference: 'C-1002', givenName: 'Ben', familyName: 'Ng', dateOfBirth: '2016-05-02', gender: 'male' };
  // @ts-expect-error: gender is one of the document's values
  const badGender: NewChild = { ...newChild, gender: 'unknown' };
  // @ts-expect-error: a child's id is a string (a uuid), not a number
  const numericId: number = created.childId;

  return [childId, version, lookedAfter, firstDue, kinds, episodeStarts, held, nhsNumber, dueAsDate, overdue, incomplete, badGender, numericId].join();
}
`;

/** A file with one deliberate error, so a check that checks nothing cannot pass. */
const CONTROL = `
import type { paths } from './iro-api';
type ChildFile = paths['/children/{childId}']['get']['responses'][200]['content']['application/json'];
export const wrong: ChildFile['version'] = 'one';
`;

/** What an integrator's tsconfig says at its strictest. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  // fetch as a browser (or Node with the DOM lib) types it; the lib files themselves are not checked
  // (that alone takes seconds), but the generated types and the client are.
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  skipDefaultLibCheck: true,
  types: [],
  noEmit: true,
};

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${path.basename(diagnostic.file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code} ${message}`;
}

describe('a typed client generated from functions/api/openapi.json', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'typed-client-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles under strict options, and its misuses do not', async () => {
    const types = astToString(await openapiTS(JSON.parse(readFileSync(OPENAPI_JSON_PATH, 'utf8'))));
    writeFileSync(path.join(dir, 'iro-api.d.ts'), types);
    writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    writeFileSync(path.join(dir, 'control.ts'), CONTROL);
    expect(types).toContain('"/children/{childId}": {');

    const program = ts.createProgram([path.join(dir, 'client.ts'), path.join(dir, 'control.ts')], COMPILER_OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program).map(describeDiagnostic);

    // Everything but the control's one deliberate error: an unused @ts-expect-error is an error too.
    const unexpected = diagnostics.filter((d) => !d.startsWith('control.ts:'));
    expect(unexpected, `the client does not compile against the generated types:\n${unexpected.join('\n')}`).toEqual([]);
    expect(diagnostics.filter((d) => d.startsWith('control.ts:')).map((d) => d.split(' ')[1])).toEqual(['TS2322']);
  });
});
