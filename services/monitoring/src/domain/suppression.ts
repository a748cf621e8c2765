/**
 * Small-count suppression for anything a partner can see.
 *
 * The rule applied (documented for the reports' methodological note):
 *
 * 1. Primary suppression: a count of people (or of things about people) from 1 to 4 is not
 *    shown; it reads "< 5". Zero is shown: it says that nobody is in the cell, which identifies
 *    nobody.
 * 2. Small totals: the categories of a total that reads "< 5" are all withheld ("n.d."), zeros
 *    included; otherwise the number of "< 5" categories would give the total away (four
 *    categories of at least 1 in a total below 5 are four ones).
 * 3. Complementary suppression: figures are tied by additive relations (a total equals the sum
 *    of its categories; a region equals the sum of its provinces; the same total appears in
 *    every breakdown of it). A reader who knows the relations, the visible figures and the rule
 *    ("< 5" is 1–4, a complementary "n.d." is 0 or at least 5, a withheld "n.d." is 0–4) must
 *    not be able to work out the exact value of any hidden figure from 1 to 4. We check this
 *    exactly, relation by relation, and carry what one relation reveals into the others until
 *    nothing changes. While some such figure is pinned to one value, one more figure of the
 *    offending relation is hidden ("n.d."): the smallest category of at least 5 (the cheapest
 *    cell that adds real uncertainty), otherwise a zero category, and only as a last resort the
 *    total, because a total is repeated in key figures and other tables.
 * 4. Derived figures: a share is hidden when its numerator or denominator is hidden; a change
 *    from the previous semester when either value is hidden; a median when it rests on fewer
 *    than 5 observations. They read "n.d.".
 *
 * The check is exact for a single relation and for networks in which two relations share at
 * most one figure without cycles (a total with several one-way breakdowns, a territory tree),
 * which is the shape of the semiannual reports. It is not a general linear-programming audit of
 * cross-tabulations: reports must not publish two-way tables of people without one.
 */

const SUPPRESSION_THRESHOLD = 5;

/** True for the counts that are never shown to partners: 1 to 4. */
export function isSmallCount(value: number): boolean {
  return value >= 1 && value < SUPPRESSION_THRESHOLD;
}

/** small: "< 5" (1–4); withheld: a category of a small total; complementary: hidden to protect another. */
export type CellStatus = 'visible' | 'small' | 'withheld' | 'complementary';

/** total = sum(parts). Cell keys are opaque strings chosen by the caller. */
export interface AdditiveRelation {
  readonly total: string;
  readonly parts: readonly string[];
}

export interface SuppressionInput {
  /** True values of every cell subject to suppression. */
  readonly cells: ReadonlyMap<string, number>;
  readonly relations: readonly AdditiveRelation[];
}

export interface SuppressionResult {
  readonly status: ReadonlyMap<string, CellStatus>;
  /** Hidden 1–4 figures whose value could still be worked out; empty unless the input is degenerate. */
  readonly unresolved: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Integer domains as sorted, disjoint unions of closed intervals (hi may be +Infinity).

/** Closed integer intervals; the upper bound may be Infinity. */
type Interval = readonly [number, number];
/** Sorted, disjoint intervals: the values a reader cannot rule out. */
type ValueDomain = readonly Interval[];

const SMALL_DOMAIN: ValueDomain = [[1, SUPPRESSION_THRESHOLD - 1]];
const WITHHELD_DOMAIN: ValueDomain = [[0, SUPPRESSION_THRESHOLD - 1]];
/** A complementary cell is known not to be 1–4, or it would read "< 5". */
const COMPLEMENTARY_DOMAIN: ValueDomain = [
  [0, 0],
  [SUPPRESSION_THRESHOLD, Infinity],
];

function normalize(intervals: Interval[]): ValueDomain {
  const sorted = intervals.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

function addDomains(a: ValueDomain, b: ValueDomain): ValueDomain {
  const out: Interval[] = [];
  for (const [alo, ahi] of a) for (const [blo, bhi] of b) out.push([alo + blo, ahi + bhi]);
  return normalize(out);
}

function subtractDomains(a: ValueDomain, b: ValueDomain): ValueDomain {
  const out: Interval[] = [];
  for (const [alo, ahi] of a) for (const [blo, bhi] of b) out.push([alo - bhi, ahi - blo]);
  return normalize(out);
}

function intersectDomains(a: ValueDomain, b: ValueDomain): ValueDomain {
  const out: Interval[] = [];
  for (const [alo, ahi] of a) {
    for (const [blo, bhi] of b) {
      const lo = Math.max(alo, blo);
      const hi = Math.min(ahi, bhi);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return normalize(out);
}

function sameDomain(a: ValueDomain, b: ValueDomain): boolean {
  return a.length === b.length && a.every(([lo, hi], index) => lo === b[index][0] && hi === b[index][1]);
}

function isPoint(domain: ValueDomain): boolean {
  return domain.length === 1 && domain[0][0] === domain[0][1];
}

function domainSize(domain: ValueDomain): number {
  return domain.reduce((size, [lo, hi]) => size + (hi - lo + 1), 0);
}

const ZERO: ValueDomain = [[0, 0]];

// ---------------------------------------------------------------------------------------------

/** What a reader can deduce about each hidden cell: its feasible values. */
function deducibleDomains(input: SuppressionInput, status: ReadonlyMap<string, CellStatus>): Map<string, ValueDomain> {
  const domains = new Map<string, ValueDomain>();
  const domainOf = (key: string): ValueDomain => {
    const known = domains.get(key);
    if (known) return known;
    const cellStatus = status.get(key) ?? 'visible';
    const value = input.cells.get(key) ?? 0;
    const initial: ValueDomain =
      cellStatus === 'visible' ? [[value, value]] : cellStatus === 'small' ? SMALL_DOMAIN : cellStatus === 'withheld' ? WITHHELD_DOMAIN : COMPLEMENTARY_DOMAIN;
    domains.set(key, initial);
    return initial;
  };
  // Monotone narrowing; the pass cap only bounds pathological creeping, and stopping early
  // errs towards "not pinned" for cells it had not narrowed yet, so we run until stable.
  for (let pass = 0, changed = true; changed && pass < 1000; pass += 1) {
    changed = false;
    for (const relation of input.relations) {
      const members = [relation.total, ...relation.parts];
      for (const key of members) {
        if ((status.get(key) ?? 'visible') === 'visible') continue;
        const current = domainOf(key);
        const projected = projectInRelation(relation, key, domainOf);
        const narrowed = intersectDomains(current, projected);
        if (!sameDomain(narrowed, current)) {
          domains.set(key, narrowed);
          changed = true;
        }
      }
    }
  }
  return domains;
}

/** The values `key` can take given the others' domains, by this relation alone. */
function projectInRelation(relation: AdditiveRelation, key: string, domainOf: (key: string) => ValueDomain): ValueDomain {
  if (key === relation.total) {
    return relation.parts.reduce<ValueDomain>((sum, part) => addDomains(sum, domainOf(part)), ZERO);
  }
  let others: ValueDomain = ZERO;
  let seen = false;
  for (const part of relation.parts) {
    // A key listed twice among the parts counts twice; skip only one occurrence of it.
    if (part === key && !seen) {
      seen = true;
      continue;
    }
    others = addDomains(others, domainOf(part));
  }
  return subtractDomains(domainOf(relation.total), others);
}

/** Hidden figures from 1 to 4 whose exact value a reader can work out. */
export function findDisclosures(input: SuppressionInput, status: ReadonlyMap<string, CellStatus>): string[] {
  const domains = deducibleDomains(input, status);
  const pinned: string[] = [];
  for (const [key, cellStatus] of status) {
    if (cellStatus === 'visible' || !isSmallCount(input.cells.get(key) ?? 0)) continue;
    // A cell in no relation (a breakdown that does not add up to its total) keeps its "< 5":
    // nothing narrows it. An empty domain means the figures contradict each other: count it as
    // disclosed, to be safe.
    const domain = domains.get(key);
    if (domain && (isPoint(domain) || domain.length === 0)) pinned.push(key);
  }
  return pinned.sort();
}

/**
 * Applies primary and complementary suppression. Deterministic: ties are broken by the order
 * of the relations' parts.
 */
export function suppressSmallCounts(input: SuppressionInput): SuppressionResult {
  const status = new Map<string, CellStatus>();
  for (const [key, value] of input.cells) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`Cell ${key} must be a whole number ≥ 0, got ${value}`);
    status.set(key, isSmallCount(value) ? 'small' : 'visible');
  }
  for (const relation of input.relations) {
    for (const key of [relation.total, ...relation.parts]) {
      if (!input.cells.has(key)) throw new RangeError(`Relation refers to unknown cell ${key}`);
    }
  }
  withholdCategoriesOfSmallTotals(input.relations, status);
  const relationsOf = new Map<string, AdditiveRelation[]>();
  for (const relation of input.relations) {
    for (const key of new Set([relation.total, ...relation.parts])) {
      const list = relationsOf.get(key) ?? [];
      list.push(relation);
      relationsOf.set(key, list);
    }
  }

  // Each round hides one more cell, so there are at most as many rounds as cells.
  for (let round = 0; round <= input.cells.size; round += 1) {
    const disclosed = findDisclosures(input, status);
    if (disclosed.length === 0) return { status, unresolved: [] };
    const domains = deducibleDomains(input, status);
    const target = chooseComplement(disclosed[0], input, status, domains, relationsOf);
    if (target === null) return { status, unresolved: disclosed };
    status.set(target, 'complementary');
  }
  return { status, unresolved: findDisclosures(input, status) };
}

function withholdCategoriesOfSmallTotals(relations: readonly AdditiveRelation[], status: Map<string, CellStatus>): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const relation of relations) {
      const totalStatus = status.get(relation.total);
      if (totalStatus !== 'small' && totalStatus !== 'withheld') continue;
      for (const part of relation.parts) {
        if (status.get(part) !== 'withheld') {
          status.set(part, 'withheld');
          changed = true;
        }
      }
    }
  }
}

/**
 * Walks from a pinned cell through the relations that pin it (and, when those have nothing
 * left to hide, through the hidden cells that pin them), listing the visible figures that could
 * be hidden in order of preference; returns the first that unpins the cell on its own, or else
 * the first candidate (another round will add more).
 */
function chooseComplement(
  start: string,
  input: SuppressionInput,
  status: Map<string, CellStatus>,
  domains: ReadonlyMap<string, ValueDomain>,
  relationsOf: ReadonlyMap<string, readonly AdditiveRelation[]>,
): string | null {
  const domainOf = (key: string): ValueDomain => {
    const known = domains.get(key);
    if (known) return known;
    const value = input.cells.get(key) ?? 0;
    return [[value, value]];
  };
  // Categories anywhere along the walk come before totals: a total is repeated elsewhere.
  const parts: string[] = [];
  const totals: string[] = [];
  const queue = [start];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const key = queue.shift() as string;
    if (visited.has(key)) continue;
    visited.add(key);
    // The relation that narrows the cell most is the likeliest culprit.
    const relations = [...(relationsOf.get(key) ?? [])].sort(
      (a, b) => domainSize(projectInRelation(a, key, domainOf)) - domainSize(projectInRelation(b, key, domainOf)),
    );
    for (const relation of relations) {
      for (const candidate of visibleMembersByPreference(relation, input, status)) {
        const list = candidate === relation.total ? totals : parts;
        if (!parts.includes(candidate) && !totals.includes(candidate)) list.push(candidate);
      }
    }
    for (const relation of relations) {
      for (const member of [relation.total, ...relation.parts]) {
        if (!visited.has(member) && (status.get(member) ?? 'visible') !== 'visible') queue.push(member);
      }
    }
  }
  const unpins = (candidate: string): boolean => {
    status.set(candidate, 'complementary');
    const stillPinned = findDisclosures(input, status).includes(start);
    status.set(candidate, 'visible');
    return !stillPinned;
  };
  return parts.slice(0, MAX_TRIALS).find(unpins) ?? parts[0] ?? totals.slice(0, MAX_TRIALS).find(unpins) ?? totals[0] ?? null;
}

/** Bounds the work per round on large tables; beyond it the greedy choice is good enough. */
const MAX_TRIALS = 24;

function visibleMembersByPreference(relation: AdditiveRelation, input: SuppressionInput, status: ReadonlyMap<string, CellStatus>): string[] {
  const valueOf = (key: string): number => input.cells.get(key) ?? 0;
  const visibleParts = relation.parts.filter((part) => status.get(part) === 'visible');
  const large = visibleParts
    .map((part, index) => ({ part, index }))
    .filter(({ part }) => valueOf(part) >= SUPPRESSION_THRESHOLD)
    .sort((a, b) => valueOf(a.part) - valueOf(b.part) || a.index - b.index)
    .map(({ part }) => part);
  const zero = visibleParts.filter((part) => valueOf(part) === 0);
  const total = status.get(relation.total) === 'visible' ? [relation.total] : [];
  return [...large, ...zero, ...total];
}

/** A median is shown only when it rests on at least 5 observations. */
export function medianVisible(observations: number): boolean {
  return observations >= SUPPRESSION_THRESHOLD;
}
