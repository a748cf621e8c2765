import { addDays, type IsoDate } from '@inps/kernel';
import type { Territory, TerritoryLevel, TerritoryProblem } from './territory.types';
import { NATIONAL_CODE } from '@inps/kernel';
import { TERRITORY_LEVELS } from './territory.types';
import { foldForSearch } from './search-text.util';

export const NATIONAL_TERRITORY: Territory = {
  istatCode: NATIONAL_CODE,
  name: 'Italia',
  level: 'NATIONAL',
  parentCode: null,
  regionCode: null,
  provinceCode: null,
  acronym: null,
  utsCode: null,
  validFrom: null,
  validTo: null,
};

export interface TerritorySearchOptions {
  readonly levels?: readonly TerritoryLevel[];
  /** Only territories in force on that day; without it, only current ones. */
  readonly on?: IsoDate;
  /** Also territories no longer in force (suppressed comuni), e.g. to read old records. */
  readonly includeSuppressed?: boolean;
  readonly limit?: number;
}

export type TerritoryCheck =
  | { readonly status: 'VALID'; readonly territory: Territory }
  | { readonly status: 'UNKNOWN'; readonly code: string }
  | { readonly status: 'NOT_YET_VALID'; readonly territory: Territory }
  | { readonly status: 'EXPIRED'; readonly territory: Territory };

interface Entry {
  readonly territory: Territory;
  readonly folded: string;
  readonly spaced: string;
}

const LEVEL_RANK: { readonly [K in TerritoryLevel]: number } = { NATIONAL: 0, REGION: 1, METROPOLITAN_CITY: 2, PROVINCE: 3, COMUNE: 4 };
const collator = new Intl.Collator('it', { sensitivity: 'base' });

export function validOn(t: Pick<Territory, 'validFrom' | 'validTo'>, day: IsoDate): boolean {
  return (t.validFrom === null || t.validFrom <= day) && (t.validTo === null || day <= t.validTo);
}

/**
 * The territories in memory, indexed for what the service asks most: a code's record, its
 * ancestors (for scoping and for monitoring's roll-ups), its children, and name search.
 */
export class TerritoryRegistry {
  private readonly versionsByCode = new Map<string, Territory[]>();
  private readonly childrenByCode = new Map<string, Territory[]>();
  private readonly entries: Entry[];

  private constructor(records: readonly Territory[]) {
    const all = [NATIONAL_TERRITORY, ...records.filter((r) => r.istatCode !== NATIONAL_CODE)];
    for (const t of all) {
      const versions = this.versionsByCode.get(t.istatCode);
      if (versions) versions.push(t);
      else this.versionsByCode.set(t.istatCode, [t]);
      if (t.parentCode !== null) {
        const siblings = this.childrenByCode.get(t.parentCode);
        if (siblings) siblings.push(t);
        else this.childrenByCode.set(t.parentCode, [t]);
      }
    }
    for (const versions of this.versionsByCode.values()) versions.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
    this.entries = all.map((territory) => {
      const folded = foldForSearch(territory.name);
      return { territory, folded, spaced: ` ${folded}` };
    });
  }

  static fromRecords(records: readonly Territory[]): TerritoryRegistry {
    return new TerritoryRegistry(records);
  }

  get size(): number {
    return this.entries.length;
  }

  all(): readonly Territory[] {
    return this.entries.map((e) => e.territory);
  }

  countByLevel(options: { on?: IsoDate } = {}): Record<TerritoryLevel, number> {
    const counts = Object.fromEntries(TERRITORY_LEVELS.map((l) => [l, 0])) as Record<TerritoryLevel, number>;
    for (const { territory } of this.entries) {
      if (options.on ? validOn(territory, options.on) : territory.validTo === null) counts[territory.level]++;
    }
    return counts;
  }

  /** Every version of a code, oldest first (a code changes version when ISTAT changes the unit). */
  versions(code: string): readonly Territory[] {
    return this.versionsByCode.get(code) ?? [];
  }

  /** The version in force on `on`; without a day, the current version or else the last one. */
  get(code: string, on?: IsoDate): Territory | undefined {
    const versions = this.versionsByCode.get(code);
    if (!versions) return undefined;
    if (on) return versions.find((v) => validOn(v, on));
    return versions.find((v) => v.validTo === null) ?? versions[versions.length - 1];
  }

  children(code: string, on?: IsoDate): Territory[] {
    return (this.childrenByCode.get(code) ?? []).filter((t) => (on ? validOn(t, on) : t.validTo === null));
  }

  /** Ancestors nearest first, ending with the national root; empty for `IT`; undefined if unknown. */
  ancestors(code: string): Territory[] | undefined {
    let current = this.get(code);
    if (!current) return undefined;
    const chain: Territory[] = [];
    const seen = new Set<string>([code]);
    while (current.parentCode !== null && !seen.has(current.parentCode)) {
      const parent = this.get(current.parentCode);
      if (!parent) break;
      chain.push(parent);
      seen.add(parent.istatCode);
      current = parent;
    }
    return chain;
  }

  ancestorCodes(code: string): readonly string[] | undefined {
    return this.ancestors(code)?.map((t) => t.istatCode);
  }

  /** Whether a code is known and in force on a day, telling unknown codes from suppressed ones. */
  check(code: string, on: IsoDate): TerritoryCheck {
    const versions = this.versionsByCode.get(code);
    if (!versions) return { status: 'UNKNOWN', code };
    const valid = versions.find((v) => validOn(v, on));
    if (valid) return { status: 'VALID', territory: valid };
    const ended = versions.filter((v) => v.validTo !== null && v.validTo < on);
    if (ended.length > 0) return { status: 'EXPIRED', territory: ended[ended.length - 1] };
    return { status: 'NOT_YET_VALID', territory: versions[0] };
  }

  /**
   * Prefix search on names (any word, accents and case ignored) and on codes; exact matches first,
   * then larger territories, then alphabetical.
   */
  search(query: string, options: TerritorySearchOptions = {}): Territory[] {
    const limit = options.limit ?? 20;
    const raw = query.trim();
    if (raw.length === 0 || limit <= 0) return [];
    const isCode = /^\d+$/.test(raw) || raw.toUpperCase() === NATIONAL_CODE;
    const folded = foldForSearch(raw);
    const upper = raw.toUpperCase();
    const hits: { territory: Territory; rank: number }[] = [];
    for (const { territory, folded: name, spaced } of this.entries) {
      if (options.levels && !options.levels.includes(territory.level)) continue;
      if (!options.includeSuppressed && !(options.on ? validOn(territory, options.on) : territory.validTo === null)) continue;
      let rank = -1;
      if (isCode) {
        if (territory.istatCode === upper) rank = 0;
        else if (territory.istatCode.startsWith(raw)) rank = 2;
      }
      if (rank < 0 && territory.acronym !== null && territory.acronym === upper) rank = 0;
      if (rank < 0 && folded.length > 0) {
        if (name === folded) rank = 0;
        else if (name.startsWith(folded)) rank = 1;
        else if (spaced.includes(` ${folded}`)) rank = 2;
      }
      if (rank >= 0) hits.push({ territory, rank });
    }
    hits.sort(
      (a, b) =>
        a.rank - b.rank ||
        LEVEL_RANK[a.territory.level] - LEVEL_RANK[b.territory.level] ||
        collator.compare(a.territory.name, b.territory.name) ||
        (a.territory.istatCode < b.territory.istatCode ? -1 : 1),
    );
    return hits.slice(0, limit).map((h) => h.territory);
  }
}

function detail(field: string, rule: string, it: string, en: string): TerritoryProblem {
  return { field, rule, issue: { it, en } };
}

/** The error detail for a code that is not usable on a day, or null when it is. */
export function territoryCheckProblem(check: TerritoryCheck, field: string): TerritoryProblem | null {
  switch (check.status) {
    case 'VALID':
      return null;
    case 'UNKNOWN':
      return detail(field, 'TERRITORY_UNKNOWN', `Codice ISTAT sconosciuto: ${check.code}.`, `Unknown ISTAT code: ${check.code}.`);
    case 'EXPIRED': {
      const t = check.territory;
      const since = t.validTo ? addDays(t.validTo, 1) : '';
      return detail(
        field,
        'TERRITORY_SUPPRESSED',
        `${t.name} (${t.istatCode}) non è più in vigore dal ${since}.`,
        `${t.name} (${t.istatCode}) has not been in force since ${since}.`,
      );
    }
    case 'NOT_YET_VALID': {
      const t = check.territory;
      return detail(
        field,
        'TERRITORY_NOT_YET_IN_FORCE',
        `${t.name} (${t.istatCode}) è in vigore dal ${t.validFrom ?? ''}.`,
        `${t.name} (${t.istatCode}) is in force from ${t.validFrom ?? ''}.`,
      );
    }
  }
}
