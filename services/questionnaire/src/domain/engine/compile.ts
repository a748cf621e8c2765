import type { Language, Text } from '@inps/kernel';
import { CompileContext } from './compile-context';
import { ConditionCompiler, type CNode } from './conditions';
import { CORE_FACT_TYPES } from './core-facts';
import type { AmountDefinition, BenefitDefinition, ConditionalText, QuestionDefinition, RuleSetDefinition } from './definition.types';
import { RuleSetValidationError, type FieldIssue } from './errors';
import { FactReader } from './fact-reader';
import { FactTable, type CFact } from './fact-table';
import { byLanguage, formatDate, formatValue, LANG_INDEX, perLanguage } from './format';
import { combine, combineAll, flagsOf, flagsOfAll, ITALIAN, type TextStatus } from './text-status';
import { Translator, type RuleSetTranslations } from './translator';
import { fill, wordsIn } from './words';
import { NumericCompiler } from './numeric';
import { EvalContext } from './runtime';
import { TextCompiler, type RenderPlain, type Statuses } from './texts';

/**
 * Turns a rule set definition into closures and precomputed texts, once, so that each evaluation
 * only runs the closures and concatenates strings. Also the semantic validation of a rule set:
 * every reference must resolve, and every fact the rules read must be settable by a question.
 */

export interface PresentedQuestion {
  id: string;
  fact: string;
  type: 'boolean' | 'number' | 'integer' | 'choice';
  options?: { value: string; label: string }[];
  label: string;
  help?: string;
  min?: number;
  max?: number;
  /** The language each text is really in, and whether it was reviewed (text-status.ts). */
  textStatus: { label: TextStatus; help?: TextStatus; options?: TextStatus[] };
}

export interface CompiledRuleSet {
  readonly definition: RuleSetDefinition;
}

export interface CText {
  when?: CNode;
  text: RenderPlain;
  status: Statuses;
}

export interface CExplained {
  node: CNode;
  /** Fixed text after the line (LANG_INDEX order): the unconfirmed-figure mark and the notes of derived values used. */
  suffix: readonly string[];
  /** Per language, the status of the whole line (node text and suffix) when the node holds or is unknown, and when it fails. */
  statusHolds: Statuses;
  statusFails: Statuses;
  availFacts: CFact[];
  pendFacts: CFact[];
  /** Whether other benefits show the same node (a shared condition): its line is then rendered once per evaluation. */
  shared: boolean;
}

interface CAmount {
  def: AmountDefinition;
  fn: (c: EvalContext) => void;
  facts: number[];
  notes: CText[];
  unconfirmedNote?: Record<Language, { text: string; status: TextStatus }>;
}

/** The status of each text of a benefit that does not depend on the facts. */
export interface BenefitStaticStatus {
  readonly name: TextStatus;
  readonly channels: TextStatus[];
  readonly documents: TextStatus[];
  readonly deadline?: TextStatus;
}

export interface CBenefit {
  readonly def: BenefitDefinition;
  readonly root: CNode;
  readonly explained: CExplained[];
  /**
   * Per language, when every line's status is the same whether it holds or fails: that status for
   * each line, one shared frozen array an evaluation hands out unless a step changes a line.
   */
  readonly sameStatus: (readonly TextStatus[] | undefined)[];
  /** Per language, flagsOf() the texts that do not depend on the facts (name, channels, documents, deadline). */
  readonly staticFlags: number[];
  /** Per language, flagsOfAll(sameStatus), so that a summary need not read the shared array line by line. */
  readonly sameFlags: number[];
  readonly amount?: CAmount;
  readonly unconfirmed: string[];
  readonly static: Record<
    Language,
    {
      name: string;
      channels: string[];
      documents: string[];
      deadline?: string;
      successorNote?: string;
      successorStatus?: TextStatus;
      status: BenefitStaticStatus;
    }
  >;
  readonly notes: CText[];
  readonly successors?: string[];
  /**
   * By fact index, 1 if the verdict may depend on the fact: read by the condition, or by the rules
   * (implied values, bounds, availability, pendingWhen) of a fact it reads, transitively. A probe of
   * nextQuestion on any other fact cannot change the verdict, so it is not evaluated again.
   */
  readonly dependsOn: Uint8Array;
}

export interface CQuestion {
  readonly def: QuestionDefinition;
  readonly fact: CFact;
  readonly askIf?: CNode;
  readonly presented: Record<Language, PresentedQuestion>;
  readonly min: number;
  readonly max: number;
  readonly options?: ReadonlySet<string>;
}

export class CompiledRuleSetImpl implements CompiledRuleSet {
  constructor(
    readonly definition: RuleSetDefinition,
    readonly table: FactTable,
    readonly reader: FactReader,
    readonly benefits: CBenefit[],
    readonly questions: CQuestion[],
    readonly questionIndex: ReadonlyMap<string, CQuestion>,
    readonly commonNotes: CText[],
    readonly ctx: EvalContext,
    readonly tr: Translator,
  ) {}
}

export function internal(rs: CompiledRuleSet): CompiledRuleSetImpl {
  if (!(rs instanceof CompiledRuleSetImpl)) throw new TypeError('expected a rule set returned by compileRuleSet');
  return rs;
}

const FACT_TYPE_FOR_QUESTION = { boolean: 'boolean', number: 'number', integer: 'integer', choice: 'enum' } as const;

function dedupeIssues(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.field}\u0000${i.issue}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The parts a rule set is compiled with, one set per rule set. They call one another (a condition
 * compares numbers, an expression may hold a condition, a label shows facts and derived values),
 * so they are made together here.
 */
function compilerFor(def: RuleSetDefinition, tr: Translator) {
  const ctx = new CompileContext();
  const table = new FactTable(def.facts ?? {}, ctx);
  const reader = new FactReader(table.facts, tr);
  const numeric = new NumericCompiler(def.parameters ?? {}, def.derived ?? {}, table, reader, ctx);
  const texts = new TextCompiler(table, reader, numeric, ctx, tr);
  const conditions = new ConditionCompiler(def.conditions ?? {}, table, reader, numeric, texts, ctx);
  numeric.useConditions(conditions);
  return { ctx, table, reader, numeric, texts, conditions };
}

/** The facts `read` and every fact their rules read, transitively, as flags by fact index. */
function factsBehind(table: FactTable, read: readonly number[]): Uint8Array {
  const out = new Uint8Array(table.facts.length);
  const stack = [...read];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (out[i] === 1) continue;
    out[i] = 1;
    for (const d of table.facts[i].directDeps) stack.push(d);
  }
  return out;
}

/**
 * `translations` are the rule set's translation files (rulesets/<id>/translations/): they change
 * which words the compiled rule set shows, never its definition, its checksum or its verdicts.
 */
export function compileRuleSet(def: RuleSetDefinition, translations?: RuleSetTranslations): CompiledRuleSet {
  const tr = new Translator(translations);
  const { ctx, table, reader, numeric, texts, conditions } = compilerFor(def, tr);
  const issue = (field: string, text: string): void => ctx.issue(field, text);
  const names = new Map<string, string>();
  for (const [kind, rec] of [
    ['fact', def.facts],
    ['parameter', def.parameters],
    ['derived value', def.derived ?? {}],
  ] as const) {
    for (const name of Object.keys(rec ?? {})) {
      const other = names.get(name);
      if (other) issue(`/${kind === 'fact' ? 'facts' : kind === 'parameter' ? 'parameters' : 'derived'}/${name}`, `name also used by a ${other}`);
      names.set(name, kind);
    }
  }
  for (const [name, f] of Object.entries(def.facts ?? {})) {
    const core = CORE_FACT_TYPES[name];
    if (core && f.type !== core) issue(`/facts/${name}/type`, `core fact "${name}" must be ${core} (docs/facts.md)`);
  }
  if (def.effectiveTo !== null && def.effectiveTo !== undefined && def.effectiveTo < def.effectiveFrom) {
    issue('/effectiveTo', 'is before effectiveFrom');
  }
  table.compileRules(conditions, numeric);
  for (const name of Object.keys(def.derived ?? {})) numeric.useDerived(name, `/derived/${name}`);

  const channels = def.channels ?? {};
  const compileNotes = (list: ConditionalText[] | undefined, path: string): CText[] =>
    (list ?? []).map((n, i) => {
      const text = texts.compileText(n.text, `${path}/${i}/text`);
      return { when: n.when ? conditions.compileAsIs(n.when, `${path}/${i}/when`) : undefined, text: text.render, status: text.status };
    });

  const seenBenefits = new Set<string>();
  const benefits: CBenefit[] = (def.benefits ?? []).map((b, bi) => {
    const path = `/benefits/${bi}`;
    if (seenBenefits.has(b.id)) issue(`${path}/id`, `duplicate benefit id "${b.id}"`);
    seenBenefits.add(b.id);
    const root = conditions.compile(b.condition, `${path}/condition`);
    const explainedNodes = root.kind === 'all' ? root.children : [root];
    const explained: CExplained[] = explainedNodes.map((node, i) => {
      if ((node.kind === 'all' || node.kind === 'any' || node.kind === 'not') && !node.hasLabel) {
        issue(`${path}/condition${root.kind === 'all' ? `/all/${i}` : ''}`, 'a composite condition shown in the explanation needs a label');
      }
      const subtree = node.subtreeFacts.map((f) => table.facts[f]);
      const unconfirmed = [...node.params].some((p) => numeric.params.get(p)?.confirmed === false);
      const notes = [...node.derived].map((d) => numeric.derived[d].def.note).filter((n): n is Text => n !== undefined);
      // The suffix follows the line: a line shown in Italian for want of a translation gets an Italian suffix.
      const shownIn = perLanguage((lang) => node.statusHolds[LANG_INDEX[lang]].language);
      const suffixStatus = shownIn.map((lang) =>
        combineAll(
          notes.map((n) => combine(tr.status(n, lang), wordsIn(lang).status)),
          unconfirmed ? wordsIn(lang).status : ITALIAN,
        ),
      );
      const suffix = (lang: Language): string =>
        (unconfirmed ? ` ${wordsIn(lang).unconfirmed}` : '') + notes.map((n) => ` ${fill(wordsIn(lang).note, { note: tr.in(n, lang) })}`).join('');
      return {
        node,
        suffix: perLanguage((lang) => suffix(shownIn[LANG_INDEX[lang]])),
        statusHolds: perLanguage((lang) => combine(node.statusHolds[LANG_INDEX[lang]], suffixStatus[LANG_INDEX[lang]])),
        statusFails: perLanguage((lang) => combine(node.statusFails[LANG_INDEX[lang]], suffixStatus[LANG_INDEX[lang]])),
        availFacts: subtree.filter((f) => f.availFlag >= 0),
        pendFacts: subtree.filter((f) => f.pendingWhen !== undefined),
        shared: false,
      };
    });
    let amount: CAmount | undefined;
    const params = new Set(root.params);
    if (b.amount) {
      const num = numeric.compile(b.amount.value, `${path}/amount/value`);
      for (const p of num.params) params.add(p);
      for (const d of num.derived) for (const p of numeric.derived[d].params) params.add(p);
      const unconf = [...num.params].flatMap((p) => {
        const def = numeric.params.get(p);
        return def && !def.confirmed ? [def] : [];
      });
      amount = {
        def: b.amount,
        fn: num.fn,
        facts: [...num.facts].sort((x, y) => x - y),
        notes: compileNotes(b.amount.notes, `${path}/amount/notes`),
        unconfirmedNote:
          unconf.length > 0
            ? byLanguage((asked) => {
                const lang = tr.languageOfAll(
                  unconf.map((p) => p.label),
                  asked,
                );
                const w = wordsIn(lang);
                const figures = unconf.map((p) => fill(w.figure, { label: tr.in(p.label, lang), value: formatValue(p.value, p.unit, lang) })).join(w.joinList);
                return { text: fill(w.figuresUnconfirmed, { figures }), status: combine(tr.statusIn(lang), w.status) };
              })
            : undefined,
      };
    }
    (b.howToApply?.channels ?? []).forEach((ch, i) => {
      if (!channels[ch]) issue(`${path}/howToApply/channels/${i}`, `unknown channel "${ch}"`);
    });
    const staticFor = (lang: Language) => {
      const successors = b.successors ?? [];
      // The engine's sentence about successors is in their names' language: Italian if one lacks a translation.
      const successorLang = tr.languageOfAll(
        successors.map((x) => x.name),
        lang,
      );
      const w = wordsIn(successorLang);
      const channelTexts = (b.howToApply?.channels ?? []).map((ch) => channels[ch]);
      const deadline = b.howToApply?.deadline;
      const status: BenefitStaticStatus = Object.freeze({
        name: tr.status(b.name, lang),
        channels: channelTexts.map((t) => (t ? tr.status(t, lang) : ITALIAN)),
        documents: (b.howToApply?.documents ?? []).map((d) => tr.status(d, lang)),
        ...(deadline ? { deadline: tr.status(deadline, lang) } : {}),
      });
      return {
        name: tr.in(b.name, lang),
        channels: (b.howToApply?.channels ?? []).map((ch) => (channels[ch] ? tr.in(channels[ch], lang) : ch)),
        documents: (b.howToApply?.documents ?? []).map((d) => tr.in(d, lang)),
        deadline: deadline ? tr.in(deadline, lang) : undefined,
        successorNote:
          successors.length > 0
            ? fill(w.successors, {
                successors: successors
                  .map((s) =>
                    s.relation === 'continues'
                      ? fill(w.successorContinues, { name: tr.in(s.name, successorLang) })
                      : fill(w.successorReplaced, { name: tr.in(s.name, successorLang), since: formatDate(s.since, successorLang) }),
                  )
                  .join(w.joinAll),
              })
            : undefined,
        successorStatus: successors.length > 0 ? combine(tr.statusIn(successorLang), w.status) : undefined,
        status,
      };
    };
    const sameStatus = perLanguage((lang) => {
      const li = LANG_INDEX[lang];
      const first = explained[0]?.statusHolds[li];
      const same = explained.every((e) => e.statusHolds[li] === first && e.statusFails[li] === first);
      return same && first ? Object.freeze(explained.map(() => first)) : undefined;
    });
    const statics = byLanguage(staticFor);
    return {
      def: b,
      root,
      explained,
      sameStatus,
      sameFlags: sameStatus.map((list) => flagsOfAll(list)),
      staticFlags: perLanguage((lang) => {
        const st = statics[lang].status;
        return flagsOf(st.name) | flagsOfAll(st.channels) | flagsOfAll(st.documents) | (st.deadline ? flagsOf(st.deadline) : 0);
      }),
      amount,
      unconfirmed: [...params].filter((p) => numeric.params.get(p)?.confirmed === false).sort(),
      static: statics,
      notes: compileNotes(b.howToApply?.notes, `${path}/howToApply/notes`),
      successors: b.successors?.map((s) => s.id),
      dependsOn: factsBehind(table, root.subtreeFacts),
    };
  });

  const shownBy = new Map<CNode, number>();
  for (const b of benefits) for (const e of b.explained) shownBy.set(e.node, (shownBy.get(e.node) ?? 0) + 1);
  for (const b of benefits) for (const e of b.explained) e.shared = (shownBy.get(e.node) ?? 0) > 1;

  const commonNotes = compileNotes(def.notes, '/notes');
  const questionIndex = new Map<string, CQuestion>();
  const questions: CQuestion[] = (def.questions ?? []).map((q, qi) => {
    const path = `/questions/${qi}`;
    if (questionIndex.has(q.id)) issue(`${path}/id`, `duplicate question id "${q.id}"`);
    const factIdx = table.index.get(q.fact);
    if (factIdx === undefined) issue(`${path}/fact`, `unknown fact "${q.fact}"`);
    const fact = table.facts[factIdx ?? 0];
    if (factIdx !== undefined && FACT_TYPE_FOR_QUESTION[q.type] !== fact.type) {
      issue(`${path}/type`, `a ${q.type} question cannot set the ${fact.type} fact "${fact.name}"`);
    }
    const askIf = q.askIf ? conditions.compileAsIs(q.askIf, `${path}/askIf`) : undefined;
    const optionDefs = q.type === 'choice' ? (q.options ?? fact.def.values ?? []) : undefined;
    if (optionDefs) {
      optionDefs.forEach((o, i) => {
        if (factIdx !== undefined && !fact.enumLabels.has(o.value)) issue(`${path}/options/${i}`, `"${o.value}" is not a value of fact "${fact.name}"`);
      });
    } else if (q.options) issue(`${path}/options`, 'only choice questions have options');
    const min = Math.max(q.min ?? Number.NEGATIVE_INFINITY, fact.min);
    const max = Math.min(q.max ?? Number.POSITIVE_INFINITY, fact.max);
    const present = (lang: Language): PresentedQuestion => {
      const textStatus: PresentedQuestion['textStatus'] = { label: tr.status(q.label, lang) };
      const p: PresentedQuestion = { id: q.id, fact: q.fact, type: q.type, label: tr.in(q.label, lang), textStatus };
      if (optionDefs) {
        p.options = optionDefs.map((o) => ({ value: o.value, label: tr.in(o.label, lang) }));
        textStatus.options = optionDefs.map((o) => tr.status(o.label, lang));
      }
      if (q.help) {
        p.help = tr.in(q.help, lang);
        textStatus.help = tr.status(q.help, lang);
      }
      Object.freeze(textStatus);
      if (q.type === 'number' || q.type === 'integer') {
        p.min = min;
        p.max = max;
      }
      return Object.freeze(p);
    };
    const cq: CQuestion = {
      def: q,
      fact,
      askIf,
      presented: byLanguage(present),
      min,
      max,
      options: optionDefs ? new Set(optionDefs.map((o) => o.value)) : undefined,
    };
    questionIndex.set(q.id, cq);
    return cq;
  });

  const asked = new Set(questions.map((q) => q.fact.idx));
  // A fact the rules read may be narrowed by others (its bounds, implied values): those can become missing too.
  const used = ctx.usedFacts;
  const pending = [...used];
  while (pending.length > 0) {
    const [idx, where] = pending.pop() as [number, string];
    const f = table.facts[idx];
    for (const d of [...f.deps, ...(f.pendingWhen?.subtreeFacts ?? [])]) {
      if (used.has(d)) continue;
      const via = `${where} (via /facts/${f.name})`;
      used.set(d, via);
      pending.push([d, via]);
    }
  }
  for (const [idx, where] of used) {
    if (!asked.has(idx)) issue('/questions', `no question sets fact "${table.facts[idx].name}" (used at ${where})`);
  }

  const issues = dedupeIssues(ctx.issues);
  if (issues.length > 0) throw new RuleSetValidationError(issues, def.id);
  const evalContext = new EvalContext(table.facts.length, numeric.derived.length, conditions.nodeCount);
  return new CompiledRuleSetImpl(def, table, reader, benefits, questions, questionIndex, commonNotes, evalContext, tr);
}
