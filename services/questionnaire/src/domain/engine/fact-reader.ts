import type { Language, Text } from '@inps/kernel';
import type { FactValue } from './definition.types';
import type { CFact } from './fact-table';
import { formatValue, LANG_INDEX, LANGUAGE_COUNT } from './format';
import { Translator } from './translator';
import { wordsIn } from './words';
import { FALSE, TRUE, UNKNOWN, type EvalContext, type Tri } from './runtime';

/**
 * Reads a fact during an evaluation: its known value, or what the other facts already tell about
 * it (implied values, bounds, availability). The compiled conditions and expressions call these
 * on every evaluation, so they read arrays by index and allocate nothing; a numeric reading is
 * memoised per evaluation (by epoch) because many conditions read the same fact.
 */
export class FactReader {
  constructor(
    private readonly facts: readonly CFact[],
    private readonly tr: Translator = new Translator(),
  ) {}

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

  /** An enum (or any scalar) fact's value, known or implied; undefined while unknown. */
  readScalar(c: EvalContext, f: CFact): FactValue | undefined {
    const v = c.vals[f.idx];
    if (v !== undefined) return v;
    for (const imp of f.implied) if (imp.when.ev(c) === TRUE) return imp.value;
    return undefined;
  }

  /** A numeric fact's interval, left in `c.lo`/`c.hi`: the value, or the range still possible. */
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

  /**
   * The fact as an explanation shows it: the figure with its unit, yes/no, the option's label, or
   * `?` while unknown. Shared by every line that shows the fact in one evaluation (memoised by epoch).
   */
  format(c: EvalContext, f: CFact, lang: Language): string {
    const slot = f.idx * LANGUAGE_COUNT + LANG_INDEX[lang];
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
      const w = wordsIn(lang);
      out = t === TRUE ? w.yes : t === FALSE ? w.no : w.unknown;
    } else {
      const s = this.readScalar(c, f);
      out = typeof s === 'string' ? (f.enumLabels.has(s) ? this.tr.in(f.enumLabels.get(s) as Text, lang) : s) : '?';
    }
    c.fmtEpoch[slot] = c.epoch;
    c.fmtCache[slot] = out;
    return out;
  }
}
