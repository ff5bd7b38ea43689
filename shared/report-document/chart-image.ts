/**
 * A chart of the catalogue as a picture: a Vega-Lite spec from the report's
 * rows, drawn to SVG by Vega headless (no canvas, no browser), then to PNG by
 * resvg (WebAssembly, with the font it is given: see chart-assets.ts).
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartSeries, periodEndValues, type ChartRow, type ReportChart } from '#shared/domain/report-charts';
import { CHART_FONT_FAMILY, readChartAssets } from '#shared/report-document/chart-assets';

/** The chart's size as drawn, in CSS pixels; the PNG is drawn at {@link PNG_SCALE} times that, sharp when printed. */
export const CHART_SIZE = { width: 600, height: 300 } as const;
const PNG_SCALE = 2;

/** GOV.UK's palette, as the page's charts use it; the table beneath carries the numbers regardless. */
const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#d4351c', '#4c2c92', '#28a197', '#d53880', '#b58840', '#003078', '#85994b', '#6f777b', '#912b88'];
const LINE_COLOUR = '#0b0c0c';

/** The Vega-Lite spec of one chart, its months labelled `monthLabels` (April to March). */
export function chartSpec(chart: ReportChart, rows: readonly ChartRow[], monthLabels: readonly string[]): TopLevelSpec {
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    config: {
      font: CHART_FONT_FAMILY,
      axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' as const, labelAngle: 0 },
      legend: { orient: 'bottom' as const, columns: 2, labelFontSize: 11, labelLimit: 400, symbolType: 'square' },
      view: { stroke: null },
    },
  };
  if (chart.over === 'period-end') {
    const categories = (chart.categories ?? []).map((category) => category.label);
    const values = periodEndValues(chart, rows).flatMap(({ series, values: counts }, s) =>
      counts.map((value, c) => ({ category: categories[c], series: series.label, order: s, value })),
    );
    const seriesLabels = chart.series(rows).map((series) => series.label);
    return {
      ...base,
      width: CHART_SIZE.width,
      height: CHART_SIZE.height,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'category', type: 'nominal', sort: categories, title: 'Age band' },
        xOffset: { field: 'series', sort: seriesLabels },
        y: { field: 'value', type: 'quantitative', title: 'Children', axis: { tickMinStep: 1 } },
        color: { field: 'series', type: 'nominal', sort: seriesLabels, title: null, scale: { domain: seriesLabels, range: COLOURS } },
      },
    } as TopLevelSpec;
  }

  const series = chartSeries(chart, rows);
  const bars = chart.line ? series.slice(0, -1) : series;
  const barLabels = bars.map((s) => s.label);
  const monthValues = (list: typeof series) =>
    list.flatMap((s, order) => s.months.map((value, month) => ({ month: monthLabels[month], monthIndex: month, series: s.label, order, value })));
  const x = { field: 'month', type: 'ordinal' as const, sort: [...monthLabels], title: null };
  const colour = { field: 'series', type: 'nominal' as const, sort: barLabels, title: null, scale: { domain: barLabels, range: COLOURS } };
  const layer = (kind: ReportChart['kind']) => {
    if (kind === 'line') return { mark: { type: 'line' as const, point: true }, encoding: { x, y: { field: 'value', type: 'quantitative' as const, title: null, axis: { tickMinStep: 1 } }, color: colour } };
    return {
      mark: { type: 'bar' as const },
      encoding: {
        x,
        ...(kind === 'grouped-bar' ? { xOffset: { field: 'series', sort: barLabels } } : {}),
        y: { field: 'value', type: 'quantitative' as const, title: null, axis: { tickMinStep: 1 }, ...(kind === 'stacked-bar' ? { stack: 'zero' as const } : {}) },
        color: colour,
        ...(kind === 'stacked-bar' ? { order: { field: 'order', type: 'quantitative' as const } } : {}),
      },
    };
  };
  const main = { data: { values: monthValues(bars) }, ...layer(chart.kind) };
  if (!chart.line) return { ...base, width: CHART_SIZE.width, height: CHART_SIZE.height, ...main } as TopLevelSpec;
  const line = series.at(-1)!;
  return {
    ...base,
    width: CHART_SIZE.width,
    height: CHART_SIZE.height,
    layer: [
      main,
      {
        data: { values: monthValues([line]) },
        mark: { type: 'line', point: true, color: LINE_COLOUR, strokeDash: [6, 3] },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: line.label, axis: { orient: 'right', tickMinStep: 1, titleFontSize: 11 } },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** The spec drawn to SVG by Vega, with no renderer but the SVG string. */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let ready: Promise<Uint8Array[]> | undefined;

/** resvg's WebAssembly, started once a process (initWasm refuses a second start); answers the fonts. */
function startResvg(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const assets = readChartAssets();
    await initWasm(assets.wasm);
    return assets.fonts;
  })();
  return ready;
}

/** An SVG drawn to PNG at twice its size, its text in the charts' font. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const fonts = await startResvg();
  const resvg = new Resvg(svg, {
    font: { fontBuffers: fonts, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY, loadSystemFonts: false },
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: 'white',
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** A chart of the catalogue as a PNG, and its size as drawn (the PNG is twice that). */
export async function chartPng(chart: ReportChart, rows: readonly ChartRow[], monthLabels: readonly string[]): Promise<{ png: Uint8Array; width: number; height: number }> {
  const svg = await chartSvg(chartSpec(chart, rows, monthLabels));
  const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  const png = await svgToPng(svg);
  return { png, width: Number(size?.[1] ?? CHART_SIZE.width), height: Number(size?.[2] ?? CHART_SIZE.height) };
}
