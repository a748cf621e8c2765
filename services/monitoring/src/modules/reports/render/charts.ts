import { type Text, textIn } from '@inps/kernel';
import { wordText, type ReportLanguage } from './report-words';
import { formatCount, formatShare } from './format';
import { isSuppressed, plainNumber, ReportNumber, ReportSnapshot } from './report-snapshot';

/**
 * Vega-Lite specifications of the report's charts, built from the snapshot alone. Labels are
 * formatted here (Italian or English number style, "< 5" for hidden counts) so that the charts
 * read exactly like the tables next to them. vega-lite's own types cannot be imported from a
 * CommonJS build (the package is ESM-only), hence the plain JSON type.
 */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export interface VegaLiteSpec {
  readonly [key: string]: Json;
}

export type ChartId = 'screeningByBenefit' | 'takenInChargeByTerritory' | 'applicationsByBenefit' | 'needsByType';

export interface ChartSpec {
  readonly id: ChartId;
  readonly title: Text;
  readonly spec: VegaLiteSpec;
}

const CHART_WIDTH = 515;
export const COLORS = {
  primary: '#1F4E8C',
  secondary: '#8FB3E0',
  accent: '#E07A1F',
  text: '#1F2933',
  muted: '#6B7280',
  grid: '#E5E7EB',
} as const;

const D3_NUMBER_LOCALE: Readonly<Record<ReportLanguage, Json>> = {
  it: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] },
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['€', ''] },
};

function config(lang: ReportLanguage): Json {
  return {
    font: 'Roboto',
    locale: { number: D3_NUMBER_LOCALE[lang] },
    view: { stroke: null },
    axis: {
      labelColor: COLORS.text,
      titleColor: COLORS.muted,
      labelFontSize: 9,
      titleFontSize: 9,
      titleFontWeight: 'normal',
      domainColor: '#9CA3AF',
      tickColor: '#9CA3AF',
      gridColor: COLORS.grid,
    },
    axisY: { labelLimit: 240, labelPadding: 6, ticks: false, domain: false },
    axisX: { format: ',d', tickCount: 5 },
    legend: {
      labelFontSize: 9,
      labelColor: COLORS.text,
      labelLimit: 320,
      symbolType: 'square',
      orient: 'top',
      direction: 'horizontal',
      title: null,
      offset: 4,
    },
    text: { fontSize: 8.5, color: COLORS.text },
  };
}

interface Series {
  readonly key: string;
  readonly label: Text;
  readonly color: string;
}

interface Row {
  readonly category: string;
  readonly values: readonly ReportNumber[];
  /** Written at the end of the last bar of the row (e.g. a rate). */
  readonly note?: string;
}

/**
 * Horizontal bars, one group per category and one bar per series, each bar labelled with its
 * figure; a hidden figure has no bar and reads "< 5" / "n.d." in the label.
 */
function groupedBars(lang: ReportLanguage, series: readonly Series[], rows: readonly Row[], xTitle: Text): VegaLiteSpec {
  const data: Json[] = [];
  rows.forEach((row) => {
    series.forEach((item, index) => {
      const value = row.values[index];
      const isLast = index === series.length - 1;
      const label = formatCount(value, lang) + (isLast && row.note ? `  (${row.note})` : '');
      data.push({
        category: row.category,
        series: textIn(item.label, lang),
        value: plainNumber(value),
        position: plainNumber(value) ?? 0,
        label,
      });
    });
  });
  // Headroom on the right for the labels written after the longest bar.
  const max = Math.max(1, ...rows.flatMap((row) => row.values.map((value) => plainNumber(value) ?? 0)));
  const barStep = series.length === 1 ? 14 : rows.length > 12 ? 7.5 : 9;
  const y = { field: 'category', type: 'nominal', sort: rows.map((row) => row.category), title: null };
  const yOffset = { field: 'series', type: 'nominal', sort: series.map((item) => textIn(item.label, lang)) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    height: { step: barStep },
    background: 'white',
    data: { values: data },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 1.5 },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: textIn(xTitle, lang), scale: { domain: [0, max * 1.22], nice: false } },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: series.map((item) => textIn(item.label, lang)), range: series.map((item) => item.color) },
            legend: series.length > 1 ? {} : null,
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3 },
        encoding: { x: { field: 'position', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
      },
    ],
    config: config(lang),
  };
}

function sortByFirst<T>(items: readonly T[], pick: (item: T) => ReportNumber): T[] {
  return [...items].sort((a, b) => (plainNumber(pick(b)) ?? -1) - (plainNumber(pick(a)) ?? -1));
}

export function buildChartSpecs(snapshot: ReportSnapshot, lang: ReportLanguage): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const people: Text = wordText('chart.people');

  const benefits = sortByFirst(snapshot.screeningByBenefit, (row) => row.likelyEligible).filter(
    (row) => isSuppressed(row.likelyEligible) || (plainNumber(row.likelyEligible) ?? 0) + (plainNumber(row.undetermined) ?? 0) > 0,
  );
  if (benefits.length > 0) {
    charts.push({
      id: 'screeningByBenefit',
      title: wordText('chart.screeningByBenefit'),
      spec: groupedBars(
        lang,
        [
          { key: 'likely', label: wordText('chart.likely'), color: COLORS.primary },
          { key: 'undetermined', label: wordText('chart.undetermined'), color: COLORS.secondary },
        ],
        benefits.map((row) => ({
          category: textIn(row.short, lang),
          values: [row.likelyEligible, row.undetermined],
        })),
        wordText('chart.screenings'),
      ),
    });
  }

  if (snapshot.territories.length > 0) {
    charts.push({
      id: 'takenInChargeByTerritory',
      title: wordText('chart.takenInChargeByTerritory'),
      spec: groupedBars(
        lang,
        [
          { key: 'contacted', label: wordText('chart.contacted'), color: COLORS.secondary },
          { key: 'taken', label: wordText('chart.taken'), color: COLORS.primary },
        ],
        snapshot.territories.map((row) => ({
          // The table below gives the full name; the axis has room for the short one.
          category: row.name.replace(/^Città metropolitana di /, ''),
          values: [row.contacted, row.takenInCharge],
          note: formatShare(row.takeInChargeRate, lang, 0),
        })),
        people,
      ),
    });
  }

  const applications = sortByFirst(snapshot.applicationsByBenefit, (row) => row.decided).filter(
    (row) => isSuppressed(row.decided) || (plainNumber(row.decided) ?? 0) > 0,
  );
  if (applications.length > 0) {
    charts.push({
      id: 'applicationsByBenefit',
      title: wordText('chart.applicationsByBenefit'),
      spec: groupedBars(
        lang,
        [
          { key: 'decided', label: wordText('chart.decided'), color: COLORS.secondary },
          { key: 'granted', label: wordText('chart.granted'), color: COLORS.accent },
        ],
        applications.map((row) => ({
          category: textIn(row.short, lang),
          values: [row.decided, row.granted],
          note: formatShare(row.grantedShare, lang, 0),
        })),
        wordText('chart.applications'),
      ),
    });
  }

  const needs = sortByFirst(snapshot.needs, (row) => row.found);
  if (needs.length > 0) {
    charts.push({
      id: 'needsByType',
      title: wordText('chart.needsByType'),
      spec: groupedBars(
        lang,
        [
          { key: 'found', label: wordText('chart.found'), color: COLORS.secondary },
          { key: 'resolved', label: wordText('chart.resolved'), color: COLORS.primary },
        ],
        needs.map((row) => ({ category: textIn(row.label, lang), values: [row.found, row.resolved], note: formatShare(row.resolvedShare, lang, 0) })),
        wordText('chart.needs'),
      ),
    });
  }
  return charts;
}
