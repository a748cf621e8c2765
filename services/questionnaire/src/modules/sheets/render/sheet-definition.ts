import type { FontFamily } from '@inps/fonts';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Pair, SheetBenefit, SheetContent } from '../sheet-content';
import { SCRIPT_FAMILY, type Weight } from './sheet-fonts';
import { fontRuns, rtlLines, type Run } from './sheet-text';

/**
 * The sheet's layout: A4, one column that reads the same printed or on a phone (no side-by-side
 * columns to zoom across, nothing under 10 pt). Each text comes in the person's language and, just
 * below, smaller and grey, in Italian. Right-to-left languages are aligned right and set line by
 * line (sheet-text.ts).
 */

const PAGE_WIDTH = 595.28;
const MARGIN = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** A benefit's box: its border and padding, which an RTL line must leave room for. */
const BOX_INSET = 2 * 10 + 4;
const QR_SIZE = 120;

const SIZE = { title: 22, heading: 17, name: 15, label: 12, body: 12, code: 30, italian: 10 } as const;
const GREY = '#555555';
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
const ACCENT = '#0b4f8a';

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

  /** One text in the person's language (its own script, right-aligned when RTL). */
  const ownText = (text: string, style: TextStyle): Content => {
    const weight = style.weight ?? 'normal';
    const base = { fontSize: style.size, bold: weight === 'bold', color: style.color, margin: style.margin };
    // A text with no right-to-left letter (one not translated yet, still in Italian) reads left to right.
    if (!rtl || !RTL_LETTER.test(text)) return { ...base, text: inlines(fontRuns(text, own)) };
    return {
      ...base,
      stack: rtlLines(text, own, weight, style.size, style.width).map((line) => ({ text: inlines(line), alignment: 'right' as const, noWrap: true })),
    };
  };
  const italianText = (text: string, style: Omit<TextStyle, 'size'> & { size?: number }): Content => ({
    text: inlines(fontRuns(text, 'NotoSans')),
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

  const list = (label: Pair, items: readonly Pair[], width: number): Content[] =>
    items.length === 0
      ? []
      : [
          ...pair(label, { size: SIZE.label, weight: 'bold', width, color: ACCENT, margin: [0, 8, 0, 2] }),
          ...items.flatMap((item) => pair({ own: `• ${item.own}`, it: item.it && `• ${item.it}` }, { size: SIZE.body, width, margin: [0, 2, 0, 2] })),
        ];

  const benefitBox = (b: SheetBenefit): Content => {
    const width = CONTENT_WIDTH - BOX_INSET;
    const body: Content[] = [
      ...pair(b.name, { size: SIZE.name, weight: 'bold', width, margin: [0, 0, 0, 0] }),
      ...pair(b.authority, { size: SIZE.body, width, color: GREY, margin: [0, 2, 0, 2] }),
      ...(b.why
        ? [
            ...pair(sheet.labels.why, { size: SIZE.label, weight: 'bold', width, color: ACCENT, margin: [0, 8, 0, 2] }),
            ...pair(b.why, { size: SIZE.body, width }),
          ]
        : []),
      ...list(sheet.labels.missing, b.missing, width),
      ...list(sheet.labels.documents, b.documents, width),
      ...list(sheet.labels.apply, b.channels, width),
      ...(b.deadline
        ? [
            ...pair(sheet.labels.deadline, { size: SIZE.label, weight: 'bold', width, color: ACCENT, margin: [0, 8, 0, 2] }),
            ...pair(b.deadline, { size: SIZE.body, width }),
          ]
        : []),
    ];
    return {
      table: { widths: ['*'], body: [[{ stack: body, margin: [6, 6, 6, 6] }]] },
      layout: { hLineColor: () => '#b0b0b0', vLineColor: () => '#b0b0b0' },
      margin: [0, 6, 0, 6],
    };
  };

  const section = (s: SheetContent['likely']): Content[] => [
    ...pair(s.heading, { size: SIZE.heading, weight: 'bold', width: CONTENT_WIDTH, color: ACCENT, margin: [0, 16, 0, 4] }),
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
    return [{ columns: rtl ? [words, qr] : [qr, words], columnGap: 16, margin: [0, 12, 0, 4] }];
  };

  const howToFindOut = sheet.howToFindOut.length ? list(sheet.labels.howToFindOut, sheet.howToFindOut, CONTENT_WIDTH) : [];
  const whereToGo = sheet.whereToGo.length ? list(sheet.labels.whereToGo, sheet.whereToGo, CONTENT_WIDTH) : [];

  return {
    pageSize: 'A4',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN + 10],
    info: { title: sheet.title.it ? `${sheet.title.own} / ${sheet.title.it}` : sheet.title.own, creator: 'INPS per tutti', producer: 'INPS per tutti' },
    defaultStyle: { font: 'NotoSans', fontSize: SIZE.body, lineHeight: 1.15 },
    content: [
      ...pair(sheet.title, { size: SIZE.title, weight: 'bold', width: CONTENT_WIDTH, color: ACCENT, margin: [0, 0, 0, 4] }),
      ...pair(sheet.notice, { size: SIZE.body, width: CONTENT_WIDTH, margin: [0, 4, 0, 2] }),
      ...pair(sheet.date, { size: SIZE.body, width: CONTENT_WIDTH, margin: [0, 4, 0, 2] }),
      ...codeBlock(),
      ...section(sheet.likely),
      ...section(sheet.toCheck),
      ...howToFindOut,
      ...whereToGo,
      ...pair(sheet.contacts.heading, { size: SIZE.heading, weight: 'bold', width: CONTENT_WIDTH, color: ACCENT, margin: [0, 16, 0, 4] }),
      ...sheet.contacts.lines.flatMap((c) => [
        ...pair(c.label, { size: SIZE.body, weight: 'bold', width: CONTENT_WIDTH, margin: [0, 4, 0, 0] }),
        {
          text: c.value,
          font: 'NotoSans',
          fontSize: SIZE.body,
          alignment: rtl ? ('right' as const) : ('left' as const),
          margin: [0, 1, 0, 2] as [number, number, number, number],
        },
      ]),
      ...pair(sheet.privacy, { size: SIZE.italian, width: CONTENT_WIDTH, color: GREY, margin: [0, 16, 0, 0] }),
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

function inlines(runs: readonly Run[]): { text: string; font: FontFamily }[] {
  return runs.map((r) => ({ text: r.text, font: r.font }));
}
