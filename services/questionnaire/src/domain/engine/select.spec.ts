import { selectRuleSet } from './select';
import { builtIns } from '../../../test/support/rule-sets';

describe('selectRuleSet', () => {
  const { defs } = builtIns();
  it('picks the rule set in force', () => {
    expect(selectRuleSet(defs, '2026-03-01')?.id).toBe('it-2026');
    expect(selectRuleSet(defs, '2026-01-01')?.id).toBe('it-2026');
    expect(selectRuleSet(defs, '2019-10-09')?.id).toBe('it-2019-10');
    expect(selectRuleSet(defs, '2019-12-31')?.id).toBe('it-2019-10');
  });
  it('returns undefined outside any rule set', () => {
    expect(selectRuleSet(defs, '2019-10-08')).toBeUndefined();
    expect(selectRuleSet(defs, '2022-06-01')).toBeUndefined();
    expect(selectRuleSet(defs, 'yesterday')).toBeUndefined();
  });
  it('ignores drafts and retired sets; the latest effectiveFrom wins on overlap', () => {
    const later = { ...defs[1], id: 'it-2026-07', effectiveFrom: '2026-07-01' };
    const draft = { ...defs[1], id: 'it-2027', effectiveFrom: '2026-09-01', status: 'draft' as const };
    expect(selectRuleSet([...defs, later, draft], '2026-06-30')?.id).toBe('it-2026');
    expect(selectRuleSet([...defs, later, draft], '2026-10-01')?.id).toBe('it-2026-07');
  });
});
