import { arithmetic, DECIDE, type NumFn } from './interval';
import { EvalContext, FALSE, TRUE, UNKNOWN } from './runtime';

const c = new EvalContext(0, 0, 0);
const range =
  (lo: number, hi: number): NumFn =>
  (ctx) => {
    ctx.lo = lo;
    ctx.hi = hi;
  };
const run = (fn: NumFn): [number, number] => {
  fn(c);
  return [c.lo, c.hi];
};

describe('interval arithmetic', () => {
  it('adds and subtracts ranges', () => {
    expect(run(arithmetic('add', [range(1, 2), range(10, 20)]))).toEqual([11, 22]);
    expect(run(arithmetic('sub', [range(10, 20), range(1, 2)]))).toEqual([8, 19]);
  });
  it('multiplies with signs and removes binary noise', () => {
    expect(run(arithmetic('mul', [range(-2, 3), range(4, 5)]))).toEqual([-10, 15]);
    expect(run(arithmetic('mul', [range(-2, -1), range(-3, 4)]))).toEqual([-8, 6]);
    expect(run(arithmetic('mul', [range(6500, 6500), arithmetic('add', [range(1, 1), range(0.15, 0.15), range(0.4, 0.4)])]))).toEqual([10075, 10075]);
  });
  it('divides, and gives up on a divisor range containing zero', () => {
    expect(run(arithmetic('div', [range(10, 20), range(2, 5)]))).toEqual([2, 10]);
    expect(run(arithmetic('div', [range(1, 1), range(-1, 1)]))).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });
  it('takes min and max of ranges', () => {
    expect(run(arithmetic('min', [range(1, 10), range(5, 6)]))).toEqual([1, 6]);
    expect(run(arithmetic('max', [range(1, 10), range(5, 6)]))).toEqual([5, 10]);
  });
  it('decides a comparison only when every pair of possible values agrees', () => {
    expect(DECIDE.le(0, 10, 10, 10)).toBe(TRUE);
    expect(DECIDE.le(0, 10.01, 10, 10)).toBe(UNKNOWN);
    expect(DECIDE.lt(10, 10, 10, 10)).toBe(FALSE);
    expect(DECIDE.lt(0, 5, 6, 20)).toBe(TRUE);
    expect(DECIDE.ge(67, 67, 67, 67)).toBe(TRUE);
    expect(DECIDE.gt(0, 66, 66, 66)).toBe(FALSE);
    expect(DECIDE.eq(100, 100, 100, 100)).toBe(TRUE);
    expect(DECIDE.eq(0, 99, 100, 100)).toBe(FALSE);
    expect(DECIDE.ne(0, 100, 100, 100)).toBe(UNKNOWN);
  });
});
