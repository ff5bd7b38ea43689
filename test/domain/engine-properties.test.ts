import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChildRecords, Meeting } from '#shared/domain/records';
import { computeTimescales, meetingCompliance, openTimescales } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { isWorkingDay } from '#shared/domain/calendar/working-days';
import { anyPolicy, registerCase } from './register-arbitraries';

/** Registers of every shape the engine knows, new rules included. */
const anyCase = registerCase({ withNewRules: true, onBoundaries: false });

/**
 * The records as they stood on `asOf`: nothing dated later. A booking is kept as it is, whatever its days: the booking that
 * stands for an open timescale is the earliest, whatever the as-of date.
 */
function asOnDay(records: ChildRecords, asOf: string): ChildRecords {
  const upTo = (d: string | undefined) => (d !== undefined && d <= asOf ? d : undefined);
  return {
    careEpisodes: records.careEpisodes
      .filter((e) => e.startDate <= asOf)
      .map(({ endDate, ...e }) => (upTo(endDate) ? { ...e, endDate: endDate! } : e)),
    placementChanges: records.placementChanges.filter((p) => p.date <= asOf),
    strategyDiscussions: records.strategyDiscussions
      .filter((s) => s.date <= asOf)
      // A determination made after the day was not made yet on it.
      .map(({ s47Determination, determinedOn, ...s }) => (determinedOn === undefined || upTo(determinedOn) ? { ...s, ...(s47Determination ? { s47Determination } : {}), ...(determinedOn ? { determinedOn } : {}) } : s)),
    registrations: records.registrations
      .filter((r) => r.startDate <= asOf)
      .map(({ endDate, ...r }) => (upTo(endDate) ? { ...r, endDate: endDate! } : r)),
    meetings: records.meetings.flatMap((meeting): Meeting[] => {
      if (meeting.status === 'booked') return [meeting];
      if (meeting.heldOn > asOf) return [];
      const { recommendationsSentOn, managerRespondedOn, outlinePlanSentOn, ...m } = meeting;
      return [
        {
          ...m,
          ...(upTo(recommendationsSentOn) ? { recommendationsSentOn } : {}),
          ...(upTo(managerRespondedOn) ? { managerRespondedOn } : {}),
          ...(upTo(outlinePlanSentOn) ? { outlinePlanSentOn } : {}),
        },
      ];
    }),
    transferIns: records.transferIns.filter((t) => t.notifiedOn <= asOf),
    disputes: records.disputes
      .filter((d) => d.startedOn <= asOf)
      .map(({ resolvedOn, outcome, ...d }) => (upTo(resolvedOn) ? { ...d, resolvedOn: resolvedOn!, ...(outcome === undefined ? {} : { outcome }) } : d)),
  };
}

/** Every date in the records moved `days` later. */
function shifted(records: ChildRecords, days: number): ChildRecords {
  const later = <T extends string | undefined>(d: T): T => (d === undefined ? d : (fromDayNumber(toDayNumber(d) + days) as T));
  return {
    careEpisodes: records.careEpisodes.map((e) => ({ ...e, startDate: later(e.startDate), ...(e.endDate ? { endDate: later(e.endDate) } : {}) })),
    placementChanges: records.placementChanges.map((p) => ({ ...p, date: later(p.date) })),
    strategyDiscussions: records.strategyDiscussions.map((s) => ({ ...s, date: later(s.date), ...(s.determinedOn ? { determinedOn: later(s.determinedOn) } : {}) })),
    registrations: records.registrations.map((r) => ({ ...r, startDate: later(r.startDate), ...(r.endDate ? { endDate: later(r.endDate) } : {}) })),
    meetings: records.meetings.map((m): Meeting => {
      const booking = { ...(m.bookedFor ? { bookedFor: later(m.bookedFor) } : {}), ...(m.bookedOn ? { bookedOn: later(m.bookedOn) } : {}) };
      if (m.status === 'booked') return { ...m, ...booking, bookedFor: later(m.bookedFor) };
      return {
        ...m,
        heldOn: later(m.heldOn),
        ...booking,
        ...(m.recommendationsSentOn ? { recommendationsSentOn: later(m.recommendationsSentOn) } : {}),
        ...(m.managerRespondedOn ? { managerRespondedOn: later(m.managerRespondedOn) } : {}),
        ...(m.outlinePlanSentOn ? { outlinePlanSentOn: later(m.outlinePlanSentOn) } : {}),
      };
    }),
    transferIns: records.transferIns.map((t) => ({ ...t, notifiedOn: later(t.notifiedOn) })),
    disputes: records.disputes.map((d) => ({ ...d, startedOn: later(d.startedOn), ...(d.resolvedOn ? { resolvedOn: later(d.resolvedOn) } : {}) })),
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
          // A booking is a meeting of the timescale's own type, booked and not yet held, for the day it is booked for.
          if (t.booking !== undefined) {
            expect(records.meetings.filter((m) => m.meetingId === t.booking!.meetingId)).toContainEqual(
              expect.objectContaining({ status: 'booked', type: t.kind, bookedFor: t.booking.bookedFor }),
            );
          }
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
          full.timescales.map(({ status: _status, workingDaysLeft: _left, ...open }) => open),
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

  it('counts a booking for nothing: without the bookings, the same answer but for the bookings', () => {
    fc.assert(
      fc.property(anyCase, anyPolicy, ([records, asOf], policy) => {
        const withoutBookings: ChildRecords = { ...records, meetings: records.meetings.filter((m) => m.status !== 'booked') };
        const full = computeTimescales(records, policy, asOf);

        expect(computeTimescales(withoutBookings, policy, asOf)).toEqual({
          ...full,
          timescales: full.timescales.map(({ booking: _booking, ...timescale }) => timescale),
        });
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
          transferIns: [...records.transferIns].reverse(),
          disputes: [...records.disputes].reverse(),
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
