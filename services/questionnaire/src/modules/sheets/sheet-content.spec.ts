import jsQR from 'jsqr';
import { evaluate } from '../../domain';
import { ruleSet } from '../../../test/support/rule-sets';
import { buildSheetDefinition } from './render/sheet-definition';
import { loadContacts, loadSheetCatalogue } from './sheet-catalogue';
import { buildSheetContent } from './sheet-content';

// pdfmake publishes no types for its QR encoder.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const qrEncoder = require('pdfmake/js/qrEnc').default as {
  measure(node: object): { _canvas: { x: number; y: number; w: number; h: number; color: string }[]; _width: number };
};
const messages = loadSheetCatalogue();
const contacts = loadContacts(messages);
const facts = { age: 30, householdSize: 1, minorsInHousehold: 0, citizenship: 'IT', isee: 5000, hasIsee: true };

function content(language: 'it' | 'en', resumeCode: string | null) {
  const rs = ruleSet('it-2026');
  return buildSheetContent(
    { language, outcome: evaluate(rs, facts, language), italian: evaluate(rs, facts, 'it'), resumeCode, date: '2026-03-10' },
    messages,
    contacts,
  );
}

describe('the sheet catalogue', () => {
  it('has every key in all ten languages, with the same slots', () => {
    expect(messages.problems()).toEqual([]);
    expect(messages.status().every((s) => s.present && s.complete)).toBe(true);
  });
});

describe('buildSheetContent', () => {
  it('pairs every text with its Italian on a sheet in another language, and has no Italian twin on an Italian one', () => {
    const en = content('en', 'K7PM3QRT');
    expect(en.title).toEqual({ own: messages.words('sheet.title', 'en'), it: messages.words('sheet.title', 'it') });
    expect(en.date).toEqual({ own: 'Date: 10 March 2026', it: 'Data: 10 marzo 2026' });
    const it = content('it', 'K7PM3QRT');
    expect(it.title).toEqual({ own: messages.words('sheet.title', 'it') });
    expect([...it.likely.benefits, ...it.toCheck.benefits].flatMap((b) => [b.name, ...b.documents, ...b.missing]).every((p) => p.it === undefined)).toBe(true);
  });

  it('lists likely benefits and those to check, the latter with what is missing', () => {
    const it = content('it', null);
    const outcome = evaluate(ruleSet('it-2026'), facts, 'it');
    expect(it.likely.benefits.map((b) => b.id)).toEqual(outcome.benefits.filter((b) => b.status === 'LIKELY_ELIGIBLE').map((b) => b.id));
    expect(it.toCheck.benefits.map((b) => b.id)).toEqual(outcome.benefits.filter((b) => b.status === 'UNDETERMINED').map((b) => b.id));
    expect(it.toCheck.benefits.length).toBeGreaterThan(0);
    for (const b of it.toCheck.benefits) expect(b.missing.length).toBeGreaterThan(0);
  });

  it('prints each find-out step once, however many benefits to check need it, and where to go for a screening only', () => {
    const rs = ruleSet('it-2026');
    const outcome = evaluate(rs, facts, 'it');
    const toCheck = outcome.benefits.filter((b) => b.status === 'UNDETERMINED');
    expect(toCheck.length).toBeGreaterThan(1);
    const step = { text: 'Chieda l’ISEE a un CAF', language: 'it' as const, reviewed: true };
    const guided = { ...outcome, benefits: outcome.benefits.map((b) => (b.status === 'UNDETERMINED' ? { ...b, findOut: [{ fact: 'isee', step }] } : b)) };
    const whereToGo = {
      comune: '058091',
      comuneName: 'Roma',
      available: true,
      complete: true,
      missingBecause: null,
      weeks: 4,
      inpsUnits: [
        { id: 'dcm-roma', kind: 'METROPOLITAN_COORDINATION_DIRECTORATE', name: 'Direzione di coordinamento metropolitano di Roma', shortName: 'DCM Roma' },
      ],
      outreachEvents: [
        {
          id: 'e1',
          startsAt: '2026-03-17T08:00:00.000Z',
          endsAt: '2026-03-17T11:00:00.000Z',
          venueType: 'SOUP_KITCHEN',
          venueKind: 'Mensa',
          venueName: 'Mensa di via Marsala',
          address: 'Via Marsala 109',
          title: null,
          description: null,
          territoryName: 'Roma',
          nearby: false,
          status: 'CONFIRMED',
        },
      ],
      moreEvents: false,
      nationalChannels: [],
    };
    const sheet = buildSheetContent(
      { language: 'it', outcome: guided, italian: guided, whereToGo: { own: whereToGo, it: whereToGo }, resumeCode: null, date: '2026-03-10' },
      messages,
      contacts,
    );
    expect(sheet.howToFindOut).toEqual([{ own: 'Chieda l’ISEE a un CAF' }]);
    expect(sheet.whereToGo).toEqual([
      { own: 'INPS · Direzione di coordinamento metropolitano di Roma' },
      { own: '17 marzo alle ore 09:00 · Mensa · Mensa di via Marsala · Via Marsala 109' },
    ]);
    expect(content('it', null).whereToGo).toEqual([]);
    expect(content('it', null).howToFindOut).toEqual([]);
  });
});

describe('buildSheetDefinition', () => {
  interface QrNode {
    qr: string;
    fit?: number;
  }
  function qrNodes(node: unknown, whole = false): unknown[] {
    if (!node || typeof node !== 'object') return [];
    const here = 'qr' in node ? [whole ? node : (node as QrNode).qr] : [];
    return [...here, ...Object.values(node).flatMap((child) => qrNodes(child, whole))];
  }

  it('puts the resume code, and only it, in the one QR code; an evaluation has none', () => {
    expect(qrNodes(buildSheetDefinition(content('en', 'K7PM3QRT')))).toEqual(['K7PM3QRT']);
    expect(qrNodes(buildSheetDefinition(content('en', null)))).toEqual([]);
  });

  it('draws a QR code that a reader decodes to the resume code', () => {
    const [node] = qrNodes(buildSheetDefinition(content('it', 'K7PM3QRT')), true) as QrNode[];
    // pdfmake's own QR layout, the rectangles it draws into the PDF, rasterised one point per pixel with a white margin.
    const { _canvas: rects, _width: size } = qrEncoder.measure({ ...node });
    const margin = 16;
    const side = size + 2 * margin;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const r of rects.filter((rect) => rect.color === '#000')) {
      for (let y = r.y; y < r.y + r.h; y++)
        for (let x = r.x; x < r.x + r.w; x++) pixels.fill(0, ((y + margin) * side + x + margin) * 4, ((y + margin) * side + x + margin) * 4 + 3);
    }
    expect(jsQR(pixels, side, side)?.data).toBe('K7PM3QRT');
  });

  it('is A4 with nothing under 10 points', () => {
    const def = buildSheetDefinition(content('en', 'K7PM3QRT'));
    expect(def.pageSize).toBe('A4');
    const sizes: number[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const size = (node as { fontSize?: unknown }).fontSize;
      if (typeof size === 'number') sizes.push(size);
      Object.values(node).forEach(walk);
    };
    walk(def.content);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
  });
});
