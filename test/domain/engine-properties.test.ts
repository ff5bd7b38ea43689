import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChildRecords, Meeting } from '#shared/domain/records';
import { MEETING_TYPES } from '#shared/domain/records';
import { computeTimescales, meetingCompliance, openTimescales } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY, ICPC_COUNTS_FROM, parseTimescalePolicy } from '#shared/domain/timescales/policy';
import type { TimescalePolicy } from '#shared/domain/timescales/policy';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { isWorkingDay } from '#shared/domain/calendar/working-days';

// Dates well inside the calendar (2010-2035), leaving room for 6 months and a shift.
const FIRST = toDayNumber('2011-01-01');
const LAST = toDayNumber('2033-12-31');
/** A child's history spans about three years, so that its records meet. */
const SPAN = 800;

/** Any valid record set around `base`: any order, overlaps, gaps, cancellations, missing links. */
const recordsFrom = (base: number): fc.Arbitrary<ChildRecords> => {
  const date = fc.integer({ min: base, max: base + SPAN }).map(fromDayNumber);
  const maybeDate = fc.option(date, { nil: undefined });
  return fc
    .record({
      careEpisodes: fc.array(fc.tuple(date, maybeDate), { maxLength: 3 }),
      placementChanges: fc.array(fc.tuple(date, fc.boolean()), { maxLength: 5 }),
      strategyDiscussions: fc.array(date, { maxLength: 5 }),
      registrations: fc.array(fc.tuple(date, maybeDate, fc.option(fc.nat(5), { nil: undefined })), { maxLength: 3 }),
      meetings: fc.array(
        fc.record({
          type: fc.constantFrom(...MEETING_TYPES),
          heldOn: date,
          cancelled: fc.boolean(),
          recommendationsSentOn: maybeDate,
          managerRespondedOn: maybeDate,
          outlinePlanSentOn: maybeDate,
          registers: fc.boolean(),
        }),
        { minLength: 2, maxLength: 30 },
      ),
    })
    .map(({ careEpisodes, placementChanges, strategyDiscussions, registrations, meetings }) => ({
      careEpisodes: careEpisodes.map(([start, end], i) => ({
        episodeId: `e${i}`,
        startDate: end !== undefined && end < start ? end : start,
        ...(end === undefined ? {} : { endDate: end < start ? start : end }),
      })),
      placementChanges: placementChanges.map(([d, unplanned], i) => ({ placementChangeId: `p${i}`, date: d, unplanned })),
      strategyDiscussions: strategyDiscussions.map((d, i) => ({ strategyDiscussionId: `s${i}`, date: d })),
      registrations: registrations.map(([start, end, link], i) => ({
        registrationId: `r${i}`,
        category: 'Neglect' as const,
        startDate: end !== undefined && end < start ? end : start,
        ...(end === undefined ? {} : { endDate: end < start ? start : end }),
        ...(link === undefined ? {} : { registeredAtMeetingId: `m${link}` }),
      })),
      meetings: meetings.map(
        (m, i): Meeting => ({
          meetingId: `m${i}`,
          type: m.type,
          heldOn: m.heldOn,
          status: m.cancelled ? 'cancelled' : 'held',
          childParticipated: false,
          advocacyOffered: false,
          advocacyProvided: false,
          qaAuditCompleted: false,
          ...(m.registers ? { outcome: { decision: 'register' as const, category: 'Neglect' as const } } : {}),
          ...(m.recommendationsSentOn === undefined ? {} : { recommendationsSentOn: m.recommendationsSentOn }),
          ...(m.managerRespondedOn === undefined ? {} : { managerRespondedOn: m.managerRespondedOn }),
          ...(m.outlinePlanSentOn === undefined ? {} : { outlinePlanSentOn: m.outlinePlanSentOn }),
        }),
      ),
    }));
};

/** Any valid record set, and an as-of date during or after its history. */
const anyCase: fc.Arbitrary<[ChildRecords, string]> = fc
  .integer({ min: FIRST, max: LAST - SPAN - 200 })
  .chain((base) => fc.tuple(recordsFrom(base), fc.integer({ min: base, max: base + SPAN + 200 }).map(fromDayNumber)));

const anyPolicy: fc.Arbitrary<TimescalePolicy> = fc
  .record(
    {
      firstCerWorkingDays: fc.integer({ min: 1, max: 40 }),
      unplannedPlacementChangeCer: fc.boolean(),
      unplannedPlacementChangeCerWorkingDays: fc.integer({ min: 1, max: 40 }),
      icpcCountsFrom: fc.constantFrom(...ICPC_COUNTS_FROM),
      midpointReviews: fc.boolean(),
      dueSoonWorkingDays: fc.integer({ min: 0, max: 20 }),
    },
    { requiredKeys: [] },
  )
  .map((override) => parseTimescalePolicy(override));

/** The records as they stood on `asOf`: nothing dated later. */
function asOnDay(records: ChildRecords, asOf: string): ChildRecords {
  const upTo = (d: string | undefined) => (d !== undefined && d <= asOf ? d : undefined);
  return {
    careEpisodes: records.careEpisodes
      .filter((e) => e.startDate <= asOf)
      .map(({ endDate, ...e }) => (upTo(endDate) ? { ...e, endDate: endDate! } : e)),
    placementChanges: records.placementChanges.filter((p) => p.date <= asOf),
    strategyDiscussions: records.strategyDiscussions.filter((s) => s.date <= asOf),
    registrations: records.registrations
      .filter((r) => r.startDate <= asOf)
      .map(({ endDate, ...r }) => (upTo(endDate) ? { ...r, endDate: endDate! } : r)),
    meetings: records.meetings
      .filter((m) => m.heldOn <= asOf)
      .map(({ recommendationsSentOn, managerRespondedOn, outlinePlanSentOn, ...m }) => ({
        ...m,
        ...(upTo(recommendationsSentOn) ? { recommendationsSentOn } : {}),
        ...(upTo(managerRespondedOn) ? { managerRespondedOn } : {}),
        ...(upTo(outlinePlanSentOn) ? { outlinePlanSentOn } : {}),
      })),
  };
}

/** Every date in the records moved `days` later. */
function shifted(records: ChildRecords, days: number): ChildRecords {
  const later = <T extends string | undefined>(d: T): T => (d === undefined ? d : (fromDayNumber(toDayNumber(d) + days) as T));
  return {
    careEpisodes: records.careEpisodes.map((e) => ({ ...e, startDate: later(e.startDate), ...(e.endDate ? { endDate: later(e.endDate) } : {}) })),
    placementChanges: records.placementChanges.map((p) => ({ ...p, date: later(p.date) })),
    strategyDiscussions: records.strategyDiscussions.map((s) => ({ ...s, date: later(s.date) })),
    registrations: records.registrations.map((r) => ({ ...r, startDate: later(r.startDate), ...(r.endDate ? { endDate: later(r.endDate) } : {}) })),
    meetings: records.meetings.map((m) => ({
      ...m,
      heldOn: later(m.heldOn),
      ...(m.recommendationsSentOn ? { recommendationsSentOn: later(m.recommendationsSentOn) } : {}),
      ...(m.managerRespondedOn ? { managerRespondedOn: later(m.managerRespondedOn) } : {}),
      ...(m.outlinePlanSentOn ? { outlinePlanSentOn: later(m.outlinePlanSentOn) } : {}),
    })),
  };
}

const WORKING_DAY_KINDS = new Set(['ICPC', 'OUTLINE_PLAN', 'CORE_GROUP', 'RECOMMENDATIONS', 'MANAGER_RESPONSE']);

function dueDatesByKind(open: readonly OpenTimescale[]): Map<string, string[]> {
  const byKind = new Map<string, string[]>();
  for (const t of open) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t.dueDate].sort());
  return byKind;
}

describe('the timescale engine, on any valid record set', () => {
  it('never throws, and keeps its promises about what it returns', () => {
    fc.assert(
      fc.property(anyCase, anyPolicy, ([records, asOf], policy) => {
        // act
        const result = computeTimescales(records, policy, asOf);

        // assess
        for (const t of result.timescales) {
          expect(t.statutory).toBe(t.kind !== 'MIDPOINT');
          expect(t.status === 'breached').toBe(t.dueDate < asOf);
          expect(t.countedFrom.date <= asOf).toBe(true);
          if (WORKING_DAY_KINDS.has(t.kind)) expect(isWorkingDay(t.dueDate)).toBe(true);
        }
        const ids = new Set<string>();
        for (const m of result.meetings) {
          expect(m.inCompliance).toBe(m.heldOn <= m.dueDate);
          expect(m.heldOn <= asOf).toBe(true);
          expect(ids.has(m.meetingId)).toBe(false);
          ids.add(m.meetingId);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same open timescales and verdicts through each of its entry points', () => {
    fc.assert(
      fc.property(anyCase, anyPolicy, ([records, asOf], policy) => {
        const full = computeTimescales(records, policy, asOf);
        expect(openTimescales(records, policy, asOf)).toEqual(
          full.timescales.map(({ kind, dueDate, countedFrom, statutory }) => ({ kind, dueDate, countedFrom, statutory })),
        );
        expect(meetingCompliance(records, policy, asOf)).toEqual(full.meetings);
      }),
      { numRuns: 300 },
    );
  });

  it('answers as if it were the as-of date: later records change nothing', () => {
    fc.assert(
      fc.property(anyCase, ([records, asOf]) => {
        expect(computeTimescales(records, DEFAULT_TIMESCALE_POLICY, asOf)).toEqual(
          computeTimescales(asOnDay(records, asOf), DEFAULT_TIMESCALE_POLICY, asOf),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order the records come in', () => {
    fc.assert(
      fc.property(anyCase, ([records, asOf]) => {
        const reversed: ChildRecords = {
          careEpisodes: [...records.careEpisodes].reverse(),
          placementChanges: [...records.placementChanges].reverse(),
          strategyDiscussions: [...records.strategyDiscussions].reverse(),
          registrations: [...records.registrations].reverse(),
          meetings: [...records.meetings].reverse(),
        };
        expect(computeTimescales(reversed, DEFAULT_TIMESCALE_POLICY, asOf)).toEqual(
          computeTimescales(records, DEFAULT_TIMESCALE_POLICY, asOf),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never moves a due date earlier when every start moves later', () => {
    fc.assert(
      fc.property(anyCase, anyPolicy, fc.integer({ min: 1, max: 60 }), ([records, asOf], policy, days) => {
        // prepare: the same history, all of it `days` later, looked at `days` later
        const before = dueDatesByKind(computeTimescales(records, policy, asOf).timescales);

        // act
        const after = dueDatesByKind(
          computeTimescales(shifted(records, days), policy, fromDayNumber(toDayNumber(asOf) + days)).timescales,
        );

        // assess: the same timescales are open, none due earlier
        expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        for (const [kind, dues] of before) {
          const laterDues = after.get(kind)!;
          expect(laterDues).toHaveLength(dues.length);
          dues.forEach((due, i) => expect(laterDues[i]! >= due).toBe(true));
        }
      }),
      { numRuns: 300 },
    );
  });
});
