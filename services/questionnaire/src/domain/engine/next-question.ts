import { DEFAULT_LANGUAGE, isLanguage, type Language } from '@inps/kernel';
import { internal, type CompiledRuleSet, type CompiledRuleSetImpl, type CQuestion, type PresentedQuestion } from './compile';
import type { FactValue, Facts } from './definition.types';
import { loadFacts, markRelevantFacts } from './evaluate';
import { checkAnswer } from './facts';
import type { CFact } from './fact-table';
import { FALSE, TRUE, UNKNOWN, type EvalContext, type Tri } from './runtime';

/** An answer to a question; `null` is "don't know": the fact stays unknown and the question is not asked again. */
export interface Answer {
  questionId: string;
  value: FactValue | null;
}

/**
 * Marks the facts worth asking: those in an unknown condition of an undetermined benefit, plus the
 * facts that the `askIf` of such a question still waits for (to a fixpoint, since a gate may itself
 * be gated).
 */
function markNeeded(r: CompiledRuleSetImpl, c: EvalContext): { mark: number; verdicts: Tri[] } {
  const mark = c.nextMark();
  const verdicts = markRelevantFacts(r, c, mark);
  let changed = true;
  while (changed) {
    changed = false;
    for (const q of r.questions) {
      const f = q.fact.idx;
      if (c.vals[f] !== undefined || c.mark[f] !== mark || !q.askIf) continue;
      if (q.askIf.ev(c) !== UNKNOWN) continue;
      for (const g of q.askIf.subtreeFacts) {
        if (c.vals[g] === undefined && c.mark[g] !== mark) {
          c.mark[g] = mark;
          changed = true;
        }
      }
    }
  }
  return { mark, verdicts };
}

/** Values that show whether a fact can decide anything: both booleans, every enum value, the ends of a number's range. */
function probeValues(r: CompiledRuleSetImpl, c: EvalContext, f: CFact): FactValue[] {
  if (f.type === 'boolean') return [true, false];
  if (f.type === 'enum') return [...f.enumLabels.keys()];
  r.reader.readNum(c, f);
  return c.lo === c.hi ? [c.lo] : [c.lo, c.hi];
}

/** Whether some value of the fact, on its own, turns an undetermined benefit into a determined one. */
function isDecisive(r: CompiledRuleSetImpl, c: EvalContext, f: CFact, verdicts: Tri[]): boolean {
  const probes = probeValues(r, c, f);
  let decisive = false;
  for (const v of probes) {
    c.vals[f.idx] = v;
    c.epoch += 1;
    for (let i = 0; i < r.benefits.length && !decisive; i++) {
      const b = r.benefits[i];
      if (verdicts[i] === UNKNOWN && b.dependsOn[f.idx] === 1 && b.root.ev(c) !== UNKNOWN) decisive = true;
    }
    if (decisive) break;
  }
  c.vals[f.idx] = undefined;
  c.epoch += 1;
  return decisive;
}

/** Whether the fact opens (askIf) a still needed question whose answer could settle something. */
function gatesDecisive(r: CompiledRuleSetImpl, c: EvalContext, f: CFact, mark: number, verdicts: Tri[], depth: number, dontKnow: ReadonlySet<number>): boolean {
  if (depth > 3) return false;
  for (const q of r.questions) {
    const g = q.fact.idx;
    if (g === f.idx || c.vals[g] !== undefined || dontKnow.has(g) || c.mark[g] !== mark || !q.askIf) continue;
    if (!q.askIf.subtreeFacts.includes(f.idx) || q.askIf.ev(c) !== UNKNOWN) continue;
    if (isDecisive(r, c, q.fact, verdicts) || gatesDecisive(r, c, q.fact, mark, verdicts, depth + 1, dontKnow)) return true;
  }
  return false;
}

/**
 * The next question, in the rule set's order: the first one that is askable (askIf true, fact
 * unknown) and whose fact can on its own settle some undetermined benefit, or opens (askIf) a
 * question that can. When no single answer can settle anything but some benefit is still open,
 * the first askable question whose fact still matters is asked, so the screening never stops early.
 * A fact answered "don't know" (`dontKnow`) is never asked again.
 */
function pickQuestion(r: CompiledRuleSetImpl, c: EvalContext, dontKnow: ReadonlySet<number>): CQuestion | undefined {
  const { mark, verdicts } = markNeeded(r, c);
  let fallback: CQuestion | undefined;
  for (const q of r.questions) {
    const f = q.fact.idx;
    if (c.vals[f] !== undefined || dontKnow.has(f) || c.mark[f] !== mark) continue;
    if (q.askIf && q.askIf.ev(c) !== TRUE) continue;
    if (isDecisive(r, c, q.fact, verdicts) || gatesDecisive(r, c, q.fact, mark, verdicts, 0, dontKnow)) return q;
    fallback ??= q;
  }
  return fallback;
}

export function nextQuestion(rs: CompiledRuleSet, facts: Facts, language: Language): PresentedQuestion | null {
  const r = internal(rs);
  const c = loadFacts(r, facts);
  const q = pickQuestion(r, c, c.dontKnow.length === 0 ? NONE : new Set(c.dontKnow));
  return q ? q.presented[isLanguage(language) ? language : DEFAULT_LANGUAGE] : null;
}

/** No fact answered "don't know" (loadFacts lists those that are). */
const NONE: ReadonlySet<number> = new Set();

/** Whether question `q` would still be worth asking given `facts` (its askIf not false, its fact still needed and not answered "don't know"). */
function stillApplies(r: CompiledRuleSetImpl, q: CQuestion, facts: Facts): boolean {
  if (facts[q.fact.name] === null) return false;
  const c = loadFacts(r, facts);
  if (c.vals[q.fact.idx] !== undefined) return false;
  if (q.askIf && q.askIf.ev(c) === FALSE) return false;
  const { mark } = markNeeded(r, c);
  return c.mark[q.fact.idx] === mark;
}

/**
 * Replays the answers of a session in order, as the questionnaire would have met them: an answer is
 * kept when, given the answers kept before it, its question still applies. Then, against all the
 * other kept answers, an answer whose askIf has become false is dropped too, and the replay repeats
 * until nothing changes. A question answered twice keeps the last value at the first position;
 * answers to unknown questions or with invalid values are dropped.
 */
export function replayAnswers(rs: CompiledRuleSet, answers: readonly Answer[]): { kept: Answer[]; dropped: Answer[]; facts: Facts } {
  const r = internal(rs);
  const dropped: Answer[] = [];
  const firstPos = new Map<string, number>();
  let candidates: Answer[] = [];
  for (const a of answers) {
    const q = r.questionIndex.get(a.questionId);
    if (!q || !checkAnswer(r, q, a.value).ok) {
      dropped.push(a);
      continue;
    }
    const pos = firstPos.get(a.questionId);
    if (pos === undefined) {
      firstPos.set(a.questionId, candidates.length);
      candidates.push(a);
    } else {
      dropped.push(candidates[pos]);
      candidates[pos] = a;
    }
  }
  for (;;) {
    const kept: Answer[] = [];
    const prefix: Record<string, FactValue | null> = {};
    for (const a of candidates) {
      const q = r.questionIndex.get(a.questionId) as CQuestion;
      if (stillApplies(r, q, prefix)) {
        kept.push(a);
        prefix[q.fact.name] = a.value;
      } else dropped.push(a);
    }
    const stale: Answer[] = [];
    for (const a of kept) {
      const q = r.questionIndex.get(a.questionId) as CQuestion;
      if (!q.askIf) continue;
      const others: Record<string, FactValue | null> = { ...prefix };
      delete others[q.fact.name];
      const c = loadFacts(r, others);
      if (q.askIf.ev(c) === FALSE) stale.push(a);
    }
    if (stale.length === 0) return { kept, dropped, facts: prefix };
    dropped.push(...stale);
    candidates = kept.filter((a) => !stale.includes(a));
  }
}
