import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { snapshotCsv } from '#shared/api/report-csv';
import { monthlyFigures } from '#shared/domain/figures';
import { REGISTRATION_CATEGORIES } from '#shared/domain/records';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { ANN, JANUARY_2025_REGISTER, aRegisterEntry, meeting, registration } from '../domain/figures-fixtures';

/** The rows of the CSV section with this title, after its header. */
function section(csv: string, title: string): string[][] {
  const rows = parse(csv.slice(1), { relax_column_count: true }) as string[][];
  const start = rows.findIndex((row) => row[0] === title);
  const end = rows.findIndex((row, index) => index > start && row.length === 1 && row[0] === '');
  return rows.slice(start + 2, end === -1 ? undefined : end);
}

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

  it("lists Chart 4's ten categories, then a combination outside them, then the total", () => {
    const outsideChart4 = aRegisterEntry('neglect-and-emotional', { iroEmail: ANN }, {
      registrations: [registration('r', 'Neglect and Emotional Abuse', '2025-01-06')],
    });
    const csv = snapshotCsv(monthlyFigures([...JANUARY_2025_REGISTER, outsideChart4], '2025-01', DEFAULT_TIMESCALE_POLICY), 1);

    const rows = section(csv, 'Children on the register by category at month end');

    expect(rows.map(([category]) => category)).toEqual([...REGISTRATION_CATEGORIES, 'Neglect and Emotional Abuse', 'Total']);
    expect(rows.at(-2)).toEqual(['Neglect and Emotional Abuse', '1']);
    expect(rows.at(-1)).toEqual(['Total', '8']);
  });

  it('writes transfer-in conferences on a line of their own in the meetings table', () => {
    // Told 2025-01-06; due 15 working days later, 2025-01-27; held 2025-01-20.
    const transferredIn = aRegisterEntry('transferred-in', { iroEmail: ANN }, {
      transferIns: [{ transferInId: 't', notifiedOn: '2025-01-06' }],
      registrations: [registration('r', 'Neglect', '2025-01-20', undefined, { registeredAtMeetingId: 'tic' })],
      meetings: [meeting('TRANSFER_IN', 'tic', '2025-01-20', { outcome: { decision: 'register', category: 'Neglect' } })],
    });
    const csv = snapshotCsv(monthlyFigures([...JANUARY_2025_REGISTER, transferredIn], '2025-01', DEFAULT_TIMESCALE_POLICY), 1);

    const rows = section(csv, 'Meetings held and held in compliance');

    expect(rows).toContainEqual(['Transfer-in conference', '1', '1', '100.00%']);
    // The ICPCs are January's two (figures.test.ts), not three.
    expect(rows).toContainEqual(['ICPC', '2', '1', '50.00%']);
  });
});
