/**
 * The record rules on plain values: what a case dispute must be, each
 * problem naming its field, and a dispute as one of the child's dated
 * records (a date of birth may not come after it).
 */
import { describe, expect, it } from 'vitest';
import { emptyRecords, type Dispute } from '#shared/domain/records';
import { dateOfBirthProblems, disputeProblems, earliestRecordDate, type RuleContext } from '#shared/domain/record-rules';

/** Today 2025-06-02, a child born 2015-12-10 with no other records. */
const CONTEXT: RuleContext = { today: '2025-06-02', child: { dateOfBirth: '2015-12-10' }, others: emptyRecords() };

/** An informal dispute the IRO raised on 2025-01-14, still open. */
const OPEN: Dispute = { disputeId: 'd1', startedOn: '2025-01-14', stage: 'informal', raisedBy: 'IRO', legalAdviceSought: false, cafcassReferral: false };

const fieldsOf = (dispute: Dispute, context = CONTEXT) => disputeProblems(dispute, context).map((problem) => problem.field);

describe('disputeProblems', () => {
  it('finds nothing wrong with an open dispute, nor with one resolved later with its outcome', () => {
    const resolved: Dispute = { ...OPEN, stage: 'formal', resolvedOn: '2025-02-25', outcome: 'Care plan amended', legalAdviceSought: true, cafcassReferral: true };

    expect(disputeProblems(OPEN, CONTEXT)).toEqual([]);
    expect(disputeProblems(resolved, CONTEXT)).toEqual([]);
  });

  it('takes a dispute resolved the day it was raised', () => {
    expect(disputeProblems({ ...OPEN, resolvedOn: OPEN.startedOn, outcome: 'Agreed at the meeting' }, CONTEXT)).toEqual([]);
  });

  it('holds startedOn and resolvedOn to the event date rules: not in the future, not before the calendar, not before the birth', () => {
    expect(disputeProblems({ ...OPEN, startedOn: '2025-06-03' }, CONTEXT)).toEqual([{ field: 'startedOn', reason: 'is in the future' }]);
    expect(fieldsOf({ ...OPEN, startedOn: '1999-12-31' }, { ...CONTEXT, child: { dateOfBirth: '1998-01-01' } })).toEqual(['startedOn']);
    expect(disputeProblems({ ...OPEN, startedOn: '2015-12-09' }, CONTEXT)).toEqual([{ field: 'startedOn', reason: 'is before the child was born (2015-12-10)' }]);
    expect(disputeProblems({ ...OPEN, resolvedOn: '2025-06-03', outcome: 'Care plan amended' }, CONTEXT)).toEqual([{ field: 'resolvedOn', reason: 'is in the future' }]);
  });

  it('refuses a resolution before the dispute started, naming resolvedOn and the start', () => {
    expect(disputeProblems({ ...OPEN, resolvedOn: '2025-01-13' }, CONTEXT)).toEqual([{ field: 'resolvedOn', reason: 'is before the dispute started (2025-01-14)' }]);
  });

  it('refuses an outcome without resolvedOn, saying the one goes with the other', () => {
    const problems = disputeProblems({ ...OPEN, outcome: 'Care plan amended' }, CONTEXT);

    expect(problems).toEqual([{ field: 'outcome', reason: expect.stringContaining('resolvedOn') }]);
  });

  it('takes a resolution without an outcome: how it ended may follow', () => {
    expect(disputeProblems({ ...OPEN, resolvedOn: '2025-02-25' }, CONTEXT)).toEqual([]);
  });

  it('refuses a blank raisedBy', () => {
    expect(fieldsOf({ ...OPEN, raisedBy: '' })).toEqual(['raisedBy']);
    expect(fieldsOf({ ...OPEN, raisedBy: ' \t ' })).toEqual(['raisedBy']);
  });

  it('names every field at fault at once', () => {
    expect(fieldsOf({ ...OPEN, startedOn: '2025-06-03', outcome: 'Care plan amended', raisedBy: ' ' })).toEqual(['startedOn', 'outcome', 'raisedBy']);
  });
});

describe('a dispute among the child’s dated records', () => {
  it('counts a dispute’s start as a record a date of birth may not come after', () => {
    const records = { ...emptyRecords(), disputes: [OPEN] };

    expect(earliestRecordDate(records)).toBe('2025-01-14');
    expect(dateOfBirthProblems('2025-01-15', records, '2025-06-02')).toEqual([{ field: 'dateOfBirth', reason: "is after the child's earliest record (2025-01-14)" }]);
    expect(dateOfBirthProblems('2025-01-14', records, '2025-06-02')).toEqual([]);
  });
});
