import { FONT_FILES, type FontFamily } from '@inps/fonts';
import type { Language } from '@inps/kernel';
import { readFileSync } from 'node:fs';
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
 * pdfkit parses a font anew for every document (fontkit.create on the bytes), and decoding the
 * shaping and metrics tables of the Noto fonts was most of a sheet's time. Decoded tables are
 * read-only data, so fontkit's table decoding is wrapped to keep them per font file: only for the
 * byte buffers registered here (the sheet's fonts, each read once), other users of fontkit in the
 * process are untouched.
 */
const sharedTables = new WeakMap<Uint8Array, Map<string, unknown>>();
let tablesShared = false;

interface FontkitInternals {
  stream: { buffer: Uint8Array };
  _tables: Record<string, unknown>;
  _getTable(table: { tag: string }): unknown;
}

function shareDecodedTables(face: FontkitFont): void {
  if (tablesShared) return;
  // The TTF class: the WOFF one derives from it and inherits _getTable.
  let proto = Object.getPrototypeOf(face) as FontkitInternals;
  while (Object.getPrototypeOf(proto) && !Object.prototype.hasOwnProperty.call(proto, '_getTable')) proto = Object.getPrototypeOf(proto) as FontkitInternals;
  const decode = proto._getTable;
  proto._getTable = function (this: FontkitInternals, table: { tag: string }): unknown {
    const shared = sharedTables.get(this.stream.buffer);
    if (!shared) return decode.call(this, table);
    if (!shared.has(table.tag)) shared.set(table.tag, decode.call(this, table));
    const value = shared.get(table.tag);
    this._tables[table.tag] = value;
    return value;
  };
  tablesShared = true;
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
      const bytes = readFileSync(FONT_FILES[family][weight]);
      sharedTables.set(bytes, new Map());
      const face = fontkit.create(bytes);
      shareDecodedTables(face);
      font = { bytes, face };
      this.loaded.set(key, font);
    }
    return font;
  }

  /** Whether the family draws this character (the regular weight decides for both). */
  covers(family: FontFamily, codePoint: number): boolean {
    return this.get(family, 'normal').face.hasGlyphForCodePoint(codePoint);
  }

  /** The advance width in points of `text` set alone in one font at `size`, shaped as fontkit shapes it. */
  width(text: string, family: FontFamily, weight: Weight, size: number): number {
    const face = this.get(family, weight).face;
    return (face.layout(text).advanceWidth / face.unitsPerEm) * size;
  }
}

export const fonts = new FontStore();
