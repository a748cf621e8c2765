import { mergedInlines, type Inline } from './merged-inlines';

/** Inlines laid edge to edge as pdfmake's Line lays them: each starts where the one before ends. */
function line(texts: readonly string[], style: Partial<Inline> = {}, overrides: Record<number, Partial<Inline>> = {}): Inline[] {
  let x = 0;
  return texts.map((text, i) => {
    const inline: Inline = { text, x, width: text.length * 5, font: 'regular', fontSize: 12, color: 'black', ...style, ...overrides[i] };
    x += inline.width;
    return inline;
  });
}

describe('mergedInlines', () => {
  it('joins words of one style that end with a space into one inline spanning them', () => {
    const words = line(['Documenti ', 'da ', 'portare']);
    expect(mergedInlines(words)).toEqual([expect.objectContaining({ text: 'Documenti da portare', x: 0, width: 100 })]);
    // The line's own inlines are left as they were (pdfmake reads its height from them).
    expect(words.map((w) => w.text)).toEqual(['Documenti ', 'da ', 'portare']);
  });

  it('keeps apart words in another font, size or colour, or with a link', () => {
    for (const change of [{ font: 'bold' }, { fontSize: 10 }, { color: 'grey' }, { link: 'https://www.inps.it' }]) {
      expect(mergedInlines(line(['uno ', 'due ', 'tre'], {}, { 1: change })).map((i) => i.text)).toEqual(['uno ', 'due ', 'tre']);
    }
  });

  it('joins only where pdfkit cuts too: after a space, or between two Chinese characters', () => {
    // Right to left, an Arabic word then its space: pdfkit would shape "word " as one run and put the space on its left.
    expect(mergedInlines(line(['عالم', ' ', 'مرحبا'])).map((i) => i.text)).toEqual(['عالم', ' مرحبا']);
    expect(mergedInlines(line(['很', '可', '能', 'ISEE'])).map((i) => i.text)).toEqual(['很可能', 'ISEE']);
  });

  it('keeps apart words that are not edge to edge (a justified line)', () => {
    const words = line(['uno ', 'due']);
    words[1].x += 3;
    expect(mergedInlines(words)).toHaveLength(2);
  });
});
