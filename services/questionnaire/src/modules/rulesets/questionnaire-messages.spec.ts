import { LANGUAGES } from '@inps/kernel';
import { ENGINE_WORD_KEYS, evaluate, compileRuleSet, parseRuleSet } from '../../domain';
import { MINI } from '../../../test/support/mini-ruleset';
import { QUESTIONNAIRE_MESSAGES } from './questionnaire-messages';

describe('the questionnaire message catalogue', () => {
  it('has every key in every language, with the same slots, and no key Italian lacks', () => {
    expect(QUESTIONNAIRE_MESSAGES.problems()).toEqual([]);
    expect(QUESTIONNAIRE_MESSAGES.status().map((s) => s.language)).toEqual(LANGUAGES);
  });

  it('holds exactly the words the engine reads', () => {
    expect(QUESTIONNAIRE_MESSAGES.keys().sort()).toEqual([...ENGINE_WORD_KEYS].sort());
  });

  it('says which languages a native speaker has reviewed, and the engine passes it on', () => {
    const unreviewed = QUESTIONNAIRE_MESSAGES.status().filter((s) => !s.reviewed);
    expect(unreviewed.map((s) => s.language)).not.toContain('it');
    const rs = compileRuleSet(parseRuleSet(MINI), { ro: { reviewed: true, texts: new Map([['a', 'a']]) } });
    // Romanian rule-set texts reviewed, but the engine's Romanian words are not: the line is not reviewed.
    const both = evaluate(rs, { a: true }, 'ro').benefits.find((b) => b.id === 'both');
    expect(both?.explanation[0].text).toBe('a: da');
    expect(both?.textStatus.explanation[0]).toEqual({ language: 'ro', reviewed: QUESTIONNAIRE_MESSAGES.text('engine.yes', 'ro').reviewed });
  });
});
