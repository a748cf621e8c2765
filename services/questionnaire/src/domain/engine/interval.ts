import type { ComparisonOp } from './definition.types';
import { clean, FALSE, TRUE, UNKNOWN, type EvalContext, type Tri } from './runtime';

/**
 * Interval arithmetic for missing facts. A numeric expression leaves in `c.lo`/`c.hi` the range of
 * values still possible; operations combine ranges soundly, so that a comparison decided on ranges
 * stays decided whatever the missing facts turn out to be (the monotonicity the verdicts rely on).
 */

export type NumFn = (c: EvalContext) => void;

/**
 * Comparison of two intervals: decided only when every possible pair of values agrees. One function
 * with a switch rather than one function per operator: every comparison node calls it from the same
 * place, where a call through a table of six functions cannot be inlined.
 */
export function decide(op: ComparisonOp, alo: number, ahi: number, blo: number, bhi: number): Tri {
  switch (op) {
    case 'lt':
      return ahi < blo ? TRUE : alo >= bhi ? FALSE : UNKNOWN;
    case 'le':
      return ahi <= blo ? TRUE : alo > bhi ? FALSE : UNKNOWN;
    case 'gt':
      return alo > bhi ? TRUE : ahi <= blo ? FALSE : UNKNOWN;
    case 'ge':
      return alo >= bhi ? TRUE : ahi < blo ? FALSE : UNKNOWN;
    case 'eq':
      return alo === ahi && blo === bhi && alo === blo ? TRUE : ahi < blo || bhi < alo ? FALSE : UNKNOWN;
    case 'ne':
      return alo === ahi && blo === bhi && alo === blo ? FALSE : ahi < blo || bhi < alo ? TRUE : UNKNOWN;
  }
}

export type Decide = (alo: number, ahi: number, blo: number, bhi: number) => Tri;

/** `decide` for one operator. */
export const DECIDE: Readonly<Record<ComparisonOp, Decide>> = {
  lt: (alo, ahi, blo, bhi) => decide('lt', alo, ahi, blo, bhi),
  le: (alo, ahi, blo, bhi) => decide('le', alo, ahi, blo, bhi),
  gt: (alo, ahi, blo, bhi) => decide('gt', alo, ahi, blo, bhi),
  ge: (alo, ahi, blo, bhi) => decide('ge', alo, ahi, blo, bhi),
  eq: (alo, ahi, blo, bhi) => decide('eq', alo, ahi, blo, bhi),
  ne: (alo, ahi, blo, bhi) => decide('ne', alo, ahi, blo, bhi),
};

export function arithmetic(op: 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max', fns: NumFn[]): NumFn {
  const n = fns.length;
  switch (op) {
    case 'add':
      return (c) => {
        let lo = 0;
        let hi = 0;
        for (let i = 0; i < n; i++) {
          fns[i](c);
          lo += c.lo;
          hi += c.hi;
        }
        c.lo = clean(lo);
        c.hi = clean(hi);
      };
    case 'sub': {
      const [fa, fb] = fns;
      return (c) => {
        fa(c);
        const alo = c.lo;
        const ahi = c.hi;
        fb(c);
        const lo = alo - c.hi;
        const hi = ahi - c.lo;
        c.lo = clean(lo);
        c.hi = clean(hi);
      };
    }
    case 'mul':
      return (c) => {
        let lo = 1;
        let hi = 1;
        for (let i = 0; i < n; i++) {
          fns[i](c);
          if (c.lo >= 0 && lo >= 0) {
            // The common case (non-negative amounts and counts) needs no four-way products.
            lo = lo * c.lo;
            hi = hi * c.hi;
          } else {
            const p1 = lo * c.lo;
            const p2 = lo * c.hi;
            const p3 = hi * c.lo;
            const p4 = hi * c.hi;
            lo = Math.min(p1, p2, p3, p4);
            hi = Math.max(p1, p2, p3, p4);
          }
        }
        c.lo = clean(lo);
        c.hi = clean(hi);
      };
    case 'div': {
      const [fa, fb] = fns;
      return (c) => {
        fa(c);
        const alo = c.lo;
        const ahi = c.hi;
        fb(c);
        if (c.lo <= 0 && c.hi >= 0) {
          c.lo = Number.NEGATIVE_INFINITY;
          c.hi = Number.POSITIVE_INFINITY;
          return;
        }
        const q1 = alo / c.lo;
        const q2 = alo / c.hi;
        const q3 = ahi / c.lo;
        const q4 = ahi / c.hi;
        c.lo = clean(Math.min(q1, q2, q3, q4));
        c.hi = clean(Math.max(q1, q2, q3, q4));
      };
    }
    case 'min':
    case 'max': {
      const isMin = op === 'min';
      return (c) => {
        let lo = isMin ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
        let hi = lo;
        for (let i = 0; i < n; i++) {
          fns[i](c);
          if (isMin) {
            if (c.lo < lo) lo = c.lo;
            if (c.hi < hi) hi = c.hi;
          } else {
            if (c.lo > lo) lo = c.lo;
            if (c.hi > hi) hi = c.hi;
          }
        }
        c.lo = lo;
        c.hi = hi;
      };
    }
  }
}
