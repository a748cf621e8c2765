import { inflateSync } from 'node:zlib';
import { DEFAULT_LANGUAGE, type Language } from '@inps/kernel';
import { evaluate, type Facts } from '../../../domain';
import { letters, pdfText } from '../../../../test/support/pdf-text';
import { ruleSet } from '../../../../test/support/rule-sets';
import { loadContacts, loadSheetCatalogue } from '../sheet-catalogue';
import { buildSheetContent, type SheetContent } from '../sheet-content';
import { renderSheet } from './render-sheet';

jest.setTimeout(120_000);

/** A family of three on a low income; its 2.345 € of savings are in no line the sheet needs (the explanation has them). */
const FACTS: Facts = {
  age: 45,
  householdSize: 3,
  minorsInHousehold: 2,
  childrenUnder3: 0,
  youngAdults18to20: 0,
  membersAged60Plus: 0,
  disabledMembers: 0,
  severelyDisabledMembers: 0,
  membersInCareProgramme: 0,
  disabilityPercentage: 0,
  citizenship: 'NON_EU_PROTECTION',
  yearsOfResidenceInItaly: 7,
  lastTwoYearsContinuous: true,
  hasIsee: true,
  isee: 8200,
  householdIncome: 3000,
  rentsHome: true,
  realEstateExcludingHome: 0,
  financialAssets: 2345,
  recentLargeVehicle: false,
  voluntaryResignationLast12Months: false,
};
const CODE = 'K7PM3QRT';
const messages = loadSheetCatalogue();
const contacts = loadContacts(messages);

function contentIn(language: Language, resumeCode: string | null = CODE): SheetContent {
  const rs = ruleSet('it-2026');
  const outcome = evaluate(rs, FACTS, language);
  return buildSheetContent({ language, outcome, italian: evaluate(rs, FACTS, DEFAULT_LANGUAGE), resumeCode, date: '2026-12-07' }, messages, contacts);
}

/** Every word of `expected` (two letters or more) is in the PDF's text, compared as letters() does. */
function expectWords(text: string, expected: string): void {
  const haystack = letters(text);
  for (const word of expected
    .split(/\s+/)
    .map(letters)
    .filter((w) => w.length >= 2))
    expect({ word, found: haystack.includes(word) }).toEqual({ word, found: true });
}

const PRIVATE_FIGURES = ['2.345', '2345'];

/** The text objects (BT … ET) drawn on the pages: the page content streams, inflated. */
function textObjects(pdf: Buffer): number {
  const raw = pdf.toString('latin1');
  let count = 0;
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    if (content.includes(' Tf')) count += content.match(/\bBT\b/g)?.length ?? 0;
  }
  return count;
}

describe('renderSheet', () => {
  it('writes an Italian sheet: the benefits, what to bring and where to apply, the resume code and the contacts', async () => {
    const content = contentIn('it');
    expect(content.likely.benefits.map((b) => b.id)).toContain('assegno-inclusione');
    const text = pdfText(await renderSheet(content));
    const adi = content.likely.benefits.find((b) => b.id === 'assegno-inclusione');
    for (const expected of [
      messages.words('sheet.title', 'it'),
      messages.words('sheet.likely', 'it'),
      messages.words('sheet.toCheck', 'it'),
      messages.words('sheet.documents', 'it'),
      adi?.name.own,
      adi?.documents[0]?.own,
      adi?.channels[0]?.own,
      CODE,
      '803 164',
      'www.inps.it',
      '7 dicembre 2026',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    for (const figure of PRIVATE_FIGURES) expect(text).not.toContain(figure);
  });

  it.each([['ar'], ['zh'], ['bn']] as const)('writes a %s sheet in its own script with the Italian below, and nothing personal', async (language) => {
    const content = contentIn(language);
    const text = pdfText(await renderSheet(content));
    for (const key of ['sheet.title', 'sheet.likely', 'sheet.toCheck', 'sheet.resumeCode', 'sheet.documents', 'sheet.contacts']) {
      expectWords(text, messages.words(key, language));
      expect(text.replace(/\s+/g, ' ')).toContain(messages.words(key, 'it'));
    }
    // The script is really there: letters of the language's own block, not only the Italian.
    const block = { ar: /[\u0600-\u06ff]/, zh: /[\u4e00-\u9fff]/, bn: /[\u0980-\u09ff]/ }[language];
    expect(text).toMatch(block);
    expect(text).toContain(CODE);
    for (const figure of PRIVATE_FIGURES) expect(text).not.toContain(figure);
  });

  it('draws a line of words in one style as one text object, not word by word', async () => {
    const pdf = await renderSheet(contentIn('it'));
    const words = pdfText(pdf).split(/\s+/).filter(Boolean).length;
    expect(words).toBeGreaterThan(500);
    expect(textObjects(pdf)).toBeGreaterThan(50);
    expect(textObjects(pdf)).toBeLessThan(words / 3);
  });

  it('leaves the resume code out of an evaluation sheet', async () => {
    const text = pdfText(await renderSheet(contentIn('it', null)));
    expect(text).not.toContain(messages.words('sheet.resumeCode', 'it'));
    expect(text).toContain(messages.words('sheet.likely', 'it'));
  });
});
