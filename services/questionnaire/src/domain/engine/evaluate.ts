import { DEFAULT_LANGUAGE, isLanguage, type Language, type Text } from '@inps/kernel';
import { internal, type BenefitStaticStatus, type CBenefit, type CExplained, type CompiledRuleSet, type CompiledRuleSetImpl, type CText } from './compile';
import type { CNode } from './conditions';
import type { CFact } from './fact-table';
import type { FactValue, Facts } from './definition.types';
import type { FactReader } from './fact-reader';
import { formatRange, LANG_INDEX } from './format';
import { FALSE, TRUE, UNKNOWN, type EvalContext, type Tri } from './runtime';
import { combine, flagsOf, flagsOfAll, summariseFlags, type TextStatus, type TranslationSummary } from './text-status';
import { wordsIn } from './words';

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
  /** For each text above, in the same places: the language it is really in and whether it was reviewed. */
  textStatus: BenefitTextStatus;
}

export interface BenefitTextStatus extends BenefitStaticStatus {
  readonly explanation: TextStatus[];
  readonly wouldQualifyIf?: TextStatus[];
  readonly amountNote?: TextStatus;
  readonly notes: TextStatus[];
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
  /** The language asked for, the languages the texts are really in, and whether every one was reviewed. */
  translation: TranslationSummary;
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
  c.dontKnow.length = 0;
  const index = r.table.index;
  const defs = r.table.facts;
  for (const key of Object.keys(facts)) {
    const i = index.get(key);
    if (i === undefined) continue;
    const v = facts[key];
    if (v === null) {
      c.dontKnow.push(i);
      continue;
    }
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
      c.marked.push(f.idx);
      added++;
    }
    for (const d of f.deps) {
      if (c.vals[d] === undefined && c.mark[d] !== mark) {
        c.mark[d] = mark;
        c.marked.push(d);
        added++;
      }
    }
  } else if (v === false && f.pendingWhen) {
    const p = f.pendingWhen.ev(c);
    if (p === TRUE) {
      if (c.mark[f.idx] !== mark) {
        c.mark[f.idx] = mark;
        c.marked.push(f.idx);
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

/** The names of the facts marked since nextMark(), in the rule set's fact order. */
function markedNames(r: CompiledRuleSetImpl, c: EvalContext): string[] {
  const list = c.marked;
  if (list.length > 1) list.sort((x, y) => x - y);
  const facts = r.table.facts;
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = facts[list[i]].name;
  return out;
}

/** Texts for a near miss: the single change that would make the node hold, if there is one. */
function nearMiss(node: CNode, c: EvalContext, lang: Language, out: { text: string }[], status: TextStatus[]): void {
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
    if (failing) nearMiss(failing, c, lang, out, status);
    return;
  }
  out.push({ text: node.renderWould(c, lang) });
  status.push(node.statusWould[LANG_INDEX[lang]]);
}

/** Notes and their statuses, side by side. */
interface Notes {
  texts: string[];
  status: TextStatus[];
}

function renderNotes(list: CText[], c: EvalContext, lang: Language, out: Notes): void {
  for (const n of list) {
    if (n.when && n.when.ev(c) !== TRUE) continue;
    out.texts.push(n.text(c, lang));
    out.status.push(n.status[LANG_INDEX[lang]]);
  }
}

/** The status of the line appendSteps last wrote: a scratch slot, as evaluation is synchronous. */
let stepLineStatus: TextStatus;

function appendStep(r: CompiledRuleSetImpl, step: Text, lang: Language, text: string, notes: Notes): string {
  // The dash before a step is written in the step's language, so an untranslated step adds only Italian.
  const words = wordsIn(r.tr.languageOf(step, lang));
  const shown = r.tr.in(step, lang);
  const status = r.tr.status(step, lang);
  stepLineStatus = combine(stepLineStatus, combine(status, words.status));
  if (!notes.texts.includes(shown)) {
    notes.texts.push(shown);
    notes.status.push(status);
  }
  return text + words.step.before + shown + words.step.after;
}

/** Adds to an open line the steps that would settle it; its status with them is left in stepLineStatus. */
function appendSteps(r: CompiledRuleSetImpl, e: CExplained, c: EvalContext, lang: Language, text: string, status: TextStatus, notes: Notes): string {
  const reader: FactReader = r.reader;
  let out = text;
  stepLineStatus = status;
  for (const f of e.availFacts) if (reader.isUnavailable(c, f) && f.def.unavailableStep) out = appendStep(r, f.def.unavailableStep, lang, out, notes);
  for (const f of e.pendFacts) if (reader.isPending(c, f) && f.def.pendingStep) out = appendStep(r, f.def.pendingStep, lang, out, notes);
  return out;
}

/** A shared node's line: the same in every benefit that shows it (its result is memoised too), so it is rendered once. */
function sharedLine(node: CNode, c: EvalContext, lang: Language, t: Tri): string {
  const i = node.idx;
  if (c.lineEpoch[i] === c.epoch) return c.lineText[i];
  const text = node.render(c, lang, t);
  c.lineEpoch[i] = c.epoch;
  c.lineText[i] = text;
  return text;
}

function evaluateBenefit(r: CompiledRuleSetImpl, b: CBenefit, c: EvalContext, lang: Language, commonNotes: Readonly<Notes>): BenefitResult {
  const tri = b.root.ev(c);
  const st = b.static[lang];
  let missingFacts: string[] = [];
  if (tri === UNKNOWN) {
    const mark = c.nextMark();
    collectMissing(r, b.root, c, mark);
    missingFacts = markedNames(r, c);
  }
  const notes: Notes = { texts: [], status: [] };
  const li = LANG_INDEX[lang];
  const explained = b.explained;
  const explanation = new Array<{ text: string; holds: boolean | null }>(explained.length);
  // Mostly every line has the same status: the shared array is handed out, copied only if a step changes one.
  const same = b.sameStatus[li];
  let explanationStatus = same ? undefined : new Array<TextStatus>(explained.length);
  for (let i = 0; i < explained.length; i++) {
    const e = explained[i];
    const t = c.tri[e.node.idx] as Tri;
    let text = e.shared ? sharedLine(e.node, c, lang, t) : e.node.render(c, lang, t);
    const suffix = e.suffix[li];
    if (suffix !== '') text += suffix;
    let status = t === FALSE ? e.statusFails[li] : e.statusHolds[li];
    // Steps (get an ISEE, register at a fictitious address) matter only while the benefit is still open.
    if (t === UNKNOWN && tri !== FALSE) {
      text = appendSteps(r, e, c, lang, text, status, notes);
      status = stepLineStatus;
    }
    explanation[i] = { text, holds: t === TRUE ? true : t === FALSE ? false : null };
    if (explanationStatus) explanationStatus[i] = status;
    else if (status !== (same as readonly TextStatus[])[i]) {
      explanationStatus = (same as readonly TextStatus[]).slice();
      explanationStatus[i] = status;
    }
  }
  const fixed = st.status;
  const textStatus: { -readonly [K in keyof BenefitTextStatus]: BenefitTextStatus[K] } = {
    name: fixed.name,
    explanation: explanationStatus ?? (same as TextStatus[]),
    channels: fixed.channels,
    documents: fixed.documents,
    notes: notes.status,
  };
  if (fixed.deadline) textStatus.deadline = fixed.deadline;
  const result: BenefitResult = {
    id: b.def.id,
    name: st.name,
    authority: b.def.authority,
    status: VERDICT[tri],
    missingFacts,
    explanation,
    howToApply: { channels: st.channels.slice(), documents: st.documents.slice(), notes: notes.texts },
    textStatus,
  };
  if (st.deadline) result.howToApply.deadline = st.deadline;
  if (tri === FALSE) {
    const would: { text: string }[] = [];
    const wouldStatus: TextStatus[] = [];
    nearMiss(b.root, c, lang, would, wouldStatus);
    if (would.length > 0) {
      result.wouldQualifyIf = would;
      textStatus.wouldQualifyIf = wouldStatus;
    }
  }
  if (tri !== FALSE && b.amount) {
    const a = b.amount;
    a.fn(c);
    const lo = Math.round(c.lo * 100) / 100;
    const hi = Math.round(c.hi * 100) / 100;
    const amountNotes: Notes = { texts: [], status: [] };
    if (lo !== hi && Number.isFinite(lo) && Number.isFinite(hi)) {
      const unknown = a.facts.filter((f) => c.vals[f] === undefined).map((f) => r.table.facts[f].def.label);
      // The engine's sentence is in its facts' language: Italian, figures included, if one lacks a translation.
      const shown = r.tr.languageOfAll(unknown, lang);
      const w = wordsIn(shown);
      const depends = unknown.map((label) => r.tr.in(label, shown)).join(w.joinList);
      amountNotes.texts.push(w.rangeNote({ lo: formatRange(lo, lo, 'EUR', shown), hi: formatRange(hi, hi, 'EUR', shown), facts: depends }));
      amountNotes.status.push(combine(r.tr.statusIn(shown), w.status));
    }
    renderNotes(a.notes, c, lang, amountNotes);
    if (a.unconfirmedNote) {
      amountNotes.texts.push(a.unconfirmedNote[lang].text);
      amountNotes.status.push(a.unconfirmedNote[lang].status);
    }
    if (Number.isFinite(lo)) {
      result.amount = { value: lo, period: a.def.period };
      if (amountNotes.texts.length > 0) {
        const texts = amountNotes.texts;
        let note = texts[0];
        let status = amountNotes.status[0];
        for (let i = 1; i < texts.length; i++) {
          note += ' ' + texts[i];
          status = combine(status, amountNotes.status[i]);
        }
        result.amount.note = note;
        textStatus.amountNote = status;
      }
    }
  }
  if (tri !== FALSE) {
    renderNotes(b.notes, c, lang, notes);
    for (let i = 0; i < commonNotes.texts.length; i++) {
      notes.texts.push(commonNotes.texts[i]);
      notes.status.push(commonNotes.status[i]);
    }
  }
  if (b.successors) {
    result.successors = b.successors.slice();
    if (st.successorNote) {
      notes.texts.push(st.successorNote);
      notes.status.push(st.successorStatus as TextStatus);
    }
  }
  if (b.unconfirmed.length > 0) result.unconfirmedParameters = b.unconfirmed.slice();
  return result;
}

export function evaluate(rs: CompiledRuleSet, facts: Facts, language: Language): EvaluationResult {
  const r = internal(rs);
  const lang: Language = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const c = loadFacts(r, facts);
  const def = r.definition;
  const commonNotes: Notes = { texts: [], status: [] };
  renderNotes(r.commonNotes, c, lang, commonNotes);
  const benefits = new Array<BenefitResult>(r.benefits.length);
  for (let i = 0; i < r.benefits.length; i++) benefits[i] = evaluateBenefit(r, r.benefits[i], c, lang, commonNotes);
  const { unknownFacts, inferredFacts } = dontKnowFacts(r, c);
  return {
    ruleSet: { id: def.id, effectiveFrom: def.effectiveFrom, effectiveTo: def.effectiveTo ?? null },
    benefits,
    unknownFacts,
    inferredFacts,
    translation: summariseFlags(lang, flagsOfResult(r, benefits, LANG_INDEX[lang])),
  };
}

/** flagsOf() every text of an evaluation, ORed: the static ones were worked out at compile time. */
function flagsOfResult(r: CompiledRuleSetImpl, benefits: readonly BenefitResult[], li: number): number {
  let out = 0;
  for (let i = 0; i < benefits.length; i++) {
    const s = benefits[i].textStatus;
    const b = r.benefits[i];
    out |=
      b.staticFlags[li] |
      (s.explanation === b.sameStatus[li] ? b.sameFlags[li] : flagsOfAll(s.explanation)) |
      flagsOfAll(s.wouldQualifyIf) |
      flagsOfAll(s.notes);
    if (s.amountNote) out |= flagsOf(s.amountNote);
  }
  return out;
}

/**
 * The facts of the rule set given as `null` ("don't know"), in the rule set's fact order: those the
 * other facts settle are inferred, the others stay unknown.
 */
function dontKnowFacts(r: CompiledRuleSetImpl, c: EvalContext): { unknownFacts: string[]; inferredFacts: InferredFact[] } {
  const unknownFacts: string[] = [];
  const inferredFacts: InferredFact[] = [];
  const list = c.dontKnow;
  if (list.length === 0) return { unknownFacts, inferredFacts };
  // Collected by loadFacts in the order of the facts given; reported in the rule set's order.
  if (list.length > 1) list.sort((x, y) => x - y);
  for (const i of list) {
    const f = r.table.facts[i];
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
