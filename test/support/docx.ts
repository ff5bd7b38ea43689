/**
 * A Word document read back as a reader's tools read it: unzipped (fflate),
 * `word/document.xml` parsed in order (fast-xml-parser), and its body as a
 * list of paragraphs and tables, each paragraph with its text, its pictures'
 * alt text and relationship ids, and its shading.
 */
import { strFromU8, unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';

/** A paragraph of the body: its text, the pictures in it, whether it is shaded, and the anchors it links to. */
export interface DocParagraph {
  kind: 'paragraph';
  text: string;
  pictures: { descr: string; title: string; embed: string }[];
  shaded: boolean;
  links: string[];
  bookmarks: string[];
}

/** A table of the body, as the text of each cell, row by row. */
export interface DocTable {
  kind: 'table';
  rows: string[][];
}

/** What a docx holds that the tests look at. */
export interface ReadDocx {
  files: Record<string, Uint8Array>;
  documentXml: string;
  body: (DocParagraph | DocTable)[];
  /** word/_rels/document.xml.rels: id → target. */
  relationships: Map<string, string>;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false });

const nameOf = (node: Node) => Object.keys(node).find((key) => key !== ':@')!;
const childrenOf = (node: Node) => (node[nameOf(node)] as Node[] | undefined) ?? [];
const attributesOf = (node: Node) => (node[':@'] as Record<string, string> | undefined) ?? {};

/** Every descendant of `node` named `name`, in document order. */
function descendants(node: Node, name: string): Node[] {
  const found: Node[] = [];
  for (const child of Array.isArray(node[nameOf(node)]) ? childrenOf(node) : []) {
    if (nameOf(child) === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

function textOf(node: Node): string {
  return descendants(node, 'w:t')
    .map((t) => childrenOf(t).map((c) => String(c['#text'] ?? '')).join(''))
    .join('');
}

function paragraphOf(node: Node): DocParagraph {
  const pictures = descendants(node, 'w:drawing').map((drawing) => {
    const docPr = descendants(drawing, 'wp:docPr')[0];
    const blip = descendants(drawing, 'a:blip')[0];
    return { descr: attributesOf(docPr ?? {})['descr'] ?? '', title: attributesOf(docPr ?? {})['title'] ?? '', embed: attributesOf(blip ?? {})['r:embed'] ?? '' };
  });
  const properties = childrenOf(node).find((child) => nameOf(child) === 'w:pPr');
  return {
    kind: 'paragraph',
    text: textOf(node),
    pictures,
    shaded: properties !== undefined && descendants(properties, 'w:shd').length > 0,
    links: descendants(node, 'w:hyperlink').map((link) => attributesOf(link)['w:anchor'] ?? ''),
    bookmarks: descendants(node, 'w:bookmarkStart').map((bookmark) => attributesOf(bookmark)['w:name'] ?? ''),
  };
}

/** Unzips and reads a .docx. */
export function readDocx(bytes: Uint8Array): ReadDocx {
  const files = unzipSync(bytes);
  const documentXml = strFromU8(files['word/document.xml']!);
  const root = (parser.parse(documentXml) as Node[]).find((node) => nameOf(node) === 'w:document')!;
  const body = childrenOf(root).find((node) => nameOf(node) === 'w:body')!;
  const blocks = childrenOf(body).flatMap((node): (DocParagraph | DocTable)[] => {
    if (nameOf(node) === 'w:p') return [paragraphOf(node)];
    if (nameOf(node) === 'w:tbl') return [{ kind: 'table', rows: descendants(node, 'w:tr').map((row) => descendants(row, 'w:tc').map(textOf)) }];
    return [];
  });
  const rels = (parser.parse(strFromU8(files['word/_rels/document.xml.rels']!)) as Node[]).find((node) => nameOf(node) === 'Relationships')!;
  const relationships = new Map(
    childrenOf(rels)
      .filter((node) => nameOf(node) === 'Relationship')
      .map((node) => [attributesOf(node)['Id']!, attributesOf(node)['Target']!] as const),
  );
  return { files, documentXml, body: blocks, relationships };
}

/** Every relationship id the document's XML names (`r:id`, `r:embed`, `r:link`). */
export function referencedRelationshipIds(documentXml: string): string[] {
  return [...new Set([...documentXml.matchAll(/\br:(?:id|embed|link)="([^"]+)"/g)].map((match) => match[1]!))];
}
