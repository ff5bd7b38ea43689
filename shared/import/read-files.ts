/**
 * Reads an import's files from a folder: `children.csv` (required) and, when
 * there, `episodes.csv`, `reviews.csv` and `protection.csv`, each as rows
 * with their line numbers (a quoted value may span lines: the row's last
 * line is the one named). A file without one of its columns is a problem on
 * its line 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { COLUMNS, IMPORT_FILES, type ImportFile, type ImportProblem, type Row } from '#shared/import/ssda903';

/** The rows of each file found, and the problems with the files themselves. */
export interface ReadFiles {
  files: { [F in ImportFile]?: Row[] };
  problems: ImportProblem[];
}

/** Reads the files of an import from `dir`. */
export function readImportFiles(dir: string): ReadFiles {
  const files: ReadFiles['files'] = {};
  const problems: ImportProblem[] = [];
  for (const [file, name] of Object.entries(IMPORT_FILES) as [ImportFile, string][]) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      if (file === 'children') problems.push({ file: name, line: 0, column: '-', reason: `is required, and is not in ${dir}` });
      continue;
    }
    // One read and one parse: the header's columns are kept as csv-parse hands them over.
    const columns = new Set<string>();
    const header = (names: string[]) => {
      for (const name of names) columns.add(name.trim().toUpperCase());
      return names.map((name) => name.trim().toUpperCase());
    };
    const records = parse(readFileSync(path), { bom: true, columns: header, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    const missing = COLUMNS[file].filter((column) => !columns.has(column));
    for (const column of missing) problems.push({ file: name, line: 1, column, reason: 'is missing from the header' });
    if (missing.length > 0) continue;
    files[file] = records.map(({ record, info }) => ({ line: info.lines, values: record }));
  }
  return { files, problems };
}
