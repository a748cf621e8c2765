import { LANGUAGES } from '@inps/kernel';
import type { FactValue } from './definition.types';

/**
 * Kleene truth values as small integers: they fit a Uint8Array per evaluation, so compiled
 * conditions store their results without allocating.
 */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;

export function triNot(t: Tri): Tri {
  return t === TRUE ? FALSE : t === FALSE ? TRUE : UNKNOWN;
}

/**
 * Scratch state of one evaluation. One instance per compiled rule set is reused (evaluation is
 * synchronous), and memo tables are invalidated by bumping `epoch` instead of clearing them.
 *
 * Numeric expressions return their result in `lo`/`hi`: the interval of values still possible given
 * the known facts. A known value is an interval of width 0; a missing fact spans its valid range,
 * which lets a comparison be decided without it (an income of 0 is below 6,500 × any scale).
 */
export class EvalContext {
  vals: (FactValue | undefined)[];
  lo = 0;
  hi = 0;
  epoch = 1;
  readonly numEpoch: Uint32Array;
  readonly numLo: Float64Array;
  readonly numHi: Float64Array;
  readonly derivedEpoch: Uint32Array;
  readonly derivedLo: Float64Array;
  readonly derivedHi: Float64Array;
  readonly tri: Uint8Array;
  /** The epoch in which a shared node's result in `tri` was computed (conditions.ts: memoised). */
  readonly triEpoch: Uint32Array;
  /** Operand intervals of comparison nodes, two per node (left, right), for explanations. */
  readonly opLo: Float64Array;
  readonly opHi: Float64Array;
  /** Facts marked as missing, by mark epoch (see `nextMark`). */
  readonly mark: Uint32Array;
  markEpoch = 0;
  /** The facts marked under the current mark, in the order marked (evaluate.ts reads them back sorted). */
  readonly marked: number[] = [];
  /** The facts given as `null` ("don't know"), by index, as loadFacts found them. */
  readonly dontKnow: number[] = [];
  readonly fmtEpoch: Uint32Array;
  readonly fmtCache: string[];
  /** The explanation line of a node several benefits show (a shared condition), by node, for this epoch. */
  readonly lineEpoch: Uint32Array;
  readonly lineText: string[];

  constructor(factCount: number, derivedCount: number, nodeCount: number) {
    this.vals = new Array<FactValue | undefined>(factCount).fill(undefined);
    this.numEpoch = new Uint32Array(factCount);
    this.numLo = new Float64Array(factCount);
    this.numHi = new Float64Array(factCount);
    this.derivedEpoch = new Uint32Array(derivedCount);
    this.derivedLo = new Float64Array(derivedCount);
    this.derivedHi = new Float64Array(derivedCount);
    this.tri = new Uint8Array(nodeCount);
    this.triEpoch = new Uint32Array(nodeCount);
    this.opLo = new Float64Array(nodeCount * 2);
    this.opHi = new Float64Array(nodeCount * 2);
    this.mark = new Uint32Array(factCount);
    // One formatted text per fact and language (FactReader.format).
    this.fmtEpoch = new Uint32Array(factCount * LANGUAGES.length);
    this.fmtCache = new Array<string>(factCount * LANGUAGES.length).fill('');
    this.lineEpoch = new Uint32Array(nodeCount);
    this.lineText = new Array<string>(nodeCount).fill('');
  }

  nextMark(): number {
    this.markEpoch += 1;
    this.marked.length = 0;
    return this.markEpoch;
  }
}

/** Rounds away binary noise (1 + 0.15 + 0.4 = 1.5499999999999998) so thresholds compare as written. */
export function clean(x: number): number {
  const a = x < 0 ? -x : x;
  // Scale by magnitude to keep ~15 significant digits within the exact range of doubles.
  if (a < 1e6) return Math.round(x * 1e9) / 1e9;
  if (a < 1e12) return Math.round(x * 1e3) / 1e3;
  return x;
}
