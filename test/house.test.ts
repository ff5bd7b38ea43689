/**
 * The house rules a reader relies on, read off the source itself so that
 * they stay true: every export of `shared/` says in a line what it is; code
 * of `shared/`, `functions/` and `infra/` is imported by its alias, never by a
 * relative path; there are no barrel files; the domain stays pure; no use
 * case or job names a DynamoDB adapter; and no access decision is made
 * outside the access module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.includes('node_modules'))
    .sort();
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
/** The code alone: comments (a TSDoc example, say) left out. */
const codeOf = (file: string) => read(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const EXPORT = /^export\s+(?:async\s+)?(?:abstract\s+)?(?:function|const|let|type|interface|class|enum)\s+(\w+)/;

describe('the house rules', () => {
  it('gives every exported function, type, class and constant of shared/ a TSDoc comment', () => {
    const undocumented = filesUnder('shared').flatMap((file) => {
      const lines = read(file).split('\n');
      return lines.flatMap((line, index) => {
        const name = EXPORT.exec(line)?.[1];
        if (!name) return [];
        let above = index - 1;
        while (above >= 0 && lines[above]!.trim() === '') above -= 1;
        return above >= 0 && lines[above]!.trim().endsWith('*/') ? [] : [`${file}:${index + 1} ${name}`];
      });
    });

    expect(undocumented).toEqual([]);
  });

  it('imports code of shared/, functions/ and infra/ by its #alias, never by a relative path', () => {
    const relative = ['shared', 'functions', 'infra', 'bench', 'test'].flatMap(filesUnder).flatMap((file) =>
      [...read(file).matchAll(/(?:from|import\(|vi\.mock\()\s*'(\.{1,2}\/[^']+)'/g)].flatMap(([, specifier]) => {
        const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier!));
        const aliased = /^(shared|functions|infra)\//.test(target) && !target.endsWith('.json');
        return aliased ? [`${file}: '${specifier}'`] : [];
      }),
    );

    expect(relative).toEqual([]);
  });

  it('has no barrel files that only re-export', () => {
    const barrels = filesUnder('shared').filter((file) => {
      const code = codeOf(file).trim();
      return code.length > 0 && code.split('\n').every((line) => line.trim() === '' || /^export (\*|\{[^}]*\}) from /.test(line.trim()));
    });

    expect(barrels).toEqual([]);
  });

  it('keeps shared/domain pure: no AWS SDK, no environment, no clock', () => {
    const impure = filesUnder('shared/domain').filter((file) => /@aws-sdk|process\.env|Date\.now\(|new Date\(\)/.test(codeOf(file)));

    expect(impure).toEqual([]);
  });

  it('lets no use case or job name a DynamoDB adapter: they name the store ports', () => {
    const adapters = [...filesUnder('shared/api'), ...filesUnder('shared/jobs')].filter((file) => /#shared\/store\/dynamodb\//.test(codeOf(file)));

    expect(adapters).toEqual([]);
  });

  it('decides who may do what in shared/domain/access.ts alone: nothing else reads a caller’s roles', () => {
    const deciding = filesUnder('shared').filter((file) => file !== 'shared/domain/access.ts' && /\.roles\b/.test(codeOf(file)));

    expect(deciding).toEqual([]);
  });
});
