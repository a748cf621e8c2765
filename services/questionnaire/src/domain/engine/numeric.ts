import type { CompileContext } from './compile-context';
import type { CNode, ConditionCompiler } from './conditions';
import type { ConditionNode, DerivedDefinition, Expr, ParameterDefinition, Unit } from './definition.types';
import type { FactReader } from './fact-reader';
import type { FactTable } from './fact-table';
import { formatValue, perLanguage } from './format';
import { arithmetic, type NumFn } from './interval';
import { FALSE, TRUE } from './runtime';

/**
 * Compiles numeric expressions (facts, parameters, derived values, if/then/else, rounding,
 * arithmetic) into closures over intervals: each leaves in `c.lo`/`c.hi` the range of values still
 * possible given the known facts (interval.ts), so that a comparison can be decided before every
 * fact it reads is known.
 */

export interface NumCompiled {
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

/** A derived value (`derived:` in a rule set): an expression compiled once and memoised per evaluation. */
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

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function union<T>(...sets: ReadonlySet<T>[]): Set<T> {
  const out = new Set<T>();
  for (const s of sets) for (const v of s) out.add(v);
  return out;
}

export class NumericCompiler {
  readonly params = new Map<string, ParameterDefinition>();
  /** Each parameter's value as text, per language (LANG_INDEX): thresholds are shown in most lines. */
  readonly paramText = new Map<string, string[]>();
  readonly derived: CDerived[] = [];
  private readonly derivedIndex = new Map<string, number>();
  private readonly derivedCompiling = new Set<string>();
  private conditions?: ConditionCompiler;

  constructor(
    paramDefs: Record<string, ParameterDefinition>,
    private readonly derivedDefs: Record<string, DerivedDefinition>,
    private readonly table: FactTable,
    private readonly reader: FactReader,
    private readonly ctx: CompileContext,
  ) {
    for (const [name, def] of Object.entries(paramDefs)) {
      this.params.set(name, def);
      this.paramText.set(
        name,
        perLanguage((lang) => formatValue(def.value, def.unit, lang)),
      );
    }
  }

  /** Conditions and expressions nest in each other (`if` in an expression, comparisons in a condition). */
  useConditions(conditions: ConditionCompiler): void {
    this.conditions = conditions;
  }

  private condition(node: ConditionNode, path: string): CNode {
    if (!this.conditions) throw new Error('NumericCompiler.useConditions was not called');
    return this.conditions.compile(node, path);
  }

  hasDerived(name: string): boolean {
    return this.derivedDefs[name] !== undefined;
  }

  useDerived(name: string, path: string): CDerived | undefined {
    const existing = this.derivedIndex.get(name);
    if (existing !== undefined) return this.derived[existing];
    const def = this.derivedDefs[name];
    if (!def) {
      this.ctx.issue(path, `unknown derived value "${name}"`);
      return undefined;
    }
    if (this.derivedCompiling.has(name)) {
      this.ctx.issue(path, `derived value "${name}" refers to itself`);
      return undefined;
    }
    this.derivedCompiling.add(name);
    const idx = this.derived.length;
    const body = this.compile(def.value, `/derived/${name}/value`);
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

  compile(expr: Expr, path: string): NumCompiled {
    const reader = this.reader;
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
      this.ctx.issue(path, `expected a number or a numeric expression, got ${JSON.stringify(expr)}`);
      return empty();
    }
    const e = expr as Record<string, unknown>;
    if (typeof e.fact === 'string') {
      const f = this.table.use(e.fact, `${path}/fact`);
      if (!f) return empty();
      if (f.type !== 'integer' && f.type !== 'number') {
        this.ctx.issue(`${path}/fact`, `fact "${f.name}" is ${f.type}, not numeric`);
        return empty();
      }
      const facts = new Set<number>([f.idx]);
      if (e.ifUnavailable !== undefined) {
        if (f.availFlag < 0) this.ctx.issue(`${path}/ifUnavailable`, `fact "${f.name}" has no availability rule`);
        const fb = this.compile(e.ifUnavailable as Expr, `${path}/ifUnavailable`);
        const flag = f.availFlag >= 0 ? this.table.facts[f.availFlag] : undefined;
        const fbFn = fb.fn;
        return {
          fn: (c) => {
            if (flag === undefined || c.vals[f.idx] !== undefined) return reader.readNum(c, f);
            const t = reader.readBool(c, flag);
            if (t === TRUE) return reader.readNum(c, f);
            fbFn(c);
            if (t === FALSE) return;
            const flo = c.lo;
            const fhi = c.hi;
            reader.readNum(c, f);
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
      const i = f.idx;
      // The reading is memoised per evaluation: the check is made here, before the call, as most readings hit it.
      const fn: NumFn = (c) => {
        if (c.numEpoch[i] === c.epoch) {
          c.lo = c.numLo[i];
          c.hi = c.numHi[i];
          return;
        }
        reader.readNum(c, f);
      };
      return { fn, facts, params: new Set(), derived: new Set(), unit: f.unit, factRef: f.idx };
    }
    if (typeof e.param === 'string') {
      const p = this.params.get(e.param);
      if (!p) {
        this.ctx.issue(`${path}/param`, `unknown parameter "${e.param}"`);
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
      for (const f of d.facts) this.ctx.noteUse(f, `/derived/${d.name}`);
      return { fn: d.fn, facts: new Set(d.facts), params: new Set(d.params), derived: new Set(d.derived), unit: d.def.unit };
    }
    if (e.if !== undefined) {
      const cond = this.condition(e.if as ConditionNode, `${path}/if`);
      const a = this.compile(e.then as Expr, `${path}/then`);
      const b = this.compile(e.else as Expr, `${path}/else`);
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
      const a = this.compile(e.round as Expr, `${path}/round`);
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
        this.ctx.issue(`${path}/${op}`, op === 'sub' || op === 'div' ? 'expects two operands' : 'expects a list of operands');
        return empty();
      }
      const parts = args.map((a, i) => this.compile(a as Expr, `${path}/${op}/${i}`));
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
    this.ctx.issue(path, `unknown expression ${JSON.stringify(expr)}`);
    return empty();
  }
}
