import { DEFAULT_LANGUAGE, isLanguage, type Language, textIn } from '@inps/kernel';
import { internal, type CBenefit, type CExplained, type CompiledRuleSet, type CompiledRuleSetImpl, type CText } from './compile';
import type { CNode } from './conditions';
import type { CFact } from './fact-table';
import type { FactValue, Facts } from './definition.types';
import type { FactReader } from './fact-reader';
import { byLanguage, formatRange } from './format';
import { FALSE, TRUE, UNKNOWN, type EvalContext, type Tri } from './runtime';

export const VERDICTS = ['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface BenefitResult {
  id: string;
  name: string;
  authority: 'INPS' | 'COMUNE';
  status: Verdict;
  missingFacts: string[];
  explanation: { text: string; holds: boolean | null }[];
  wouldQualifyIf?: { text: string }[];
  amount?: { value: number; period: 'once' | 'month' | 'year'; note?: string };
  howToApply: { channels: string[]; documents: string[]; deadline?: string; notes: string[] };
  successors?: string[];
  unconfirmedParameters?: string[];
}

export interface EvaluationResult {
  ruleSet: { id: string; effectiveFrom: string; effectiveTo: string | null };
  benefits: BenefitResult[];
  /** The facts given as `null` ("don't know") that stay unknown, in the rule set's fact order. */
  unknownFacts: string[];
  /**
   * The facts given as `null` that the other facts settle all the same (no minors in a one-person
   * household, so no nursery): nobody needs to find them out, so they are not unknown.
   */
  inferredFacts: InferredFact[];
}

export interface InferredFact {
  fact: string;
  value: FactValue;
}

const VERDICT: Record<Tri, Verdict> = { [FALSE]: 'NOT_ELIGIBLE', [TRUE]: 'LIKELY_ELIGIBLE', [UNKNOWN]: 'UNDETERMINED' };

/** Loads facts into the reusable context. Values of the wrong type are ignored (callers validate first). */
export function loadFacts(r: CompiledRuleSetImpl, facts: Facts): EvalContext {
  const c = r.ctx;
  c.epoch += 1;
  c.vals.fill(undefined);
  const index = r.table.index;
  const defs = r.table.facts;
  for (const key of Object.keys(facts)) {
    const i = index.get(key);
    if (i === undefined) continue;
    const v = facts[key];
    const t = defs[i].type;
    if (t === 'boolean' ? typeof v === 'boolean' : t === 'enum' ? typeof v === 'string' : typeof v === 'number' && Number.isFinite(v)) {
      c.vals[i] = v as FactValue;
    }
  }
  return c;
}

/**
 * Marks the facts that still matter for an unknown node: only children that are themselves unknown
 * are visited (a false child of `all` decides it, so its siblings' facts do not matter), using the
 * results cached during evaluation rather than evaluating again. Returns how many facts were newly marked.
 */
function collectMissing(r: CompiledRuleSetImpl, node: CNode, c: EvalContext, mark: number): number {
  if (c.tri[node.idx] !== UNKNOWN) return 0;
  let added = 0;
  if (node.children.length > 0) {
    for (const ch of node.children) added += collectMissing(r, ch, c, mark);
    return added;
  }
  for (const f of node.directFacts) added += markFact(r, r.table.facts[f], c, mark);
  return added;
}

function markFact(r: CompiledRuleSetImpl, f: CFact, c: EvalContext, mark: number): number {
  const reader = r.reader;
  const v = c.vals[f.idx];
  let added = 0;
  if (v === undefined) {
    // A value fixed by other facts (e.g. no minors in a one-adult household) is not missing.
    if (settledValue(reader, c, f) !== undefined) return 0;
    if (c.mark[f.idx] !== mark) {
      c.mark[f.idx] = mark;
      added++;
    }
    for (const d of f.deps) {
      if (c.vals[d] === undefined && c.mark[d] !== mark) {
        c.mark[d] = mark;
        added++;
      }
    }
  } else if (v === false && f.pendingWhen) {
    const p = f.pendingWhen.ev(c);
    if (p === TRUE) {
      if (c.mark[f.idx] !== mark) {
        c.mark[f.idx] = mark;
        added++;
      }
    } else if (p === UNKNOWN) {
      added += collectMissing(r, f.pendingWhen, c, mark);
    }
  }
  return added;
}

/** What the other facts fix an unknown fact to, if they do (implied values, bounds that meet). */
function settledValue(reader: FactReader, c: EvalContext, f: CFact): FactValue | undefined {
  if (f.type === 'boolean') {
    const t = reader.readBool(c, f);
    return t === TRUE ? true : t === FALSE ? false : undefined;
  }
  if (f.type === 'enum') return reader.readScalar(c, f);
  reader.readNum(c, f);
  return c.lo === c.hi && Number.isFinite(c.lo) ? c.lo : undefined;
}

function markedNames(r: CompiledRuleSetImpl, c: EvalContext, mark: number): string[] {
  const out: string[] = [];
  const facts = r.table.facts;
  for (let i = 0; i < facts.length; i++) if (c.mark[i] === mark) out.push(facts[i].name);
  return out;
}

/** Texts for a near miss: the single change that would make the node hold, if there is one. */
function nearMiss(node: CNode, c: EvalContext, lang: Language, out: { text: string }[]): void {
  if (node.kind === 'all') {
    let failing: CNode | undefined;
    for (const ch of node.children) {
      const t = c.tri[ch.idx];
      if (t === UNKNOWN) return;
      if (t === FALSE) {
        if (failing) return;
        failing = ch;
      }
    }
    if (failing) nearMiss(failing, c, lang, out);
    return;
  }
  out.push({ text: node.renderWould(c, lang) });
}

function renderNotes(list: CText[], c: EvalContext, lang: Language, out: string[]): void {
  for (const n of list) {
    if (n.when && n.when.ev(c) !== TRUE) continue;
    out.push(n.text(c, lang));
  }
}

const RANGE_NOTES: Partial<Record<Language, (lo: string, hi: string, facts: string) => string>> = {
  it: (lo, hi, facts) => `Stima da ${lo} a ${hi}, secondo: ${facts}.`,
  en: (lo, hi, facts) => `Estimate from ${lo} to ${hi}, depending on: ${facts}.`,
};
const RANGE_NOTE = byLanguage((l) => RANGE_NOTES[l] ?? RANGE_NOTES.it!);

function appendSteps(reader: FactReader, e: CExplained, c: EvalContext, lang: Language, text: string, notes: string[]): string {
  let out = text;
  for (const f of e.availFacts) {
    if (reader.isUnavailable(c, f) && f.def.unavailableStep) {
      const step = textIn(f.def.unavailableStep, lang);
      out += ` — ${step}`;
      if (!notes.includes(step)) notes.push(step);
    }
  }
  for (const f of e.pendFacts) {
    if (reader.isPending(c, f) && f.def.pendingStep) {
      const step = textIn(f.def.pendingStep, lang);
      out += ` — ${step}`;
      if (!notes.includes(step)) notes.push(step);
    }
  }
  return out;
}

function evaluateBenefit(r: CompiledRuleSetImpl, b: CBenefit, c: EvalContext, lang: Language, commonNotes: readonly string[]): BenefitResult {
  const tri = b.root.ev(c);
  const st = b.static[lang];
  let missingFacts: string[] = [];
  if (tri === UNKNOWN) {
    const mark = c.nextMark();
    collectMissing(r, b.root, c, mark);
    missingFacts = markedNames(r, c, mark);
  }
  const notes: string[] = [];
  const explained = b.explained;
  const explanation = new Array<{ text: string; holds: boolean | null }>(explained.length);
  for (let i = 0; i < explained.length; i++) {
    const e = explained[i];
    const t = c.tri[e.node.idx] as Tri;
    let text = e.node.render(c, lang, t);
    if (e.suffix[lang] !== '') text += e.suffix[lang];
    // Steps (get an ISEE, register at a fictitious address) matter only while the benefit is still open.
    if (t === UNKNOWN && tri !== FALSE) text = appendSteps(r.reader, e, c, lang, text, notes);
    explanation[i] = { text, holds: t === TRUE ? true : t === FALSE ? false : null };
  }
  const result: BenefitResult = {
    id: b.def.id,
    name: st.name,
    authority: b.def.authority,
    status: VERDICT[tri],
    missingFacts,
    explanation,
    howToApply: { channels: st.channels.slice(), documents: st.documents.slice(), notes },
  };
  if (st.deadline) result.howToApply.deadline = st.deadline;
  if (tri === FALSE) {
    const would: { text: string }[] = [];
    nearMiss(b.root, c, lang, would);
    if (would.length > 0) result.wouldQualifyIf = would;
  }
  if (tri !== FALSE && b.amount) {
    const a = b.amount;
    a.fn(c);
    const lo = Math.round(c.lo * 100) / 100;
    const hi = Math.round(c.hi * 100) / 100;
    const amountNotes: string[] = [];
    if (lo !== hi && Number.isFinite(lo) && Number.isFinite(hi)) {
      const depends = a.facts.filter((f) => c.vals[f] === undefined).map((f) => textIn(r.table.facts[f].def.label, lang));
      amountNotes.push(RANGE_NOTE[lang](formatRange(lo, lo, 'EUR', lang), formatRange(hi, hi, 'EUR', lang), depends.join(', ')));
    }
    renderNotes(a.notes, c, lang, amountNotes);
    if (a.unconfirmedNote) amountNotes.push(textIn(a.unconfirmedNote, lang));
    if (Number.isFinite(lo)) {
      result.amount = { value: lo, period: a.def.period };
      if (amountNotes.length > 0) result.amount.note = amountNotes.length === 1 ? amountNotes[0] : amountNotes.join(' ');
    }
  }
  if (tri !== FALSE) {
    renderNotes(b.notes, c, lang, notes);
    for (const n of commonNotes) notes.push(n);
  }
  if (b.successors) {
    result.successors = b.successors.slice();
    if (st.successorNote) notes.push(st.successorNote);
  }
  if (b.unconfirmed.length > 0) result.unconfirmedParameters = b.unconfirmed.slice();
  return result;
}

export function evaluate(rs: CompiledRuleSet, facts: Facts, language: Language): EvaluationResult {
  const r = internal(rs);
  const lang: Language = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const c = loadFacts(r, facts);
  const def = r.definition;
  const commonNotes: string[] = [];
  renderNotes(r.commonNotes, c, lang, commonNotes);
  const benefits = new Array<BenefitResult>(r.benefits.length);
  for (let i = 0; i < r.benefits.length; i++) benefits[i] = evaluateBenefit(r, r.benefits[i], c, lang, commonNotes);
  const { unknownFacts, inferredFacts } = dontKnowFacts(r, c, facts);
  return { ruleSet: { id: def.id, effectiveFrom: def.effectiveFrom, effectiveTo: def.effectiveTo ?? null }, benefits, unknownFacts, inferredFacts };
}

/**
 * The facts of the rule set given as `null` ("don't know"), in the rule set's fact order: those the
 * other facts settle are inferred, the others stay unknown.
 */
function dontKnowFacts(r: CompiledRuleSetImpl, c: EvalContext, facts: Facts): { unknownFacts: string[]; inferredFacts: InferredFact[] } {
  const unknownFacts: string[] = [];
  const inferredFacts: InferredFact[] = [];
  for (const f of r.table.facts) {
    if (facts[f.name] !== null) continue;
    const value = settledValue(r.reader, c, f);
    if (value === undefined) unknownFacts.push(f.name);
    else inferredFacts.push({ fact: f.name, value });
  }
  return { unknownFacts, inferredFacts };
}

/** Verdicts only, for the question flow: marks under `mark` the facts that could still change one. */
export function markRelevantFacts(r: CompiledRuleSetImpl, c: EvalContext, mark: number): Tri[] {
  const out: Tri[] = [];
  for (const b of r.benefits) {
    const t = b.root.ev(c);
    out.push(t);
    if (t === UNKNOWN) collectMissing(r, b.root, c, mark);
  }
  return out;
}
