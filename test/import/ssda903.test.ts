/**
 * The 903 files to the register: a small hand-written set made into each
 * child's file as the API would hold it, and every kind of bad row reported
 * as `file:line: column: reason`, its child left out whole.
 */
import { describe, expect, it } from 'vitest';
import type { HeldMeeting } from '#shared/domain/records';
import { readImportFiles } from '#shared/import/read-files';
import { DEFAULT_IMPORT_SETTINGS, dateOf903, formatProblem, importedId, planImport } from '#shared/import/ssda903';

const TODAY = '2025-03-31';
const SMALL = 'test/import/903-small';

describe('the 903 files, mapped', () => {
  const { files, problems } = readImportFiles(SMALL);
  const plan = planImport(files, DEFAULT_IMPORT_SETTINGS, TODAY);
  const child = (reference: string) => plan.children.find((c) => c.child.reference === reference)!;

  it('reads every file of the set, with no problem', () => {
    expect(problems).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(plan.children.map((c) => c.child.reference)).toEqual(['C-9001', 'C-9002', 'C-9003']);
    // The 903's SEX code 2, and the API's own word.
    expect(child('C-9001').child).toMatchObject({ gender: 'female', dateOfBirth: '2012-05-05', iroEmail: 'iro.one@example.org' });
    expect(child('C-9003').child.gender).toBe('male');
  });

  it('keeps a period of care whole across a change of legal status (RNE L), and makes a placement change (RNE P) of the rest', () => {
    const { careEpisodes, placementChanges } = child('C-9001').records;
    // V2 from 2024-04-01, then a care order (C2) from 2024-06-10: the second starts the day the first ended.
    expect(careEpisodes.map(({ startDate, endDate, legalStatus }) => ({ startDate, endDate, legalStatus }))).toEqual([
      { startDate: '2024-04-01', endDate: '2024-06-10', legalStatus: 'V2' },
      { startDate: '2024-06-10', endDate: undefined, legalStatus: 'C2' },
    ]);
    // CHRQ (the child asked to move) is unplanned by default.
    expect(placementChanges.map(({ date, unplanned }) => ({ date, unplanned }))).toEqual([{ date: '2024-09-02', unplanned: true }]);
  });

  it('ends a period at a cessation (REC E4A) and starts another at a return (RNE S)', () => {
    const { careEpisodes } = child('C-9002').records;
    expect(careEpisodes.map(({ startDate, endDate, endReason }) => ({ startDate, endDate, endReason }))).toEqual([
      { startDate: '2024-01-08', endDate: '2024-07-01', endReason: 'E4A' },
      { startDate: '2025-01-13', endDate: undefined, endReason: undefined },
    ]);
  });

  it('makes each review a CER held, keeping its participation code', () => {
    const cers = (child('C-9002').records.meetings as HeldMeeting[]).map(({ type, status, heldOn, participationCode, childParticipated }) => ({ type, status, heldOn, participationCode, childParticipated }));
    expect(cers).toEqual([
      { type: 'CER', status: 'held', heldOn: '2024-02-01', participationCode: 'PN7', childParticipated: false },
      // PN5: did not attend, but briefed an advocate: the child's views reached the review.
      { type: 'CER', status: 'held', heldOn: '2025-02-10', participationCode: 'PN5', childParticipated: true },
    ]);
  });

  it('makes a child protection history into the register as the API would: registered at the ICPC, de-registered at the RCPC', () => {
    const { strategyDiscussions, registrations, meetings } = child('C-9003').records;
    const icpc = meetings.find((m) => m.type === 'ICPC')!;
    const deregistering = meetings.find((m) => m.type === 'RCPC' && m.status === 'held' && m.heldOn === '2024-12-20')!;
    expect(strategyDiscussions).toMatchObject([{ date: '2024-03-04', s47Determination: 'conference', determinedOn: '2024-03-20' }]);
    expect(registrations).toEqual([
      {
        registrationId: importedId('C-9003', 'registrations', '2024-03-22'),
        startDate: '2024-03-22',
        category: 'Neglect',
        registeredAtMeetingId: icpc.meetingId,
        endDate: '2024-12-20',
        deregisteredAtMeetingId: deregistering.meetingId,
      },
    ]);
  });

  it('makes the same ids from the same rows, whatever the letter case of the reference', () => {
    const again = planImport(readImportFiles(SMALL).files, DEFAULT_IMPORT_SETTINGS, TODAY);
    expect(again.children).toEqual(plan.children);
    expect(importedId('c-9001', 'careEpisodes', '2024-04-01')).toBe(child('C-9001').records.careEpisodes[0]!.episodeId);
  });

  it('takes only real dd/mm/yyyy dates', () => {
    expect(dateOf903('01/04/2024')).toBe('2024-04-01');
    expect(dateOf903('1/4/2024')).toBe('2024-04-01');
    expect(dateOf903('31/02/2024')).toBeUndefined();
    expect(dateOf903('2024-04-01')).toBeUndefined();
  });
});

describe('bad rows', () => {
  const plan = planImport(readImportFiles('test/import/903-bad').files, DEFAULT_IMPORT_SETTINGS, TODAY);

  it('reports every kind as file:line: column: reason', () => {
    expect(plan.problems.map(formatProblem)).toEqual([
      'children.csv:3: DOB: must be a real date written dd/mm/yyyy',
      "children.csv:5: GENDER: must be one of female, male, other, not-stated, or the 903's SEX code (1 male, 2 female)",
      'children.csv:5: TEAM_MANAGER_EMAIL: must be an email address',
      'episodes.csv:2: DEC: before DECOM (2024-04-01)',
      'episodes.csv:3: CHILD: no child C-3 in children.csv',
      'episodes.csv:5: DECOM: overlaps the episode from 2024-01-01 (line 4), which is still open',
      'episodes.csv:6: DECOM: is not a real date written dd/mm/yyyy ("2024-01-01")',
      'episodes.csv:7: RNE: is not a 903 reason for a new episode (S, L, P, T, U, B): "Q"',
      'reviews.csv:2: REVIEW_CODE: is not a 903 participation code (PN0 to PN7): "PN9"',
    ]);
  });

  it('leaves out each child with a problem, whole, and says why for each of their rows', () => {
    expect(plan.children).toEqual([]);
    expect(plan.skipped).toContainEqual({ file: 'reviews.csv', line: 2, reference: 'C-7', reason: expect.stringContaining('RNE: is not a 903 reason') });
    expect(plan.skipped).toContainEqual({ file: 'episodes.csv', line: 3, reference: 'C-3', reason: 'unknown child' });
  });
});
