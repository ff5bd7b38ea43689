import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDayNumber, toDayNumber } from '#shared/domain/calendar/calendar-date';
import { computeTimescales, openTimescales, meetingCompliance } from '#shared/domain/timescales/engine';
import { dateInWords, explainTimescale, explainVerdict, type Explanation } from '#shared/domain/timescales/explain';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy } from '#shared/domain/timescales/policy-override';
import { RULE_SETTINGS } from '#shared/domain/timescales/rules';
import { TIMESCALE_RULES, type CountedFrom, type OpenTimescale, type TimescaleRule } from '#shared/domain/timescales/types';
import { cer, child, episode, held, registration, strategyDiscussion, unplannedChange } from './fixtures';
import { anyPolicy, registerCase } from './register-arbitraries';

const policy = DEFAULT_TIMESCALE_POLICY;

/** The one open timescale of a kind. */
function theOpen(open: readonly OpenTimescale[], kind: string): OpenTimescale {
  const found = open.filter((t) => t.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('explainTimescale', () => {
  it('explains the worked example: an ICPC 15 working days after a strategy discussion, across Christmas', () => {
    // prepare: a strategy discussion on Thursday 19 December 2024
    const records = child({ strategyDiscussions: [strategyDiscussion('s1', '2024-12-19')] });
    const icpc = theOpen(openTimescales(records, policy, '2024-12-20'), 'ICPC');

    // act
    const explanation = explainTimescale(icpc, policy);

    // assess
    expect(icpc.dueDate).toBe('2025-01-14');
    expect(explanation).toEqual({
      rule: { name: 'icpc', setting: 'icpcWorkingDays', value: 15, unit: 'working-days', source: 'Wales Safeguarding Procedures' },
      countedFrom: { event: 'STRATEGY_DISCUSSION', recordId: 's1', date: '2024-12-19' },
      bankHolidaysSkipped: [
        { date: '2024-12-25', name: 'Christmas Day' },
        { date: '2024-12-26', name: 'Boxing Day' },
        { date: '2025-01-01', name: "New Year's Day" },
      ],
      weekendDaysSkipped: 8,
      sentence:
        'Due by Tuesday 14 January 2025: 15 working days after the last strategy discussion on Thursday 19 December 2024 (Wales Safeguarding Procedures). ' +
        '25 and 26 December and 1 January are bank holidays.',
    } satisfies Explanation);
  });

  it('names the setting and its value in force, and counts from the first strategy discussion where the policy says so', () => {
    const england = parseTimescalePolicy({ icpcWorkingDays: 10, icpcCountsFrom: 'first-strategy-discussion' });
    const records = child({ strategyDiscussions: [strategyDiscussion('s1', '2025-03-03'), strategyDiscussion('s2', '2025-03-05')] });
    const icpc = theOpen(openTimescales(records, england, '2025-03-06'), 'ICPC');

    const explanation = explainTimescale(icpc, england);

    expect(explanation.rule).toMatchObject({ setting: 'icpcWorkingDays', value: 10 });
    expect(explanation.countedFrom.recordId).toBe('s1');
    expect(explanation.bankHolidaysSkipped).toEqual([]);
    expect(explanation.weekendDaysSkipped).toBe(4);
    expect(explanation.sentence).toBe(
      'Due by Monday 17 March 2025: 10 working days after the first strategy discussion since the previous conference on Monday 3 March 2025 (Wales Safeguarding Procedures).',
    );
  });

  it('says when a month count was clamped to the month’s last day: a CER on 31 August 2024, the next 6 months on', () => {
    // prepare: care from 8 January 2024, CER1 on 1 February, CER2 (late) on Saturday 31 August
    const records = child({ careEpisodes: [episode('e1', '2024-01-08')], meetings: [cer('c1', '2024-02-01'), cer('c2', '2024-08-31')] });
    const next = theOpen(openTimescales(records, policy, '2024-09-02'), 'CER');

    // act
    const explanation = explainTimescale(next, policy);

    // assess
    expect(next).toMatchObject({ dueDate: '2025-02-28', rule: 'laterCer' });
    expect(explanation).toEqual({
      rule: {
        name: 'laterCer',
        setting: 'laterCerMonths',
        value: 6,
        unit: 'months',
        source: 'Care Planning, Placement and Case Review (Wales) Regulations 2015, Part 6',
      },
      countedFrom: { event: 'CER', recordId: 'c2', date: '2024-08-31' },
      clampedFrom: '2025-02-31',
      sentence:
        'Due by Friday 28 February 2025: 6 months after the previous CER on Saturday 31 August 2024 ' +
        '(Care Planning, Placement and Case Review (Wales) Regulations 2015, Part 6). There is no 31 February 2025, so it is the last day of the month.',
    } satisfies Explanation);
  });

  it('leaves clampedFrom out when the day exists, and says a month count stays on a weekend', () => {
    // prepare: registered on Friday 30 August 2024; the first RCPC is due on Saturday 30 November
    const records = child({ registrations: [registration('r1', '2024-08-30')] });
    const rcpc = theOpen(openTimescales(records, policy, '2024-09-02'), 'RCPC');

    const explanation = explainTimescale(rcpc, policy);

    expect(explanation).not.toHaveProperty('clampedFrom');
    expect(explanation).not.toHaveProperty('bankHolidaysSkipped');
    expect(explanation.sentence).toBe(
      'Due by Saturday 30 November 2024: 3 months after the child was registered on Friday 30 August 2024 (Wales Safeguarding Procedures). ' +
        'A date counted in months is not moved off a weekend.',
    );
  });

  it('explains a CER brought forward by an unplanned placement change, with the regular due date', () => {
    // prepare: CER1 on 27 September 2024 (next due 27 December); an unplanned change on 4 November brings it to 2 December
    const records = child({
      careEpisodes: [episode('e1', '2024-09-02')],
      placementChanges: [unplannedChange('p1', '2024-11-04')],
      meetings: [cer('c1', '2024-09-27')],
    });
    const next = theOpen(openTimescales(records, policy, '2024-11-05'), 'CER');

    // act
    const explanation = explainTimescale(next, policy);

    // assess
    const change: CountedFrom = { event: 'UNPLANNED_PLACEMENT_CHANGE', recordId: 'p1', date: '2024-11-04' };
    expect(next).toMatchObject({ dueDate: '2024-12-02', rule: 'unplannedPlacementChangeCer', broughtForwardFrom: '2024-12-27' });
    expect(explanation).toEqual({
      rule: { name: 'unplannedPlacementChangeCer', setting: 'unplannedPlacementChangeCerWorkingDays', value: 20, unit: 'working-days', source: 'local practice' },
      countedFrom: change,
      bankHolidaysSkipped: [],
      weekendDaysSkipped: 8,
      broughtForward: { by: change, regularDueDate: '2024-12-27' },
      sentence:
        'Due by Monday 2 December 2024: 20 working days after the unplanned placement change on Monday 4 November 2024 (local practice), ' +
        'earlier than the regular due date, Friday 27 December 2024.',
    } satisfies Explanation);
  });

  it('explains the mid-point review as halfway to the next CER’s regular due date, rounded down', () => {
    // prepare: CER1 on 27 September 2024; next due 27 December; 91 days, so the mid-point is 45 days on, 11 November
    const records = child({ careEpisodes: [episode('e1', '2024-09-02')], meetings: [cer('c1', '2024-09-27')] });
    const midpoint = theOpen(openTimescales(records, policy, '2024-09-30'), 'MIDPOINT');

    const explanation = explainTimescale(midpoint, policy);

    expect(explanation).toEqual({
      rule: { name: 'midpoint', setting: 'midpointReviews', value: true, unit: 'halfway', source: 'IRO practice standards' },
      countedFrom: { event: 'CER', recordId: 'c1', date: '2024-09-27' },
      halfwayTo: '2024-12-27',
      sentence:
        'Due by Monday 11 November 2024: halfway (45 of 91 days, rounded down) from the last CER on Friday 27 September 2024 ' +
        "to the next CER's regular due date, Friday 27 December 2024 (IRO practice standards).",
    } satisfies Explanation);
  });

  it('names a single bank holiday in the singular', () => {
    const records = child({ careEpisodes: [episode('e1', '2025-08-11')] });
    const first = theOpen(openTimescales(records, policy, '2025-08-11'), 'CER');

    const explanation = explainTimescale(first, policy);

    expect(explanation.bankHolidaysSkipped).toEqual([{ date: '2025-08-25', name: 'Summer bank holiday' }]);
    expect(explanation.sentence).toBe(
      'Due by Tuesday 9 September 2025: 20 working days after the child became looked after on Monday 11 August 2025 ' +
        '(Care Planning, Placement and Case Review (Wales) Regulations 2015, Part 6). 25 August is a bank holiday.',
    );
  });
});

describe('explainVerdict', () => {
  it('says the day a meeting was held and whether in time', () => {
    const records = child({
      strategyDiscussions: [strategyDiscussion('s1', '2024-12-19')],
      meetings: [held('ICPC', 'm1', '2025-01-15', { outcome: { decision: 'do-not-register' } })],
    });
    const [verdict] = meetingCompliance(records, policy, '2025-01-20');

    const explanation = explainVerdict(verdict!, policy);

    expect(explanation.rule.name).toBe('icpc');
    expect(explanation.weekendDaysSkipped).toBe(8);
    expect(explanation.sentence).toBe(
      'Held on Wednesday 15 January 2025, late: due by Tuesday 14 January 2025, 15 working days after the last strategy discussion on Thursday 19 December 2024 ' +
        '(Wales Safeguarding Procedures). 25 and 26 December and 1 January are bank holidays.',
    );
  });

  it('explains a CER held in time against a date brought forward', () => {
    const records = child({
      careEpisodes: [episode('e1', '2024-09-02')],
      placementChanges: [unplannedChange('p1', '2024-11-04')],
      meetings: [cer('c1', '2024-09-27'), cer('c2', '2024-11-29')],
    });
    const verdict = meetingCompliance(records, policy, '2024-12-02').find((m) => m.meetingId === 'c2')!;

    const explanation = explainVerdict(verdict, policy);

    expect(explanation.broughtForward).toEqual({ by: verdict.countedFrom, regularDueDate: '2024-12-27' });
    expect(explanation.sentence).toBe(
      'Held on Friday 29 November 2024, in time: due by Monday 2 December 2024, 20 working days after the unplanned placement change on Monday 4 November 2024 ' +
        '(local practice), earlier than the regular due date, Friday 27 December 2024.',
    );
  });
});

describe('dateInWords', () => {
  it('writes a date as people in the UK do, whatever the ICU version puts after the weekday', () => {
    expect(dateInWords('2025-01-14')).toBe('Tuesday 14 January 2025');
    expect(dateInWords('2024-02-29')).toBe('Thursday 29 February 2024');
  });
});

describe('every explanation, on any register', () => {
  const anyCase = registerCase({ withNewRules: true, onBoundaries: false });

  it('counts a working-day rule’s N exactly at the due date over the days it did not skip', () => {
    fc.assert(
      fc.property(anyCase, anyPolicy, ([records, asOf], anyOne) => {
        const { timescales, meetings } = computeTimescales(records, anyOne, asOf);
        const explained = [...timescales.map((t) => [t, explainTimescale(t, anyOne)] as const), ...meetings.map((m) => [m, explainVerdict(m, anyOne)] as const)];
        for (const [timescale, explanation] of explained) {
          if (explanation.rule.unit !== 'working-days') continue;
          const skipped = new Set(explanation.bankHolidaysSkipped!.map((h) => h.date));
          const from = toDayNumber(explanation.countedFrom.date);
          const due = toDayNumber(timescale.dueDate);
          let counted = 0;
          let weekendDays = 0;
          for (let day = from + 1; day <= due; day += 1) {
            const weekend = new Date(day * 86_400_000).getUTCDay() % 6 === 0;
            if (weekend) weekendDays += 1;
            else if (!skipped.has(fromDayNumber(day))) counted += 1;
            // Not reached before the due date...
            if (day < due) expect(counted).toBeLessThan(explanation.rule.value as number);
          }
          // ...and reached exactly on it, the due date itself a day counted.
          expect(counted).toBe(explanation.rule.value);
          expect(new Date(due * 86_400_000).getUTCDay() % 6 === 0 || skipped.has(timescale.dueDate)).toBe(false);
          expect(explanation.weekendDaysSkipped).toBe(weekendDays);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names its rule, the setting’s value in force, and says why in one sentence', () => {
    fc.assert(
      fc.property(anyCase, anyPolicy, ([records, asOf], anyOne) => {
        const { timescales, meetings } = computeTimescales(records, anyOne, asOf);
        for (const t of [...timescales, ...meetings]) {
          const explanation = 'heldOn' in t ? explainVerdict(t, anyOne) : explainTimescale(t, anyOne);
          const definition = RULE_SETTINGS[t.rule];
          expect(explanation.rule).toEqual({ name: t.rule, setting: definition.setting, value: anyOne[definition.setting], unit: definition.unit, source: definition.source });
          expect(explanation.countedFrom).toEqual(t.countedFrom);
          expect('broughtForward' in explanation).toBe(t.broughtForwardFrom !== undefined);
          expect(explanation.halfwayTo).toBe(t.halfwayTo);
          if (explanation.clampedFrom !== undefined) {
            expect(explanation.clampedFrom.slice(0, 8)).toBe(t.dueDate.slice(0, 8));
            expect(explanation.clampedFrom > t.dueDate).toBe(true);
            expect(explanation.clampedFrom.slice(8)).toBe(t.countedFrom.date.slice(8));
          }
          expect(explanation.sentence).toContain(dateInWords(t.dueDate));
          expect(explanation.sentence).toMatch(/^[A-Z][^\n]*\.$/);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the rules’ sources and settings', () => {
  /** docs/domain.md's timescale table: each row's timescale, setting cell and source ("the same" read as the row above's). */
  function timescaleTable(): Map<string, { settings: string; source: string }> {
    const markdown = readFileSync(path.resolve(import.meta.dirname, '../../docs/domain.md'), 'utf8');
    const lines = markdown.split('\n');
    const header = lines.findIndex((line) => line.startsWith('| timescale | due | counted from |'));
    expect(header).toBeGreaterThan(0);
    const rows = new Map<string, { settings: string; source: string }>();
    let previous = '';
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith('|')) break;
      const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
      const source = cells[5] === 'the same' ? previous : cells[5]!;
      rows.set(cells[0]!, { settings: cells[4]!, source });
      previous = source;
    }
    return rows;
  }

  it('gives each rule a source that docs/domain.md’s timescale table gives, on that rule’s own line', () => {
    const table = timescaleTable();

    expect([...table.keys()].sort()).toEqual(TIMESCALE_RULES.map((rule) => RULE_SETTINGS[rule].timescale).sort());
    for (const rule of TIMESCALE_RULES) {
      const { timescale, source } = RULE_SETTINGS[rule];
      expect(table.get(timescale)!.source, rule).toContain(source);
    }
  });

  it('counts each rule by the setting, and default, that docs/domain.md names for it', () => {
    const table = timescaleTable();

    for (const rule of TIMESCALE_RULES) {
      const { timescale, setting } = RULE_SETTINGS[rule];
      expect(table.get(timescale)!.settings, rule).toContain(`\`${setting}\`, ${String(DEFAULT_TIMESCALE_POLICY[setting])}`);
    }
  });

  it('has a unit that matches its setting’s name', () => {
    const units = Object.fromEntries(TIMESCALE_RULES.map((rule) => [rule, RULE_SETTINGS[rule].unit])) as Record<TimescaleRule, string>;

    for (const rule of TIMESCALE_RULES) {
      const { setting, unit } = RULE_SETTINGS[rule];
      expect(unit, rule).toBe(setting.endsWith('WorkingDays') ? 'working-days' : setting.endsWith('Months') ? 'months' : 'halfway');
    }
    expect(units.midpoint).toBe('halfway');
  });
});
