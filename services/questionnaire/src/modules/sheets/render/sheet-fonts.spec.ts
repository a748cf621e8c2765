import { fonts } from './sheet-fonts';
// fontkit, as pdfkit uses it to embed a document's glyphs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(bytes: Buffer): Face };

interface Glyph {
  id: number;
  _decode(): unknown;
}
interface Face {
  glyphsForString(text: string): Glyph[];
  getGlyph(id: number): Glyph;
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
}

// pdfkit's document as pdfmake draws with it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PDFDocument = (require('pdfmake/js/PDFDocument') as { default: new (...args: object[]) => { font(src: Buffer): { _font: PdfkitFont } } }).default;

interface PdfkitFont {
  layout(text: string, features?: string[], onlyWidth?: boolean): { glyphs: { id: number }[] | null; positions: object[] | null; advanceWidth: number };
}

/** Letters with accents, which Noto Sans draws as compound glyphs (a letter and its accent). */
const TEXT = 'Perché àèéìòù ÀÈÉ INPS 803 164';

function subsetOf(face: Face): Buffer {
  const subset = face.createSubset();
  for (const glyph of face.glyphsForString(TEXT)) subset.includeGlyph(glyph.id);
  return Buffer.from(subset.encode());
}

describe('the sheet fonts as pdfkit embeds them', () => {
  it('embed the same font file bytes whether a glyph was read before or not', () => {
    const { bytes } = fonts.get('NotoSans', 'normal');
    // A copy of the bytes is not one of the sheet's files: fontkit reads it its own way.
    const plain = subsetOf(fontkit.create(Buffer.from(bytes)));
    expect(subsetOf(fontkit.create(bytes))).toEqual(plain);
    expect(subsetOf(fontkit.create(bytes))).toEqual(plain);
  });

  it('read each glyph outline once per thread, not once per document', () => {
    const { bytes } = fonts.get('NotoSans', 'bold');
    subsetOf(fontkit.create(bytes));
    const face = fontkit.create(bytes);
    const decode = jest.spyOn(Object.getPrototypeOf(face.getGlyph(1)) as Glyph, '_decode');
    try {
      subsetOf(face);
      expect(decode).not.toHaveBeenCalled();
      subsetOf(fontkit.create(Buffer.from(bytes)));
      expect(decode).toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
  });
});

describe('the sheet fonts as pdfkit lays text out with them', () => {
  const laidOut = (bytes: Buffer, text: string, features?: string[]) => {
    const font = new PDFDocument({}, {}, {}, {}, { autoFirstPage: false }).font(bytes)._font;
    const run = font.layout(text, features);
    return {
      glyphs: run.glyphs?.map((g) => g.id),
      positions: run.positions,
      advanceWidth: run.advanceWidth,
      width: font.layout(text, features, true).advanceWidth,
    };
  };

  it.each([
    ['NotoSans', 'Documenti da portare: ISEE in corso di validità, 803 164 '],
    ['NotoSansArabic', 'الوثائق المطلوبة  INPS\tمكتب'],
  ] as const)('gives in %s the glyphs and positions pdfkit gives on its own, document after document', (family, text) => {
    const { bytes } = fonts.get(family, 'normal');
    // A copy of the bytes is not one of the sheet's files: pdfkit lays it out its own way.
    for (const features of [undefined, []]) {
      const plain = laidOut(Buffer.from(bytes), text, features);
      expect(laidOut(bytes, text, features)).toEqual(plain);
      expect(laidOut(bytes, text, features)).toEqual(plain);
    }
  });
});
