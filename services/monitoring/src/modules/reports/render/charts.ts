import { type Language, type Text, textIn } from '@inps/kernel';
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

const D3_NUMBER_LOCALE: Readonly<Partial<Record<Language, Json>>> = {
  it: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] },
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['€', ''] },
};

function config(lang: Language): Json {
  return {
    font: 'Roboto',
    locale: { number: (D3_NUMBER_LOCALE[lang] ?? D3_NUMBER_LOCALE.it) as Json },
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
function groupedBars(lang: Language, series: readonly Series[], rows: readonly Row[], xTitle: Text): VegaLiteSpec {
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

export function buildChartSpecs(snapshot: ReportSnapshot, lang: Language): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const people: Text = { it: 'persone', en: 'people' };

  const benefits = sortByFirst(snapshot.screeningByBenefit, (row) => row.likelyEligible).filter(
    (row) => isSuppressed(row.likelyEligible) || (plainNumber(row.likelyEligible) ?? 0) + (plainNumber(row.undetermined) ?? 0) > 0,
  );
  if (benefits.length > 0) {
    charts.push({
      id: 'screeningByBenefit',
      title: { it: 'Prestazioni individuate dai questionari', en: 'Benefits found by the screenings' },
      spec: groupedBars(
        lang,
        [
          { key: 'likely', label: { it: 'Probabile', en: 'Likely' }, color: COLORS.primary },
          { key: 'undetermined', label: { it: 'Da verificare (dati mancanti)', en: 'Undetermined (facts missing)' }, color: COLORS.secondary },
        ],
        benefits.map((row) => ({
          category: textIn(row.short, lang),
          values: [row.likelyEligible, row.undetermined],
        })),
        { it: 'questionari', en: 'screenings' },
      ),
    });
  }

  if (snapshot.territories.length > 0) {
    charts.push({
      id: 'takenInChargeByTerritory',
      title: { it: 'Persone contattate e prese in carico per territorio', en: 'People contacted and taken in charge by territory' },
      spec: groupedBars(
        lang,
        [
          { key: 'contacted', label: { it: 'Contattate', en: 'Contacted' }, color: COLORS.secondary },
          { key: 'taken', label: { it: 'Prese in carico', en: 'Taken in charge' }, color: COLORS.primary },
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
      title: { it: 'Domande decise e accolte per prestazione', en: 'Applications decided and granted by benefit' },
      spec: groupedBars(
        lang,
        [
          { key: 'decided', label: { it: 'Decise', en: 'Decided' }, color: COLORS.secondary },
          { key: 'granted', label: { it: 'Accolte', en: 'Granted' }, color: COLORS.accent },
        ],
        applications.map((row) => ({
          category: textIn(row.short, lang),
          values: [row.decided, row.granted],
          note: formatShare(row.grantedShare, lang, 0),
        })),
        { it: 'domande', en: 'applications' },
      ),
    });
  }

  const needs = sortByFirst(snapshot.needs, (row) => row.found);
  if (needs.length > 0) {
    charts.push({
      id: 'needsByType',
      title: { it: 'Bisogni rilevati e risolti', en: 'Needs found and resolved' },
      spec: groupedBars(
        lang,
        [
          { key: 'found', label: { it: 'Rilevati', en: 'Found' }, color: COLORS.secondary },
          { key: 'resolved', label: { it: 'Risolti', en: 'Resolved' }, color: COLORS.primary },
        ],
        needs.map((row) => ({ category: textIn(row.label, lang), values: [row.found, row.resolved], note: formatShare(row.resolvedShare, lang, 0) })),
        { it: 'bisogni', en: 'needs' },
      ),
    });
  }
  return charts;
}
