import { FONT_FILES, readFont, type FontFamily } from '@inps/fonts';
import type { Language } from '@inps/kernel';
// fontkit is what pdfkit (under pdfmake) shapes with; the sheet uses it too, to know which font has
// a glyph and how wide a right-to-left line is before pdfmake sets it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(buffer: Buffer): FontkitFont };

interface FontkitFont {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): { advanceWidth: number };
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
      const file: Shared = { tables: new Map(), runs: new Map(), glyphs: new Map() };
      shared.set(bytes, file);
      const face = fontkit.create(bytes);
      wrapFontkit(face);
      file.face = face;
      font = { bytes, face };
      this.loaded.set(key, font);
    }
    return font;
  }

  /** Whether the family draws this character (the regular weight decides for both). */
  covers(family: FontFamily, codePoint: number): boolean {
    const key = `${family}:${codePoint}`;
    let covered = this.coverage.get(key);
    if (covered === undefined) {
      covered = this.get(family, 'normal').face.hasGlyphForCodePoint(codePoint);
      this.coverage.set(key, covered);
    }
    return covered;
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

  private readonly coverage = new Map<string, boolean>();
  private readonly widths = new Map<string, number>();
}

export const fonts = new FontStore();
