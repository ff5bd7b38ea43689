/**
 * The annual report for the Corporate Parenting Committee, as a Word
 * document in the shape of the service's own reports: a contents list; the
 * headline sentences; each of the thirteen charts as a picture with its alt
 * text and its numbers in a table beneath; and, for each section that is the
 * service manager's to write (the introduction, Signs of Safety, advocacy,
 * business support, case disputes), a shaded box that says so. Built from
 * the annual report's JSON alone (`GET /reports/annual`): no store, no clock.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from 'docx';
import type * as z from 'zod';
import { chartSeries, periodEndValues, REPORT_CHARTS, altText, type ReportChart } from '#shared/domain/report-charts';
import type { annualReportSchema } from '#shared/api/responses';
import { chartPng } from '#shared/report-document/chart-image';

/** The annual report as `GET /reports/annual` answers it. */
export type AnnualReport = z.output<typeof annualReportSchema>;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]!.slice(0, 3)} ${month.slice(2, 4)}`;

/** "April 2024 to March 2025". */
export const periodName = (year: number) => `April ${year} to March ${year + 1}`;

/** What a table cell shows for a value: the number as the reports write it ("1,054", "55.5"), or a dash for none. */
export function cellText(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'string') return value;
  return NUMBER.format(value);
}
const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A section the service manager writes: its heading and what the shaded box asks for. */
export interface NarrativeSection {
  id: string;
  heading: string;
  /** The words in the box: "[Service manager: write the introduction here]". */
  placeholder: string;
}

/** The narrative sections, each with its box (the reports' own headings). */
export const NARRATIVE_SECTIONS = {
  introduction: { id: 'introduction', heading: 'Introduction', placeholder: '[Service manager: write the introduction here]' },
  signsOfSafety: { id: 'signs-of-safety', heading: 'Signs of Safety Model', placeholder: '[Service manager: write about the Signs of Safety model here]' },
  advocacy: { id: 'advocacy', heading: 'Advocacy', placeholder: '[Service manager: write about advocacy here]' },
  businessSupport: { id: 'business-support', heading: 'Business Support', placeholder: '[Service manager: write about business support here]' },
  disputes: { id: 'disputes', heading: 'Case Dispute Resolution and Complaints', placeholder: '[Service manager: write about case dispute resolution and complaints here]' },
} as const satisfies Record<string, NarrativeSection>;

/** The document's parts in order: narrative sections, the headlines, and the charts in the sections the reports put them. */
type Part = { kind: 'narrative'; section: NarrativeSection } | { kind: 'heading'; id: string; heading: string } | { kind: 'headlines' } | { kind: 'chart'; chart: ReportChart };

const chart = (number: number): Part => ({ kind: 'chart', chart: REPORT_CHARTS.find((c) => c.number === number)! });

const PARTS: readonly Part[] = [
  { kind: 'narrative', section: NARRATIVE_SECTIONS.introduction },
  { kind: 'headlines' },
  { kind: 'narrative', section: NARRATIVE_SECTIONS.signsOfSafety },
  { kind: 'heading', id: 'child-protection', heading: 'Child Protection Register (CPR)' },
  ...[1, 2, 3, 4, 5, 6, 7, 8].map(chart),
  { kind: 'heading', id: 'care-experienced', heading: 'Care Experienced Population' },
  ...[9, 10, 11].map(chart),
  { kind: 'narrative', section: NARRATIVE_SECTIONS.advocacy },
  chart(12),
  { kind: 'heading', id: 'iro-service', heading: 'Caseloads and the work of the IRO Service' },
  chart(13),
  { kind: 'narrative', section: NARRATIVE_SECTIONS.businessSupport },
  { kind: 'narrative', section: NARRATIVE_SECTIONS.disputes },
];

/** A chart's heading, as the reports write it: "Chart 2 – Number of ICPCs …". */
export const chartHeading = (c: ReportChart) => `Chart ${c.number} – ${c.title}`;

const headingOf = (part: Part): { id: string; text: string; level: 1 | 2 } => {
  switch (part.kind) {
    case 'narrative':
      return { id: part.section.id, text: part.section.heading, level: 1 };
    case 'heading':
      return { id: part.id, text: part.heading, level: 1 };
    case 'headlines':
      return { id: 'headlines', text: 'The year in figures', level: 1 };
    case 'chart':
      return { id: part.chart.id, text: chartHeading(part.chart), level: 2 };
  }
};

const FONT = 'Arial';
const TABLE_TEXT_SIZE = 16; // half-points: 8 pt, so April to March and the year fit across the page

/**
 * The committee's Word document for a reporting year.
 *
 * @example
 * const bytes = await annualDocument(await (await fetch(`${api}/reports/annual?year=2024`, { headers })).json());
 */
export async function annualDocument(report: AnnualReport): Promise<Uint8Array> {
  const period = periodName(report.year);
  const monthLabels = report.months.map(SHORT);
  // One chart at a time: each PNG is small, but Vega's views are not, and the document holds only the PNGs.
  const pictures = new Map<number, Awaited<ReturnType<typeof chartPng>>>();
  for (const c of REPORT_CHARTS) pictures.set(c.number, await chartPng(c, report.rows, monthLabels));

  const children: FileChild[] = [
    new Paragraph({ text: 'Independent Reviewing Service Annual Report', heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: `For the period ${period}`, bold: true, size: 28 })] }),
    new Paragraph({ children: [new TextRun({ text: 'For the Corporate Parenting Committee', size: 24 })], spacing: { after: 240 } }),
    ...missingMonthsNote(report),
    new Paragraph({ text: 'Report Contents', heading: HeadingLevel.HEADING_1 }),
    ...PARTS.map((part) => {
      const heading = headingOf(part);
      return new Paragraph({
        bullet: { level: heading.level - 1 },
        children: [new InternalHyperlink({ anchor: heading.id, children: [new TextRun({ text: heading.text, style: 'Hyperlink' })] })],
      });
    }),
  ];

  for (const part of PARTS) {
    const heading = headingOf(part);
    children.push(
      new Paragraph({
        heading: heading.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        children: [new Bookmark({ id: heading.id, children: [new TextRun(heading.text)] })],
      }),
    );
    switch (part.kind) {
      case 'narrative':
        children.push(placeholderBox(part.section.placeholder));
        break;
      case 'headlines':
        children.push(...report.headlines.map((headline) => new Paragraph({ text: headline, spacing: { after: 160 } })));
        break;
      case 'heading':
        break;
      case 'chart':
        children.push(...chartBlock(part.chart, report, pictures.get(part.chart.number)!, period, monthLabels));
        break;
    }
  }

  const document = new Document({
    creator: 'IRO timescales',
    title: `Independent Reviewing Service Annual Report, ${period}`,
    description: 'The IRO Service annual report for the Corporate Parenting Committee, from the monthly snapshots.',
    styles: {
      default: { document: { run: { font: FONT, size: 24 } } },
      paragraphStyles: [
        { id: 'Title', name: 'Title', basedOn: 'Normal', next: 'Normal', run: { font: FONT, size: 40, bold: true }, paragraph: { spacing: { after: 120 } } },
        { id: 'Heading1', name: 'Heading 1', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: FONT, size: 32, bold: true }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
        { id: 'Heading2', name: 'Heading 2', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: FONT, size: 26, bold: true }, paragraph: { spacing: { before: 280, after: 120 }, keepNext: true } },
      ],
    },
    sections: [{ properties: { page: { margin: { top: 1080, bottom: 1080, left: 1080, right: 1080 } } }, children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function missingMonthsNote(report: AnnualReport): Paragraph[] {
  if (report.missingMonths.length === 0) return [];
  const names = report.missingMonths.map((month) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`);
  return [new Paragraph({ children: [new TextRun({ text: `No snapshot yet for ${names.join(', ')}: the figures are for the year so far.`, bold: true })], spacing: { after: 240 } })];
}

const BOX_BORDER = { style: BorderStyle.SINGLE, size: 6, color: '7F7F7F', space: 6 };

/** The shaded box where the service manager writes a section. */
function placeholderBox(text: string): Paragraph {
  return new Paragraph({
    shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'FFF2CC' },
    border: { top: BOX_BORDER, bottom: BOX_BORDER, left: BOX_BORDER, right: BOX_BORDER },
    spacing: { before: 120, after: 240 },
    children: [new TextRun({ text, italics: true })],
  });
}

/** A chart's picture, with its alt text, and its table. */
function chartBlock(c: ReportChart, report: AnnualReport, picture: Awaited<ReturnType<typeof chartPng>>, period: string, monthLabels: string[]): FileChild[] {
  const description = altText(c, report.rows, period);
  const image = new ImageRun({
    type: 'png',
    data: picture.png,
    transformation: { width: picture.width, height: picture.height },
    altText: { name: `Chart ${c.number}`, title: chartHeading(c), description },
  });
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [image] }),
    new Paragraph({ children: [new TextRun({ text: `Chart ${c.number}: the numbers`, bold: true, size: 20 })], keepNext: true, spacing: { before: 120, after: 60 } }),
    c.over === 'period-end' ? periodEndTable(c, report) : monthsTable(c, report, monthLabels),
    new Paragraph({ text: '' }),
  ];
}

/** The page's width inside its margins, in twentieths of a point: A4 (11,906) less two margins of 1,080. */
const TEXT_WIDTH = 11_906 - 2 * 1_080;
/** The first column (the figure's name) takes this much of the width; the numbers share the rest. */
const NAME_COLUMN = 2_000;

function cell(text: string, width: number, options: { header?: boolean; numeric?: boolean } = {}): TableCell {
  const run: ParagraphChild = new TextRun({ text, size: TABLE_TEXT_SIZE, bold: options.header ?? false });
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(options.header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E7E7' } } : {}),
    margins: { top: 20, bottom: 20, left: 30, right: 30 },
    children: [new Paragraph({ alignment: options.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [run] })],
  });
}

function table(header: string[], body: string[][]): Table {
  const numberColumn = Math.floor((TEXT_WIDTH - NAME_COLUMN) / (header.length - 1));
  const widths = header.map((_, index) => (index === 0 ? NAME_COLUMN : numberColumn));
  return new Table({
    width: { size: widths.reduce((sum, width) => sum + width, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text, index) => cell(text, widths[index]!, { header: true, numeric: index > 0 })) }),
      ...body.map((cells) => new TableRow({ cantSplit: true, children: cells.map((text, index) => cell(text, widths[index]!, { header: index === 0, numeric: index > 0 })) })),
    ],
  });
}

/** Each series month by month, and the year (a month-end figure's year is its March value). A line the report lacks shows dashes. */
function monthsTable(c: ReportChart, report: AnnualReport, monthLabels: string[]): Table {
  const rows = chartSeries(c, report.rows).map((series) => {
    const row = report.rows.find((candidate) => candidate.key === series.key);
    return [series.label, ...Array.from({ length: 12 }, (_, index) => cellText(row?.months[index])), cellText(row?.year)];
  });
  return table(['Figure', ...monthLabels, 'Year'], rows);
}

/** Chart 11's table: each gender by age band at the year's end, and all ages. */
function periodEndTable(c: ReportChart, report: AnnualReport): Table {
  const categories = (c.categories ?? []).map((category) => category.label);
  const rows = periodEndValues(c, report.rows).map(({ series }) => {
    const yearOf = (key: string) => cellText(report.rows.find((row) => row.key === key)?.year);
    return [series.label, ...(c.categories ?? []).map((category) => yearOf(category.keyOf(series))), yearOf(series.key)];
  });
  return table(['Gender', ...categories.map((band) => `Aged ${band}`), 'All ages'], rows);
}
