/**
 * Stack traces in a deployed function name the project's files and lines, not
 * the bundle's chunks: each frame in a chunk is looked up in the chunk's
 * source map, beside it, when a stack is first made. The bundling injects this
 * module ahead of each handler (infra/constructs/bundling.ts); nothing else
 * imports it, so the tests and the local stand-ins keep their own traces.
 *
 * This is instead of Node's `--enable-source-maps`, which reads and parses the
 * map of every chunk as the chunk loads: 6 to 10 ms of every function's cold
 * start, for stacks that only an error needs (infra/constructs/bundling.ts has
 * the figures). Here a chunk's map is read on the first stack with a frame in
 * it, and kept.
 *
 * A frame is written as Node writes one, with the original file (relative to
 * the project: `shared/…`, `node_modules/…`), line and column, and the
 * original name where the map has one. A frame outside the chunks (Node's
 * own), or one the map does not cover, is written as V8 writes it.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** V8's call site, with the enclosing function's position, which @types/node does not declare. */
type CallSite = NodeJS.CallSite & { getEnclosingLineNumber?(): number | null; getEnclosingColumnNumber?(): number | null };

/** A position in the original source, as Node's SourceMap finds it (its `name` is missing from @types/node). */
interface Original {
  originalSource: string;
  originalLine: number;
  originalColumn: number;
  name?: string;
}

const maps = new Map<string, SourceMap | null>();

/** The source map beside a bundle's file, read once; null when there is none or it cannot be read. */
function sourceMapOf(fileName: string | null | undefined): SourceMap | null {
  if (!fileName || !fileName.endsWith('.mjs')) return null;
  let map = maps.get(fileName);
  if (map === undefined) {
    try {
      const file = fileName.startsWith('file:') ? fileURLToPath(fileName) : fileName;
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(fileName, map);
  }
  return map;
}

/** The original position of a 1-based line and column, if the map covers it. */
function originalOf(map: SourceMap, line: number | null | undefined, column: number | null | undefined): Original | undefined {
  if (!line || !column) return undefined;
  const entry = map.findEntry(line - 1, column - 1);
  return 'originalSource' in entry && entry.originalSource ? (entry as Original) : undefined;
}

/** The function's original name: the map's name at its start, or at the call that the next frame (its caller) made. */
function originalName(map: SourceMap, site: CallSite, caller: CallSite | undefined): string | undefined {
  const enclosing = originalOf(map, site.getEnclosingLineNumber?.(), site.getEnclosingColumnNumber?.());
  if (enclosing?.name) return enclosing.name;
  if (caller && caller.getFileName() === site.getFileName()) return originalOf(map, caller.getLineNumber(), caller.getColumnNumber())?.name;
  return undefined;
}

/** One frame, as Node writes a source-mapped frame (its prepare_stack_trace.js); as V8 does if mapping it fails. */
function formatFrame(site: CallSite, caller: CallSite | undefined): string {
  try {
    return mappedFrame(site, caller);
  } catch {
    return `${site}`;
  }
}

function mappedFrame(site: CallSite, caller: CallSite | undefined): string {
  const map = sourceMapOf(site.getFileName());
  const original = map ? originalOf(map, site.getLineNumber(), site.getColumnNumber()) : undefined;
  if (!map || !original) return `${site}`;
  const where = `${original.originalSource}:${original.originalLine + 1}:${original.originalColumn + 1}`;
  const typeName = site.getTypeName();
  const runtimeName = `${typeName !== null && typeName !== 'global' ? `${typeName}.` : ''}${site.getFunctionName() ?? site.getMethodName() ?? '<anonymous>'}`;
  const name = originalName(map, site, caller) ?? runtimeName;
  const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
  return `${prefix}${name} (${where})`;
}

/** The error's first line, as V8 writes it. */
function headerOf(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

/*
 * Every stack from here on, source-mapped by formatFrame. A chunk's `sources`
 * are rewritten to the project's paths when it is bundled, so a frame reads
 * `shared/api/children.ts:118:9`.
 */
Error.prepareStackTrace = (error: Error, sites: CallSite[]) => [headerOf(error), ...sites.map((site, i) => `    at ${formatFrame(site, sites[i + 1])}`)].join('\n');
