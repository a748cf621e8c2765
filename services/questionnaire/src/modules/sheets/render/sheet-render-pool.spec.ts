import { DEFAULT_LANGUAGE, type Language } from '@inps/kernel';
import { evaluate, type Facts } from '../../../domain';
import { pdfText } from '../../../../test/support/pdf-text';
import { ruleSet } from '../../../../test/support/rule-sets';
import { loadContacts, loadSheetCatalogue } from '../sheet-catalogue';
import { buildSheetContent, type SheetContent } from '../sheet-content';
import { SheetRenderBusyError, SheetRenderPool } from './sheet-render-pool';

// Each thread compiles the renderer from the TypeScript sources when it starts: seconds, not milliseconds.
jest.setTimeout(180_000);

const FACTS: Facts = { age: 45, householdSize: 3, minorsInHousehold: 2, citizenship: 'IT', hasIsee: true, isee: 8200, rentsHome: true };
const messages = loadSheetCatalogue();
const contacts = loadContacts(messages);

function contentIn(language: Language, resumeCode: string): SheetContent {
  const rs = ruleSet('it-2026');
  return buildSheetContent(
    { language, outcome: evaluate(rs, FACTS, language), italian: evaluate(rs, FACTS, DEFAULT_LANGUAGE), resumeCode, date: '2026-12-07' },
    messages,
    contacts,
  );
}

describe('SheetRenderPool', () => {
  let pool: SheetRenderPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('renders many sheets at once on its threads, each the PDF of its own content', async () => {
    pool = new SheetRenderPool({ threads: 2, queue: 10 });
    const languages: Language[] = ['it', 'ar', 'zh', 'bn', 'en', 'it'];
    const codes = languages.map((_, i) => `K7PM3QR${'ABCDEF'[i]}`);
    const pdfs = await Promise.all(languages.map((language, i) => (pool as SheetRenderPool).render(contentIn(language, codes[i]))));
    pdfs.forEach((pdf, i) => {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain(codes[i]);
      for (const other of codes.filter((c) => c !== codes[i])) expect(text).not.toContain(other);
      expect(text.replace(/\s+/g, ' ')).toContain(messages.words('sheet.title', 'it'));
    });
  });

  it('refuses at once, with a wait in seconds, a sheet beyond its threads and its queue; the others are rendered', async () => {
    pool = new SheetRenderPool({ threads: 1, queue: 1 });
    const first = pool.render(contentIn('it', 'K7PM3QRA'));
    const second = pool.render(contentIn('it', 'K7PM3QRB'));
    const refused = await pool.render(contentIn('it', 'K7PM3QRC')).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SheetRenderBusyError);
    expect((refused as SheetRenderBusyError).status).toBe(503);
    expect((refused as SheetRenderBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(pdfText(await first)).toContain('K7PM3QRA');
    expect(pdfText(await second)).toContain('K7PM3QRB');
    // Once the queue has room again, a sheet is taken.
    expect(pdfText(await pool.render(contentIn('it', 'K7PM3QRD')))).toContain('K7PM3QRD');
  });

  it('fails only the sheet whose rendering fails, and goes on with the next', async () => {
    pool = new SheetRenderPool({ threads: 1, queue: 4 });
    const broken = pool.render({ language: 'it' } as unknown as SheetContent);
    const next = pool.render(contentIn('it', 'K7PM3QRE'));
    await expect(broken).rejects.toThrow();
    expect(pdfText(await next)).toContain('K7PM3QRE');
  });

  it('refuses sheets once closed', async () => {
    const closed = new SheetRenderPool({ threads: 1, queue: 1 });
    await closed.close();
    await expect(closed.render(contentIn('it', 'K7PM3QRF'))).rejects.toMatchObject({ status: 503 });
  });
});
