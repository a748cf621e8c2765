import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChartRenderer, createChartRenderer } from './chart-renderer';
import { buildChartSpecs } from './charts';
import { toPartnerView } from './partner-view';
import { renderPdf } from './render-pdf';
import { sampleSnapshot } from './sample-snapshot';

jest.setTimeout(120_000);

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const folder = mkdtempSync(path.join(tmpdir(), 'monitoring-pdf-'));

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('renderPdf', () => {
  let charts: ChartRenderer;
  const warnings: string[] = [];

  beforeAll(() => {
    charts = createChartRenderer({ onWarning: (message) => warnings.push(message) });
  });

  afterAll(async () => {
    await charts.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('renders the charts to vector SVG in a worker, without warnings', async () => {
    const specs = buildChartSpecs(sampleSnapshot(), 'it');
    const svgs = await charts.render(specs.map((chart) => chart.spec));
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('<path');
      expect(svg).not.toContain('<image');
    }
    expect(svgs[1]).toContain('Roma Capitale');
    expect(warnings).toEqual([]);
  });

  it('writes an Italian PDF with the key figures, accents, euro signs and page numbers', async () => {
    const pdf = await renderPdf(sampleSnapshot(), 'it', { charts });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(14);
    if (!hasPdftotext()) return;
    const text = pdfText(pdf, 'lazio-it.pdf');
    for (const expected of [
      'INPS per tutti',
      'Rapporto semestrale di monitoraggio',
      '2.412',
      '1.127',
      '46,7%',
      '+14,6%',
      'Qualità',
      'Città',
      '7.101 €',
      `Pagina 2 di ${pages}`,
    ]) {
      expect(text).toContain(expected);
    }
    // Chart labels are real text in the PDF, not pictures.
    expect(text).toContain('Assegno di inclusione');
  });

  it('writes the partner version in English with suppressed cells', async () => {
    const pdf = await renderPdf(toPartnerView(sampleSnapshot()), 'en', { charts });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasPdftotext()) return;
    const text = pdfText(pdf, 'lazio-partner-en.pdf');
    expect(text).toContain('Partner version');
    expect(text).toContain('< 5');
    expect(text).toContain('n.d.');
    expect(text).toContain('2,412');
    expect(text).not.toContain('Governance');
  });

  // How long it takes is measured by the benchmarks (services/monitoring/bench), not asserted here.
  it('renders the national report, every section on its pages', async () => {
    const snapshot = sampleSnapshot('NATIONAL');
    const pdf = await renderPdf(snapshot, 'it', { charts });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(8);
  });

  it('starts and stops its own chart worker when none is given', async () => {
    const pdf = await renderPdf(sampleSnapshot(), 'en');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a snapshot marked for partners that still shows small counts', async () => {
    const internal = sampleSnapshot();
    await expect(renderPdf({ ...internal, meta: { ...internal.meta, partnerView: true } }, 'it', { charts })).rejects.toThrow(/not safe/);
  });
});
