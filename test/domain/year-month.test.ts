import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthsEndingWith, reportingYear, reportingYearOf, shiftMonth } from '#shared/domain/year-month';

describe('months written yyyy-mm', () => {
  it('shifts across year ends both ways', () => {
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2025-03', -15)).toBe('2023-12');
    expect(shiftMonth('2025-03', 0)).toBe('2025-03');
  });

  it('gives the months ending with a month, oldest first, each one after the last', () => {
    expect(monthsEndingWith('2025-02', 3)).toEqual(['2024-12', '2025-01', '2025-02']);
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (year, month, count) => {
        const last = `${year}-${String(month).padStart(2, '0')}`;
        const months = monthsEndingWith(last, count);
        expect(months).toHaveLength(count);
        expect(months.at(-1)).toBe(last);
        months.slice(1).forEach((m, i) => expect(shiftMonth(months[i]!, 1)).toBe(m));
        months.forEach((m) => expect(m).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/));
      }),
    );
  });

  it('names the reporting year April to March by the year it starts', () => {
    expect(reportingYear(2024)).toEqual([
      '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03',
    ]);
    expect(reportingYearOf('2025-03')).toBe(2024);
    expect(reportingYearOf('2025-04')).toBe(2025);
    for (const month of reportingYear(2030)) expect(reportingYearOf(month)).toBe(2030);
  });
});
