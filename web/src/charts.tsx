/**
 * Bar charts with Chart.js, each with its numbers in a table beside it, for
 * screen readers and for copying into a spreadsheet. The canvas is an image
 * whose label says where its numbers are; the table is the chart's text.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { count } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

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
}

export function BarChart({ id, title, categories, categoryHeading, series, stacked = false, total = false }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: categories,
        datasets: series.map((s, index) => ({
          label: s.label,
          data: s.values,
          backgroundColor: COLOURS[index % COLOURS.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked },
          y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } } },
      },
    });
    return () => chart.destroy();
  }, [categories, series, stacked]);

  return (
    <figure class="app-figure" id={id} aria-labelledby={`${id}-title`}>
      <h3 class="govuk-heading-m" id={`${id}-title`}>{title}</h3>
      <div class="app-chart">
        <canvas ref={canvas} role="img" aria-label={`Bar chart: ${title}. Its numbers are in the table that follows.`} />
      </div>
      <div class="app-table-scroll" tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
        <table class={`govuk-table${series.length > 4 ? " app-table--small" : ""}`} data-chart-table={id}>
          <caption class="govuk-table__caption govuk-table__caption--s">{title}: the numbers</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">{categoryHeading}</th>
              {series.map((s) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">{s.label}</th>
              ))}
              {total && <th scope="col" class="govuk-table__header govuk-table__header--numeric">Total</th>}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {categories.map((category, row) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{category}</th>
                {series.map((s) => (
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
