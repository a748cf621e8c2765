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
  /**
   * Right-to-left words and the spaces between them, in reading order, to be shaped at once (fontkit
   * then puts them right to left, as the words one by one would be): one text object for the lot.
   */
  readonly whole?: boolean;
}

const bidi = bidiFactory();
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/**
 * Results kept per thread, by their arguments: the same texts (the catalogue's, the rule set's) come
 * back in every sheet, and splitting, measuring and reordering them character by character was a
 * tenth of an Arabic sheet's render. Cleared when full, so a flood of new texts cannot grow it. What
 * is kept is shared between documents and must not be changed: the definition copies what it hands to pdfmake.
 */
class Memo<V> {
  private readonly kept = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, make: () => V): V {
    let value = this.kept.get(key);
    if (value === undefined) {
      value = make();
      if (this.kept.size >= this.max) this.kept.clear();
      this.kept.set(key, value);
    }
    return value;
  }
}

const MAX_KEPT = 20_000;
const runsKept = new Memo<Run[]>(MAX_KEPT);
const widthsKept = new Memo<number>(MAX_KEPT);
const rtlKept = new Memo<Run[][]>(MAX_KEPT);
const ltrKept = new Memo<StyledRun[][]>(MAX_KEPT);

/** Splits `text` into runs of one font each: the script's own family where it has the glyph, else Noto Sans. */
export function fontRuns(text: string, family: FontFamily): Run[] {
  return runsKept.get(`${family}\u0000${text}`, () => splitRuns(text, family));
}

function splitRuns(text: string, family: FontFamily): Run[] {
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
  return rtlKept.get(`${family}\u0000${weight}\u0000${size}\u0000${width}\u0000${text}`, () => breakRtl(text, family, weight, size, width));
}

function breakRtl(text: string, family: FontFamily, weight: Weight, size: number, width: number): Run[][] {
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
  return ltrKept.get(`${family}\u0000${weight}\u0000${size}\u0000${width}\u0000${head ?? ''}\u0000${text}`, () =>
    breakLtr(text, family, weight, size, width, head),
  );
}

function breakLtr(text: string, family: FontFamily, weight: Weight, size: number, width: number, head?: string): StyledRun[][] {
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
  return widthsKept.get(`${family}\u0000${weight}\u0000${size}\u0000${word}`, () =>
    fontRuns(word, family).reduce((sum, r) => sum + fonts.width(r.text, r.font, weight, size), 0),
  );
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
      const shown = RTL_LETTER.test(w) ? w : mirror(w);
      out.push(...fontRuns(shown, family));
    }
  }
  return out;
}

const drawnKept = new WeakMap<readonly Run[], readonly Run[]>();

/**
 * A line of rtlLines(…, weight, …) as it is drawn: neighbouring right-to-left words of one font, and
 * the spaces between them, as one run in reading order to be shaped at once (`whole`), where fontkit
 * then sets the same glyphs at the same places as the words one by one. pdfkit draws each run as a
 * text object of its own; word by word, that was most of an Arabic sheet's text objects.
 */
export function drawnRuns(line: readonly Run[], weight: Weight): readonly Run[] {
  let drawn = drawnKept.get(line);
  if (!drawn) {
    drawn = joinRtlWords(line, weight);
    drawnKept.set(line, drawn);
  }
  return drawn;
}

function joinRtlWords(line: readonly Run[], weight: Weight): Run[] {
  const out: Run[] = [];
  let group: Run[] = [];
  const flush = (): void => {
    const parts = group.map((r) => r.text);
    if (group.length > 1 && fonts.shapedAlike(parts, group[0].font, weight)) out.push({ text: parts.reverse().join(''), font: group[0].font, whole: true });
    else out.push(...group);
    group = [];
  };
  for (const run of line) {
    // Only right-to-left words: fontkit reverses those (and their spaces), not Latin words or figures.
    const joins = RTL_LETTER.test(run.text) || run.text.trim() === '';
    if (!joins || (group.length > 0 && run.font !== group[0].font)) flush();
    if (joins) group.push(run);
    else out.push(run);
  }
  flush();
  return out;
}

/** A right-to-left stretch with no right-to-left letter (punctuation, brackets): fontkit will not reverse it, so it is reversed and mirrored here. */
function mirror(text: string): string {
  return [...text]
    .reverse()
    .map((ch) => bidi.getMirroredCharacter(ch) ?? ch)
    .join('');
}
