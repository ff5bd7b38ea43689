/**
 * A council's register from the files its case system already exports: the
 * SSDA903 return's `episodes.csv` and `reviews.csv` (and the same data items
 * in the Welsh census), with `children.csv` for who each child is and
 * `protection.csv` for their child protection history. Pure: rows in, each
 * child's file and every problem (`file:line: column: reason`) out. The rules
 * a record is held to are the API's own (`shared/domain/record-rules.ts`).
 *
 * The mapping (docs/import.md, "From the 903 to the register"):
 * - `RNE` S starts a period of care; every other `RNE` continues it. A change
 *   of legal status (`L`, `B`, `U`) ends one care episode and starts the next
 *   that day; a change of placement (`P`, `T`, `B`, `U`) is a placement
 *   change, unplanned when its `REASON_PLACE_CHANGE` is one of the setting's.
 * - `REC` X1 continues the period (the next episode starts that day); any
 *   `E…` ends it on `DEC`. No `DEC`: the episode is open.
 * - Each review is a CER held; its participation code (`PN0` to `PN7`) is
 *   kept, and says whether the child participated (`PARTICIPATED`).
 *
 * Every record's id is made from the case reference, its kind and its
 * dates, so that the same row always makes the same record: importing a file
 * again, or next month's export over this one, matches what is there.
 */
import { v5 as uuidV5 } from 'uuid';
import type { z } from 'zod';
import { isCalendarDate } from '#shared/domain/calendar/calendar-date';
import { RULES, dateOfBirthProblems, type RuleContext } from '#shared/domain/record-rules';
import { CONFERENCE_DECISIONS, outcomeProblems, registerChangesOf } from '#shared/domain/register-changes';
import type { FieldProblem } from '#shared/errors';
import {
  GENDERS,
  MEETING_TYPES,
  S47_DETERMINATIONS,
  emptyRecords,
  type CalendarDate,
  type CareEpisode,
  type ChildRecords,
  type ConferenceOutcome,
  type Gender,
  type HeldMeeting,
  type MeetingType,
  PARTICIPATED,
  type ParticipationCode,
  type RecordCollection,
  type Registration,
} from '#shared/domain/records';
import { newChildSchema, type NewChild } from '#shared/api/schemas';

/** The files of an import, by the names they are read from. */
export const IMPORT_FILES = {
  children: 'children.csv',
  episodes: 'episodes.csv',
  reviews: 'reviews.csv',
  protection: 'protection.csv',
} as const;
/** One of the files: `children`, `episodes`, … */
export type ImportFile = keyof typeof IMPORT_FILES;

/** The columns each file must have (others are ignored: a 903 file has more). */
export const COLUMNS: { [F in ImportFile]: readonly string[] } = {
  children: ['CHILD', 'GIVEN_NAME', 'FAMILY_NAME', 'DOB', 'GENDER', 'IRO_EMAIL', 'TEAM', 'TEAM_MANAGER_EMAIL'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'PLACE', 'REASON_PLACE_CHANGE', 'DEC', 'REC'],
  reviews: ['CHILD', 'REVIEW', 'REVIEW_CODE'],
  protection: ['CHILD', 'RECORD', 'DATE', 'END_DATE', 'CATEGORY', 'S47_DETERMINATION', 'DETERMINED_ON', 'OUTCOME', 'PARTICIPATED'],
};

/** A row of a file: its line (the first is the header, 1) and its values by column. */
export interface Row {
  line: number;
  values: Readonly<Record<string, string>>;
}

/** Something wrong with a row, where it is and why. */
export interface ImportProblem {
  file: string;
  line: number;
  column: string;
  reason: string;
}

/** A problem as the import prints it: `episodes.csv:118: DEC: before DECOM`. */
export function formatProblem(problem: ImportProblem): string {
  return `${problem.file}:${problem.line}: ${problem.column}: ${problem.reason}`;
}

/** The settings of an import. */
export interface ImportSettings {
  /** The `REASON_PLACE_CHANGE` codes of a placement change that brings the next CER forward (unplanned). */
  unplannedReasons: readonly string[];
}

/**
 * The default unplanned reasons: the 903's codes for a placement ended by
 * something other than the care plan (an allegation, a concern about
 * standards, approval removed, the carer's or the child's request, the
 * provider closing). A change to carry out the care plan (`CARPL`), a change
 * of the placement's status only (`PLACE`), custody (`CUSTOD`), the
 * authority's request (`LAREQ`) and `OTHER` are planned.
 */
export const DEFAULT_IMPORT_SETTINGS: ImportSettings = { unplannedReasons: ['ALLEG', 'APPRR', 'CHRQ', 'CLOSE', 'CREQB', 'CREQO', 'STAND'] };

/** The 903's reasons for a new episode (`RNE`). */
const RNE = {
  S: { starts: true, legalStatus: false, placement: false },
  L: { starts: false, legalStatus: true, placement: false },
  P: { starts: false, legalStatus: false, placement: true },
  T: { starts: false, legalStatus: false, placement: true },
  U: { starts: false, legalStatus: true, placement: true },
  B: { starts: false, legalStatus: true, placement: true },
} as const;

/** The 903's legal statuses (`LS`). */
const LEGAL_STATUSES = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'];
/** The 903's reasons a placement changed (`REASON_PLACE_CHANGE`). */
const PLACE_CHANGE_REASONS = ['ALLEG', 'APPRR', 'CARPL', 'CHRQ', 'CLOSE', 'CREQB', 'CREQO', 'CUSTOD', 'LAREQ', 'OTHER', 'PLACE', 'STAND'];
/** The 903's reasons an episode ended (`REC`): X1, the next episode starts that day; E…, care ends. */
const REASONS_EPISODE_CEASED = /^(X1|E(11|12|13|14|15|16|17|2|3|41|45|46|47|48|4A|4B|5|6|7|8|9))$/;

/** The 903's `SEX` codes, for a `GENDER` column that carries them. */
const SEX_CODES: Record<string, Gender> = { '1': 'male', '2': 'female' };

/** The records `protection.csv` holds, by its `RECORD` column. */
const PROTECTION_RECORDS = ['STRATEGY', 'REGISTRATION', ...MEETING_TYPES.filter((type) => type !== 'CER')] as const;
type ProtectionRecord = (typeof PROTECTION_RECORDS)[number];

/** A child's file as the files make it: who they are, their records, and the rows they came from. */
export interface ImportedChild {
  child: NewChild;
  records: ChildRecords;
  /** Every row of every file that made this child's file. */
  rows: { file: string; line: number }[];
}

/** What the files make: each valid child's file, every problem, and the rows of the children left out for them. */
export interface ImportPlan {
  children: ImportedChild[];
  problems: ImportProblem[];
  /** Rows not imported: each child with a problem is left out whole, with every row of theirs, and every row of an unknown child. */
  skipped: { file: string; line: number; reference: string; reason: string }[];
}

/** The namespace of the ids an import makes (a random UUID, fixed: ids made from the same names are the same forever). */
const IMPORT_NAMESPACE = 'a5d0f0a2-3c1f-4c59-9f44-0f4b0b6f7e21';

/** The id of a record made from the case reference, its kind and its dates: the same row makes the same id. */
export function importedId(reference: string, ...names: string[]): string {
  return uuidV5([reference.toUpperCase(), ...names].join('\u0000'), IMPORT_NAMESPACE);
}

/** A date as the 903 writes it (`dd/mm/yyyy`) as the API does (`yyyy-mm-dd`), or undefined when it is not a real date. */
export function dateOf903(text: string): CalendarDate | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const date = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

/** The columns of `children.csv` by the API's field names, to name a field's problem by its column. */
const CHILD_COLUMNS: Record<keyof NewChild, string> = {
  reference: 'CHILD',
  givenName: 'GIVEN_NAME',
  familyName: 'FAMILY_NAME',
  dateOfBirth: 'DOB',
  gender: 'GENDER',
  iroEmail: 'IRO_EMAIL',
  teamName: 'TEAM',
  teamManagerEmail: 'TEAM_MANAGER_EMAIL',
};

/** Where a record came from, to name its problems by file, line and column. */
interface Source {
  file: string;
  line: number;
  /** The API's field names to the row's columns. */
  columns: Record<string, string>;
}

/** One child's file as it is put together, with where each record came from. */
interface Draft {
  reference: string;
  child?: NewChild;
  childRow?: Row;
  records: { -readonly [C in RecordCollection]: ChildRecords[C][number][] };
  /** Where each record came from, by the record itself. */
  sources: Map<object, Source>;
  rows: { file: string; line: number }[];
  problems: ImportProblem[];
}

/**
 * Each child's file from the rows of the files, and every problem with them.
 *
 * @param today The day of the import: no record may be after it, as in the API.
 */
export function planImport(
  files: { [F in ImportFile]?: readonly Row[] },
  settings: ImportSettings,
  today: CalendarDate,
): ImportPlan {
  const drafts = new Map<string, Draft>();
  const problems: ImportProblem[] = [];
  const skipped: ImportPlan['skipped'] = [];
  const key = (reference: string) => reference.trim().toUpperCase();

  for (const row of files.children ?? []) {
    const reference = (row.values['CHILD'] ?? '').trim();
    const draft: Draft = { reference, records: emptyRecords(), sources: new Map(), rows: [{ file: IMPORT_FILES.children, line: row.line }], problems: [], childRow: row };
    const existing = drafts.get(key(reference));
    if (existing && reference !== '') {
      problems.push({ file: IMPORT_FILES.children, line: row.line, column: 'CHILD', reason: `is given twice (first on line ${existing.childRow?.line})` });
      skipped.push({ file: IMPORT_FILES.children, line: row.line, reference, reason: 'the same child is given twice' });
      continue;
    }
    const parsed = childOf(row);
    if ('problems' in parsed) {
      draft.problems.push(...parsed.problems);
    } else {
      draft.child = parsed.child;
    }
    drafts.set(key(reference), draft);
  }

  /** The child a row of another file is about, or a problem and the row skipped. */
  const childFor = (file: string, row: Row): Draft | undefined => {
    const reference = (row.values['CHILD'] ?? '').trim();
    const draft = drafts.get(key(reference));
    if (draft === undefined) {
      problems.push({ file, line: row.line, column: 'CHILD', reason: reference === '' ? 'is empty' : `no child ${reference} in ${IMPORT_FILES.children}` });
      skipped.push({ file, line: row.line, reference, reason: 'unknown child' });
      return undefined;
    }
    draft.rows.push({ file, line: row.line });
    return draft;
  };

  const episodesByChild = new Map<Draft, Row[]>();
  for (const row of files.episodes ?? []) {
    const draft = childFor(IMPORT_FILES.episodes, row);
    if (draft) episodesByChild.set(draft, [...(episodesByChild.get(draft) ?? []), row]);
  }
  for (const [draft, rows] of episodesByChild) addEpisodes(draft, rows, settings);
  for (const row of files.reviews ?? []) {
    const draft = childFor(IMPORT_FILES.reviews, row);
    if (draft) addReview(draft, row);
  }
  for (const row of files.protection ?? []) {
    const draft = childFor(IMPORT_FILES.protection, row);
    if (draft) addProtection(draft, row);
  }

  const children: ImportedChild[] = [];
  for (const draft of drafts.values()) {
    applyConferences(draft);
    if (draft.child) checkRecords(draft, draft.child, today);
    if (draft.problems.length > 0 || !draft.child) {
      problems.push(...draft.problems);
      const reason = draft.problems.map(formatProblem).join('; ');
      for (const row of draft.rows) skipped.push({ file: row.file, line: row.line, reference: draft.reference, reason });
      continue;
    }
    children.push({ child: draft.child, records: draft.records, rows: draft.rows });
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { children, problems, skipped };
}

/** A child's details from their row of `children.csv`, held to the API's rules for a new child. */
function childOf(row: Row): { child: NewChild } | { problems: ImportProblem[] } {
  const v = row.values;
  const problems: ImportProblem[] = [];
  const dateOfBirth = dateOf903(v['DOB'] ?? '');
  if (dateOfBirth === undefined) problems.push({ file: IMPORT_FILES.children, line: row.line, column: 'DOB', reason: 'must be a real date written dd/mm/yyyy' });
  const genderText = (v['GENDER'] ?? '').trim().toLowerCase();
  const gender = SEX_CODES[genderText] ?? genderText;
  const body = {
    reference: v['CHILD'] ?? '',
    givenName: v['GIVEN_NAME'] ?? '',
    familyName: v['FAMILY_NAME'] ?? '',
    dateOfBirth: dateOfBirth ?? '2000-01-01',
    gender,
    iroEmail: v['IRO_EMAIL'] ?? '',
    teamName: v['TEAM'] ?? '',
    teamManagerEmail: v['TEAM_MANAGER_EMAIL'] ?? '',
  };
  const parsed = newChildSchema().safeParse(body);
  if (!parsed.success) problems.push(...issuesOf(parsed.error, row));
  if (problems.length > 0 || !parsed.success) {
    const byGender = problems.find((problem) => problem.column === 'GENDER');
    if (byGender) byGender.reason = `must be one of ${GENDERS.join(', ')}, or the 903's SEX code (1 male, 2 female)`;
    return { problems };
  }
  return { child: parsed.data };
}

function issuesOf(error: z.core.$ZodError, row: Row): ImportProblem[] {
  return error.issues.map((issue) => ({
    file: IMPORT_FILES.children,
    line: row.line,
    column: CHILD_COLUMNS[issue.path[0] as keyof NewChild] ?? String(issue.path[0]),
    reason: issue.message,
  }));
}

/** A date column of a row: the date, or a problem (and undefined). Blank is undefined without a problem unless required. */
function dateColumn(draft: Draft, file: string, row: Row, column: string, required: boolean): CalendarDate | undefined | null {
  const text = (row.values[column] ?? '').trim();
  if (text === '') {
    if (required) draft.problems.push({ file, line: row.line, column, reason: 'is required: a date written dd/mm/yyyy' });
    return required ? null : undefined;
  }
  const date = dateOf903(text);
  if (date === undefined) {
    draft.problems.push({ file, line: row.line, column, reason: `is not a real date written dd/mm/yyyy ("${text}")` });
    return null;
  }
  return date;
}

/** A child's episodes, in order of `DECOM`: their periods of care, care episodes and placement changes. */
function addEpisodes(draft: Draft, rows: readonly Row[], settings: ImportSettings): void {
  const file = IMPORT_FILES.episodes;
  const read = rows.flatMap((row) => {
    const start = dateColumn(draft, file, row, 'DECOM', true);
    const end = dateColumn(draft, file, row, 'DEC', false);
    const rne = (row.values['RNE'] ?? '').trim().toUpperCase();
    const ls = (row.values['LS'] ?? '').trim().toUpperCase();
    const rec = (row.values['REC'] ?? '').trim().toUpperCase();
    const reason = (row.values['REASON_PLACE_CHANGE'] ?? '').trim().toUpperCase();
    const before = draft.problems.length;
    if (!(rne in RNE)) draft.problems.push({ file, line: row.line, column: 'RNE', reason: `is not a 903 reason for a new episode (${Object.keys(RNE).join(', ')}): "${rne}"` });
    if (!LEGAL_STATUSES.includes(ls)) draft.problems.push({ file, line: row.line, column: 'LS', reason: `is not a 903 legal status: "${ls}"` });
    if (rec !== '' && !REASONS_EPISODE_CEASED.test(rec)) draft.problems.push({ file, line: row.line, column: 'REC', reason: `is not a 903 reason an episode ceased: "${rec}"` });
    if (reason !== '' && !PLACE_CHANGE_REASONS.includes(reason)) draft.problems.push({ file, line: row.line, column: 'REASON_PLACE_CHANGE', reason: `is not a 903 reason for a placement change: "${reason}"` });
    if (end !== undefined && rec === '') draft.problems.push({ file, line: row.line, column: 'REC', reason: 'is required when the episode has ended (DEC)' });
    if (end === undefined && rec !== '') draft.problems.push({ file, line: row.line, column: 'DEC', reason: `is required with REC ${rec}` });
    if (start && end && end < start) draft.problems.push({ file, line: row.line, column: 'DEC', reason: `before DECOM (${start})` });
    if (!start || end === null || draft.problems.length > before) return [];
    return [{ row, start, end, rne: rne as keyof typeof RNE, ls, rec, reason }];
  });
  read.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  let current: CareEpisode | undefined;
  let previous: (typeof read)[number] | undefined;
  for (const episode of read) {
    const { row, start, rne } = episode;
    const at = (column: string, reason: string) => draft.problems.push({ file, line: row.line, column, reason });
    if (previous !== undefined) {
      if (previous.end === undefined || previous.end > start) {
        at('DECOM', `overlaps the episode from ${previous.start} (line ${previous.row.line})${previous.end ? `, which ended ${previous.end}` : ', which is still open'}`);
        return;
      }
      const continued = previous.rec === 'X1';
      if (continued && previous.end !== start) at('DECOM', `must be ${previous.end}: the episode before ended X1, so this one starts the day it ended`);
      if (continued && RNE[rne].starts) at('RNE', `is S (starts a period of care), but the episode before ended X1 (continues it)`);
      if (!continued && !RNE[rne].starts) at('RNE', `continues a period of care that ended (REC ${previous.rec} on ${previous.end}): a new period starts with S`);
    } else if (!RNE[rne].starts) {
      at('RNE', 'continues a period of care that this file does not start: the first episode of a period is S');
    }
    const continuing = previous !== undefined && previous.rec === 'X1' && current !== undefined;
    if (!continuing || RNE[rne].legalStatus || current?.legalStatus !== episode.ls) {
      // A new care episode: a period starts, or the legal status changes (the last one ended the day this starts).
      if (continuing && current) current.endDate = start;
      current = { episodeId: importedId(draft.reference, 'careEpisodes', start), startDate: start, legalStatus: episode.ls };
      draft.records.careEpisodes.push(current);
      draft.sources.set(current, { file, line: row.line, columns: { startDate: 'DECOM', endDate: 'DEC', legalStatus: 'LS' } });
    }
    if (continuing && RNE[rne].placement) {
      const change = { placementChangeId: importedId(draft.reference, 'placementChanges', start), date: start, unplanned: settings.unplannedReasons.includes(episode.reason) };
      draft.records.placementChanges.push(change);
      draft.sources.set(change, { file, line: row.line, columns: { date: 'DECOM', unplanned: 'REASON_PLACE_CHANGE' } });
    }
    if (episode.rec.startsWith('E') && current && episode.end) {
      current.endDate = episode.end;
      current.endReason = episode.rec;
    }
    previous = episode;
  }
}

/** A review: a CER held, with the child's participation code. */
function addReview(draft: Draft, row: Row): void {
  const file = IMPORT_FILES.reviews;
  const heldOn = dateColumn(draft, file, row, 'REVIEW', true);
  const code = (row.values['REVIEW_CODE'] ?? '').trim().toUpperCase();
  if (!(code in PARTICIPATED)) {
    draft.problems.push({ file, line: row.line, column: 'REVIEW_CODE', reason: `is not a 903 participation code (PN0 to PN7): "${code}"` });
    return;
  }
  if (!heldOn) return;
  const participationCode = code as ParticipationCode;
  const meeting: HeldMeeting = {
    meetingId: importedId(draft.reference, 'meetings', 'CER', heldOn),
    type: 'CER',
    status: 'held',
    heldOn,
    childParticipated: PARTICIPATED[participationCode],
    participationCode,
    advocacyOffered: false,
    advocacyProvided: false,
    qaAuditCompleted: false,
  };
  draft.records.meetings.push(meeting);
  draft.sources.set(meeting, { file, line: row.line, columns: { heldOn: 'REVIEW', childParticipated: 'REVIEW_CODE' } });
}

/** A row of `protection.csv`: a strategy discussion, a registration, or a conference or meeting held. */
function addProtection(draft: Draft, row: Row): void {
  const file = IMPORT_FILES.protection;
  const at = (column: string, reason: string) => draft.problems.push({ file, line: row.line, column, reason });
  const record = (row.values['RECORD'] ?? '').trim().toUpperCase() as ProtectionRecord;
  if (!PROTECTION_RECORDS.includes(record)) {
    at('RECORD', `must be one of ${PROTECTION_RECORDS.join(', ')}: "${record}"`);
    return;
  }
  const date = dateColumn(draft, file, row, 'DATE', true);
  const endDate = dateColumn(draft, file, row, 'END_DATE', false);
  const category = (row.values['CATEGORY'] ?? '').trim();
  if (!date || endDate === null) return;
  switch (record) {
    case 'STRATEGY': {
      const determination = (row.values['S47_DETERMINATION'] ?? '').trim().toLowerCase();
      const determinedOn = dateColumn(draft, file, row, 'DETERMINED_ON', false);
      if (determination !== '' && !(S47_DETERMINATIONS as readonly string[]).includes(determination)) {
        at('S47_DETERMINATION', `must be one of ${S47_DETERMINATIONS.join(', ')}: "${determination}"`);
        return;
      }
      if (determinedOn === null) return;
      // As the API records it: s47 enquiries were needed unless the (optional) SECTION47 column says N.
      const section47 = (row.values['SECTION47'] ?? '').trim().toUpperCase() !== 'N';
      const discussion = {
        strategyDiscussionId: importedId(draft.reference, 'strategyDiscussions', date),
        date,
        section47,
        ...(determination === '' ? {} : { s47Determination: determination as (typeof S47_DETERMINATIONS)[number] }),
        ...(determinedOn === undefined ? {} : { determinedOn }),
      };
      draft.records.strategyDiscussions.push(discussion);
      draft.sources.set(discussion, { file, line: row.line, columns: { date: 'DATE', s47Determination: 'S47_DETERMINATION', determinedOn: 'DETERMINED_ON' } });
      return;
    }
    case 'REGISTRATION': {
      if (category === '') {
        at('CATEGORY', 'is required for a registration: the category of abuse, as Chart 4 names it');
        return;
      }
      const registration: Registration = { registrationId: importedId(draft.reference, 'registrations', date), startDate: date, category, ...(endDate ? { endDate } : {}) };
      draft.records.registrations.push(registration);
      draft.sources.set(registration, { file, line: row.line, columns: { startDate: 'DATE', endDate: 'END_DATE', category: 'CATEGORY', categoryFrom: 'DATE' } });
      return;
    }
    default: {
      const outcomeText = (row.values['OUTCOME'] ?? '').trim().toLowerCase();
      const participated = (row.values['PARTICIPATED'] ?? '').trim().toUpperCase();
      if (participated !== '' && participated !== 'Y' && participated !== 'N') at('PARTICIPATED', `must be Y, N or empty: "${participated}"`);
      let outcome: ConferenceOutcome | undefined;
      if (outcomeText === 'register') outcome = category === '' ? undefined : { decision: 'register', category };
      else if (outcomeText === 'continue') outcome = { decision: 'continue', ...(category === '' ? {} : { category }) };
      else if (outcomeText === 'do-not-register' || outcomeText === 'deregister') outcome = { decision: outcomeText };
      else if (outcomeText !== '') at('OUTCOME', `must be register, do-not-register, continue, deregister or empty: "${outcomeText}"`);
      if (outcomeText === 'register' && category === '') at('CATEGORY', 'is required when the conference registers the child');
      const type = record as Exclude<MeetingType, 'CER'>;
      const meeting: HeldMeeting = {
        meetingId: importedId(draft.reference, 'meetings', type, date),
        type,
        status: 'held',
        heldOn: date,
        childParticipated: participated === 'Y',
        advocacyOffered: false,
        advocacyProvided: false,
        qaAuditCompleted: false,
        ...(outcome ? { outcome } : {}),
      };
      draft.records.meetings.push(meeting);
      draft.sources.set(meeting, { file, line: row.line, columns: { heldOn: 'DATE', outcome: 'OUTCOME', 'outcome.decision': 'OUTCOME', childParticipated: 'PARTICIPATED' } });
    }
  }
}

/**
 * What each conference did to the register, in the order held, as the API
 * does when it is recorded ({@link registerChangesOf}). A registration given
 * in the file on a conference's day is the one it made or ended: linked to it,
 * not made twice.
 */
function applyConferences(draft: Draft): void {
  const registrations = draft.records.registrations;
  const conferences = draft.records.meetings
    .filter((meeting): meeting is HeldMeeting => meeting.status === 'held' && CONFERENCE_DECISIONS[meeting.type] !== undefined)
    .sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0));
  for (const meeting of conferences) {
    const source = draft.sources.get(meeting);
    const at = (problem: FieldProblem) =>
      draft.problems.push({ file: source?.file ?? IMPORT_FILES.protection, line: source?.line ?? 0, column: source?.columns[problem.field] ?? problem.field, reason: problem.reason });
    const wrong = outcomeProblems(meeting.type, meeting.outcome);
    if (wrong.length > 0) {
      wrong.forEach(at);
      continue;
    }
    const decision = meeting.outcome?.decision;
    const given =
      decision === 'register'
        ? registrations.find((r) => r.startDate === meeting.heldOn)
        : decision === 'deregister'
          ? registrations.find((r) => r.endDate === meeting.heldOn && r.startDate < meeting.heldOn)
          : undefined;
    if (given && decision === 'register') given.registeredAtMeetingId = meeting.meetingId;
    if (given && decision === 'deregister') given.deregisteredAtMeetingId = meeting.meetingId;
    if (given) continue;
    const result = registerChangesOf(meeting, draft.records, () => importedId(draft.reference, 'registrations', meeting.heldOn));
    if ('problem' in result) {
      at(result.problem);
      continue;
    }
    for (const changed of result.registrations) {
      const index = registrations.findIndex((r) => r.registrationId === changed.registrationId);
      const from = index >= 0 ? draft.sources.get(registrations[index]!) : source;
      if (index >= 0) registrations[index] = changed;
      else registrations.push(changed);
      if (from) draft.sources.set(changed, from);
    }
  }
}

/** Every record held to its kind's rules against the rest of the child's file, as the API holds a record it is given. */
function checkRecords(draft: Draft, child: NewChild, today: CalendarDate): void {
  const all = draft.records;
  for (const collection of Object.keys(RULES) as RecordCollection[]) {
    const list = all[collection] as ChildRecords[RecordCollection][number][];
    for (const record of list) {
      const others = { ...all, [collection]: list.filter((other) => other !== record) } as ChildRecords;
      const context: RuleContext = { today, child, others };
      const problems = (RULES[collection] as (r: typeof record, c: RuleContext) => { field: string; reason: string }[])(record, context);
      const source = draft.sources.get(record);
      for (const problem of problems) {
        draft.problems.push({ file: source?.file ?? IMPORT_FILES.children, line: source?.line ?? 0, column: source?.columns[problem.field] ?? problem.field, reason: problem.reason });
      }
    }
  }
  for (const problem of dateOfBirthProblems(child.dateOfBirth, all, today)) {
    draft.problems.push({ file: IMPORT_FILES.children, line: draft.childRow?.line ?? 0, column: 'DOB', reason: problem.reason });
  }
}
