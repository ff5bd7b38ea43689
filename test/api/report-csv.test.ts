import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { snapshotCsv } from '#shared/api/report-csv';
import { monthlyFigures } from '#shared/domain/figures';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { JANUARY_2025_REGISTER } from '../domain/figures-fixtures';

describe('snapshotCsv', () => {
  it('starts with a byte-order mark and Windows line ends, so that Excel opens it cleanly', () => {
    const csv = snapshotCsv(monthlyFigures(JANUARY_2025_REGISTER, '2025-01', DEFAULT_TIMESCALE_POLICY), 1);

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
  });

  it('quotes a category whose name has a comma, so it stays one cell', () => {
    const csv = snapshotCsv(monthlyFigures(JANUARY_2025_REGISTER, '2025-01', DEFAULT_TIMESCALE_POLICY), 1);
    const rows = parse(csv.slice(1), { relax_column_count: true }) as string[][];

    expect(rows.some((row) => row[0] === 'Neglect, Physical & Financial Abuse' && row.length === 2)).toBe(true);
  });
});
