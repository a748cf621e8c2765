import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The text pdf.js extracts from a PDF (what a reader, a screen reader or a search finds in it). */
export function pdfText(pdf: Buffer): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'sheet-pdf-'));
  try {
    const file = path.join(folder, 'sheet.pdf');
    writeFileSync(file, pdf);
    return execFileSync(process.execPath, [path.join(__dirname, 'extract-pdf-text.mjs'), file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Arabic letters that differ only by their dots, as one: a PDF's text layer maps each shaped glyph
 * back to one character, and the Noto Arabic fonts draw the dots apart from a shared dotless form.
 */
const RASM: Record<string, string> = Object.fromEntries(
  ['بتثنيىئ', 'جحخ', 'دذ', 'رز', 'سش', 'صض', 'طظ', 'عغ', 'فق', 'اأإآ', 'هة'].flatMap((group) => [...group].map((ch) => [ch, group[0]])),
);

/**
 * Text reduced to its letters and figures, for comparing what was written with what a PDF gives
 * back: spacing, punctuation and combining marks (Bengali vowel signs come back in visual order)
 * are dropped, Arabic letters compared without their dots.
 */
export function letters(text: string): string {
  return [...text.normalize('NFC')]
    .filter((ch) => /[\p{L}\p{N}]/u.test(ch))
    .map((ch) => RASM[ch] ?? ch)
    .join('');
}
