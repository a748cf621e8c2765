import { FONT_FILES, readFont, type FontFamily } from '@inps/fonts';
import type { Language } from '@inps/kernel';
// fontkit is what pdfkit (under pdfmake) shapes with; the sheet uses it too, to know which font has
// a glyph and how wide a right-to-left line is before pdfmake sets it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(buffer: Buffer): FontkitFont };

interface FontkitFont {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: readonly string[]): ShapedText;
}

interface ShapedText {
  readonly advanceWidth: number;
  readonly glyphs: readonly { readonly id: number }[];
  readonly positions: readonly { readonly xAdvance: number; readonly yAdvance: number; readonly xOffset: number; readonly yOffset: number }[];
}

/** The family that sets a language's own script; everything it lacks falls back to Noto Sans. */
export const SCRIPT_FAMILY: Readonly<Record<Language, FontFamily>> = {
  it: 'NotoSans',
  en: 'NotoSans',
  ro: 'NotoSans',
  sq: 'NotoSans',
  ar: 'NotoSansArabic',
  uk: 'NotoSans',
  zh: 'NotoSansSC',
  bn: 'NotoSansBengali',
  es: 'NotoSans',
  fr: 'NotoSans',
};

export type Weight = 'normal' | 'bold';

/**
 * pdfkit parses a font anew for every document (fontkit.create on the bytes) and shapes every word
 * again, and for the Noto fonts (large shaping tables; Bengali's Indic shaping) that was nearly all of
 * a sheet's time. So fontkit is wrapped, for the byte buffers registered here only (the sheet's fonts,
 * each read once; other users of fontkit in the process are untouched): decoded tables are kept per
 * font file, and a word is shaped once per file by one long-lived font object, each document getting
 * its own copy of the positions (pdfkit scales them in place). Both are read-only data of the file.
 */
interface Shared {
  readonly tables: Map<string, unknown>;
  /** A glyph as a subset embeds it: its bytes in the glyf table, the glyphs it is made of, its metrics. */
  readonly glyphs: Map<number, EmbeddedGlyph>;
  /** Shaped runs by text and options; cleared when full, so a flood of new words cannot grow it. */
  readonly runs: Map<string, GlyphRun>;
  /** Text as pdfkit lays it out (positions in its units), by text and features; cleared when full. */
  readonly laidOut: Map<string, LaidOut>;
  face?: FontkitFont;
}

interface GlyphRun {
  positions: object[];
}

interface EmbeddedGlyph {
  readonly bytes: Uint8Array;
  /** A compound glyph's parts: their glyph ids and where the bytes hold each id. */
  readonly parts: readonly { readonly glyphID: number; readonly pos: number }[];
  readonly advance: number;
  readonly bearing: number;
}

/** fontkit's TrueType subset (what pdfkit embeds a document's glyphs with), as far as the wrapping below uses it. */
interface TrueTypeSubset {
  font: FontkitInternals & {
    loca: { offsets: number[] };
    _variationProcessor?: unknown;
    getGlyph(id: number): {
      advanceWidth: number;
      _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
      _getMetrics(): { leftBearing: number };
    };
    _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  };
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(id: number): number;
  _addGlyph(id: number): number;
}

const MAX_RUNS = 50_000;
const shared = new WeakMap<Uint8Array, Shared>();
let wrapped = false;

interface FontkitInternals {
  stream: { buffer: Uint8Array };
  _tables: Record<string, unknown>;
  _getTable(table: { tag: string }): unknown;
  layout(text: unknown, ...options: unknown[]): GlyphRun;
}

function owner(face: FontkitFont, method: string): FontkitInternals {
  // The TTF class: the WOFF one derives from it and inherits both methods.
  let proto = Object.getPrototypeOf(face) as FontkitInternals;
  while (Object.getPrototypeOf(proto) && !Object.prototype.hasOwnProperty.call(proto, method)) proto = Object.getPrototypeOf(proto) as FontkitInternals;
  return proto;
}

function copyOf<T extends object>(value: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value);
}

function wrapFontkit(face: FontkitFont): void {
  if (wrapped) return;
  wrapped = true;
  const tableOwner = owner(face, '_getTable');
  const decode = tableOwner._getTable;
  tableOwner._getTable = function (this: FontkitInternals, table: { tag: string }): unknown {
    const file = shared.get(this.stream.buffer);
    if (!file) return decode.call(this, table);
    if (!file.tables.has(table.tag)) file.tables.set(table.tag, decode.call(this, table));
    const value = file.tables.get(table.tag);
    this._tables[table.tag] = value;
    return value;
  };
  const layoutOwner = owner(face, 'layout');
  const layout = layoutOwner.layout;
  layoutOwner.layout = function (this: FontkitInternals, text: unknown, ...options: unknown[]): GlyphRun {
    const file = shared.get(this.stream.buffer);
    if (!file?.face || typeof text !== 'string') return layout.call(this, text, ...options);
    const key = `${text}\u0000${JSON.stringify(options)}`;
    let run = file.runs.get(key);
    if (!run) {
      if (file.runs.size >= MAX_RUNS) file.runs.clear();
      run = layout.call(file.face as unknown as FontkitInternals, text, ...options);
      file.runs.set(key, run);
    }
    const copy = copyOf(run);
    copy.positions = run.positions.map(copyOf);
    return copy;
  };
  // Embedding a glyph decoded its whole outline again in every document (to learn whether it is compound):
  // the glyph's bytes and parts are read once per file. As fontkit's own _addGlyph, for static TrueType fonts.
  const subsetOwner = owner((face as unknown as { createSubset(): object }).createSubset() as unknown as FontkitFont, '_addGlyph') as unknown as TrueTypeSubset;
  if (!Object.prototype.hasOwnProperty.call(subsetOwner, '_addGlyph')) return;
  const addGlyph = subsetOwner._addGlyph;
  subsetOwner._addGlyph = function (this: TrueTypeSubset, gid: number): number {
    const file = shared.get(this.font.stream.buffer);
    if (!file || this.font._variationProcessor) return addGlyph.call(this, gid);
    let glyph = file.glyphs.get(gid);
    if (!glyph) {
      const source = this.font.getGlyph(gid);
      const decoded = source._decode();
      const offsets = this.font.loca.offsets;
      const stream = this.font._getTableStream('glyf');
      stream.pos += offsets[gid];
      glyph = {
        bytes: Uint8Array.from(stream.readBuffer(offsets[gid + 1] - offsets[gid])),
        parts: decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : [],
        advance: source.advanceWidth,
        bearing: source._getMetrics().leftBearing,
      };
      file.glyphs.set(gid, glyph);
    }
    let bytes = glyph.bytes;
    if (glyph.parts.length) {
      bytes = Uint8Array.from(glyph.bytes);
      const view = new DataView(bytes.buffer);
      for (const part of glyph.parts) view.setUint16(part.pos, this.includeGlyph(part.glyphID));
    }
    this.glyf.push(bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing });
    this.offset += bytes.length;
    return this.glyf.length - 1;
  };
}

/** A text laid out by pdfkit's EmbeddedFont: fontkit's glyphs, positions scaled to 1/1000 em, their total advance. */
interface LaidOut {
  readonly glyphs: readonly object[];
  readonly positions: readonly object[];
  readonly advanceWidth: number;
}

/** pdfkit's font embedded in a document, as far as the wrapping below uses it. */
interface PdfkitFont {
  readonly font: FontkitInternals;
  layoutRun(text: string, features?: unknown): { glyphs: object[]; positions: object[]; advanceWidth: number };
  layout(text: string, features?: unknown, onlyWidth?: boolean): LaidOut | { glyphs: null; positions: null; advanceWidth: number };
  layoutCached(text: string): LaidOut;
}

/** pdfmake's PDFDocument: pdfkit's, with the fonts, images, patterns and attachments of a definition first. */
type PdfmakeDocument = new (
  fonts: object,
  images: object,
  patterns: object,
  attachments: object,
  options: object,
) => { font(src: Buffer): { _font: PdfkitFont } };

let pdfkitWrapped = false;

/**
 * pdfkit keeps a text's layout for one document only: each document shaped every word again (through
 * the copy above), scaled its positions and, for a long line, concatenated the words' glyph arrays
 * one by one. For the sheet's fonts the scaled layout is kept per font file instead (positions in
 * 1/1000 em do not depend on the document; pdfkit only reads them, copying any it changes), and a
 * text's words are appended, not concatenated: the same glyphs and positions, as pdfkit's
 * layout(text, features, onlyWidth) returns them.
 */
function wrapPdfkit(bytes: Buffer): void {
  if (pdfkitWrapped) return;
  pdfkitWrapped = true;
  // pdfkit does not export its EmbeddedFont class: a throwaway document (pdfmake's, on the pdfkit it draws with)
  // opens one of the sheet's fonts to reach it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = (require('pdfmake/js/PDFDocument') as { default: PdfmakeDocument }).default;
  const proto = Object.getPrototypeOf(new PDFDocument({}, {}, {}, {}, { autoFirstPage: false }).font(bytes)._font) as PdfkitFont;
  const { layout, layoutRun, layoutCached } = proto;
  const kept = (font: PdfkitFont, file: Shared, text: string, features?: unknown): LaidOut => {
    const key = features ? `${text}\u0000${JSON.stringify(features)}` : text;
    let run = file.laidOut.get(key);
    if (!run) {
      const fresh = layoutRun.call(font, text, features);
      run = { glyphs: fresh.glyphs, positions: fresh.positions, advanceWidth: fresh.advanceWidth };
      if (file.laidOut.size >= MAX_RUNS) file.laidOut.clear();
      file.laidOut.set(key, run);
    }
    return run;
  };
  proto.layoutCached = function (this: PdfkitFont, text: string): LaidOut {
    const file = shared.get(this.font.stream.buffer);
    return file ? kept(this, file, text) : (layoutCached.call(this, text) as LaidOut);
  };
  proto.layout = function (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean) {
    const file = shared.get(this.font.stream.buffer);
    if (!file) return layout.call(this, text, features, onlyWidth);
    if (features) return kept(this, file, text, features);
    // As pdfkit: cut after each space or tab, each piece laid out on its own.
    const glyphs: object[] = [];
    const positions: object[] = [];
    let advanceWidth = 0;
    let last = 0;
    for (let index = 0; index <= text.length; index++) {
      if (index === text.length ? last < index : text.charCodeAt(index) === 0x20 || text.charCodeAt(index) === 0x09) {
        const run = kept(this, file, text.slice(last, index + 1));
        if (!onlyWidth) {
          for (const glyph of run.glyphs) glyphs.push(glyph);
          for (const position of run.positions) positions.push(position);
        }
        advanceWidth += run.advanceWidth;
        last = index + 1;
      }
    }
    return onlyWidth ? { glyphs: null, positions: null, advanceWidth } : { glyphs, positions, advanceWidth };
  };
}

interface LoadedFont {
  readonly bytes: Buffer;
  readonly face: FontkitFont;
}

/**
 * The font files, read once per process and kept in memory: pdfmake is handed the bytes through its
 * virtual file system, so rendering a sheet reads no file at all (the Chinese font alone is 10 MB).
 */
class FontStore {
  private readonly loaded = new Map<string, LoadedFont>();

  /** The name the font has in pdfmake's virtual file system. */
  virtualName(family: FontFamily, weight: Weight): string {
    return `inps-sheet-fonts/${family}-${weight}`;
  }

  get(family: FontFamily, weight: Weight): LoadedFont {
    const key = this.virtualName(family, weight);
    let font = this.loaded.get(key);
    if (!font) {
      const bytes = readFont(FONT_FILES[family][weight]);
      const file: Shared = { tables: new Map(), runs: new Map(), glyphs: new Map(), laidOut: new Map() };
      shared.set(bytes, file);
      const face = fontkit.create(bytes);
      wrapFontkit(face);
      file.face = face;
      wrapPdfkit(bytes);
      font = { bytes, face };
      this.loaded.set(key, font);
    }
    return font;
  }

  /**
   * Whether the family draws this character (the regular weight decides for both). Asked several
   * times for every character of every text: answered from a table per family, one byte a code point
   * of the Basic Multilingual Plane (0 not asked yet, 1 drawn, 2 not), rather than from a string key
   * made per character.
   */
  covers(family: FontFamily, codePoint: number): boolean {
    let table = this.coverage.get(family);
    if (!table) {
      table = { basic: new Uint8Array(0x10000), beyond: new Map() };
      this.coverage.set(family, table);
    }
    if (codePoint > 0xffff) {
      let covered = table.beyond.get(codePoint);
      if (covered === undefined) table.beyond.set(codePoint, (covered = this.get(family, 'normal').face.hasGlyphForCodePoint(codePoint)));
      return covered;
    }
    let covered = table.basic[codePoint];
    if (covered === 0) table.basic[codePoint] = covered = this.get(family, 'normal').face.hasGlyphForCodePoint(codePoint) ? 1 : 2;
    return covered === 1;
  }

  /** The advance width in points of `text` set alone in one font at `size`, shaped as fontkit shapes it. */
  width(text: string, family: FontFamily, weight: Weight, size: number): number {
    // Per em, kept: line breaking asks for the same words again and again (and fontkit's answer is a copy each time).
    const key = `${family}:${weight}:${text}`;
    let em = this.widths.get(key);
    if (em === undefined) {
      const face = this.get(family, weight).face;
      em = face.layout(text).advanceWidth / face.unitsPerEm;
      if (this.widths.size >= MAX_RUNS) this.widths.clear();
      this.widths.set(key, em);
    }
    return em * size;
  }

  /**
   * Whether right-to-left `parts` (words and spaces, in visual order, right-most last), shaped at once
   * in reading order, give the glyphs and positions they give shaped one by one and set left to
   * right. The sheet draws them at once only then. Shaped as pdfkit asks: a part alone with no
   * features, the whole with an empty list of features (which is what has pdfkit shape a text at once
   * rather than word by word; fontkit adds none to its defaults).
   */
  shapedAlike(parts: readonly string[], family: FontFamily, weight: Weight): boolean {
    const face = this.get(family, weight).face;
    const whole = face.layout([...parts].reverse().join(''), []);
    let at = 0;
    for (const part of parts) {
      const shaped = face.layout(part);
      for (let i = 0; i < shaped.glyphs.length; i++, at++) {
        const a = shaped.positions[i];
        const b = whole.positions[at];
        if (
          whole.glyphs[at]?.id !== shaped.glyphs[i].id ||
          a.xAdvance !== b.xAdvance ||
          a.yAdvance !== b.yAdvance ||
          a.xOffset !== b.xOffset ||
          a.yOffset !== b.yOffset
        )
          return false;
      }
    }
    return at === whole.glyphs.length;
  }

  private readonly coverage = new Map<FontFamily, { readonly basic: Uint8Array; readonly beyond: Map<number, boolean> }>();
  private readonly widths = new Map<string, number>();
}

export const fonts = new FontStore();
