import { compileRuleSet, evaluate, nextQuestion, parseRuleSet, type BenefitResult, type Facts } from '.';
import { MINI } from '../../../test/support/mini-ruleset';

const rs = compileRuleSet(parseRuleSet(MINI));

function benefit(facts: Facts, id: string, lang: 'it' | 'en' = 'it'): BenefitResult {
  const b = evaluate(rs, facts, lang).benefits.find((x) => x.id === id);
  if (!b) throw new Error(id);
  return b;
}

describe('Kleene evaluation', () => {
  it('all: one false child decides, whatever is unknown', () => {
    expect(benefit({ a: false }, 'both').status).toBe('NOT_ELIGIBLE');
    expect(benefit({ a: false }, 'both').missingFacts).toEqual([]);
  });
  it('all: unknown while no child fails, naming only the unknown facts', () => {
    const b = benefit({ a: true }, 'both');
    expect(b.status).toBe('UNDETERMINED');
    expect(b.missingFacts).toEqual(['b']);
  });
  it('all: true when every child holds', () => {
    expect(benefit({ a: true, b: true }, 'both').status).toBe('LIKELY_ELIGIBLE');
  });
  it('any: one true child decides', () => {
    expect(benefit({ b: true }, 'either').status).toBe('LIKELY_ELIGIBLE');
  });
  it('any: false only when all children fail', () => {
    expect(benefit({ a: false }, 'either').status).toBe('UNDETERMINED');
    expect(benefit({ a: false, b: false }, 'either').status).toBe('NOT_ELIGIBLE');
  });
  it('not inverts, unknown stays unknown', () => {
    expect(benefit({ a: true, c: true }, 'nested').status).toBe('NOT_ELIGIBLE');
    expect(benefit({ a: true, c: false }, 'nested').status).toBe('LIKELY_ELIGIBLE');
    expect(benefit({ a: true }, 'nested').missingFacts).toEqual(['c']);
  });
  it('missing facts skip short-circuited branches', () => {
    // c fails the benefit: the unknown a/b branch does not matter.
    expect(benefit({ c: true }, 'nested').missingFacts).toEqual([]);
    expect(benefit({}, 'nested').missingFacts).toEqual(['a', 'b', 'c']);
  });
});

describe('intervals over missing facts', () => {
  const base = { hasIsee: true, isee: 10, colour: 'RED' };
  it('decides a comparison the missing fact cannot change', () => {
    // scale is between 1 and 2 whatever kids is: income 40 < 50 × scale always.
    expect(benefit({ ...base, income: 40 }, 'means').status).toBe('LIKELY_ELIGIBLE');
    expect(benefit({ ...base, income: 100 }, 'means').status).toBe('NOT_ELIGIBLE');
  });
  it('asks for the missing fact only when it matters', () => {
    const b = benefit({ ...base, income: 70 }, 'means');
    expect(b.status).toBe('UNDETERMINED');
    expect(b.missingFacts).toEqual(['size', 'kids']);
  });
  it('bounds from other facts narrow the interval (one member: no children)', () => {
    expect(benefit({ ...base, income: 70, size: 1 }, 'means').status).toBe('NOT_ELIGIBLE');
    expect(benefit({ ...base, income: 70, size: 3 }, 'means').missingFacts).toEqual(['kids']);
    expect(benefit({ ...base, income: 70, kids: 1 }, 'means').status).toBe('LIKELY_ELIGIBLE');
  });
  it('shows ranges while facts are missing and the figures once known', () => {
    expect(benefit({ ...base, income: 70 }, 'means').explanation[1].text).toBe('reddito 70 € < 50–100 € (importo da confermare) (scala stimata)');
    expect(benefit({ ...base, income: 70, kids: 2 }, 'means', 'en').explanation[1].text).toBe('income €70 < €100 (figure not confirmed) (estimated scale)');
  });
  it('amount is an estimate with the range while facts are missing', () => {
    const b = benefit({ ...base, income: 40 }, 'means');
    expect(b.amount?.value).toBe(10);
    expect(b.amount?.note).toContain('60 €');
    expect(benefit({ ...base, income: 40, kids: 2 }, 'means').amount).toEqual({ value: 60, period: 'month', note: expect.stringContaining('stima') });
  });
});

describe('ISEE availability', () => {
  const rest = { income: 10, colour: 'RED' };
  it('without an ISEE the test is unknown and the step is named', () => {
    const b = benefit({ ...rest, hasIsee: false }, 'means');
    expect(b.status).toBe('UNDETERMINED');
    expect(b.missingFacts).toEqual(['isee']);
    expect(b.explanation[0]).toEqual({ text: 'ISEE ≤ 100 € — fare la DSU', holds: null });
    expect(b.howToApply.notes).toContain('fare la DSU');
  });
  it('while hasIsee is unknown the test is unknown too', () => {
    expect(benefit({ ...rest }, 'means').missingFacts).toEqual(['hasIsee', 'isee']);
  });
  it('a known ISEE value counts even when hasIsee was not given', () => {
    expect(benefit({ ...rest, isee: 50 }, 'means').status).toBe('LIKELY_ELIGIBLE');
  });
  it('never fails because of the missing ISEE alone, but fails on a known failing condition', () => {
    expect(benefit({ ...rest, hasIsee: false, colour: 'BLUE' }, 'means').status).toBe('NOT_ELIGIBLE');
    expect(benefit({ ...rest, hasIsee: true, isee: 100.01 }, 'means').status).toBe('NOT_ELIGIBLE');
    expect(benefit({ ...rest, hasIsee: true, isee: 100 }, 'means').status).toBe('LIKELY_ELIGIBLE');
  });
  it('does not name the step for a benefit already ruled out', () => {
    const b = benefit({ ...rest, hasIsee: false, colour: 'BLUE' }, 'means');
    expect(b.howToApply.notes).not.toContain('fare la DSU');
  });
});

describe('remediable gaps (homeless without residence)', () => {
  it('is a need to record, not a refusal', () => {
    const b = benefit({ homeless: true, registered: false }, 'resident');
    expect(b.status).toBe('UNDETERMINED');
    expect(b.explanation[0].text).toContain('indirizzo fittizio');
  });
  it('without a home situation known, asks it', () => {
    expect(benefit({ registered: false }, 'resident').missingFacts).toEqual(['homeless']);
    expect(nextQuestion(rs, { registered: false, a: true, b: true, c: false, size: 1, hasIsee: true, isee: 1, income: 0, colour: 'RED' }, 'it')?.fact).toBe(
      'homeless',
    );
  });
  it('with a home, lacking registration fails', () => {
    const b = benefit({ homeless: false, registered: false }, 'resident');
    expect(b.status).toBe('NOT_ELIGIBLE');
    expect(b.wouldQualifyIf).toEqual([{ text: 'residenza: sì' }]);
  });
  it('registered is enough, whatever the housing', () => {
    expect(benefit({ registered: true }, 'resident').status).toBe('LIKELY_ELIGIBLE');
  });
});

describe('near misses', () => {
  it('one failing leaf gives its text', () => {
    expect(benefit({ a: true, b: false }, 'both').wouldQualifyIf).toEqual([{ text: 'b: sì' }]);
  });
  it('two failing leaves give none', () => {
    expect(benefit({ a: false, b: false }, 'both').wouldQualifyIf).toBeUndefined();
  });
  it('a failing any without its own text lists the alternatives', () => {
    expect(benefit({ a: false, b: false, c: false }, 'nested').wouldQualifyIf).toEqual([{ text: 'a: sì / b: sì' }]);
  });
  it('an unknown condition besides the failing one gives none', () => {
    expect(benefit({ a: false, b: false }, 'nested').wouldQualifyIf).toBeUndefined();
  });
  it('comparisons say the threshold, not the current figure', () => {
    expect(benefit({ hasIsee: true, isee: 150, income: 0, colour: 'RED' }, 'means', 'en').wouldQualifyIf).toEqual([{ text: 'ISEE ≤ €100' }]);
  });
});

describe('explanations', () => {
  it('interpolate figures with Italian and English number formats', () => {
    const facts = { hasIsee: true, isee: 8200.5, income: 0, colour: 'RED' };
    expect(benefit(facts, 'means', 'it').explanation[0].text).toBe('ISEE 8.200,50 € ≤ 100 €');
    expect(benefit(facts, 'means', 'en').explanation[0].text).toBe('ISEE €8,200.50 ≤ €100');
  });
  it('list every top-level condition with whether it holds', () => {
    const b = benefit({ a: true, b: false, c: true }, 'nested');
    expect(b.explanation).toEqual([
      { text: 'a o b', holds: true },
      { text: 'non c', holds: false },
    ]);
  });
  it('report unconfirmed parameters', () => {
    expect(benefit({}, 'means').unconfirmedParameters).toEqual(['guess']);
    expect(benefit({}, 'both').unconfirmedParameters).toBeUndefined();
  });
});
