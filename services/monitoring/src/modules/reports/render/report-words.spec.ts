import { reportCatalogue, REPORT_LANGUAGES, isReportLanguage, factLabel } from './report-words';

describe('the report message catalogue', () => {
  it('has every Italian word in English too, with the same slots', () => {
    expect(reportCatalogue().problems()).toEqual([]);
    expect(
      reportCatalogue()
        .status()
        .map((s) => [s.language, s.present, s.complete]),
    ).toEqual(REPORT_LANGUAGES.map((l) => [l, true, true]));
  });

  it('names the facts of the vocabulary, and shows a fact it does not know by its identifier', () => {
    expect(factLabel('isee')).toEqual({ it: 'ISEE', en: 'ISEE' });
    expect(factLabel('yearsOfResidenceInItaly').en).toMatch(/residence/i);
    expect(factLabel('someRuleSetFact')).toEqual({ it: 'someRuleSetFact', en: 'someRuleSetFact' });
  });

  it('produces reports in Italian and English only', () => {
    expect(isReportLanguage('it')).toBe(true);
    expect(isReportLanguage('en')).toBe(true);
    expect(isReportLanguage('ro')).toBe(false);
    expect(isReportLanguage(undefined)).toBe(false);
  });
});
