/**
 * The committee's Word document, read back as Word's own parts: every chart
 * of the catalogue a picture with alt text and its table's numbers the
 * report's, the headline sentences, a marked place for each narrative
 * section, a contents list that leads to each section, and a package whose
 * every relationship and picture is there (opened again by docx's own
 * patcher: no LibreOffice needed).
 */
import { patchDocument } from 'docx';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHARTS, chartSeries, periodEndValues } from '#shared/domain/report-charts';
import { NARRATIVE_SECTIONS, annualDocument, chartHeading, type AnnualReport } from '#shared/report-document/annual-document';
import { anAnnualReport } from '../support/annual-report';
import { readDocx, referencedRelationshipIds, type DocParagraph, type DocTable, type ReadDocx } from '../support/docx';

/** A cell's number as the reader reads it: "1,054" is 1054, a dash is no value. */
const numberOf = (text: string): number | null => (text === '–' ? null : Number(text.replace(/,/g, '')));

/** The table that follows the paragraph "Chart n: the numbers". */
function tableOfChart(docx: ReadDocx, number: number): DocTable {
  const at = docx.body.findIndex((block) => block.kind === 'paragraph' && block.text === `Chart ${number}: the numbers`);
  const table = docx.body.slice(at + 1).find((block): block is DocTable => block.kind === 'table');
  if (at < 0 || !table) throw new Error(`no table for Chart ${number}`);
  return table;
}

const paragraphs = (docx: ReadDocx) => docx.body.filter((block): block is DocParagraph => block.kind === 'paragraph');

describe("the committee's annual document", () => {
  // The 2024-25 year of a register the demo's size, Chart 8's participation lines not yet in the report.
  const report: AnnualReport = anAnnualReport({ year: 2024, leaveOut: ['participation.icpc.held', 'participation.rcpc.held'] });
  let bytes: Uint8Array;
  let docx: ReadDocx;

  beforeAll(async () => {
    bytes = await annualDocument(report);
    docx = readDocx(bytes);
  }, 60_000);

  it('draws each of the 13 charts of the catalogue as a PNG picture with alt text built from its numbers', () => {
    const pictures = paragraphs(docx).flatMap((paragraph) => paragraph.pictures);

    expect(pictures).toHaveLength(REPORT_CHARTS.length);
    expect(REPORT_CHARTS.map((chart) => chart.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    REPORT_CHARTS.forEach((chart, index) => {
      const picture = pictures[index]!;
      expect(picture.title).toBe(chartHeading(chart));
      expect(picture.descr).toMatch(new RegExp(`^Chart ${chart.number}, .*April 2024 to March 2025: `));
      const target = docx.relationships.get(picture.embed);
      expect(target, `Chart ${chart.number}'s picture`).toMatch(/^media\/.+\.png$/);
      const png = docx.files[`word/${target}`]!;
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    });
  });

  it('puts the year in figures into the alt text: the ICPCs held over the year and the share held in time', () => {
    const chart2 = paragraphs(docx).flatMap((paragraph) => paragraph.pictures)[1]!;
    const held = report.rows.find((row) => row.key === 'icpc.held')!.year as number;
    const inTime = report.rows.find((row) => row.key === 'icpc.inCompliance')!.year as number;

    expect(chart2.descr).toContain(`ICPCs held: ${held.toLocaleString('en-GB')} over the year`);
    expect(chart2.descr).toContain(`Held within statutory timescales: ${inTime.toLocaleString('en-GB')} over the year (${((inTime / held) * 100).toFixed(2)}%)`);
  });

  it("gives each month chart a table beneath whose every number, month by month and the year, is the report's", () => {
    for (const chart of REPORT_CHARTS.filter((c) => c.over === 'months')) {
      const table = tableOfChart(docx, chart.number);
      const [header, ...body] = table.rows;

      expect(header).toEqual(['Figure', 'Apr 24', 'May 24', 'Jun 24', 'Jul 24', 'Aug 24', 'Sep 24', 'Oct 24', 'Nov 24', 'Dec 24', 'Jan 25', 'Feb 25', 'Mar 25', 'Year']);
      expect(body.map((cells) => cells[0])).toEqual(chartSeries(chart, report.rows).map((series) => series.label));
      chartSeries(chart, report.rows).forEach((series, index) => {
        const row = report.rows.find((candidate) => candidate.key === series.key);
        const cells = body[index]!.slice(1).map(numberOf);
        expect(cells, `Chart ${chart.number}: ${series.key}`).toEqual(row ? [...row.months, row.year === '' ? null : row.year] : Array(13).fill(null));
      });
    }
  });

  it('tabulates Chart 11 as each gender by age band at the end of March, and all ages', () => {
    const chart11 = REPORT_CHARTS.find((chart) => chart.number === 11)!;
    const [header, ...body] = tableOfChart(docx, 11).rows;
    const yearOf = (key: string) => report.rows.find((row) => row.key === key)!.year;

    expect(header).toEqual(['Gender', 'Aged under 1', 'Aged 1-4', 'Aged 5-9', 'Aged 10-15', 'Aged 16 and over', 'All ages']);
    periodEndValues(chart11, report.rows).forEach(({ series, values }, index) => {
      expect(body[index]!.slice(1).map(numberOf)).toEqual([...values, yearOf(series.key)]);
    });
    expect(body.map((cells) => cells[0])).toEqual(['Female', 'Male', 'Other', 'Not stated']);
  });

  it('still draws a chart whose lines the report lacks, as zeros, and says so in its table with dashes', () => {
    const [, icpcsHeld] = tableOfChart(docx, 8).rows;

    expect(icpcsHeld).toEqual(['ICPCs held', ...Array(13).fill('–')]);
    expect(paragraphs(docx).flatMap((paragraph) => paragraph.pictures)[7]!.descr).toContain('ICPCs held: 0 over the year');
  });

  it("carries the report's headline sentences word for word", () => {
    const texts = paragraphs(docx).map((paragraph) => paragraph.text);

    expect(report.headlines.length).toBeGreaterThan(0);
    for (const headline of report.headlines) expect(texts).toContain(headline);
  });

  it('marks a shaded place for the service manager to write each narrative section, under its heading', () => {
    for (const section of Object.values(NARRATIVE_SECTIONS)) {
      const at = docx.body.findIndex((block) => block.kind === 'paragraph' && block.bookmarks.includes(section.id));
      const box = docx.body[at + 1] as DocParagraph;

      expect((docx.body[at] as DocParagraph).text).toBe(section.heading);
      expect(box).toMatchObject({ kind: 'paragraph', text: section.placeholder, shaded: true });
    }
    expect(Object.keys(NARRATIVE_SECTIONS)).toEqual(['introduction', 'signsOfSafety', 'advocacy', 'businessSupport', 'disputes']);
    expect(NARRATIVE_SECTIONS.introduction.placeholder).toBe('[Service manager: write the introduction here]');
  });

  it('opens with a contents list whose every entry leads to its section', () => {
    const links = paragraphs(docx).flatMap((paragraph) => paragraph.links);
    const bookmarks = new Set(paragraphs(docx).flatMap((paragraph) => paragraph.bookmarks));

    expect(paragraphs(docx).some((paragraph) => paragraph.text === 'Report Contents')).toBe(true);
    expect(links).toEqual(expect.arrayContaining([...REPORT_CHARTS.map((chart) => chart.id), ...Object.values(NARRATIVE_SECTIONS).map((section) => section.id), 'headlines']));
    for (const anchor of links) expect(bookmarks, anchor).toContain(anchor);
  });

  it('is a whole package: every relationship the document names exists, and every picture it points to is in the zip', () => {
    const ids = referencedRelationshipIds(docx.documentXml);

    expect(ids.length).toBeGreaterThanOrEqual(REPORT_CHARTS.length);
    for (const id of ids) expect(docx.relationships.has(id), id).toBe(true);
    for (const target of docx.relationships.values()) {
      if (/^https?:/.test(target)) continue;
      expect(docx.files[`word/${target}`], target).toBeDefined();
    }
    expect(new TextDecoder().decode(docx.files['[Content_Types].xml'])).toMatch(/Extension="png"/);
  });

  it('opens again in the docx library and comes out whole, every picture kept', async () => {
    const again = await patchDocument({ outputType: 'uint8array', data: bytes, patches: {} });
    const files = unzipSync(again);

    expect(Object.keys(files).filter((name) => name.startsWith('word/media/'))).toHaveLength(REPORT_CHARTS.length);
    expect(readDocx(again).body.filter((block) => block.kind === 'table')).toHaveLength(REPORT_CHARTS.length);
  });

  it('says which months have no snapshot yet, and shows them as dashes', async () => {
    const partYear = anAnnualReport({ year: 2025, missingMonths: 4 });
    const read = readDocx(await annualDocument(partYear));
    const [, , added] = tableOfChart(read, 1).rows;

    expect(paragraphs(read).map((p) => p.text)).toContain('No snapshot yet for December 2025, January 2026, February 2026, March 2026: the figures are for the year so far.');
    expect(added!.slice(9, 13)).toEqual(['–', '–', '–', '–']);
  }, 60_000);
});
