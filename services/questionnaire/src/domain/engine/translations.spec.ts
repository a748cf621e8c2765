import { MINI } from '../../../test/support/mini-ruleset';
import { compileRuleSet, evaluate, nextQuestion, parseRuleSet, type RuleSetTranslations } from '.';
import { checksumOf } from '../../modules/rulesets/canonical-json';

const def = parseRuleSet(MINI);
const ro: RuleSetTranslations = {
  ro: {
    reviewed: false,
    texts: new Map([
      ['Entrambi', 'Amândouă'],
      ['reddito {income} < {right}', 'venit {income} < {right}'],
      ['scala stimata', 'scară estimată'],
      ['fare la DSU', 'depuneți DSU'],
    ]),
  },
  fr: { reviewed: true, texts: new Map([['Entrambi', 'Les deux']]) },
};
const rs = compileRuleSet(def, ro);
const benefit = (lang: 'it' | 'ro' | 'fr' | 'en', id: string, facts = {}) => {
  const b = evaluate(rs, facts, lang).benefits.find((x) => x.id === id);
  if (!b) throw new Error(id);
  return b;
};

describe('rule-set translations', () => {
  it('show a translated text in the language asked for, with its review status', () => {
    const b = benefit('ro', 'both');
    expect(b.name).toBe('Amândouă');
    expect(b.textStatus.name).toEqual({ language: 'ro', reviewed: false });
    expect(benefit('fr', 'both').textStatus.name).toEqual({ language: 'fr', reviewed: true });
  });

  it('fall back to Italian, visibly, for a text with no translation, and wholly: figures and words too', () => {
    const b = benefit('ro', 'either');
    expect(b.name).toBe('Uno');
    expect(b.textStatus.name).toEqual({ language: 'it', reviewed: true });
    // The automatic line about fact "a" has no Romanian label: the line is Italian, "sì" included.
    const both = evaluate(rs, { a: true }, 'ro').benefits.find((x) => x.id === 'both');
    expect(both?.explanation[0].text).toBe('a: sì');
    expect(both?.textStatus.explanation[0]).toEqual({ language: 'it', reviewed: true });
  });

  it('write a translated line with the words and figures of its language, unreviewed while either is', () => {
    const r = evaluate(rs, { income: 70, kids: 2, size: 3, a: true, b: true }, 'ro');
    const lines = r.benefits.flatMap((b) => b.explanation.map((e, i) => ({ text: e.text, status: b.textStatus.explanation[i] })));
    const income = lines.find((l) => l.text.startsWith('venit'));
    expect(income?.text).toBe('venit 70 € < 100 € (sumă de confirmat) (scară estimată)');
    expect(income?.status).toEqual({ language: 'ro', reviewed: false });
    expect(r.translation).toEqual({ requested: 'ro', languagesUsed: ['it', 'ro'], allReviewed: false });
  });

  it('write a composite near miss wholly in Italian when none of its parts is translated', () => {
    const nested = evaluate(compileRuleSet(def), { a: false, b: false, c: false }, 'ro').benefits.find((b) => b.id === 'nested');
    expect(nested?.wouldQualifyIf).toEqual([{ text: 'a: sì / b: sì' }]);
    expect(nested?.textStatus.wouldQualifyIf).toEqual([{ language: 'it', reviewed: true }]);
    const zh = compileRuleSet(def, { zh: { reviewed: false, texts: new Map([['a', '甲']]) } });
    const translated = evaluate(zh, { a: false, b: false, c: false }, 'zh').benefits.find((b) => b.id === 'nested');
    expect(translated?.wouldQualifyIf).toEqual([{ text: '甲: 是 / b: sì' }]);
    expect(translated?.textStatus.wouldQualifyIf).toEqual([{ language: 'zh', reviewed: false }]);
  });

  it('give a line without a translation an Italian suffix too', () => {
    const plain = compileRuleSet(def);
    const means = evaluate(plain, { income: 70, kids: 2, size: 3 }, 'ro').benefits.find((b) => b.id === 'means');
    expect(means?.explanation[1].text).toBe('reddito 70 € < 100 € (importo da confermare) (scala stimata)');
    expect(means?.textStatus.explanation[1]).toEqual({ language: 'it', reviewed: true });
  });

  it('say Italian is used and reviewed when Italian is asked for', () => {
    expect(evaluate(rs, {}, 'it').translation).toEqual({ requested: 'it', languagesUsed: ['it'], allReviewed: true });
  });

  it('keep the inline English as the English text, unreviewed without an English file', () => {
    const b = benefit('en', 'both');
    expect(b.name).toBe('Both');
    expect(b.textStatus.name).toEqual({ language: 'en', reviewed: false });
    const reviewedEn = compileRuleSet(def, { en: { reviewed: true, texts: new Map() } });
    expect(evaluate(reviewedEn, {}, 'en').benefits[0].textStatus.name).toEqual({ language: 'en', reviewed: true });
  });

  it('give each question text its status', () => {
    const withQuestion = compileRuleSet(def, { ro: { reviewed: false, texts: new Map([['a?', 'a (ro)?']]) } });
    expect(nextQuestion(withQuestion, {}, 'ro')).toMatchObject({ label: 'a (ro)?', textStatus: { label: { language: 'ro', reviewed: false } } });
    expect(nextQuestion(withQuestion, { a: false }, 'ro')).toMatchObject({ label: 'b?', textStatus: { label: { language: 'it', reviewed: true } } });
  });

  it('never change the definition, its checksum or the verdicts', () => {
    const before = checksumOf(def);
    const plain = compileRuleSet(def);
    compileRuleSet(def, ro);
    expect(checksumOf(rs.definition)).toBe(before);
    const facts = { a: true, income: 70, kids: 2, size: 3, hasIsee: false };
    expect(evaluate(rs, facts, 'ro').benefits.map((b) => [b.id, b.status, b.missingFacts])).toEqual(
      evaluate(plain, facts, 'it').benefits.map((b) => [b.id, b.status, b.missingFacts]),
    );
  });
});
