import { drawnRuns, fontRuns, ltrLines, rtlLines } from './sheet-text';
import { fonts } from './sheet-fonts';

describe('fontRuns', () => {
  it('sets the script in its own font and Latin letters, figures and signs it lacks in the others', () => {
    expect(fontRuns('福利 ISEE 8.200 €', 'NotoSansSC')).toEqual([
      { text: '福利 ', font: 'NotoSansSC' },
      { text: 'ISEE 8.200 €', font: 'NotoSans' },
    ]);
    expect(fontRuns('ISEE 8.200 € ≤ 10.140 €', 'NotoSans').map((r) => r.font)).toEqual(['NotoSans', 'Roboto', 'NotoSans']);
    expect(fontRuns('সুবিধা INPS', 'NotoSansBengali')).toEqual([
      { text: 'সুবিধা ', font: 'NotoSansBengali' },
      { text: 'INPS', font: 'NotoSans' },
    ]);
  });
});

describe('rtlLines', () => {
  const visual = (lines: { text: string }[][]) => lines.map((line) => line.map((r) => r.text).join(''));

  it('puts Arabic words right to left and keeps Latin words and figures in reading order', () => {
    // Logical: "hello INPS per tutti world"; seen from the left: "world INPS per tutti hello".
    expect(visual(rtlLines('مرحبا INPS per tutti عالم', 'NotoSansArabic', 'normal', 12, 500))).toEqual(['عالم INPS per tutti مرحبا']);
    expect(visual(rtlLines('رمز 2026 هنا', 'NotoSansArabic', 'normal', 12, 500))).toEqual(['هنا 2026 رمز']);
  });

  it('breaks a long paragraph into lines that fit, the first words on the first line', () => {
    const words = Array.from({ length: 40 }, (_, i) => (i === 0 ? 'أول' : 'كلمة'));
    const lines = rtlLines(words.join(' '), 'NotoSansArabic', 'normal', 12, 200);
    expect(lines.length).toBeGreaterThan(2);
    // The first logical word is the right-most of the first line.
    expect(lines[0][lines[0].length - 1].text).toBe('أول');
    expect(lines.flat().filter((r) => r.text.trim()).length).toBe(40);
  });
});

describe('drawnRuns', () => {
  it('joins neighbouring Arabic words into one run in reading order, Latin words and figures apart', () => {
    const [line] = rtlLines('مرحبا بكم في INPS per tutti رمز الاستئناف 2026 هنا', 'NotoSansArabic', 'normal', 12, 1000);
    const drawn = drawnRuns(line, 'normal');
    expect(drawn.length).toBeLessThan(line.length);
    // The same characters, left to right as drawn, the joined Arabic runs given in reading order.
    expect(drawn.map((r) => (r.whole ? r.text.split(/( +)/).reverse().join('') : r.text)).join('')).toBe(line.map((r) => r.text).join(''));
    expect(drawn.filter((r) => r.whole).map((r) => r.text.trim())).toEqual(['هنا', 'رمز الاستئناف', 'مرحبا بكم في']);
    expect(drawn.find((r) => r.text.includes('INPS'))).toEqual({ text: 'INPS per tutti', font: 'NotoSans' });
  });
});

describe('ltrLines', () => {
  const text = (line: { text: string }[]) => line.map((r) => r.text).join('');

  it('breaks a paragraph at spaces into lines that fit, every word kept in order', () => {
    const words = Array.from({ length: 60 }, (_, i) => `parola${i}`);
    const lines = ltrLines(words.join(' '), 'NotoSans', 'normal', 11, 200);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.map(text).join(' ')).toBe(words.join(' '));
    for (const line of lines) expect(fonts.width(text(line), 'NotoSans', 'normal', 11)).toBeLessThanOrEqual(200);
  });

  it('sets the head in bold and gives each line one run per font and weight', () => {
    const [line] = ltrLines('ISEE in corso di validità ≤ 2 anni', 'NotoSans', 'normal', 11, 500, 'Documenti da portare:');
    expect(line).toEqual([
      { text: 'Documenti da portare: ', font: 'NotoSans', bold: true },
      { text: 'ISEE in corso di validità ', font: 'NotoSans', bold: false },
      { text: '≤ ', font: 'Roboto', bold: false },
      { text: '2 anni', font: 'NotoSans', bold: false },
    ]);
  });
});
