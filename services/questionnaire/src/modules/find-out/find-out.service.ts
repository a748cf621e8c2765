import { languageInfo, textIn, type Language } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { MessageCatalogue, type LocalizedText } from '@inps/shared';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenefitResult, CompiledRuleSet, EvaluationResult, FactValue, InferredFact } from '../../domain';

/** One fact nobody knew, with the concrete step to find it out (null when the catalogue has none). */
export interface FindOutStep {
  fact: string;
  step: LocalizedText | null;
}

/** A fact answered "don't know" that the other facts settle: its value, and why it was not needed. */
export interface ExplainedInferredFact extends InferredFact {
  explanation: LocalizedText;
}

/** An evaluation as the API hands it out: each missing or unknown fact with its find-out step. */
export interface GuidedEvaluation extends Omit<EvaluationResult, 'benefits' | 'inferredFacts'> {
  benefits: (BenefitResult & { findOut: FindOutStep[] })[];
  inferredFacts: ExplainedInferredFact[];
  findOut: FindOutStep[];
}

/** The `guidance/<name>/` folder beside the service's package.json (like `rulesets/`, found from here upwards). */
function findGuidanceDir(name: string, start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'guidance', name);
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no guidance/${name}/ folder beside a package.json above ${start}`);
  }
}

/**
 * The "find it out" steps (guidance/find-out/<language>.yaml, keys `fact.<name>`): kept out of the
 * rule sets because a rule set is immutable once published, while where to get an ISEE or how to
 * read MyINPS changes with the offices, not with the law.
 */
@Injectable()
export class FindOutGuidance {
  constructor(readonly catalogue: MessageCatalogue = MessageCatalogue.load(findGuidanceDir('find-out'))) {}

  step(fact: string, language: Language): LocalizedText | null {
    const key = `fact.${fact}`;
    return this.catalogue.has(key) ? this.catalogue.text(key, language) : null;
  }

  /**
   * Adds the steps: to each UNDETERMINED benefit for its missing facts, to the whole evaluation for
   * the facts that stay unknown, and an explanation to each fact inferred despite a "don't know".
   * Outcomes stored before inferred facts existed have none (`?? []`): every null was then unknown.
   */
  guide(result: EvaluationResult, rs: CompiledRuleSet, language: Language): GuidedEvaluation {
    const steps = (facts: readonly string[]): FindOutStep[] => facts.map((fact) => ({ fact, step: this.step(fact, language) }));
    const unknownFacts = result.unknownFacts ?? [];
    return {
      ...result,
      benefits: result.benefits.map((b) => ({ ...b, findOut: b.status === 'UNDETERMINED' ? steps(b.missingFacts) : [] })),
      unknownFacts,
      findOut: steps(unknownFacts),
      inferredFacts: (result.inferredFacts ?? []).map((f) => ({
        ...f,
        explanation: this.catalogue.text('inferred.explanation', language, { value: this.valueWords(rs, f, language) }),
      })),
    };
  }

  private valueWords(rs: CompiledRuleSet, f: InferredFact, language: Language): string {
    if (typeof f.value === 'boolean') return this.catalogue.words(f.value ? 'value.yes' : 'value.no', language);
    const def = rs.definition.facts[f.fact];
    const option = def?.values?.find((v) => v.value === f.value);
    return option ? textIn(option.label, language) : formatPlain(f.value, language);
  }
}

function formatPlain(value: FactValue, language: Language): string {
  return typeof value === 'number' ? value.toLocaleString(languageInfo(language).locale) : String(value);
}
