import type { Text } from '@inps/kernel';
import type { CompileContext } from './compile-context';
import type { ConditionCompiler, CNode } from './conditions';
import type { FactDefinition, FactType, FactValue, Unit } from './definition.types';
import type { NumFn } from './interval';
import type { NumericCompiler } from './numeric';

/**
 * The facts of a rule set, numbered: at run time a fact is an index into the evaluation context's
 * arrays, never a name. Each fact carries its compiled rules (what other facts already tell about
 * it) and the facts those rules read, so that a missing fact can also name what would fix it.
 */

export interface CFact {
  readonly idx: number;
  readonly name: string;
  readonly def: FactDefinition;
  readonly type: FactType;
  readonly unit: Unit;
  /** The valid range of a numeric fact (0 for the others): what a missing value may still be. */
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

export class FactTable {
  readonly facts: CFact[] = [];
  readonly index = new Map<string, number>();

  constructor(
    defs: Record<string, FactDefinition>,
    private readonly ctx: CompileContext,
  ) {
    for (const [name, def] of Object.entries(defs)) {
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
      this.index.set(name, idx);
    }
  }

  /** The fact named, for a rule that reads it at `path`; an issue (and undefined) if there is none. */
  use(name: string, path: string): CFact | undefined {
    const idx = this.index.get(name);
    if (idx === undefined) {
      this.ctx.issue(path, `unknown fact "${name}"`);
      return undefined;
    }
    this.ctx.noteUse(idx, path);
    return this.facts[idx];
  }

  /** The fact named, without recording a use. */
  find(name: string): CFact | undefined {
    const idx = this.index.get(name);
    return idx === undefined ? undefined : this.facts[idx];
  }

  checkLiteralFits(f: CFact, value: unknown, path: string): void {
    const ok =
      f.type === 'boolean'
        ? typeof value === 'boolean'
        : f.type === 'enum'
          ? typeof value === 'string' && f.enumLabels.has(value)
          : typeof value === 'number' && (f.type === 'number' || Number.isInteger(value));
    if (!ok) this.ctx.issue(path, `value ${JSON.stringify(value)} does not fit ${f.type} fact "${f.name}"`);
  }

  /**
   * Second pass over the facts, once every fact has its index: implied values, bounds and
   * availability rules are conditions and expressions over other facts.
   */
  compileRules(conditions: ConditionCompiler, numeric: NumericCompiler): void {
    this.ctx.factRules(() => {
      for (const f of this.facts) this.compileRulesOf(f, conditions, numeric);
    });
    this.closeDependencies();
  }

  private compileRulesOf(f: CFact, conditions: ConditionCompiler, numeric: NumericCompiler): void {
    const path = `/facts/${f.name}`;
    const def = f.def;
    const issue = (field: string, text: string): void => this.ctx.issue(field, text);
    if (def.type === 'enum' && (!def.values || def.values.length === 0)) issue(path, 'an enum fact needs values');
    if ((def.type === 'integer' || def.type === 'number') && (def.min === undefined || def.max === undefined)) {
      issue(path, 'a numeric fact needs min and max');
    }
    if (def.min !== undefined && def.max !== undefined && def.min > def.max) issue(path, 'min is above max');
    (def.implied ?? []).forEach((imp, i) => {
      const when = conditions.compile(imp.when, `${path}/implied/${i}/when`);
      this.checkLiteralFits(f, imp.value, `${path}/implied/${i}/value`);
      f.implied.push({ when, value: imp.value });
      for (const d of when.subtreeFacts) f.readDeps.add(d);
    });
    if (def.bounds?.min !== undefined) {
      const b = numeric.compile(def.bounds.min, `${path}/bounds/min`);
      f.boundMin = b.fn;
      for (const d of b.facts) f.readDeps.add(d);
    }
    if (def.bounds?.max !== undefined) {
      const b = numeric.compile(def.bounds.max, `${path}/bounds/max`);
      f.boundMax = b.fn;
      for (const d of b.facts) f.readDeps.add(d);
    }
    if (def.bounds && !(def.type === 'integer' || def.type === 'number')) issue(`${path}/bounds`, 'bounds apply to numeric facts only');
    if (def.availableWhen !== undefined) {
      const flag = this.index.get(def.availableWhen);
      if (flag === undefined) issue(`${path}/availableWhen`, `unknown fact "${def.availableWhen}"`);
      else if (this.facts[flag].type !== 'boolean') issue(`${path}/availableWhen`, `"${def.availableWhen}" is not a boolean fact`);
      else {
        f.availFlag = flag;
        f.readDeps.add(flag);
      }
      if (!def.unavailableStep) issue(path, 'availableWhen needs an unavailableStep');
    }
    if (def.pendingWhen !== undefined) {
      if (def.type !== 'boolean') issue(`${path}/pendingWhen`, 'pendingWhen applies to boolean facts only');
      f.pendingWhen = conditions.compile(def.pendingWhen, `${path}/pendingWhen`);
      for (const d of f.pendingWhen.subtreeFacts) f.directDeps.add(d);
      if (!def.pendingStep) issue(path, 'pendingWhen needs a pendingStep');
    }
    for (const d of f.readDeps) f.directDeps.add(d);
    if (f.directDeps.has(f.idx)) {
      issue(path, 'a fact rule refers to the fact itself');
      f.readDeps.delete(f.idx);
      f.directDeps.delete(f.idx);
    }
  }

  private closeDependencies(): void {
    // A cycle (a fact's bound depending on itself) would recurse forever at evaluation time.
    const state = new Uint8Array(this.facts.length);
    const visit = (i: number, trail: string[]): boolean => {
      if (state[i] === 2) return true;
      if (state[i] === 1) {
        this.ctx.issue(`/facts/${this.facts[i].name}`, `circular fact rules: ${[...trail, this.facts[i].name].join(' → ')}`);
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
}
