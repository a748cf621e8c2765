import { DEFAULT_LANGUAGE, LANGUAGES, type Language, type Text } from '@inps/kernel';
import type { CompileContext } from './compile-context';
import type { ComparisonOp, ConditionNode, Expr, FactValue, Literal, NodeMeta } from './definition.types';
import type { FactReader } from './fact-reader';
import type { CFact, FactTable } from './fact-table';
import { formatRange, formatValue, LANG_INDEX, OPERATOR_SYMBOLS, perLanguage } from './format';
import { decide } from './interval';
import { union, type NumericCompiler } from './numeric';
import { FALSE, triNot, TRUE, UNKNOWN, type EvalContext, type Tri } from './runtime';
import { combine, combineAll, ITALIAN } from './text-status';
import type { Render, RenderPlain, Statuses, TextCompiler } from './texts';
import { wordsIn } from './words';

/**
 * Compiles condition trees into closures. Each node gets an index: evaluating it stores its truth
 * value in `c.tri[idx]`, which explanations, missing facts and near misses read afterwards instead
 * of evaluating again.
 *
 * Evaluation is three-valued (Kleene) over intervals: an unknown numeric fact spans its valid range
 * (narrowed by `bounds` and `implied` values), so a comparison is decided as soon as no value still
 * possible could change it. Nothing here knows about a particular benefit: every rule is data.
 */

export type NodeKind = 'all' | 'any' | 'not' | 'cmp' | 'in' | 'bool' | 'scalar';

export interface CNode {
  readonly idx: number;
  readonly kind: NodeKind;
  readonly children: CNode[];
  readonly ev: (c: EvalContext) => Tri;
  /** Facts read by this node itself (leaves only), in fact-index order. */
  readonly directFacts: number[];
  /** Facts read anywhere below, for the ISEE / residence steps. */
  readonly subtreeFacts: number[];
  readonly params: ReadonlySet<string>;
  readonly derived: ReadonlySet<number>;
  readonly hasLabel: boolean;
  readonly render: Render;
  readonly renderWould: RenderPlain;
  /** Per language: the status of the line when the node holds or is unknown, when it fails, and of its near-miss text. */
  readonly statusHolds: Statuses;
  readonly statusFails: Statuses;
  readonly statusWould: Statuses;
}

type ScalarFn = (c: EvalContext) => FactValue | undefined;

/** An enum or boolean operand of `eq`, `ne` or `in`: a fact or a literal. */
interface ScalarCompiled {
  fn: ScalarFn;
  facts: Set<number>;
  type: 'boolean' | 'enum' | 'string' | 'number';
  factRef?: number;
  literal?: Literal;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const NODE_KEYS = ['all', 'any', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'isTrue', 'isFalse', 'ref'] as const;
type NodeKey = (typeof NODE_KEYS)[number];

/** The operator of a condition node, or undefined when it has none or more than one. */
function nodeKey(node: ConditionNode): NodeKey | undefined {
  const rec = node as unknown as Record<string, unknown>;
  let found: NodeKey | undefined;
  for (const k of NODE_KEYS) {
    if (rec[k] !== undefined) {
      if (found) return undefined;
      found = k;
    }
  }
  return found;
}

/**
 * A node shared by several benefits (a named condition) is evaluated once per evaluation: its
 * result and every result below it are kept in `c.tri` until the facts change (`epoch`). Kleene
 * `all`/`any` evaluate every child, so every node below has its result stored by then.
 */
function memoised(node: CNode): CNode {
  const idx = node.idx;
  const inner = node.ev;
  const ev = (c: EvalContext): Tri => {
    if (c.triEpoch[idx] === c.epoch) return c.tri[idx] as Tri;
    const r = inner(c);
    c.triEpoch[idx] = c.epoch;
    return r;
  };
  return { ...node, ev };
}

export class ConditionCompiler {
  /** Nodes compiled so far: the size of the evaluation context's per-node arrays. */
  nodeCount = 0;
  /** Shared conditions (`ref`) being expanded, to refuse one that refers to itself. */
  private readonly refStack: string[] = [];
  private readonly factLabels = new Map<number, string[]>();
  /** Named conditions compiled without a label of their own, by name and mode (see `ref`). */
  private readonly sharedRefs = new Map<string, CNode>();

  constructor(
    private readonly namedConditions: Record<string, ConditionNode>,
    private readonly table: FactTable,
    private readonly reader: FactReader,
    private readonly numeric: NumericCompiler,
    private readonly texts: TextCompiler,
    private readonly ctx: CompileContext,
  ) {}

  /** Compiles a condition about the situation as it is (a note's `when`, an `askIf`), not about eligibility. */
  compileAsIs(node: ConditionNode, path: string): CNode {
    return this.ctx.asIs(() => this.compile(node, path));
  }

  compile(node: ConditionNode, path: string, metaOverride?: NodeMeta): CNode {
    const key = isObject(node) ? nodeKey(node) : undefined;
    const meta: NodeMeta = { ...(node as NodeMeta), ...(metaOverride ?? {}) };
    if (metaOverride?.label) meta.labelFalse = metaOverride.labelFalse;
    if (!key) {
      this.ctx.issue(path, 'a condition needs exactly one of all, any, not, eq, ne, lt, le, gt, ge, in, isTrue, isFalse, ref');
      return this.constantNode(UNKNOWN);
    }
    const rec = node as unknown as Record<string, unknown>;
    const reader = this.reader;
    switch (key) {
      case 'ref': {
        const name = rec.ref as string;
        const target = this.namedConditions[name];
        if (!target) {
          this.ctx.issue(`${path}/ref`, `unknown condition "${name}"`);
          return this.constantNode(UNKNOWN);
        }
        if (this.refStack.includes(name)) {
          this.ctx.issue(`${path}/ref`, `condition "${name}" refers to itself`);
          return this.constantNode(UNKNOWN);
        }
        const own: NodeMeta = {};
        if (meta.label) own.label = meta.label;
        if (meta.labelFalse) own.labelFalse = meta.labelFalse;
        if (meta.wouldQualifyIf) own.wouldQualifyIf = meta.wouldQualifyIf;
        const plain = Object.keys(own).length === 0;
        // A named condition used as it is, in the same mode, is one node for every benefit that uses it.
        const key = `${name}:${this.ctx.mode}`;
        const shared = plain ? this.sharedRefs.get(key) : undefined;
        if (shared) return shared;
        this.refStack.push(name);
        const compiled = this.compile(target, `/conditions/${name}`, plain ? undefined : own);
        this.refStack.pop();
        if (!plain) return compiled;
        const node = memoised(compiled);
        this.sharedRefs.set(key, node);
        return node;
      }
      case 'all':
      case 'any': {
        const list = rec[key];
        if (!Array.isArray(list) || list.length === 0) {
          this.ctx.issue(`${path}/${key}`, 'expects a non-empty list of conditions');
          return this.constantNode(UNKNOWN);
        }
        const children = list.map((n, i) => this.compile(n as ConditionNode, `${path}/${key}/${i}`));
        return this.composite(key, children, meta, path);
      }
      case 'not': {
        const child = this.compile(rec.not as ConditionNode, `${path}/not`);
        return this.composite('not', [child], meta, path);
      }
      case 'isTrue':
      case 'isFalse': {
        const f = this.table.use(rec[key] as string, `${path}/${key}`);
        if (!f) return this.constantNode(UNKNOWN);
        if (f.type !== 'boolean') this.ctx.issue(`${path}/${key}`, `fact "${f.name}" is ${f.type}, not boolean`);
        const idx = this.nodeCount++;
        const negate = key === 'isFalse';
        const asIs = !this.ctx.eligibility;
        const ev = (c: EvalContext): Tri => {
          const t = reader.readBool(c, f, asIs);
          const r = negate ? triNot(t) : t;
          c.tri[idx] = r;
          return r;
        };
        const label = this.labelsOf(f);
        // Lines of a known answer are fixed per language: made here, not at every evaluation.
        const prefix = label.map((l) => `${l}: `);
        const yesLine = perLanguage((lang) => prefix[LANG_INDEX[lang]] + wordsIn(lang).yes);
        const noLine = perLanguage((lang) => prefix[LANG_INDEX[lang]] + wordsIn(lang).no);
        const auto: Render = (c, lang) => {
          const v = c.vals[f.idx];
          const li = LANG_INDEX[lang];
          return v === true ? yesLine[li] : v === false ? noLine[li] : prefix[li] + reader.format(c, f, lang);
        };
        const autoWould: RenderPlain = (_c, lang) => `${label[LANG_INDEX[lang]]}: ${negate ? wordsIn(lang).no : wordsIn(lang).yes}`;
        return this.leaf(idx, 'bool', ev, [f.idx], new Set(), new Set(), meta, path, auto, autoWould, undefined, f);
      }
      case 'in': {
        const pair = rec.in;
        if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(pair[1])) {
          this.ctx.issue(`${path}/in`, 'expects [operand, [values]]');
          return this.constantNode(UNKNOWN);
        }
        const values = pair[1] as Literal[];
        const idx = this.nodeCount++;
        if (this.isScalarOperand(pair[0] as Expr)) {
          const s = this.compileScalar(pair[0] as Expr, `${path}/in/0`);
          if (!s) return this.constantNode(UNKNOWN);
          const f = s.factRef !== undefined ? this.table.facts[s.factRef] : undefined;
          if (f) values.forEach((v, i) => this.table.checkLiteralFits(f, v, `${path}/in/1/${i}`));
          const set = new Set<FactValue>(values);
          const sf = s.fn;
          const ev = (c: EvalContext): Tri => {
            const v = sf(c);
            const r: Tri = v === undefined ? UNKNOWN : set.has(v) ? TRUE : FALSE;
            c.tri[idx] = r;
            return r;
          };
          const allowedText = perLanguage((lang) =>
            values
              .map((v) => (f && typeof v === 'string' ? (f.enumLabels.has(v) ? this.texts.tr.in(f.enumLabels.get(v) as Text, lang) : v) : String(v)))
              .join(wordsIn(lang).joinAny),
          );
          const allowed = (lang: Language): string => allowedText[LANG_INDEX[lang]];
          const label = f ? this.labelsOf(f) : [];
          const prefix = label.map((l) => `${l}: `);
          const unknownLine = perLanguage((lang) => prefix[LANG_INDEX[lang]] + allowed(lang));
          const auto: Render = (c, lang) => {
            if (!f) return allowed(lang);
            const shown = reader.format(c, f, lang);
            const li = LANG_INDEX[lang];
            return shown === '?' ? unknownLine[li] : prefix[li] + shown;
          };
          const autoWould: RenderPlain = (_c, lang) => (f ? `${label[LANG_INDEX[lang]]}: ${allowed(lang)}` : allowed(lang));
          return this.leaf(idx, 'scalar', ev, [...s.facts], new Set(), new Set(), meta, path, auto, autoWould, undefined, f);
        }
        const a = this.numeric.compile(pair[0] as Expr, `${path}/in/0`);
        const nums = values.filter((v): v is number => typeof v === 'number');
        if (nums.length !== values.length) this.ctx.issue(`${path}/in/1`, 'a numeric operand needs numeric values');
        const af = a.fn;
        const ev = (c: EvalContext): Tri => {
          af(c);
          let r: Tri = FALSE;
          for (const v of nums) {
            if (c.lo === c.hi && c.lo === v) {
              r = TRUE;
              break;
            }
            if (v >= c.lo && v <= c.hi) r = UNKNOWN;
          }
          c.tri[idx] = r;
          return r;
        };
        const auto: Render = (_c, lang) => nums.map((v) => formatValue(v, a.unit ?? 'none', lang)).join(wordsIn(lang).joinAny);
        return this.leaf(idx, 'in', ev, [...a.facts], a.params, a.derived, meta, path, auto, (c, lang) => auto(c, lang, UNKNOWN));
      }
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return this.comparison(key, rec[key], meta, path);
    }
  }

  private comparison(op: ComparisonOp, operands: unknown, meta: NodeMeta, path: string): CNode {
    if (!Array.isArray(operands) || operands.length !== 2) {
      this.ctx.issue(`${path}/${op}`, 'expects two operands');
      return this.constantNode(UNKNOWN);
    }
    const [left, right] = operands as [Expr, Expr];
    const idx = this.nodeCount++;
    const sym = OPERATOR_SYMBOLS[op];
    const reader = this.reader;
    if ((op === 'eq' || op === 'ne') && (this.isScalarOperand(left) || this.isScalarOperand(right))) {
      const a = this.compileScalar(left, `${path}/${op}/0`);
      const b = this.compileScalar(right, `${path}/${op}/1`);
      if (!a || !b) {
        this.ctx.issue(`${path}/${op}`, 'compare an enum or boolean fact with a literal or a fact of the same type');
        return this.constantNode(UNKNOWN);
      }
      const f = a.factRef !== undefined ? this.table.facts[a.factRef] : b.factRef !== undefined ? this.table.facts[b.factRef] : undefined;
      const lit = a.literal !== undefined ? a.literal : b.literal;
      if (f && lit !== undefined) this.table.checkLiteralFits(f, lit, `${path}/${op}`);
      const af = a.fn;
      const bf = b.fn;
      const negate = op === 'ne';
      const ev = (c: EvalContext): Tri => {
        const x = af(c);
        const y = bf(c);
        const r: Tri = x === undefined || y === undefined ? UNKNOWN : (x === y) !== negate ? TRUE : FALSE;
        c.tri[idx] = r;
        return r;
      };
      const tr = this.texts.tr;
      const litLabel = (lang: Language): string =>
        lit === undefined
          ? '?'
          : typeof lit === 'boolean'
            ? lit
              ? wordsIn(lang).yes
              : wordsIn(lang).no
            : f?.enumLabels.has(String(lit))
              ? tr.in(f.enumLabels.get(String(lit)) as Text, lang)
              : String(lit);
      const label = f ? this.labelsOf(f) : [];
      const prefix = label.map((l) => `${l}: `);
      const auto: Render = (c, lang) => (f ? prefix[LANG_INDEX[lang]] + reader.format(c, f, lang) : litLabel(lang));
      const autoWould: RenderPlain = (_c, lang) => (f ? `${label[LANG_INDEX[lang]]} ${sym} ${litLabel(lang)}` : litLabel(lang));
      return this.leaf(idx, 'scalar', ev, [...a.facts, ...b.facts], new Set(), new Set(), meta, path, auto, autoWould, undefined, f);
    }
    const a = this.numeric.compile(left, `${path}/${op}/0`);
    const b = this.numeric.compile(right, `${path}/${op}/1`);
    const af = a.fn;
    const bf = b.fn;
    const slot = idx * 2;
    const threshold = b.constant;
    // Most right-hand sides are a parameter or a literal: no call is needed to know them.
    const ev =
      threshold !== undefined
        ? (c: EvalContext): Tri => {
            af(c);
            const alo = c.lo;
            const ahi = c.hi;
            c.opLo[slot] = alo;
            c.opHi[slot] = ahi;
            c.opLo[slot + 1] = threshold;
            c.opHi[slot + 1] = threshold;
            c.lo = threshold;
            c.hi = threshold;
            const r = decide(op, alo, ahi, threshold, threshold);
            c.tri[idx] = r;
            return r;
          }
        : (c: EvalContext): Tri => {
            af(c);
            const alo = c.lo;
            const ahi = c.hi;
            bf(c);
            const blo = c.lo;
            const bhi = c.hi;
            c.opLo[slot] = alo;
            c.opHi[slot] = ahi;
            c.opLo[slot + 1] = blo;
            c.opHi[slot + 1] = bhi;
            const r = decide(op, alo, ahi, blo, bhi);
            c.tri[idx] = r;
            return r;
          };
    const leftUnit = a.unit ?? b.unit ?? 'none';
    const rightUnit = b.unit ?? a.unit ?? 'none';
    const leftFact = a.factRef !== undefined ? this.table.facts[a.factRef] : undefined;
    const o = idx * 2;
    // Thresholds are mostly parameters or literals: their text is fixed, so it is made once here.
    const rightFixed = b.constant !== undefined ? perLanguage((lang) => formatValue(b.constant as number, rightUnit, lang)) : undefined;
    const rightText = rightFixed
      ? (_c: EvalContext, lang: Language): string => rightFixed[LANG_INDEX[lang]]
      : (c: EvalContext, lang: Language): string => formatRange(c.opLo[o + 1], c.opHi[o + 1], rightUnit, lang);
    const bareLabels = leftFact ? this.labelsOf(leftFact) : perLanguage(() => '');
    const labels = bareLabels.map((l) => (leftFact ? `${l} ` : ''));
    const ops = bareLabels.map(() => ` ${sym} `);
    // With a fixed threshold, the end of the line (" ≤ 10.140 €") and the line of an unknown fact are fixed too.
    const fixedTail = rightFixed?.map((right, i) => ops[i] + right);
    const unknownLine = fixedTail?.map((tail, i) => bareLabels[i] + tail);
    const auto: Render =
      fixedTail && unknownLine
        ? (c, lang) => {
            const li = LANG_INDEX[lang];
            if (leftFact) {
              const shown = reader.format(c, leftFact, lang);
              return shown === '?' ? unknownLine[li] : labels[li] + shown + fixedTail[li];
            }
            return labels[li] + (c.opLo[o] === c.opHi[o] ? formatValue(c.opLo[o], leftUnit, lang) : '?') + fixedTail[li];
          }
        : (c, lang) => {
            const li = LANG_INDEX[lang];
            let leftShown: string;
            if (leftFact) {
              // The fact's own text is shared by every line that shows it in this evaluation.
              leftShown = reader.format(c, leftFact, lang);
              if (leftShown === '?') return bareLabels[li] + ops[li] + rightText(c, lang);
            } else leftShown = c.opLo[o] === c.opHi[o] ? formatValue(c.opLo[o], leftUnit, lang) : '?';
            return labels[li] + leftShown + ops[li] + rightText(c, lang);
          };
    const autoWould: RenderPlain = (c, lang) => (leftFact ? `${bareLabels[LANG_INDEX[lang]]} ${sym} ${rightText(c, lang)}` : `? ${sym} ${rightText(c, lang)}`);
    const slots = {
      left: (c: EvalContext, lang: Language) => formatRange(c.opLo[o], c.opHi[o], leftUnit, lang),
      right: rightText,
    };
    if (!meta.label && !leftFact) this.ctx.issue(path, 'a comparison whose left side is not a fact needs a label');
    return this.leaf(
      idx,
      'cmp',
      ev,
      [...union(a.facts, b.facts)],
      union(a.params, b.params),
      union(a.derived, b.derived),
      meta,
      path,
      auto,
      autoWould,
      slots,
      leftFact,
    );
  }

  private compileScalar(expr: Expr, path: string): ScalarCompiled | undefined {
    if (typeof expr === 'string' || typeof expr === 'boolean') {
      const v = expr;
      return { fn: () => v, facts: new Set(), type: typeof expr === 'string' ? 'string' : 'boolean', literal: v };
    }
    if (isObject(expr) && typeof (expr as { fact?: unknown }).fact === 'string') {
      const f = this.table.use((expr as { fact: string }).fact, `${path}/fact`);
      if (!f) return undefined;
      const reader = this.reader;
      if (f.type === 'boolean') {
        const asIs = !this.ctx.eligibility;
        return {
          fn: (c) => {
            const t = reader.readBool(c, f, asIs);
            return t === TRUE ? true : t === FALSE ? false : undefined;
          },
          facts: new Set([f.idx]),
          type: 'boolean',
          factRef: f.idx,
        };
      }
      if (f.type === 'enum') return { fn: (c) => reader.readScalar(c, f), facts: new Set([f.idx]), type: 'enum', factRef: f.idx };
    }
    return undefined;
  }

  private isScalarOperand(expr: Expr): boolean {
    if (typeof expr === 'string' || typeof expr === 'boolean') return true;
    if (isObject(expr) && typeof (expr as { fact?: unknown }).fact === 'string') {
      const f = this.table.find((expr as { fact: string }).fact);
      return f !== undefined && (f.type === 'boolean' || f.type === 'enum');
    }
    return false;
  }

  private constantNode(t: Tri): CNode {
    const idx = this.nodeCount++;
    return this.leaf(
      idx,
      'bool',
      (c) => {
        c.tri[idx] = t;
        return t;
      },
      [],
      new Set(),
      new Set(),
      {},
      '',
      () => '?',
      () => '?',
    );
  }

  private leaf(
    idx: number,
    kind: NodeKind,
    ev: (c: EvalContext) => Tri,
    facts: number[],
    params: ReadonlySet<string>,
    derived: ReadonlySet<number>,
    meta: NodeMeta,
    path: string,
    auto: Render,
    autoWould: RenderPlain,
    slots?: Record<string, RenderPlain>,
    subject?: CFact,
  ): CNode {
    const direct = [...new Set(facts)].sort((x, y) => x - y);
    const allParams = new Set(params);
    for (const d of derived) for (const p of this.numeric.derived[d].params) allParams.add(p);
    // An automatic line about a fact whose label has no translation is written wholly in Italian.
    const tr = this.texts.tr;
    const shown = perLanguage((lang) => (subject ? tr.languageOf(subject.def.label, lang) : lang));
    const autoStatus = shown.map((lang) => (lang === DEFAULT_LANGUAGE ? ITALIAN : combine(tr.statusIn(lang), wordsIn(lang).status)));
    // Only a label some language lacks needs the redirect: the others keep the direct call.
    const redirect = shown.some((lang, i) => lang !== LANGUAGES[i]);
    const shownAuto: Render = redirect ? (c, lang, tri) => auto(c, shown[LANG_INDEX[lang]], tri) : auto;
    const shownWould: RenderPlain = redirect ? (c, lang) => autoWould(c, shown[LANG_INDEX[lang]]) : autoWould;
    const { render, renderWould, statusHolds, statusFails, statusWould } = this.texts.forNode(meta, path, shownAuto, shownWould, autoStatus, slots);
    return {
      idx,
      kind,
      children: [],
      ev,
      directFacts: direct,
      subtreeFacts: direct,
      params: allParams,
      derived,
      hasLabel: meta.label !== undefined,
      render,
      renderWould,
      statusHolds,
      statusFails,
      statusWould,
    };
  }

  /** A fact's label in each language (LANG_INDEX order), made once. */
  private labelsOf(f: CFact): string[] {
    let out = this.factLabels.get(f.idx);
    if (!out) {
      out = perLanguage((lang) => this.texts.tr.in(f.def.label, lang));
      this.factLabels.set(f.idx, out);
    }
    return out;
  }

  private composite(kind: 'all' | 'any' | 'not', children: CNode[], meta: NodeMeta, path: string): CNode {
    const idx = this.nodeCount++;
    const n = children.length;
    // The children's functions in an array of their own: the loop reads no node object.
    const evs = children.map((ch) => ch.ev);
    let ev: (c: EvalContext) => Tri;
    if (kind === 'all') {
      ev = (c) => {
        let r: Tri = TRUE;
        for (let i = 0; i < n; i++) {
          const t = evs[i](c);
          if (t === FALSE) r = FALSE;
          else if (t === UNKNOWN && r === TRUE) r = UNKNOWN;
        }
        c.tri[idx] = r;
        return r;
      };
    } else if (kind === 'any') {
      ev = (c) => {
        let r: Tri = FALSE;
        for (let i = 0; i < n; i++) {
          const t = evs[i](c);
          if (t === TRUE) r = TRUE;
          else if (t === UNKNOWN && r === FALSE) r = UNKNOWN;
        }
        c.tri[idx] = r;
        return r;
      };
    } else {
      const child = children[0];
      ev = (c) => {
        const r = triNot(child.ev(c));
        c.tri[idx] = r;
        return r;
      };
    }
    const subtree = new Set<number>();
    for (const ch of children) for (const f of ch.subtreeFacts) subtree.add(f);
    // The lines a composite may show: if none is in the language asked for, its own words are Italian too.
    const childStatuses = (lang: Language) => children.flatMap((ch) => [ch.statusHolds, ch.statusFails, ch.statusWould].map((s) => s[LANG_INDEX[lang]]));
    const shownIn = perLanguage((lang) => (childStatuses(lang).some((s) => s.language !== DEFAULT_LANGUAGE) ? lang : DEFAULT_LANGUAGE));
    const words = (lang: Language) => wordsIn(shownIn[LANG_INDEX[lang]]);
    const joiner = (lang: Language): string => (kind === 'any' ? words(lang).joinAny : words(lang).joinAll);
    const not = (lang: Language, inner: string): string => words(lang).not.replace('{condition}', inner);
    const auto: Render = (c, lang) =>
      kind === 'not' ? not(lang, children[0].render(c, lang, UNKNOWN)) : children.map((ch) => ch.render(c, lang, c.tri[ch.idx] as Tri)).join(joiner(lang));
    const autoWould: RenderPlain = (c, lang) =>
      kind === 'not' ? not(lang, children[0].renderWould(c, lang)) : children.map((ch) => ch.renderWould(c, lang)).join(joiner(lang));
    // Which child lines appear depends on the facts: the composite line counts every one it may show.
    const autoStatus = perLanguage((lang) => combineAll(childStatuses(lang), words(lang).status));
    const { render, renderWould, statusHolds, statusFails, statusWould } = this.texts.forNode(meta, path, auto, autoWould, autoStatus);
    return {
      idx,
      kind,
      children,
      ev,
      directFacts: [],
      subtreeFacts: [...subtree].sort((x, y) => x - y),
      params: union(...children.map((ch) => ch.params)),
      derived: union(...children.map((ch) => ch.derived)),
      hasLabel: meta.label !== undefined,
      render,
      renderWould,
      statusHolds,
      statusFails,
      statusWould,
    };
  }
}
