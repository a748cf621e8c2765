import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { toPartnerView } from './partner-view';
import { buildPdfDefinition, type ChartSvgs } from './pdf-definition';
import { sampleSnapshot } from './sample-snapshot';

/**
 * The whole document definition of the sample report, pinned: the PDF is a pure function of it, so
 * reorganising the code that builds it (files, helpers) must leave this snapshot as it is. The
 * functions pdfmake calls while laying out (header, footer, background, page breaks, table lines)
 * are pinned by what they answer on representative arguments.
 */

const PAGE_SIZE = { width: 595.28, height: 841.89, orientation: 'portrait' as const };
const CHARTS: ChartSvgs = {
  screeningByBenefit: '<svg id="screeningByBenefit"/>',
  takenInChargeByTerritory: '<svg id="takenInChargeByTerritory"/>',
  applicationsByBenefit: '<svg id="applicationsByBenefit"/>',
  needsByType: '<svg id="needsByType"/>',
};

type Fn = (...args: unknown[]) => unknown;

/** A table line function's answers for the first rows and columns of a three-row table. */
function tableFunction(fn: Fn): unknown[] {
  const node = { table: { body: [[], [], []], widths: ['*'] } };
  return [0, 1, 2, 3].map((index) => fn(index, node, 0));
}

function plain(value: unknown): unknown {
  if (typeof value === 'function') return { fn: tableFunction(value as Fn) };
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

/** JSON with every value that fits on a line kept on one, so that the snapshot stays small and its diffs readable. */
function print(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= 140 || typeof value !== 'object' || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + print(item, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${print(item, inner)}`).join(',\n')}\n${indent}}`;
}

function pinned(definition: TDocumentDefinitions): string {
  const { header, footer, background, pageBreakBefore, ...rest } = definition;
  const pages = [1, 2, 10];
  const breaks = [1, 2, 3].flatMap((headlineLevel) =>
    [0, 1, 2].map((following) => (pageBreakBefore as Fn)({ headlineLevel }, { getFollowingNodesOnPage: () => Array.from({ length: following }) }, [], [])),
  );
  return print(
    plain({
      ...rest,
      header: pages.map((page) => (header as Fn)(page, 10, PAGE_SIZE)),
      footer: pages.map((page) => (footer as Fn)(page, 10, PAGE_SIZE)),
      background: pages.map((page) => (background as Fn)(page, PAGE_SIZE)),
      pageBreakBefore: breaks,
    }),
  );
}

describe('buildPdfDefinition (pinned)', () => {
  it.each([
    // Between them: both languages, charts and their placeholders, the internal and the partner edition.
    ['Italian, internal, with charts', 'it', false, CHARTS],
    ['English, partner view, without charts', 'en', true, null],
  ] as const)('%s', (_name, lang, partner, charts) => {
    const snapshot = partner ? toPartnerView(sampleSnapshot()) : sampleSnapshot();
    expect(pinned(buildPdfDefinition(snapshot, lang, charts))).toMatchSnapshot();
  });
});
