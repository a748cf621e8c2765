import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * The Noto fonts a printed document may need, one family per script, each as the files of its regular
 * and bold weights. They come from npm packages (OFL), so the image gets them with the other
 * production dependencies; the Dockerfile keeps only the files named here. The choice, and why
 * Chinese has no bold file, is in docs/decisions/0017-take-away-sheet.md.
 */

export type FontFamily = 'NotoSans' | 'NotoSansArabic' | 'NotoSansSC' | 'NotoSansBengali' | 'Roboto';

export interface FontFiles {
  readonly normal: string;
  readonly bold: string;
}

/** `packageJson` is the package's resolved package.json (each named in full, so tools see the dependency). */
function fileOf(packageJson: string, relative: string): string {
  return path.join(path.dirname(packageJson), relative);
}

export const FONT_FILES: Readonly<Record<FontFamily, FontFiles>> = {
  // Latin (every Italian, Romanian, Albanian, Spanish, French letter), Greek and Cyrillic (Ukrainian).
  NotoSans: {
    normal: fileOf(require.resolve('@expo-google-fonts/noto-sans/package.json'), '400Regular/NotoSans_400Regular.ttf'),
    bold: fileOf(require.resolve('@expo-google-fonts/noto-sans/package.json'), '700Bold/NotoSans_700Bold.ttf'),
  },
  NotoSansArabic: {
    normal: fileOf(require.resolve('@expo-google-fonts/noto-sans-arabic/package.json'), '400Regular/NotoSansArabic_400Regular.ttf'),
    bold: fileOf(require.resolve('@expo-google-fonts/noto-sans-arabic/package.json'), '700Bold/NotoSansArabic_700Bold.ttf'),
  },
  // 10 MB a weight: one weight only; headings in Chinese are set larger, not bolder.
  NotoSansSC: {
    normal: fileOf(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'), '400Regular/NotoSansSC_400Regular.ttf'),
    bold: fileOf(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'), '400Regular/NotoSansSC_400Regular.ttf'),
  },
  // Fontsource splits fonts by script; its Bengali file holds the Bengali letters, the shaping tables and the danda.
  NotoSansBengali: {
    normal: fileOf(require.resolve('@fontsource/noto-sans-bengali/package.json'), 'files/noto-sans-bengali-bengali-400-normal.woff'),
    bold: fileOf(require.resolve('@fontsource/noto-sans-bengali/package.json'), 'files/noto-sans-bengali-bengali-700-normal.woff'),
  },
  // The Noto Sans files above lack the comparison signs (≤ ≥ ≠) the explanations use; pdfmake's own Roboto has them.
  Roboto: {
    normal: fileOf(require.resolve('pdfmake/package.json'), 'fonts/Roboto/Roboto-Regular.ttf'),
    bold: fileOf(require.resolve('pdfmake/package.json'), 'fonts/Roboto/Roboto-Medium.ttf'),
  },
};

/** Every folder a font file is read from: what a renderer's local-file policy allows, and nothing else. */
export function fontFolders(): string[] {
  return [...new Set(Object.values(FONT_FILES).flatMap((f) => [path.dirname(f.normal), path.dirname(f.bold)]))];
}

/**
 * A font file's bytes as an OpenType font (sfnt). A WOFF file (the Bengali one) is unwrapped once
 * here: fontkit reads WOFF, but inflates a table again on every access, which made embedding each
 * glyph of a document inflate the whole glyph table anew.
 */
export function readFont(file: string): Buffer {
  const bytes = readFileSync(file);
  return bytes.toString('latin1', 0, 4) === 'wOFF' ? woffToSfnt(bytes) : bytes;
}

function woffToSfnt(woff: Buffer): Buffer {
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error(`WOFF table ${i}: ${data.length} bytes, expected ${origLength}`);
    tables.push({ tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data });
  }
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    header.writeUInt32BE(t.tag, 12 + i * 16);
    header.writeUInt32BE(t.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
