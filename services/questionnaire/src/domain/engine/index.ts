/**
 * The screening engine: pure functions over versioned rule sets (data), with no framework and no
 * I/O except reading the built-in YAML rule sets. This file is the public API the service codes against.
 */

export type { FactDefinition, FactValue, Facts, RuleSetDefinition } from './definition.types';
export { RuleSetValidationError, type FieldIssue } from './errors';
export { parseRuleSet, loadBuiltInRuleSets } from './ruleset-loader';
export { compileRuleSet, type CompiledRuleSet, type PresentedQuestion } from './compile';
export { validateFacts, validateAnswer } from './facts';
export { evaluate, VERDICTS, type BenefitResult, type EvaluationResult, type Verdict } from './evaluate';
export { nextQuestion, replayAnswers, type Answer } from './next-question';
export { selectRuleSet } from './select';
