/**
 * Bar charts with Chart.js, each with its numbers in a table beside it, for
 * screen readers and for copying into a spreadsheet. The canvas is an image
 * whose label says where its numbers are; the table is the chart's text.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { count } from './format';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours far enough apart to tell series apart, from GOV.UK's palette; the table carries the numbers regardless. */
const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#d4351c', '#4c2c92', '#28a197', '#d53880', '#b58840', '#003078', '#85994b'];

export interface Series {
  label: string;
  values: (number | null)[];
}

export interface BarChartProps {
  /** Unique on the page: names the figure, its canvas and its table. */
  id: string;
  title: string;
  /** What each bar (or stack) is: months, age bands, genders. */
  categories: string[];
  /** The heading of the table's first column. */
  categoryHeading: string;
  series: Series[];
  stacked?: boolean;
  /** A total column in the table (for stacked charts). */
  total?: boolean;
  /** Lines instead of bars (a month-end count over the year). */
  lines?: boolean;
  /** A month-end total drawn as a dashed line over the bars, on a scale of its own at the right (the annual report's Charts 1, 9 and 13). */
  line?: Series;
}

export function BarChart({ id, title, categories, categoryHeading, series, stacked = false, total = false, lines = false, line }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: categories,
        datasets: [
          ...series.map((s, index) => ({
            type: lines ? ('line' as const) : ('bar' as const),
            label: s.label,
            data: s.values,
            backgroundColor: COLOURS[index % COLOURS.length],
            borderColor: COLOURS[index % COLOURS.length],
          })),
          ...(line ? [{ type: 'line' as const, label: line.label, data: line.values, yAxisID: 'total', borderColor: '#0b0c0c', backgroundColor: '#0b0c0c', borderDash: [6, 3] }] : []),
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked },
          y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
          ...(line ? { total: { position: 'right' as const, beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: line.label } } } : {}),
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } } },
      },
    });
    return () => chart.destroy();
  }, [categories, series, stacked, lines, line]);

  return (
    <figure class="app-figure" id={id} aria-labelledby={`${id}-title`}>
      <h3 class="govuk-heading-m" id={`${id}-title`}>{title}</h3>
      <div class="app-chart">
        <canvas ref={canvas} role="img" aria-label={`${lines ? 'Line' : 'Bar'} chart: ${title}. Its numbers are in the table that follows.`} />
      </div>
      <div class="app-table-scroll" tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
        <table class={`govuk-table${series.length > 4 ? " app-table--small" : ""}`} data-chart-table={id}>
          <caption class="govuk-table__caption govuk-table__caption--s">{title}: the numbers</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">{categoryHeading}</th>
              {[...series, ...(line ? [line] : [])].map((s) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">{s.label}</th>
              ))}
              {total && <th scope="col" class="govuk-table__header govuk-table__header--numeric">Total</th>}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {categories.map((category, row) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{category}</th>
                {[...series, ...(line ? [line] : [])].map((s) => (
                  <td class="govuk-table__cell govuk-table__cell--numeric">{cell(s.values[row])}</td>
                ))}
                {total && (
                  <td class="govuk-table__cell govuk-table__cell--numeric">
                    {count(series.reduce((sum, s) => sum + (s.values[row] ?? 0), 0))}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

const cell = (value: number | null | undefined) => (value === null || value === undefined ? 'no snapshot' : count(value));
