import type { FontFamily } from '@inps/fonts';
import bidiFactory from 'bidi-js';
import { fonts, type Weight } from './sheet-fonts';

/**
 * Text as pdfmake must be given it: split into runs, each in a font that has its glyphs, and, for a
 * right-to-left language, broken into lines and put in visual order here, because pdfmake lays every
 * line out left to right in the order it is given.
 */

export interface Run {
  readonly text: string;
  readonly font: FontFamily;
}

const bidi = bidiFactory();

/** Splits `text` into runs of one font each: the script's own family where it has the glyph, else Noto Sans. */
export function fontRuns(text: string, family: FontFamily): Run[] {
  const runs: Run[] = [];
  let current = '';
  let currentFont: FontFamily | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    // Spaces, marks, figures' separators and signs stay with what they follow when its font has them.
    const keep = currentFont !== undefined && (ch === ' ' || isMark(cp) || (!/\p{L}|\p{N}/u.test(ch) && fonts.covers(currentFont, cp)));
    const font: FontFamily = keep ? (currentFont as FontFamily) : fontFor(cp, family);
    if (font !== currentFont && current) {
      runs.push({ text: current, font: currentFont as FontFamily });
      current = '';
    }
    currentFont = font;
    current += ch;
  }
  if (current) runs.push({ text: current, font: currentFont as FontFamily });
  return runs;
}

/**
 * The script's family for what only it draws (its letters, its punctuation) and for a space; the
 * rest (Latin letters, figures, signs such as · and brackets) in Noto Sans, so that an Italian text on
 * an Arabic or Chinese sheet is one font and keeps Noto Sans's line height; signs Noto Sans lacks (≤)
 * in Roboto.
 */
function fontFor(cp: number, family: FontFamily): FontFamily {
  if (family !== 'NotoSans' && fonts.covers(family, cp) && (cp === 0x20 || !fonts.covers('NotoSans', cp))) return family;
  if (fonts.covers('NotoSans', cp) || !fonts.covers('Roboto', cp)) return 'NotoSans';
  return 'Roboto';
}

function isMark(cp: number): boolean {
  return (cp >= 0x300 && cp <= 0x36f) || cp === 0x200c || cp === 0x200d;
}

/**
 * A right-to-left paragraph as lines no wider than `width` points, each a list of runs in visual
 * order (left to right). Lines are broken at spaces; each line is then reordered by the Unicode
 * bidirectional algorithm: right-to-left runs are given word by word, right-most first (fontkit
 * shapes and reverses the letters of each word), left-to-right runs (Latin words, figures, codes)
 * stay in reading order.
 */
export function rtlLines(text: string, family: FontFamily, weight: Weight, size: number, width: number): Run[][] {
  const lines: string[] = [];
  const space = fonts.width(' ', family, weight, size);
  let line = '';
  let used = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = wordWidth(word, family, weight, size);
    if (line && used + space + w > width) {
      lines.push(line);
      line = word;
      used = w;
    } else {
      line = line ? `${line} ${word}` : word;
      used = line === word ? w : used + space + w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => visualRuns(l, family));
}

/** A run of one font, bold or not. */
export interface StyledRun extends Run {
  readonly bold: boolean;
}

/**
 * A left-to-right paragraph as lines no wider than `width` points, broken at spaces as rtlLines does:
 * pdfmake would otherwise measure and draw it word by word, which was most of a sheet's render time.
 * Each line is a few runs, one per font and weight, spaces included (pdfkit shapes a text word by
 * word, cutting after each space, so a run is drawn as its words would be one by one). `head`, if
 * given, starts the paragraph in bold (a label). Not for scripts written without spaces (Chinese):
 * those are left to pdfmake's line breaking.
 */
export function ltrLines(text: string, family: FontFamily, weight: Weight, size: number, width: number, head?: string): StyledRun[][] {
  const words = [
    ...(head ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => ({ text: w, weight: 'bold' as Weight })),
    ...text
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => ({ text: w, weight })),
  ];
  const space = Math.max(fonts.width(' ', family, 'bold', size), fonts.width(' ', 'NotoSans', 'bold', size));
  const lines: StyledRun[][] = [];
  let line: StyledRun[] = [];
  let used = 0;
  for (const word of words) {
    const w = wordWidth(word.text, family, word.weight, size);
    if (line.length && used + space + w > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (line.length) {
      // The space goes with the word before it, in its font.
      const last = line[line.length - 1];
      line[line.length - 1] = { ...last, text: `${last.text} ` };
      used += space;
    }
    for (const run of fontRuns(word.text, family)) {
      const last = line[line.length - 1];
      const bold = word.weight === 'bold';
      if (last && last.font === run.font && last.bold === bold) line[line.length - 1] = { ...last, text: last.text + run.text };
      else line.push({ ...run, bold });
    }
    used += w;
  }
  if (line.length) lines.push(line);
  return lines;
}

function wordWidth(word: string, family: FontFamily, weight: Weight, size: number): number {
  return fontRuns(word, family).reduce((sum, r) => sum + fonts.width(r.text, r.font, weight, size), 0);
}

function visualRuns(line: string, family: FontFamily): Run[] {
  const { levels } = bidi.getEmbeddingLevels(line, 'rtl');
  const segments: { text: string; level: number }[] = [];
  let start = 0;
  for (let i = 1; i <= line.length; i++) {
    if (i === line.length || levels[i] !== levels[start]) {
      segments.push({ text: line.slice(start, i), level: levels[start] });
      start = i;
    }
  }
  // Rule L2: from the highest level down to the lowest odd one, reverse every sequence at that level or above.
  const highest = Math.max(...segments.map((s) => s.level));
  const lowestOdd = Math.min(...segments.map((s) => s.level).filter((l) => l % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd && level > 0; level--) {
    for (let i = 0; i < segments.length;) {
      if (segments[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < segments.length && segments[j].level >= level) j++;
      segments.splice(i, j - i, ...segments.slice(i, j).reverse());
      i = j;
    }
  }
  const out: Run[] = [];
  for (const s of segments) {
    if (s.level % 2 === 0) {
      out.push(...fontRuns(s.text, family));
      continue;
    }
    // Right to left: each word on its own, the last word left-most; mirrored brackets face the right way.
    const words = s.text.split(/( +)/).filter(Boolean).reverse();
    for (const w of words) {
      const shown = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/.test(w) ? w : mirror(w);
      out.push(...fontRuns(shown, family));
    }
  }
  return out;
}

/** A right-to-left stretch with no right-to-left letter (punctuation, brackets): fontkit will not reverse it, so it is reversed and mirrored here. */
function mirror(text: string): string {
  return [...text]
    .reverse()
    .map((ch) => bidi.getMirroredCharacter(ch) ?? ch)
    .join('');
}
