import { benefitIdsOf } from '../../../domain/benefits';
import { BREAKDOWNS, type BreakdownId } from '../../../domain/breakdowns';
import { INDICATORS, MEASURES, SECTIONS } from '../../../domain/indicators';
import {
  benefitLabel,
  breakdownLabel,
  categoryLabel,
  factLabel,
  indicatorLabel,
  isReportLanguage,
  missingLabel,
  reportCatalogue,
  REPORT_LANGUAGES,
  sectionLabel,
  semesterLabel,
} from './report-words';

describe('the report message catalogue', () => {
  it('has every Italian word in English too, with the same slots', () => {
    expect(reportCatalogue().problems()).toEqual([]);
    expect(
      reportCatalogue()
        .status()
        .map((s) => [s.language, s.present, s.complete]),
    ).toEqual(REPORT_LANGUAGES.map((l) => [l, true, true]));
  });

  it('names every section, indicator, measure, breakdown, category and benefit of the domain, in both languages', () => {
    const named = (text: { it: string; en?: string }) => text.it !== '' && (text.en ?? '') !== '';
    for (const section of SECTIONS) expect(named(sectionLabel(section.id))).toBe(true);
    for (const indicator of INDICATORS) expect(named(indicatorLabel(indicator.id))).toBe(true);
    for (const measure of Object.keys(MEASURES)) expect(reportCatalogue().has(`measure.${measure}`)).toBe(true);
    for (const breakdown of Object.keys(BREAKDOWNS) as BreakdownId[]) {
      expect(named(breakdownLabel(breakdown))).toBe(true);
      expect(named(missingLabel(breakdown))).toBe(true);
      for (const category of BREAKDOWNS[breakdown].categories ?? []) expect(categoryLabel(breakdown, category.code)).toBeDefined();
    }
    for (const id of benefitIdsOf(['it-2026', 'it-2019-10'])) expect(benefitLabel(id)?.short.en).toBeTruthy();
    expect(benefitLabel('no-such-benefit')).toBeUndefined();
    expect(categoryLabel('sex', 'X')).toBeUndefined();
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

describe('semesterLabel', () => {
  it('says a semester in words, in either report language', () => {
    expect(semesterLabel('2026S1', 'it')).toBe('1° semestre 2026');
    expect(semesterLabel('2026S2', 'en')).toBe('second half of 2026');
  });
});
