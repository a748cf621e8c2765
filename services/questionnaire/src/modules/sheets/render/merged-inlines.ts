/**
 * pdfmake draws every word of a line with its own pdfkit text() call (a text object with its font,
 * colour and position each: "TODO: lines without differently styled inlines should be written to pdf
 * as one stream" in its Renderer). For a sheet that was a fifth of the render and most of the page
 * content to deflate. So, before a line is drawn, neighbouring words with the same style are joined
 * into one: the same glyphs at the same places, in one text object.
 *
 * Joining is exact only where pdfkit would cut the joined text where pdfmake cut it: pdfkit shapes a
 * text word by word, cutting after each space, so two words are joined when the first ends with a
 * space; and between two CJK characters, which pdfmake breaks one by one and whose shaping does not
 * depend on the neighbour (no kerning or ligature across them in Noto Sans SC; checked on every
 * Chinese text of the sheet and rule sets).
 */

export interface Inline {
  text: string;
  x: number;
  width: number;
  font: unknown;
  fontSize: number;
  color?: unknown;
  opacity?: number;
  characterSpacing?: number;
  [key: string]: unknown;
}

/** What makes an inline more than text in a font, size and colour: such an inline is drawn on its own. */
const SPECIAL = ['fontFeatures', 'decoration', 'background', 'link', 'linkToPage', 'linkToDestination', 'sup', 'sub', '_pageNodeRef'] as const;
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/** The widths are sums of the same floating-point figures, in another order. */
const TOUCHING = 1e-6;

function joinable(a: Inline, b: Inline): boolean {
  if (a.font !== b.font || a.fontSize !== b.fontSize || a.color !== b.color || (a.opacity ?? 1) !== (b.opacity ?? 1)) return false;
  if ((a.characterSpacing ?? 0) !== (b.characterSpacing ?? 0) || a.characterSpacing) return false;
  if (SPECIAL.some((key) => a[key] || b[key])) return false;
  // Justified lines move each word: only words set edge to edge are joined.
  if (Math.abs(a.x + a.width - b.x) > TOUCHING) return false;
  const last = a.text.slice(-1);
  return last === ' ' || last === '\t' || (CJK.test(last) && CJK.test(b.text.charAt(0)));
}

/** The inlines of a line with neighbours of one style joined; the inlines given are left as they are. */
export function mergedInlines(inlines: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  const copies = new Set<Inline>();
  for (const inline of inlines) {
    const previous = out[out.length - 1];
    if (!previous || !joinable(previous, inline)) {
      out.push(inline);
      continue;
    }
    const joined = copies.has(previous) ? previous : { ...previous };
    copies.add(joined);
    joined.text = previous.text + inline.text;
    joined.width = inline.x + inline.width - previous.x;
    out[out.length - 1] = joined;
  }
  return out;
}

interface PdfmakeLine {
  inlines: Inline[];
}

let installed = false;

/** Has pdfmake's renderer draw each line with its words joined (once per thread; for every pdfmake document of the thread). */
export function drawLinesJoined(): void {
  if (installed) return;
  installed = true;
  // pdfmake's own renderer class, the one its printer uses (the package has no exports map).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const renderer = (require('pdfmake/js/Renderer') as { default: { prototype: { renderLine(line: PdfmakeLine, x: number, y: number): void } } }).default
    .prototype;
  const renderLine = renderer.renderLine;
  renderer.renderLine = function (this: unknown, line: PdfmakeLine, x: number, y: number): void {
    const inlines = mergedInlines(line.inlines);
    if (inlines.length === line.inlines.length) return renderLine.call(this, line, x, y);
    // The line keeps its own inlines (its height and ascender are read from them): a view with the joined ones is drawn.
    const view = Object.create(line) as PdfmakeLine;
    view.inlines = inlines;
    renderLine.call(this, view, x, y);
  };
}
