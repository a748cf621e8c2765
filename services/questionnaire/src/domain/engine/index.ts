/**
 * The screening engine: pure functions over versioned rule sets (data), with no framework and no
 * I/O (the rulesets module reads the YAML files). This file is the public API the service codes against.
 */

export type { FactDefinition, FactValue, Facts, RuleSetDefinition } from './definition.types';
export { RuleSetValidationError, type FieldIssue } from './errors';
export { checkRuleSetFamily, mergeRuleSetFiles, parseRuleSet } from './ruleset-parser';
export { compileRuleSet, type CompiledRuleSet, type PresentedQuestion } from './compile';
export { summarise, type TextStatus, type TranslationSummary } from './text-status';
export type { RuleSetTranslation, RuleSetTranslations } from './translator';
export { ENGINE_WORD_KEYS, useEngineWords } from './words';
export { contradictedFacts, validateFacts, validateAnswer } from './facts';
export { evaluate, VERDICTS, type BenefitResult, type BenefitTextStatus, type EvaluationResult, type InferredFact, type Verdict } from './evaluate';
export { nextQuestion, replayAnswers, type Answer } from './next-question';
export { selectRuleSet } from './select';
