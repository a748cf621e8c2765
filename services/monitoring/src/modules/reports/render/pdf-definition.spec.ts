import type { Content, DynamicContent, TDocumentDefinitions } from 'pdfmake/interfaces';
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
