import type { FontFamily } from '@inps/fonts';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Pair, SheetBenefit, SheetContent } from '../sheet-content';
import { SCRIPT_FAMILY, type Weight } from './sheet-fonts';
import { drawnRuns, fontRuns, ltrLines, rtlLines, type Run, type StyledRun } from './sheet-text';

/**
 * The sheet's layout: A4, one column that reads the same printed or on a phone (no side-by-side
 * columns to zoom across, nothing under 10 pt). Each text comes in the person's language and, just
 * below, smaller and grey, in Italian. Right-to-left languages are aligned right and set line by
 * line (sheet-text.ts).
 *
 * Compact, so that a sheet is a few pages a person keeps rather than a booklet: a benefit's name and
 * whose benefit it is on one line, and each list of a benefit (what is missing, the documents, where
 * to apply) as one paragraph after its label ("Documents to bring: a · b · c"), not a label line and
 * a line per item. Fewer lines and paragraphs is also less for pdfmake to measure and draw.
 */

const PAGE_WIDTH = 595.28;
const MARGIN = 36;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** A benefit's box: its border and padding, which an RTL line must leave room for. */
const BOX_INSET = 2 * 8 + 4;
const QR_SIZE = 96;

const SIZE = { title: 18, heading: 15, name: 13, label: 11, body: 11, code: 26, italian: 10 } as const;
const GREY = '#555555';
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
const ACCENT = '#0b4f8a';
const CHINESE = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Between the items of a list set as one paragraph. */
const ITEMS = ' · ';

interface TextStyle {
  readonly size: number;
  readonly weight?: Weight;
  readonly color?: string;
  /** Points of width available, for right-to-left line breaking. */
  readonly width: number;
  readonly margin?: [number, number, number, number];
}

export function buildSheetDefinition(sheet: SheetContent): TDocumentDefinitions {
  const own = SCRIPT_FAMILY[sheet.language];
  const rtl = sheet.direction === 'rtl';
  /**
   * Chinese is written without spaces: a Chinese text is left to pdfmake's line breaking (between
   * characters); every other text, an Italian one on a Chinese sheet too, is broken here, at spaces.
   */
  const breaksAtSpaces = (text: string): boolean => own !== 'NotoSansSC' || !CHINESE.test(text);

  /** One text in the person's language (its own script, right-aligned when RTL). */
  const ownText = (text: string, style: TextStyle): Content => {
    const weight = style.weight ?? 'normal';
    const base = { fontSize: style.size, bold: weight === 'bold', color: style.color, margin: style.margin };
    // A text with no right-to-left letter (one not translated yet, still in Italian) reads left to right.
    if (!rtl || !RTL_LETTER.test(text))
      return breaksAtSpaces(text)
        ? { ...base, stack: lineNodes(ltrLines(text, own, weight, style.size, style.width)) }
        : { ...base, text: inlines(fontRuns(text, own)) };
    return {
      ...base,
      stack: rtlLines(text, own, weight, style.size, style.width).map((line) => ({
        text: inlines(drawnRuns(line, weight)),
        alignment: 'right' as const,
        noWrap: true,
      })),
    };
  };
  const italianText = (text: string, style: Omit<TextStyle, 'size'> & { size?: number }): Content => ({
    stack: lineNodes(ltrLines(text, 'NotoSans', style.weight ?? 'normal', style.size ?? SIZE.italian, style.width)),
    fontSize: style.size ?? SIZE.italian,
    bold: style.weight === 'bold',
    color: GREY,
    margin: style.margin,
  });
  /** A pair: the person's language, then the Italian below it. */
  const pair = (p: Pair, style: TextStyle): Content[] => {
    const out = [ownText(p.own, { ...style, margin: p.it ? [0, style.margin?.[1] ?? 0, 0, 0] : style.margin })];
    if (p.it) out.push(italianText(p.it, { ...style, size: Math.max(SIZE.italian, Math.round(style.size * 0.75)), margin: [0, 1, 0, style.margin?.[3] ?? 0] }));
    return out;
  };

  /** A short text and its Italian on one line (a label): the bidirectional algorithm puts the Italian to the left of right-to-left words. */
  const both = (p: Pair): string => (p.it ? `${p.own}${ITEMS}${p.it}` : p.own);

  const list = (label: Pair, items: readonly Pair[], width: number): Content[] =>
    items.length === 0
      ? []
      : [
          ...pair(label, { size: SIZE.label, weight: 'bold', width, color: ACCENT, margin: [0, 6, 0, 1] }),
          ...items.flatMap((item) => pair({ own: `• ${item.own}`, it: item.it && `• ${item.it}` }, { size: SIZE.body, width, margin: [0, 1, 0, 1] })),
        ];

  /** A label and its items as one paragraph; right to left, the label on its own line above (a line there is one weight). */
  const labelled = (label: Pair, items: readonly Pair[], width: number): Content[] => {
    if (items.length === 0) return [];
    const joined: Pair = {
      own: items.map((i) => i.own).join(ITEMS),
      it: items.some((i) => i.it) ? items.map((i) => i.it ?? i.own).join(ITEMS) : undefined,
    };
    if (rtl)
      return [
        ownText(both(label), { size: SIZE.label, weight: 'bold', width, color: ACCENT, margin: [0, 5, 0, 0] }),
        ...pair(joined, { size: SIZE.body, width }),
      ];
    // A list still in Italian is printed once: its label then says both.
    const ownLabel = `${label.it && !joined.it ? `${label.own}${ITEMS}${label.it}` : label.own}:`;
    const out: Content[] = [
      !breaksAtSpaces(joined.own)
        ? {
            text: [...inlines(fontRuns(`${ownLabel} `, own)).map((r) => ({ ...r, bold: true, color: ACCENT })), ...inlines(fontRuns(joined.own, own))],
            fontSize: SIZE.body,
            margin: [0, 5, 0, 0],
          }
        : { stack: lineNodes(ltrLines(joined.own, own, 'normal', SIZE.body, width, ownLabel), ACCENT), fontSize: SIZE.body, margin: [0, 5, 0, 0] },
    ];
    if (joined.it) {
      const lines = ltrLines(joined.it, 'NotoSans', 'normal', SIZE.italian, width, `${label.it ?? label.own}:`);
      out.push({ stack: lineNodes(lines, ACCENT), fontSize: SIZE.italian, color: GREY, margin: [0, 1, 0, 0] });
    }
    return out;
  };

  /** The benefit's name, and whose benefit it is, on one line (each with its Italian below). */
  const heading = (b: SheetBenefit, width: number): Content[] => {
    if (rtl)
      return [
        ...pair(b.name, { size: SIZE.name, weight: 'bold', width }),
        ownText(both(b.authority), { size: SIZE.body, width, color: GREY, margin: [0, 1, 0, 0] }),
      ];
    const line = (name: string, authority: string, family: FontFamily, size: number, color?: string): Content => ({
      text: [
        ...inlines(fontRuns(name, family)).map((r) => ({ ...r, bold: true })),
        ...inlines(fontRuns(`${ITEMS}${authority}`, family)).map((r) => ({ ...r, color: GREY, fontSize: size - 2 })),
      ],
      fontSize: size,
      color,
    });
    const out = [line(b.name.own, b.authority.own, own, SIZE.name)];
    if (b.name.it || b.authority.it) out.push(line(b.name.it ?? b.name.own, b.authority.it ?? b.authority.own, 'NotoSans', SIZE.italian + 2, GREY));
    return out;
  };

  const benefitBox = (b: SheetBenefit): Content => {
    const width = CONTENT_WIDTH - BOX_INSET;
    // One row per part, rows never cut: a box that does not fit continues on the next page between two parts.
    const rows: Content[][] = [
      heading(b, width),
      ...(b.why ? [labelled(sheet.labels.why, [b.why], width)] : []),
      labelled(sheet.labels.missing, b.missing, width),
      labelled(sheet.labels.documents, b.documents, width),
      labelled(sheet.labels.apply, b.channels, width),
      ...(b.deadline ? [labelled(sheet.labels.deadline, [b.deadline], width)] : []),
    ].filter((row) => row.length > 0);
    return {
      table: { widths: ['*'], dontBreakRows: true, body: rows.map((row) => [{ stack: row }]) },
      layout: {
        hLineWidth: (i: number) => (i === 0 || i === rows.length ? 1 : 0),
        hLineColor: () => '#b0b0b0',
        vLineColor: () => '#b0b0b0',
        paddingLeft: () => 8,
        paddingRight: () => 8,
        paddingTop: (i: number) => (i === 0 ? 5 : 0),
        paddingBottom: (i: number) => (i === rows.length - 1 ? 6 : 0),
      },
      margin: [0, 4, 0, 4],
    };
  };

  const section = (s: SheetContent['likely']): Content[] => [
    ...pair(s.heading, { size: SIZE.heading, weight: 'bold', width: CONTENT_WIDTH, color: ACCENT, margin: [0, 10, 0, 2] }),
    ...(s.benefits.length ? s.benefits.map(benefitBox) : pair(s.none, { size: SIZE.body, width: CONTENT_WIDTH })),
  ];

  const codeBlock = (): Content[] => {
    const code = sheet.resumeCode;
    if (!code) return [];
    const width = CONTENT_WIDTH - QR_SIZE - 16;
    const words: Content & { width: string } = {
      width: '*',
      stack: [
        ...pair(code.label, { size: SIZE.label, weight: 'bold', width, margin: [0, 0, 0, 2] }),
        { text: code.code, font: 'NotoSans', fontSize: SIZE.code, bold: true, alignment: rtl ? 'right' : 'left', margin: [0, 4, 0, 4] },
        ...pair(code.hint, { size: SIZE.body, width }),
      ],
    };
    // The QR code carries the resume code and nothing else.
    const qr: Content & { width: number } = { width: QR_SIZE, qr: code.code, fit: QR_SIZE, eccLevel: 'M' };
    return [{ columns: rtl ? [words, qr] : [qr, words], columnGap: 16, margin: [0, 8, 0, 2] }];
  };

  const howToFindOut = sheet.howToFindOut.length ? list(sheet.labels.howToFindOut, sheet.howToFindOut, CONTENT_WIDTH) : [];
  const whereToGo = sheet.whereToGo.length ? list(sheet.labels.whereToGo, sheet.whereToGo, CONTENT_WIDTH) : [];

  return {
    pageSize: 'A4',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN + 10],
    info: { title: sheet.title.it ? `${sheet.title.own} / ${sheet.title.it}` : sheet.title.own, creator: 'INPS per tutti', producer: 'INPS per tutti' },
    defaultStyle: { font: 'NotoSans', fontSize: SIZE.body, lineHeight: 1.1 },
    content: [
      ...pair(sheet.title, { size: SIZE.title, weight: 'bold', width: CONTENT_WIDTH, color: ACCENT, margin: [0, 0, 0, 4] }),
      ...pair(sheet.notice, { size: SIZE.body, width: CONTENT_WIDTH, margin: [0, 4, 0, 2] }),
      ...pair(sheet.date, { size: SIZE.body, width: CONTENT_WIDTH, margin: [0, 4, 0, 2] }),
      ...codeBlock(),
      ...section(sheet.likely),
      ...section(sheet.toCheck),
      ...howToFindOut,
      ...whereToGo,
      ...pair(sheet.contacts.heading, { size: SIZE.heading, weight: 'bold', width: CONTENT_WIDTH, color: ACCENT, margin: [0, 10, 0, 2] }),
      ...sheet.contacts.lines.flatMap((c) => labelled(c.label, [{ own: c.value }], CONTENT_WIDTH)),
      ...pair(sheet.privacy, { size: SIZE.italian, width: CONTENT_WIDTH, color: GREY, margin: [0, 10, 0, 0] }),
    ],
    footer: (current: number, count: number): Content => ({
      text: `${current} / ${count}`,
      alignment: 'center',
      fontSize: SIZE.italian,
      color: GREY,
      margin: [0, 10, 0, 0],
    }),
  };
}

/** Lines broken by the sheet, one paragraph each that pdfmake must not break again; the bold runs (a label) in `boldColor`. */
function lineNodes(lines: readonly (readonly StyledRun[])[], boldColor?: string): Content[] {
  return lines.map((line) => ({
    text: line.map((r) => (r.bold ? { text: r.text, font: r.font, bold: true, ...(boldColor ? { color: boldColor } : {}) } : { text: r.text, font: r.font })),
    noWrap: true,
  }));
}

/**
 * The runs as pdfmake's inlines. A run to shape at once (right-to-left words, in reading order) is
 * given an empty list of font features: pdfkit then shapes it whole instead of cutting it after each
 * space. Its spaces are kept (pdfmake would trim the reading order's leading and trailing ones, which
 * are not at the ends of the line as drawn).
 */
function inlines(runs: readonly Run[]): { text: string; font: FontFamily }[] {
  return runs.map((r) =>
    r.whole ? { text: r.text, font: r.font, fontFeatures: [], preserveLeadingSpaces: true, preserveTrailingSpaces: true } : { text: r.text, font: r.font },
  );
}
