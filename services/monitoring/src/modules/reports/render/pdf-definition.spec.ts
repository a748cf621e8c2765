import type { Content, DynamicContent, TDocumentDefinitions } from 'pdfmake/interfaces';
import { buildChartSpecs } from './charts';
import { formatChange, formatCount, formatShare } from './format';
import { toPartnerView } from './partner-view';
import { buildPdfDefinition } from './pdf-definition';
import { sampleSnapshot } from './sample-snapshot';

/** Every string a definition would print, header and footer of page 2 of 10 included. */
function texts(definition: TDocumentDefinitions): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) if (key !== 'svg' && key !== 'canvas') walk(value);
    }
  };
  walk(definition.content);
  const pageSize = { width: 595.28, height: 841.89, orientation: 'portrait' as const };
  for (const dynamic of [definition.header, definition.footer]) {
    if (typeof dynamic === 'function') walk((dynamic as DynamicContent)(2, 10, pageSize) as Content);
  }
  return out;
}

describe('buildPdfDefinition', () => {
  const snapshot = sampleSnapshot();

  it('has the title page, key figures with the change, page numbers and the sections', () => {
    const all = texts(buildPdfDefinition(snapshot, 'it', null)).join('\n');
    for (const expected of [
      'INPS per tutti',
      'Rapporto semestrale di monitoraggio',
      '1° semestre 2026 · Lazio',
      'Lazio (Regione, codice ISTAT 12)',
      '1 gennaio 2026 – 30 giugno 2026 (2026S1)',
      '15 luglio 2026 alle 09:30',
      'it-2026',
      'Sintesi',
      '2.412',
      '1.127',
      '46,7%',
      '+14,6%',
      '+1,2 p.p.',
      'Pagina 2 di 10',
      'Completezza e tempestività delle rendicontazioni',
      'Parametri delle regole non ancora confermati',
      '7.101\u00a0€',
      'Note metodologiche',
      'Città metropolitana di Roma Capitale',
    ]) {
      expect(all).toContain(expected);
    }
  });

  it('is in English when asked', () => {
    const all = texts(buildPdfDefinition(snapshot, 'en', null)).join('\n');
    for (const expected of ['Semiannual monitoring report', 'first half of 2026 · Lazio', '2,412', '46.7%', 'Page 2 of 10', '€7,101']) {
      expect(all).toContain(expected);
    }
    expect(all).not.toContain('Rapporto semestrale');
  });

  it('embeds the charts as SVG, with a placeholder when none were rendered', () => {
    const definition = buildPdfDefinition(snapshot, 'it', { screeningByBenefit: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>' });
    expect(JSON.stringify(definition.content)).toContain('"svg":"<svg');
    expect(texts(definition)).toContain('[grafico]');
  });

  it('shows "< 5" and "n.d." in the partner version and no internal section', () => {
    const all = texts(buildPdfDefinition(toPartnerView(snapshot), 'it', null));
    expect(all).toContain('< 5');
    expect(all).toContain('n.d.');
    expect(all).toContain('Versione per i partner');
    expect(all.join('\n')).not.toContain('Governance');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildPdfDefinition(sampleSnapshot(), 'it', null))).toBe(JSON.stringify(buildPdfDefinition(sampleSnapshot(), 'it', null)));
  });
});

describe('charts', () => {
  it('builds four vega-lite charts with localized labels', () => {
    const charts = buildChartSpecs(sampleSnapshot(), 'it');
    expect(charts.map((chart) => chart.id)).toEqual(['screeningByBenefit', 'takenInChargeByTerritory', 'applicationsByBenefit', 'needsByType']);
    const territory = JSON.stringify(charts[1].spec);
    expect(territory).toContain('"label":"1.968"');
    expect(territory).toContain('Roma Capitale');
  });

  it('draws no bar for a hidden figure and labels it', () => {
    const charts = buildChartSpecs(toPartnerView(sampleSnapshot()), 'it');
    const data = (charts[1].spec.data as { values: { category: string; value: number | null; label: string }[] }).values;
    const rieti = data.filter((item) => item.category === 'Rieti');
    expect(rieti[1]).toMatchObject({ value: null, label: '< 5  (n.d.)' });
  });
});

describe('format', () => {
  it('formats Italian and English numbers, shares and changes', () => {
    expect(formatCount(12345, 'it')).toBe('12.345');
    expect(formatCount(1234, 'it')).toBe('1.234');
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount({ suppressed: 'small' }, 'it')).toBe('< 5');
    expect(formatCount({ suppressed: 'complementary' }, 'en')).toBe('n.d.');
    expect(formatCount(null, 'it')).toBe('—');
    expect(formatShare(0.4672, 'it')).toBe('46,7%');
    expect(formatChange({ absolute: -0.0002, percent: -0.4 }, 'share', 'it')).toEqual({ text: '±0,0 p.p.', direction: 'flat' });
    expect(formatChange({ absolute: -7, percent: -17.1 }, 'days', 'en')).toEqual({ text: '−7 days', direction: 'down' });
    expect(formatChange({ absolute: 5, percent: null }, 'count', 'it')).toEqual({ text: '+5', direction: 'up' });
  });
});
