import fc from 'fast-check';
import { AdditiveRelation, CellStatus, findDisclosures, isSmallCount, medianVisible, suppressSmallCounts, SuppressionInput } from './suppression';

function input(cells: Record<string, number>, relations: AdditiveRelation[]): SuppressionInput {
  return { cells: new Map(Object.entries(cells)), relations };
}

function hidden(status: ReadonlyMap<string, CellStatus>): string[] {
  return [...status]
    .filter(([, s]) => s !== 'visible')
    .map(([key]) => key)
    .sort();
}

describe('primary suppression', () => {
  it('hides 1–4 and shows 0 and 5+', () => {
    expect([0, 1, 4, 5, 120].map(isSmallCount)).toEqual([false, true, true, false, false]);
  });

  it('hides the small cells of a table with no relation', () => {
    const result = suppressSmallCounts(input({ a: 3, b: 0, c: 12 }, []));
    expect(result.status.get('a')).toBe('small');
    expect(result.status.get('b')).toBe('visible');
    expect(result.status.get('c')).toBe('visible');
  });
});

describe('complementary suppression', () => {
  it('hides a second category when one small category could be recovered from the total', () => {
    const result = suppressSmallCounts(input({ T: 100, F: 3, M: 60, NR: 37 }, [{ total: 'T', parts: ['F', 'M', 'NR'] }]));
    expect(result.status.get('F')).toBe('small');
    // The smallest category of at least 5 is the cheapest one to hide.
    expect(result.status.get('NR')).toBe('complementary');
    expect(result.status.get('M')).toBe('visible');
    expect(result.status.get('T')).toBe('visible');
    expect(result.unresolved).toEqual([]);
  });

  it('does not accept a complement that still pins the small cell (1 + 5 = 6)', () => {
    const result = suppressSmallCounts(input({ T: 26, a: 1, b: 5, c: 20 }, [{ total: 'T', parts: ['a', 'b', 'c'] }]));
    // b = 5 next to a = 1 would leave 6 = 1 + 5 as the only split: c is hidden instead.
    expect(hidden(result.status)).toEqual(['a', 'c']);
    expect(findDisclosures(input({ T: 26, a: 1, b: 5, c: 20 }, [{ total: 'T', parts: ['a', 'b', 'c'] }]), result.status)).toEqual([]);
  });

  it('protects two small cells whose sum pins them (4 + 4 = 8)', () => {
    const data = input({ T: 8, a: 4, b: 4, c: 0 }, [{ total: 'T', parts: ['a', 'b', 'c'] }]);
    const result = suppressSmallCounts(data);
    expect(result.status.get('c')).toBe('complementary');
    expect(findDisclosures(data, result.status)).toEqual([]);
  });

  it('leaves two small cells alone when their sum does not pin them', () => {
    const result = suppressSmallCounts(input({ T: 20, a: 2, b: 3, c: 15 }, [{ total: 'T', parts: ['a', 'b', 'c'] }]));
    expect(hidden(result.status)).toEqual(['a', 'b']);
  });

  it('keeps a total hidden everywhere it appears, and protects it in its other breakdowns', () => {
    // Rieti's 3 people are hidden in the territory table, so the province table needs a
    // complement; the region total is shared with the sex breakdown, which is fine on its own.
    const data = input({ LAZIO: 200, RM: 150, LT: 30, RI: 3, VT: 17, F: 90, M: 110 }, [
      { total: 'LAZIO', parts: ['RM', 'LT', 'RI', 'VT'] },
      { total: 'LAZIO', parts: ['F', 'M'] },
    ]);
    const result = suppressSmallCounts(data);
    expect(result.status.get('RI')).toBe('small');
    expect(result.status.get('VT')).toBe('complementary');
    expect(result.status.get('LAZIO')).toBe('visible');
    expect(findDisclosures(data, result.status)).toEqual([]);
  });

  it('does not pick a complement that its own categories would give back', () => {
    const data = input({ R: 60, P1: 2, P2: 28, P3: 30, P2a: 20, P2b: 8 }, [
      { total: 'R', parts: ['P1', 'P2', 'P3'] },
      { total: 'P2', parts: ['P2a', 'P2b'] },
    ]);
    const result = suppressSmallCounts(data);
    expect(result.status.get('P1')).toBe('small');
    // P2 is the smaller, but P2 = P2a + P2b would give it back, and then P1.
    expect(result.status.get('P2')).toBe('visible');
    expect(result.status.get('P3')).toBe('complementary');
    expect(findDisclosures(data, result.status)).toEqual([]);
  });

  it('withholds every category of a small total, zeros included', () => {
    const data = input({ T: 4, a0: 1, a1: 1, a2: 1, a3: 1, a4: 0 }, [{ total: 'T', parts: ['a0', 'a1', 'a2', 'a3', 'a4'] }]);
    const result = suppressSmallCounts(data);
    expect(result.status.get('T')).toBe('small');
    for (const key of ['a0', 'a1', 'a2', 'a3', 'a4']) expect(result.status.get(key)).toBe('withheld');
    expect(result.unresolved).toEqual([]);
  });

  it('follows a chain when a hidden subtotal is the only way left', () => {
    const data = input({ R: 40, P1: 2, P2: 38, P2a: 30, P2b: 8 }, [
      { total: 'R', parts: ['P1', 'P2'] },
      { total: 'P2', parts: ['P2a', 'P2b'] },
    ]);
    const result = suppressSmallCounts(data);
    expect(result.status.get('P2')).toBe('complementary');
    expect(result.status.get('P2b')).toBe('complementary');
    expect(findDisclosures(data, result.status)).toEqual([]);
  });

  it('rejects negative or fractional counts and unknown cells', () => {
    expect(() => suppressSmallCounts(input({ a: -1 }, []))).toThrow(RangeError);
    expect(() => suppressSmallCounts(input({ a: 1.5 }, []))).toThrow(RangeError);
    expect(() => suppressSmallCounts(input({ a: 1 }, [{ total: 'a', parts: ['b'] }]))).toThrow(/unknown cell b/);
  });

  it('a median is shown only on at least 5 observations', () => {
    expect(medianVisible(4)).toBe(false);
    expect(medianVisible(5)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests on the shape of a report: a scope total, its territories, and several one-way
// breakdowns of the same people. The checker below is written independently of the engine: it
// enumerates the values a reader could assign to hidden cells.

interface Person {
  territory: number;
  sex: number;
  age: number;
}

const personArb = fc.record({
  territory: fc.integer({ min: 0, max: 4 }),
  sex: fc.integer({ min: 0, max: 2 }),
  age: fc.integer({ min: 0, max: 5 }),
});

function reportShape(people: Person[]): SuppressionInput {
  const cells: Record<string, number> = { T: people.length };
  const dims: [string, number, keyof Person][] = [
    ['terr', 5, 'territory'],
    ['sex', 3, 'sex'],
    ['age', 6, 'age'],
  ];
  const relations: AdditiveRelation[] = [];
  for (const [name, size, field] of dims) {
    const parts: string[] = [];
    for (let c = 0; c < size; c += 1) {
      const key = `${name}:${c}`;
      cells[key] = people.filter((p) => p[field] === c).length;
      parts.push(key);
    }
    relations.push({ total: 'T', parts });
  }
  return input(cells, relations);
}

/** Exact reader's view for star-shaped relations sharing only their total. */
function readerCanPin(data: SuppressionInput, status: ReadonlyMap<string, CellStatus>): string[] {
  const max = [...data.cells.values()].reduce((a, b) => Math.max(a, b), 0) + 10;
  const domainOf = (key: string): number[] => {
    const s = status.get(key) ?? 'visible';
    if (s === 'visible') return [data.cells.get(key) ?? 0];
    if (s === 'small') return [1, 2, 3, 4];
    if (s === 'withheld') return [0, 1, 2, 3, 4];
    return [0, ...Array.from({ length: max - 4 }, (_, i) => i + 5)];
  };
  const sums = (domains: number[][]): Set<number> => {
    let reach = new Set([0]);
    for (const domain of domains) {
      const next = new Set<number>();
      for (const r of reach) for (const v of domain) if (r + v <= max * 3) next.add(r + v);
      reach = next;
    }
    return reach;
  };
  const totals = new Set(data.relations.map((r) => r.total));
  const pinned: string[] = [];
  for (const total of totals) {
    const relations = data.relations.filter((r) => r.total === total);
    const feasibleTotals = domainOf(total).filter((t) => relations.every((r) => sums(r.parts.map(domainOf)).has(t)));
    const sensitive = (key: string): boolean => status.get(key) !== 'visible' && isSmallCount(data.cells.get(key) ?? 0);
    if (sensitive(total) && feasibleTotals.length < 2) pinned.push(total);
    for (const relation of relations) {
      relation.parts.forEach((part, index) => {
        if (!sensitive(part)) return;
        const others = sums(relation.parts.filter((_, j) => j !== index).map(domainOf));
        const values = new Set<number>();
        for (const t of feasibleTotals) for (const v of domainOf(part)) if (others.has(t - v)) values.add(v);
        if (values.size < 2) pinned.push(part);
      });
    }
  }
  return pinned.sort();
}

describe('suppression properties', () => {
  it('every 1–4 cell is hidden and no visible total minus visible cells reveals one', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 0, maxLength: 40 }), (people) => {
        const data = reportShape(people);
        const { status, unresolved } = suppressSmallCounts(data);
        expect(unresolved).toEqual([]);
        for (const [key, value] of data.cells) {
          if (isSmallCount(value)) expect(['small', 'withheld']).toContain(status.get(key));
          if (status.get(key) === 'complementary') expect(isSmallCount(value)).toBe(false);
        }
        for (const relation of data.relations) {
          const members = [relation.total, ...relation.parts];
          const hiddenMembers = members.filter((key) => status.get(key) !== 'visible');
          // The literal attack: one hidden figure in a relation is total minus the others.
          expect(hiddenMembers.length === 1).toBe(false);
          if (status.get(relation.total) === 'visible') {
            const residual =
              (data.cells.get(relation.total) ?? 0) -
              relation.parts.filter((p) => status.get(p) === 'visible').reduce((s, p) => s + (data.cells.get(p) ?? 0), 0);
            const hiddenParts = relation.parts.filter((p) => status.get(p) !== 'visible');
            if (hiddenParts.length === 1) expect(isSmallCount(residual)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a reader who knows the rule cannot pin any "< 5" cell (exhaustive check)', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 30 }), (people) => {
        const data = reportShape(people);
        const { status } = suppressSmallCounts(data);
        expect(readerCanPin(data, status)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic and hides no more than needed when nothing is small', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 5, max: 500 }), { minLength: 1, maxLength: 8 }), (values) => {
        const cells: Record<string, number> = { T: values.reduce((a, b) => a + b, 0) };
        values.forEach((v, i) => (cells[`c${i}`] = v));
        const data = input(cells, [{ total: 'T', parts: values.map((_, i) => `c${i}`) }]);
        const first = suppressSmallCounts(data);
        expect(hidden(first.status)).toEqual([]);
        expect([...suppressSmallCounts(data).status]).toEqual([...first.status]);
      }),
    );
  });

  it('the engine agrees with the exhaustive checker on what is pinned', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 25 }), fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }), (people, extraHidden) => {
        const data = reportShape(people);
        const status = new Map<string, CellStatus>();
        [...data.cells].forEach(([key, value], index) => {
          status.set(key, isSmallCount(value) ? 'small' : extraHidden[index % extraHidden.length] ? 'complementary' : 'visible');
        });
        if (status.get('T') === 'small') for (const key of data.cells.keys()) if (key !== 'T') status.set(key, 'withheld');
        expect(findDisclosures(data, status)).toEqual(readerCanPin(data, status));
      }),
      { numRuns: 200 },
    );
  });

  it('protects a territory tree (region = provinces, province = its categories), checked by brute force', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 30 }), (people) => {
        const cells: Record<string, number> = { R: people.length };
        const relations: AdditiveRelation[] = [{ total: 'R', parts: [] }];
        const regionParts: string[] = [];
        for (let t = 0; t < 3; t += 1) {
          const inTerritory = people.filter((p) => p.territory % 3 === t);
          cells[`P${t}`] = inTerritory.length;
          regionParts.push(`P${t}`);
          const parts: string[] = [];
          for (let x = 0; x < 3; x += 1) {
            cells[`P${t}:${x}`] = inTerritory.filter((p) => p.sex === x).length;
            parts.push(`P${t}:${x}`);
          }
          relations.push({ total: `P${t}`, parts });
        }
        relations[0] = { total: 'R', parts: regionParts };
        const data = input(cells, relations);
        const { status, unresolved } = suppressSmallCounts(data);
        expect(unresolved).toEqual([]);
        expect(bruteForcePinned(data, status)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Exact reader's view of a two-level tree (R = provinces, province = its categories), with
 * explicit value sets rather than the engine's intervals.
 */
function bruteForcePinned(data: SuppressionInput, status: ReadonlyMap<string, CellStatus>): string[] {
  // A reader does not know an upper bound for a hidden total: leave headroom above the real values.
  const cap = [...data.cells.values()].reduce((a, b) => Math.max(a, b), 0) + 6;
  const domainOf = (key: string): number[] => {
    const s = status.get(key) ?? 'visible';
    if (s === 'visible') return [data.cells.get(key) ?? 0];
    if (s === 'small') return [1, 2, 3, 4];
    if (s === 'withheld') return [0, 1, 2, 3, 4];
    return [0, ...Array.from({ length: cap - 4 }, (_, i) => i + 5)];
  };
  const sums = (sets: number[][]): Set<number> => {
    let reach = new Set([0]);
    for (const set of sets) {
      const next = new Set<number>();
      for (const r of reach) for (const v of set) if (r + v <= cap * 4) next.add(r + v);
      reach = next;
    }
    return reach;
  };
  const [root, ...provinces] = data.relations;
  const leafSums = provinces.map((relation) => sums(relation.parts.map(domainOf)));
  const provinceSets = provinces.map((relation, t) => domainOf(relation.total).filter((v) => leafSums[t].has(v)));
  const rootSet = domainOf(root.total).filter((r) => sums(provinceSets).has(r));
  const values = new Map<string, Set<number>>([[root.total, new Set(rootSet)]]);
  const finalProvinceSets = provinces.map((relation, t) => {
    const others = sums(provinceSets.filter((_, u) => u !== t));
    const set = provinceSets[t].filter((v) => rootSet.some((r) => others.has(r - v)));
    values.set(relation.total, new Set(set));
    return set;
  });
  provinces.forEach((relation, t) => {
    relation.parts.forEach((part, index) => {
      const others = sums(relation.parts.filter((_, j) => j !== index).map(domainOf));
      const set = domainOf(part).filter((x) => finalProvinceSets[t].some((p) => others.has(p - x)));
      values.set(part, new Set(set));
    });
  });
  return [...values]
    .filter(([key, set]) => status.get(key) !== 'visible' && isSmallCount(data.cells.get(key) ?? 0) && set.size < 2)
    .map(([key]) => key)
    .sort();
}
