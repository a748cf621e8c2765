import { type Language, type Text, textIn } from '@inps/kernel';
import type {
  ComparisonOp,
  ConditionNode,
  DerivedDefinition,
  Expr,
  FactDefinition,
  FactType,
  FactValue,
  Literal,
  NodeMeta,
  ParameterDefinition,
  Unit,
} from './definition.types';
import type { FieldIssue } from './errors';
import { formatRange, formatValue, OPERATOR_SYMBOLS, parseTemplate, YES_NO } from './format';
import { arithmetic, DECIDE, type NumFn } from './interval';
import { EvalContext, FALSE, triNot, TRUE, UNKNOWN, type Tri } from './runtime';

/**
 * Compiles condition trees and numeric expressions into closures.
 *
 * Evaluation is three-valued (Kleene) over intervals: an unknown numeric fact spans its valid range
 * (narrowed by `bounds` and `implied` values), so a comparison is decided as soon as no value still
 * possible could change it. Nothing here knows about a particular benefit: every rule is data.
 */

export type NodeKind = 'all' | 'any' | 'not' | 'cmp' | 'in' | 'bool' | 'scalar';
export type Render = (c: EvalContext, lang: Language, tri: Tri) => string;
export type RenderPlain = (c: EvalContext, lang: Language) => string;
type ScalarFn = (c: EvalContext) => FactValue | undefined;

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
}

export interface CFact {
  readonly idx: number;
  readonly name: string;
  readonly def: FactDefinition;
  readonly type: FactType;
  readonly unit: Unit;
  readonly min: number;
  readonly max: number;
  readonly enumLabels: ReadonlyMap<string, Text>;
  /** Index of the boolean fact that must be true for this fact to exist, or -1. */
  availFlag: number;
  implied: { when: CNode; value: FactValue }[];
  boundMin?: NumFn;
  boundMax?: NumFn;
  pendingWhen?: CNode;
  /** Facts that can fix or narrow this one while it is unknown (implied, bounds, availability), transitively. */
  deps: number[];
  /** Direct dependencies of every kind (also pendingWhen), to detect cycles. */
  directDeps: Set<number>;
  readDeps: Set<number>;
}

export interface CDerived {
  readonly idx: number;
  readonly name: string;
  readonly def: DerivedDefinition;
  fn: NumFn;
  facts: Set<number>;
  params: Set<string>;
  /** This value and the derived values it uses, transitively. */
  derived: Set<number>;
}

interface NumCompiled {
  fn: NumFn;
  facts: Set<number>;
  params: Set<string>;
  derived: Set<number>;
  unit: Unit | undefined;
  /** Set when the expression is a plain fact reference, for automatic labels. */
  factRef?: number;
  /** Set when the expression is a literal or a parameter: its text is computed once. */
  constant?: number;
}

interface ScalarCompiled {
  fn: ScalarFn;
  facts: Set<number>;
  type: 'boolean' | 'enum' | 'string' | 'number';
  factRef?: number;
  literal?: Literal;
}

const LANGS: Language[] = ['it', 'en'];
const LANG_INDEX: Record<Language, number> = { it: 0, en: 1 };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function union<T>(...sets: ReadonlySet<T>[]): Set<T> {
  const out = new Set<T>();
  for (const s of sets) for (const v of s) out.add(v);
  return out;
}

const NODE_KEYS = ['all', 'any', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'isTrue', 'isFalse', 'ref'] as const;
type NodeKey = (typeof NODE_KEYS)[number];

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

export class Compiler {
  readonly issues: FieldIssue[] = [];
  readonly facts: CFact[] = [];
  readonly factIndex = new Map<string, number>();
  readonly params = new Map<string, ParameterDefinition>();
  readonly paramText = new Map<string, [string, string]>();
  readonly derived: CDerived[] = [];
  readonly derivedIndex = new Map<string, number>();
  nodeCount = 0;
  private readonly derivedDefs: Record<string, DerivedDefinition>;
  private readonly derivedCompiling = new Set<string>();
  private readonly refStack: string[] = [];
  /** Facts read by conditions, amounts and askIf (not by fact rules, see compile.ts): each needs a question. */
  readonly usedFacts = new Map<number, string>();
  private trackUse = true;
  /** False while compiling conditions that are not about eligibility (notes, askIf, fact rules): they read facts as they are. */
  private eligibility = true;

  constructor(
    factDefs: Record<string, FactDefinition>,
    paramDefs: Record<string, ParameterDefinition>,
    derivedDefs: Record<string, DerivedDefinition> | undefined,
    private readonly namedConditions: Record<string, ConditionNode>,
  ) {
    for (const [name, def] of Object.entries(paramDefs)) {
      this.params.set(name, def);
      this.paramText.set(name, [formatValue(def.value, def.unit, 'it'), formatValue(def.value, def.unit, 'en')]);
    }
    for (const [name, def] of Object.entries(factDefs)) {
      const idx = this.facts.length;
      const enumLabels = new Map<string, Text>();
      for (const v of def.values ?? []) enumLabels.set(v.value, v.label);
      const numeric = def.type === 'integer' || def.type === 'number';
      this.facts.push({
        idx,
        name,
        def,
        type: def.type,
        unit: def.unit ?? 'none',
        min: numeric ? (def.min ?? Number.NEGATIVE_INFINITY) : 0,
        max: numeric ? (def.max ?? Number.POSITIVE_INFINITY) : 0,
        enumLabels,
        availFlag: -1,
        implied: [],
        deps: [],
        directDeps: new Set(),
        readDeps: new Set(),
      });
      this.factIndex.set(name, idx);
    }
    this.derivedDefs = derivedDefs ?? {};
  }

  issue(field: string, issue: string): void {
    this.issues.push({ field, issue });
  }

  /** Second pass over facts: their implied values, bounds and availability rules refer to other facts. */
  compileFactRules(): void {
    this.trackUse = false;
    this.eligibility = false;
    for (const f of this.facts) {
      const path = `/facts/${f.name}`;
      const def = f.def;
      if (def.type === 'enum' && (!def.values || def.values.length === 0)) this.issue(path, 'an enum fact needs values');
      if ((def.type === 'integer' || def.type === 'number') && (def.min === undefined || def.max === undefined)) {
        this.issue(path, 'a numeric fact needs min and max');
      }
      if (def.min !== undefined && def.max !== undefined && def.min > def.max) this.issue(path, 'min is above max');
      (def.implied ?? []).forEach((imp, i) => {
        const when = this.compileNode(imp.when, `${path}/implied/${i}/when`);
        this.checkLiteralFits(f, imp.value, `${path}/implied/${i}/value`);
        f.implied.push({ when, value: imp.value });
        for (const d of when.subtreeFacts) f.readDeps.add(d);
      });
      if (def.bounds?.min !== undefined) {
        const b = this.compileNum(def.bounds.min, `${path}/bounds/min`);
        f.boundMin = b.fn;
        for (const d of b.facts) f.readDeps.add(d);
      }
      if (def.bounds?.max !== undefined) {
        const b = this.compileNum(def.bounds.max, `${path}/bounds/max`);
        f.boundMax = b.fn;
        for (const d of b.facts) f.readDeps.add(d);
      }
      if (def.bounds && !(def.type === 'integer' || def.type === 'number')) this.issue(`${path}/bounds`, 'bounds apply to numeric facts only');
      if (def.availableWhen !== undefined) {
        const flag = this.factIndex.get(def.availableWhen);
        if (flag === undefined) this.issue(`${path}/availableWhen`, `unknown fact "${def.availableWhen}"`);
        else if (this.facts[flag].type !== 'boolean') this.issue(`${path}/availableWhen`, `"${def.availableWhen}" is not a boolean fact`);
        else {
          f.availFlag = flag;
          f.readDeps.add(flag);
        }
        if (!def.unavailableStep) this.issue(path, 'availableWhen needs an unavailableStep');
      }
      if (def.pendingWhen !== undefined) {
        if (def.type !== 'boolean') this.issue(`${path}/pendingWhen`, 'pendingWhen applies to boolean facts only');
        f.pendingWhen = this.compileNode(def.pendingWhen, `${path}/pendingWhen`);
        for (const d of f.pendingWhen.subtreeFacts) f.directDeps.add(d);
        if (!def.pendingStep) this.issue(path, 'pendingWhen needs a pendingStep');
      }
      for (const d of f.readDeps) f.directDeps.add(d);
      if (f.directDeps.has(f.idx)) {
        this.issue(path, 'a fact rule refers to the fact itself');
        f.readDeps.delete(f.idx);
        f.directDeps.delete(f.idx);
      }
    }
    this.trackUse = true;
    this.eligibility = true;
    this.closeDependencies();
  }

  private closeDependencies(): void {
    // A cycle (a fact's bound depending on itself) would recurse forever at evaluation time.
    const state = new Uint8Array(this.facts.length);
    const visit = (i: number, trail: string[]): boolean => {
      if (state[i] === 2) return true;
      if (state[i] === 1) {
        this.issue(`/facts/${this.facts[i].name}`, `circular fact rules: ${[...trail, this.facts[i].name].join(' → ')}`);
        return false;
      }
      state[i] = 1;
      for (const d of this.facts[i].directDeps) if (!visit(d, [...trail, this.facts[i].name])) return false;
      state[i] = 2;
      return true;
    };
    for (let i = 0; i < this.facts.length; i++) visit(i, []);
    for (const f of this.facts) {
      const seen = new Set<number>();
      const stack = [...f.readDeps];
      while (stack.length > 0) {
        const d = stack.pop() as number;
        if (seen.has(d) || d === f.idx) continue;
        seen.add(d);
        stack.push(...this.facts[d].readDeps);
      }
      f.deps = [...seen].sort((a, b) => a - b);
    }
  }

  private checkLiteralFits(f: CFact, value: unknown, path: string): void {
    const ok =
      f.type === 'boolean'
        ? typeof value === 'boolean'
        : f.type === 'enum'
          ? typeof value === 'string' && f.enumLabels.has(value)
          : typeof value === 'number' && (f.type === 'number' || Number.isInteger(value));
    if (!ok) this.issue(path, `value ${JSON.stringify(value)} does not fit ${f.type} fact "${f.name}"`);
  }

  private useFact(name: string, path: string): CFact | undefined {
    const idx = this.factIndex.get(name);
    if (idx === undefined) {
      this.issue(path, `unknown fact "${name}"`);
      return undefined;
    }
    if (this.trackUse && !this.usedFacts.has(idx)) this.usedFacts.set(idx, path);
    return this.facts[idx];
  }

  // ---- fact readings -------------------------------------------------------------------------

  /** A boolean fact's reading; `asIs` ignores pendingWhen (a remediable gap is a gap for eligibility only). */
  readBool(c: EvalContext, f: CFact, asIs = false): Tri {
    const v = c.vals[f.idx];
    if (v === true) return TRUE;
    if (v === false) {
      if (f.pendingWhen === undefined || asIs) return FALSE;
      return f.pendingWhen.ev(c) === FALSE ? FALSE : UNKNOWN;
    }
    for (const imp of f.implied) if (imp.when.ev(c) === TRUE) return imp.value === true ? TRUE : FALSE;
    return UNKNOWN;
  }

  readScalar(c: EvalContext, f: CFact): FactValue | undefined {
    const v = c.vals[f.idx];
    if (v !== undefined) return v;
    for (const imp of f.implied) if (imp.when.ev(c) === TRUE) return imp.value;
    return undefined;
  }

  readNum(c: EvalContext, f: CFact): void {
    const i = f.idx;
    if (c.numEpoch[i] === c.epoch) {
      c.lo = c.numLo[i];
      c.hi = c.numHi[i];
      return;
    }
    const v = c.vals[i];
    let lo: number;
    let hi: number;
    if (typeof v === 'number') {
      lo = v;
      hi = v;
    } else {
      lo = f.min;
      hi = f.max;
      let implied = false;
      if (f.availFlag < 0 || this.readBool(c, this.facts[f.availFlag]) !== FALSE) {
        for (const imp of f.implied) {
          if (imp.when.ev(c) === TRUE && typeof imp.value === 'number') {
            lo = imp.value;
            hi = imp.value;
            implied = true;
            break;
          }
        }
        if (!implied) {
          if (f.boundMin) {
            f.boundMin(c);
            if (c.lo > lo) lo = c.lo;
          }
          if (f.boundMax) {
            f.boundMax(c);
            if (c.hi < hi) hi = c.hi;
          }
          if (f.type === 'integer') {
            lo = Math.ceil(lo);
            hi = Math.floor(hi);
          }
          // Contradictory known facts (rejected by validateFacts) must not produce an empty interval.
          if (lo > hi) lo = hi;
        }
      }
    }
    c.numEpoch[i] = c.epoch;
    c.numLo[i] = lo;
    c.numHi[i] = hi;
    c.lo = lo;
    c.hi = hi;
  }

  /** Whether the fact cannot exist now (its availability flag is false). */
  isUnavailable(c: EvalContext, f: CFact): boolean {
    return f.availFlag >= 0 && c.vals[f.idx] === undefined && this.readBool(c, this.facts[f.availFlag]) === FALSE;
  }

  /** Whether a false boolean reads as a remediable gap right now. */
  isPending(c: EvalContext, f: CFact): boolean {
    return f.pendingWhen !== undefined && c.vals[f.idx] === false && f.pendingWhen.ev(c) === TRUE;
  }

  formatFact(c: EvalContext, f: CFact, lang: Language): string {
    const slot = f.idx * 2 + LANG_INDEX[lang];
    if (c.fmtEpoch[slot] === c.epoch) return c.fmtCache[slot];
    let out: string;
    const v = c.vals[f.idx];
    if (f.type === 'integer' || f.type === 'number') {
      if (typeof v === 'number') out = formatValue(v, f.unit, lang);
      else {
        this.readNum(c, f);
        out = c.lo === c.hi ? formatValue(c.lo, f.unit, lang) : '?';
      }
    } else if (f.type === 'boolean') {
      const t = v === true ? TRUE : v === false ? FALSE : this.readBool(c, f);
      out = t === TRUE ? YES_NO[lang].yes : t === FALSE ? YES_NO[lang].no : YES_NO[lang].unknown;
    } else {
      const s = this.readScalar(c, f);
      out = typeof s === 'string' ? (f.enumLabels.has(s) ? textIn(f.enumLabels.get(s) as Text, lang) : s) : '?';
    }
    c.fmtEpoch[slot] = c.epoch;
    c.fmtCache[slot] = out;
    return out;
  }

  // ---- derived values -----------------------------------------------------------------------

  useDerived(name: string, path: string): CDerived | undefined {
    const existing = this.derivedIndex.get(name);
    if (existing !== undefined) return this.derived[existing];
    const def = this.derivedDefs[name];
    if (!def) {
      this.issue(path, `unknown derived value "${name}"`);
      return undefined;
    }
    if (this.derivedCompiling.has(name)) {
      this.issue(path, `derived value "${name}" refers to itself`);
      return undefined;
    }
    this.derivedCompiling.add(name);
    const idx = this.derived.length;
    const body = this.compileNum(def.value, `/derived/${name}/value`);
    this.derivedCompiling.delete(name);
    const inner = body.fn;
    const fn: NumFn = (c) => {
      if (c.derivedEpoch[idx] === c.epoch) {
        c.lo = c.derivedLo[idx];
        c.hi = c.derivedHi[idx];
        return;
      }
      inner(c);
      c.derivedEpoch[idx] = c.epoch;
      c.derivedLo[idx] = c.lo;
      c.derivedHi[idx] = c.hi;
    };
    const d: CDerived = { idx, name, def, fn, facts: body.facts, params: body.params, derived: union(body.derived, new Set([idx])) };
    this.derived.push(d);
    this.derivedIndex.set(name, idx);
    return d;
  }

  // ---- numeric expressions ------------------------------------------------------------------

  compileNum(expr: Expr, path: string): NumCompiled {
    const empty = (): NumCompiled => ({
      fn: (c) => {
        c.lo = Number.NEGATIVE_INFINITY;
        c.hi = Number.POSITIVE_INFINITY;
      },
      facts: new Set(),
      params: new Set(),
      derived: new Set(),
      unit: undefined,
    });
    if (typeof expr === 'number') {
      const v = expr;
      return {
        fn: (c) => {
          c.lo = v;
          c.hi = v;
        },
        facts: new Set(),
        params: new Set(),
        derived: new Set(),
        unit: undefined,
        constant: v,
      };
    }
    if (!isObject(expr)) {
      this.issue(path, `expected a number or a numeric expression, got ${JSON.stringify(expr)}`);
      return empty();
    }
    const e = expr as Record<string, unknown>;
    if (typeof e.fact === 'string') {
      const f = this.useFact(e.fact, `${path}/fact`);
      if (!f) return empty();
      if (f.type !== 'integer' && f.type !== 'number') {
        this.issue(`${path}/fact`, `fact "${f.name}" is ${f.type}, not numeric`);
        return empty();
      }
      const facts = new Set<number>([f.idx]);
      if (e.ifUnavailable !== undefined) {
        if (f.availFlag < 0) this.issue(`${path}/ifUnavailable`, `fact "${f.name}" has no availability rule`);
        const fb = this.compileNum(e.ifUnavailable as Expr, `${path}/ifUnavailable`);
        const flag = f.availFlag >= 0 ? this.facts[f.availFlag] : undefined;
        const fbFn = fb.fn;
        return {
          fn: (c) => {
            if (flag === undefined || c.vals[f.idx] !== undefined) return this.readNum(c, f);
            const t = this.readBool(c, flag);
            if (t === TRUE) return this.readNum(c, f);
            fbFn(c);
            if (t === FALSE) return;
            const flo = c.lo;
            const fhi = c.hi;
            this.readNum(c, f);
            c.lo = Math.min(c.lo, flo);
            c.hi = Math.max(c.hi, fhi);
          },
          facts: union(facts, fb.facts),
          params: fb.params,
          derived: fb.derived,
          unit: f.unit,
          factRef: f.idx,
        };
      }
      return { fn: (c) => this.readNum(c, f), facts, params: new Set(), derived: new Set(), unit: f.unit, factRef: f.idx };
    }
    if (typeof e.param === 'string') {
      const p = this.params.get(e.param);
      if (!p) {
        this.issue(`${path}/param`, `unknown parameter "${e.param}"`);
        return empty();
      }
      const v = p.value;
      return {
        fn: (c) => {
          c.lo = v;
          c.hi = v;
        },
        facts: new Set(),
        params: new Set([e.param]),
        derived: new Set(),
        unit: p.unit,
        constant: v,
      };
    }
    if (typeof e.derived === 'string') {
      const d = this.useDerived(e.derived, `${path}/derived`);
      if (!d) return empty();
      if (this.trackUse) for (const f of d.facts) if (!this.usedFacts.has(f)) this.usedFacts.set(f, `/derived/${d.name}`);
      return { fn: d.fn, facts: new Set(d.facts), params: new Set(d.params), derived: new Set(d.derived), unit: d.def.unit };
    }
    if (e.if !== undefined) {
      const cond = this.compileNode(e.if as ConditionNode, `${path}/if`);
      const a = this.compileNum(e.then as Expr, `${path}/then`);
      const b = this.compileNum(e.else as Expr, `${path}/else`);
      const af = a.fn;
      const bf = b.fn;
      return {
        fn: (c) => {
          const t = cond.ev(c);
          if (t === TRUE) return af(c);
          if (t === FALSE) return bf(c);
          af(c);
          const alo = c.lo;
          const ahi = c.hi;
          bf(c);
          c.lo = Math.min(alo, c.lo);
          c.hi = Math.max(ahi, c.hi);
        },
        facts: union(new Set(cond.subtreeFacts), a.facts, b.facts),
        params: union(cond.params, a.params, b.params),
        derived: union(cond.derived, a.derived, b.derived),
        unit: a.unit ?? b.unit,
      };
    }
    if (e.round !== undefined) {
      const a = this.compileNum(e.round as Expr, `${path}/round`);
      const af = a.fn;
      return {
        fn: (c) => {
          af(c);
          c.lo = Math.round(c.lo * 100) / 100;
          c.hi = Math.round(c.hi * 100) / 100;
        },
        facts: a.facts,
        params: a.params,
        derived: a.derived,
        unit: a.unit,
      };
    }
    for (const op of ['add', 'sub', 'mul', 'div', 'min', 'max'] as const) {
      const args = e[op];
      if (args === undefined) continue;
      if (!Array.isArray(args) || args.length < 1 || ((op === 'sub' || op === 'div') && args.length !== 2)) {
        this.issue(`${path}/${op}`, op === 'sub' || op === 'div' ? 'expects two operands' : 'expects a list of operands');
        return empty();
      }
      const parts = args.map((a, i) => this.compileNum(a as Expr, `${path}/${op}/${i}`));
      const fns = parts.map((p) => p.fn);
      const facts = union(...parts.map((p) => p.facts));
      const params = union(...parts.map((p) => p.params));
      const derived = union(...parts.map((p) => p.derived));
      const unit =
        op === 'mul' || op === 'div'
          ? (parts.find((p) => p.unit !== undefined && p.unit !== 'ratio' && p.unit !== 'count')?.unit ?? parts.find((p) => p.unit)?.unit)
          : parts.find((p) => p.unit !== undefined)?.unit;
      return { fn: arithmetic(op, fns), facts, params, derived, unit };
    }
    this.issue(path, `unknown expression ${JSON.stringify(expr)}`);
    return empty();
  }

  // ---- scalar (enum / boolean) operands --------------------------------------------------------

  private compileScalar(expr: Expr, path: string): ScalarCompiled | undefined {
    if (typeof expr === 'string' || typeof expr === 'boolean') {
      const v = expr;
      return { fn: () => v, facts: new Set(), type: typeof expr === 'string' ? 'string' : 'boolean', literal: v };
    }
    if (isObject(expr) && typeof (expr as { fact?: unknown }).fact === 'string') {
      const f = this.useFact((expr as { fact: string }).fact, `${path}/fact`);
      if (!f) return undefined;
      if (f.type === 'boolean') {
        const asIs = !this.eligibility;
        return {
          fn: (c) => {
            const t = this.readBool(c, f, asIs);
            return t === TRUE ? true : t === FALSE ? false : undefined;
          },
          facts: new Set([f.idx]),
          type: 'boolean',
          factRef: f.idx,
        };
      }
      if (f.type === 'enum') return { fn: (c) => this.readScalar(c, f), facts: new Set([f.idx]), type: 'enum', factRef: f.idx };
    }
    return undefined;
  }

  private isScalarOperand(expr: Expr): boolean {
    if (typeof expr === 'string' || typeof expr === 'boolean') return true;
    if (isObject(expr) && typeof (expr as { fact?: unknown }).fact === 'string') {
      const idx = this.factIndex.get((expr as { fact: string }).fact);
      return idx !== undefined && (this.facts[idx].type === 'boolean' || this.facts[idx].type === 'enum');
    }
    return false;
  }

  // ---- condition nodes ----------------------------------------------------------------------

  /** Compiles a condition about the situation as it is (a note's `when`, an `askIf`), not about eligibility. */
  compileAsIs(node: ConditionNode, path: string): CNode {
    const before = this.eligibility;
    this.eligibility = false;
    try {
      return this.compileNode(node, path);
    } finally {
      this.eligibility = before;
    }
  }

  compileNode(node: ConditionNode, path: string, metaOverride?: NodeMeta): CNode {
    const key = isObject(node) ? nodeKey(node) : undefined;
    const meta: NodeMeta = { ...(node as NodeMeta), ...(metaOverride ?? {}) };
    if (metaOverride?.label) meta.labelFalse = metaOverride.labelFalse;
    if (!key) {
      this.issue(path, 'a condition needs exactly one of all, any, not, eq, ne, lt, le, gt, ge, in, isTrue, isFalse, ref');
      return this.constantNode(UNKNOWN);
    }
    const rec = node as unknown as Record<string, unknown>;
    switch (key) {
      case 'ref': {
        const name = rec.ref as string;
        const target = this.namedConditions[name];
        if (!target) {
          this.issue(`${path}/ref`, `unknown condition "${name}"`);
          return this.constantNode(UNKNOWN);
        }
        if (this.refStack.includes(name)) {
          this.issue(`${path}/ref`, `condition "${name}" refers to itself`);
          return this.constantNode(UNKNOWN);
        }
        this.refStack.push(name);
        const own: NodeMeta = {};
        if (meta.label) own.label = meta.label;
        if (meta.labelFalse) own.labelFalse = meta.labelFalse;
        if (meta.wouldQualifyIf) own.wouldQualifyIf = meta.wouldQualifyIf;
        const compiled = this.compileNode(target, `/conditions/${name}`, Object.keys(own).length > 0 ? own : undefined);
        this.refStack.pop();
        return compiled;
      }
      case 'all':
      case 'any': {
        const list = rec[key];
        if (!Array.isArray(list) || list.length === 0) {
          this.issue(`${path}/${key}`, 'expects a non-empty list of conditions');
          return this.constantNode(UNKNOWN);
        }
        const children = list.map((n, i) => this.compileNode(n as ConditionNode, `${path}/${key}/${i}`));
        return this.composite(key, children, meta, path);
      }
      case 'not': {
        const child = this.compileNode(rec.not as ConditionNode, `${path}/not`);
        return this.composite('not', [child], meta, path);
      }
      case 'isTrue':
      case 'isFalse': {
        const f = this.useFact(rec[key] as string, `${path}/${key}`);
        if (!f) return this.constantNode(UNKNOWN);
        if (f.type !== 'boolean') this.issue(`${path}/${key}`, `fact "${f.name}" is ${f.type}, not boolean`);
        const idx = this.nodeCount++;
        const negate = key === 'isFalse';
        const asIs = !this.eligibility;
        const ev = (c: EvalContext): Tri => {
          const t = this.readBool(c, f, asIs);
          const r = negate ? triNot(t) : t;
          c.tri[idx] = r;
          return r;
        };
        const auto: Render = (c, lang) => {
          const v = c.vals[f.idx];
          const shown = v === true ? YES_NO[lang].yes : v === false ? YES_NO[lang].no : this.formatFact(c, f, lang);
          return `${textIn(f.def.label, lang)}: ${shown}`;
        };
        const autoWould: RenderPlain = (_c, lang) => `${textIn(f.def.label, lang)}: ${negate ? YES_NO[lang].no : YES_NO[lang].yes}`;
        return this.leaf(idx, 'bool', ev, [f.idx], new Set(), new Set(), meta, path, auto, autoWould);
      }
      case 'in': {
        const pair = rec.in;
        if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(pair[1])) {
          this.issue(`${path}/in`, 'expects [operand, [values]]');
          return this.constantNode(UNKNOWN);
        }
        const values = pair[1] as Literal[];
        const idx = this.nodeCount++;
        if (this.isScalarOperand(pair[0] as Expr)) {
          const s = this.compileScalar(pair[0] as Expr, `${path}/in/0`);
          if (!s) return this.constantNode(UNKNOWN);
          const f = s.factRef !== undefined ? this.facts[s.factRef] : undefined;
          if (f) values.forEach((v, i) => this.checkLiteralFits(f, v, `${path}/in/1/${i}`));
          const set = new Set<FactValue>(values);
          const sf = s.fn;
          const ev = (c: EvalContext): Tri => {
            const v = sf(c);
            const r: Tri = v === undefined ? UNKNOWN : set.has(v) ? TRUE : FALSE;
            c.tri[idx] = r;
            return r;
          };
          const allowedText = LANGS.map((lang) =>
            values.map((v) => (f && typeof v === 'string' ? (f.enumLabels.has(v) ? textIn(f.enumLabels.get(v) as Text, lang) : v) : String(v))).join(' / '),
          );
          const allowed = (lang: Language): string => allowedText[LANG_INDEX[lang]];
          const auto: Render = (c, lang) => {
            if (!f) return allowed(lang);
            const shown = this.formatFact(c, f, lang);
            return `${textIn(f.def.label, lang)}: ${shown === '?' ? allowed(lang) : shown}`;
          };
          const autoWould: RenderPlain = (_c, lang) => (f ? `${textIn(f.def.label, lang)}: ${allowed(lang)}` : allowed(lang));
          return this.leaf(idx, 'scalar', ev, [...s.facts], new Set(), new Set(), meta, path, auto, autoWould);
        }
        const a = this.compileNum(pair[0] as Expr, `${path}/in/0`);
        const nums = values.filter((v): v is number => typeof v === 'number');
        if (nums.length !== values.length) this.issue(`${path}/in/1`, 'a numeric operand needs numeric values');
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
        const auto: Render = (c, lang) => nums.map((v) => formatValue(v, a.unit ?? 'none', lang)).join(' / ');
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
      this.issue(`${path}/${op}`, 'expects two operands');
      return this.constantNode(UNKNOWN);
    }
    const [left, right] = operands as [Expr, Expr];
    const idx = this.nodeCount++;
    const sym = OPERATOR_SYMBOLS[op];
    if ((op === 'eq' || op === 'ne') && (this.isScalarOperand(left) || this.isScalarOperand(right))) {
      const a = this.compileScalar(left, `${path}/${op}/0`);
      const b = this.compileScalar(right, `${path}/${op}/1`);
      if (!a || !b) {
        this.issue(`${path}/${op}`, 'compare an enum or boolean fact with a literal or a fact of the same type');
        return this.constantNode(UNKNOWN);
      }
      const f = a.factRef !== undefined ? this.facts[a.factRef] : b.factRef !== undefined ? this.facts[b.factRef] : undefined;
      const lit = a.literal !== undefined ? a.literal : b.literal;
      if (f && lit !== undefined) this.checkLiteralFits(f, lit, `${path}/${op}`);
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
      const litLabel = (lang: Language): string =>
        lit === undefined
          ? '?'
          : typeof lit === 'boolean'
            ? lit
              ? YES_NO[lang].yes
              : YES_NO[lang].no
            : f?.enumLabels.has(String(lit))
              ? textIn(f.enumLabels.get(String(lit)) as Text, lang)
              : String(lit);
      const auto: Render = (c, lang) => (f ? `${textIn(f.def.label, lang)}: ${this.formatFact(c, f, lang)}` : litLabel(lang));
      const autoWould: RenderPlain = (_c, lang) => (f ? `${textIn(f.def.label, lang)} ${sym} ${litLabel(lang)}` : litLabel(lang));
      return this.leaf(idx, 'scalar', ev, [...a.facts, ...b.facts], new Set(), new Set(), meta, path, auto, autoWould);
    }
    const a = this.compileNum(left, `${path}/${op}/0`);
    const b = this.compileNum(right, `${path}/${op}/1`);
    const af = a.fn;
    const bf = b.fn;
    const decide = DECIDE[op];
    const slot = idx * 2;
    const ev = (c: EvalContext): Tri => {
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
      const r = decide(alo, ahi, blo, bhi);
      c.tri[idx] = r;
      return r;
    };
    const leftUnit = a.unit ?? b.unit ?? 'none';
    const rightUnit = b.unit ?? a.unit ?? 'none';
    const leftFact = a.factRef !== undefined ? this.facts[a.factRef] : undefined;
    const o = idx * 2;
    // Thresholds are mostly parameters or literals: their text is fixed, so it is made once here.
    const rightFixed = b.constant !== undefined ? [formatValue(b.constant, rightUnit, 'it'), formatValue(b.constant, rightUnit, 'en')] : undefined;
    const rightText = rightFixed
      ? (_c: EvalContext, lang: Language): string => rightFixed[LANG_INDEX[lang]]
      : (c: EvalContext, lang: Language): string => formatRange(c.opLo[o + 1], c.opHi[o + 1], rightUnit, lang);
    const labels = leftFact ? [`${leftFact.def.label.it} `, `${leftFact.def.label.en} `] : ['', ''];
    const bareLabels = leftFact ? [leftFact.def.label.it, leftFact.def.label.en] : ['', ''];
    const ops = [` ${sym} `, ` ${sym} `];
    const auto: Render = (c, lang) => {
      const li = LANG_INDEX[lang];
      let leftShown: string;
      if (leftFact) {
        // The fact's own text is shared by every line that shows it in this evaluation.
        leftShown = this.formatFact(c, leftFact, lang);
        if (leftShown === '?') return bareLabels[li] + ops[li] + rightText(c, lang);
      } else leftShown = c.opLo[o] === c.opHi[o] ? formatValue(c.opLo[o], leftUnit, lang) : '?';
      return labels[li] + leftShown + ops[li] + rightText(c, lang);
    };
    const autoWould: RenderPlain = (c, lang) =>
      leftFact ? `${textIn(leftFact.def.label, lang)} ${sym} ${rightText(c, lang)}` : `? ${sym} ${rightText(c, lang)}`;
    const slots = {
      left: (c: EvalContext, lang: Language) => formatRange(c.opLo[o], c.opHi[o], leftUnit, lang),
      right: rightText,
    };
    if (!meta.label && !leftFact) this.issue(path, 'a comparison whose left side is not a fact needs a label');
    return this.leaf(idx, 'cmp', ev, [...union(a.facts, b.facts)], union(a.params, b.params), union(a.derived, b.derived), meta, path, auto, autoWould, slots);
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
  ): CNode {
    const direct = [...new Set(facts)].sort((x, y) => x - y);
    const allParams = new Set(params);
    for (const d of derived) for (const p of this.derived[d].params) allParams.add(p);
    const { render, renderWould } = this.renderers(meta, path, auto, autoWould, slots);
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
    };
  }

  private composite(kind: 'all' | 'any' | 'not', children: CNode[], meta: NodeMeta, path: string): CNode {
    const idx = this.nodeCount++;
    const n = children.length;
    let ev: (c: EvalContext) => Tri;
    if (kind === 'all') {
      ev = (c) => {
        let r: Tri = TRUE;
        for (let i = 0; i < n; i++) {
          const t = children[i].ev(c);
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
          const t = children[i].ev(c);
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
    const joiner = kind === 'any' ? ' / ' : '; ';
    const auto: Render = (c, lang) =>
      kind === 'not' ? `not (${children[0].render(c, lang, UNKNOWN)})` : children.map((ch) => ch.render(c, lang, c.tri[ch.idx] as Tri)).join(joiner);
    const autoWould: RenderPlain = (c, lang) =>
      kind === 'not' ? `not (${children[0].renderWould(c, lang)})` : children.map((ch) => ch.renderWould(c, lang)).join(joiner);
    const { render, renderWould } = this.renderers(meta, path, auto, autoWould);
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
    };
  }

  private renderers(
    meta: NodeMeta,
    path: string,
    auto: Render,
    autoWould: RenderPlain,
    slots?: Record<string, RenderPlain>,
  ): { render: Render; renderWould: RenderPlain } {
    const label = meta.label ? this.compileText(meta.label, `${path}/label`, slots) : undefined;
    const labelFalse = meta.labelFalse ? this.compileText(meta.labelFalse, `${path}/labelFalse`, slots) : undefined;
    const would = meta.wouldQualifyIf ? this.compileText(meta.wouldQualifyIf, `${path}/wouldQualifyIf`, slots) : undefined;
    const render: Render = (c, lang, tri) => {
      if (tri === FALSE && labelFalse) return labelFalse(c, lang);
      return label ? label(c, lang) : auto(c, lang, tri);
    };
    const renderWould: RenderPlain = would ?? autoWould;
    return { render, renderWould };
  }

  /** Compiles a {it,en} template; slots name facts, parameters, derived values, or left/right of a comparison. */
  compileText(text: Text, path: string, extra?: Record<string, RenderPlain>): RenderPlain {
    const compiled = LANGS.map((lang) => {
      const t = parseTemplate(textIn(text, lang));
      const slotFns: RenderPlain[] = t.slots.map((name) => this.slot(name, `${path}/${lang}`, extra));
      // A template with only parameters in it (the usual note) is the same text every time.
      const fixed = t.slots.every((name) => this.paramText.has(name) && !(extra && extra[name]) && !this.factIndex.has(name))
        ? t.literals.reduce((out, lit, i) => out + lit + (i < t.slots.length ? (this.paramText.get(t.slots[i]) as [string, string])[LANG_INDEX[lang]] : ''), '')
        : undefined;
      return { literals: t.literals, slotFns, fixed };
    });
    if (compiled[0].fixed !== undefined && compiled[1].fixed !== undefined) {
      const fixed = [compiled[0].fixed, compiled[1].fixed];
      return (_c, lang) => fixed[LANG_INDEX[lang]];
    }
    return (c, lang) => {
      const t = compiled[LANG_INDEX[lang]];
      let out = t.literals[0];
      for (let i = 0; i < t.slotFns.length; i++) out += t.slotFns[i](c, lang) + t.literals[i + 1];
      return out;
    };
  }

  private slot(name: string, path: string, extra?: Record<string, RenderPlain>): RenderPlain {
    if (extra && extra[name]) return extra[name];
    if (name === 'left' || name === 'right') {
      this.issue(path, `{${name}} is only available in the label of a numeric comparison`);
      return () => '?';
    }
    const factIdx = this.factIndex.get(name);
    if (factIdx !== undefined) {
      const f = this.facts[factIdx];
      return (c, lang) => this.formatFact(c, f, lang);
    }
    const pText = this.paramText.get(name);
    if (pText) return (_c, lang) => pText[LANG_INDEX[lang]];
    if (this.derivedDefs[name] !== undefined) {
      const d = this.useDerived(name, path);
      if (!d) return () => '?';
      const unit = d.def.unit;
      return (c, lang) => {
        d.fn(c);
        return formatRange(c.lo, c.hi, unit, lang);
      };
    }
    this.issue(path, `unknown placeholder {${name}}`);
    return () => '?';
  }
}
