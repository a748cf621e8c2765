import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { isIsoDate } from '@inps/kernel';
import { parseCsvRecords, writeCsv } from './csv.codec';
import { ReferenceDataError } from './reference-data.error';
import type { Territory, TerritoryLevel } from './territory.types';
import { NATIONAL_CODE } from '@inps/kernel';
import { TerritoryRegistry } from './territory.registry';

export const TERRITORIES_FILE = 'territories.csv';

export const TERRITORY_CSV_HEADER = [
  'istatCode',
  'level',
  'name',
  'parentCode',
  'regionCode',
  'provinceCode',
  'acronym',
  'utsCode',
  'validFrom',
  'validTo',
] as const;

/**
 * `libs/territories/data`, found by walking up from this file so that it resolves the same from
 * `src` (Jest, ts-node) and from `dist` (built), wherever the package is installed.
 */
export function defaultDataDir(): string {
  let dir = resolve(__dirname);
  for (;;) {
    const candidate = join(dir, 'data', TERRITORIES_FILE);
    if (existsSync(candidate)) return join(dir, 'data');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${TERRITORIES_FILE} not found in a data/ folder above ${__dirname}`);
    dir = parent;
  }
}

const CODE_PATTERN: { readonly [K in Exclude<TerritoryLevel, 'NATIONAL'>]: RegExp } = {
  REGION: /^\d{2}$/,
  PROVINCE: /^\d{3}$/,
  METROPOLITAN_CITY: /^\d{3}$/,
  COMUNE: /^\d{6}$/,
};

const PARENT_LEVELS: { readonly [K in Exclude<TerritoryLevel, 'NATIONAL'>]: readonly TerritoryLevel[] } = {
  REGION: ['NATIONAL'],
  PROVINCE: ['REGION'],
  METROPOLITAN_CITY: ['REGION'],
  COMUNE: ['PROVINCE', 'METROPOLITAN_CITY'],
};

function isStoredLevel(value: string): value is Exclude<TerritoryLevel, 'NATIONAL'> {
  return value in CODE_PATTERN;
}

const orNull = (value: string): string | null => (value === '' ? null : value);

/**
 * Parses and checks the territories file: code formats, levels, parents, dates, and that two
 * versions of one code never overlap. Every problem is reported, not only the first.
 */
export function parseTerritoriesCsv(text: string, source = TERRITORIES_FILE): Territory[] {
  const { header, records, problems } = parseCsvRecords(text);
  const expected = TERRITORY_CSV_HEADER.join(',');
  if (header.join(',') !== expected) problems.push(`header is "${header.join(',')}", expected "${expected}"`);
  if (problems.length > 0) throw new ReferenceDataError(source, problems);

  const territories: Territory[] = [];
  records.forEach((r, i) => {
    const line = `line ${i + 2} (${r.istatCode})`;
    if (!isStoredLevel(r.level)) {
      problems.push(`${line}: unknown level "${r.level}"`);
      return;
    }
    if (!CODE_PATTERN[r.level].test(r.istatCode)) problems.push(`${line}: code does not fit level ${r.level}`);
    if (r.name.trim() === '' || r.name !== r.name.trim()) problems.push(`${line}: empty or untrimmed name`);
    for (const key of ['validFrom', 'validTo'] as const) {
      if (r[key] !== '' && !isIsoDate(r[key])) problems.push(`${line}: ${key} "${r[key]}" is not YYYY-MM-DD`);
    }
    if (r.validFrom !== '' && r.validTo !== '' && r.validTo < r.validFrom) problems.push(`${line}: validTo before validFrom`);
    territories.push({
      istatCode: r.istatCode,
      level: r.level,
      name: r.name,
      parentCode: orNull(r.parentCode),
      regionCode: orNull(r.regionCode),
      provinceCode: orNull(r.provinceCode),
      acronym: orNull(r.acronym),
      utsCode: orNull(r.utsCode),
      validFrom: orNull(r.validFrom),
      validTo: orNull(r.validTo),
    });
  });

  const levelsByCode = new Map<string, Set<TerritoryLevel>>([[NATIONAL_CODE, new Set<TerritoryLevel>(['NATIONAL'])]]);
  for (const t of territories) {
    const set = levelsByCode.get(t.istatCode) ?? new Set<TerritoryLevel>();
    set.add(t.level);
    levelsByCode.set(t.istatCode, set);
  }
  for (const t of territories) {
    if (t.level === 'NATIONAL') continue;
    const parentLevels = t.parentCode ? levelsByCode.get(t.parentCode) : undefined;
    if (!parentLevels || ![...parentLevels].some((l) => PARENT_LEVELS[t.level as keyof typeof PARENT_LEVELS].includes(l))) {
      problems.push(`${t.istatCode}: parent "${t.parentCode ?? ''}" is missing or of the wrong level`);
    }
    if (t.level !== 'REGION' && (!t.regionCode || !levelsByCode.get(t.regionCode)?.has('REGION'))) {
      problems.push(`${t.istatCode}: region "${t.regionCode ?? ''}" is unknown`);
    }
    if (t.level === 'REGION' && t.regionCode !== t.istatCode) problems.push(`${t.istatCode}: a region's regionCode must be its own code`);
    if ((t.level === 'PROVINCE' || t.level === 'METROPOLITAN_CITY') && t.provinceCode !== t.istatCode) {
      problems.push(`${t.istatCode}: a province's provinceCode must be its own code`);
    }
    if (t.level === 'COMUNE' && t.provinceCode !== t.parentCode) problems.push(`${t.istatCode}: provinceCode differs from parentCode`);
  }

  const byCode = new Map<string, Territory[]>();
  for (const t of territories) byCode.set(t.istatCode, [...(byCode.get(t.istatCode) ?? []), t]);
  for (const [code, versions] of byCode) {
    for (let i = 0; i < versions.length; i++) {
      for (let j = i + 1; j < versions.length; j++) {
        const [a, b] = [versions[i], versions[j]];
        const aBeforeB = a.validTo !== null && b.validFrom !== null && a.validTo < b.validFrom;
        const bBeforeA = b.validTo !== null && a.validFrom !== null && b.validTo < a.validFrom;
        if (!aBeforeB && !bBeforeA) problems.push(`${code}: two versions overlap in time`);
      }
    }
  }

  if (problems.length > 0) throw new ReferenceDataError(source, problems);
  return territories;
}

const LEVEL_ORDER: { readonly [K in TerritoryLevel]: number } = { NATIONAL: 0, REGION: 1, METROPOLITAN_CITY: 2, PROVINCE: 2, COMUNE: 3 };

/** Regions, then provinces, then comuni, each by code and then by start, so a rerun diffs cleanly. */
export function sortTerritories(territories: readonly Territory[]): Territory[] {
  return [...territories].sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      (a.istatCode < b.istatCode ? -1 : a.istatCode > b.istatCode ? 1 : 0) ||
      (a.validFrom ?? '').localeCompare(b.validFrom ?? ''),
  );
}

export function territoriesToCsv(territories: readonly Territory[]): string {
  const rows = sortTerritories(territories)
    .filter((t) => t.level !== 'NATIONAL')
    .map((t) => TERRITORY_CSV_HEADER.map((key) => t[key] ?? ''));
  return writeCsv(TERRITORY_CSV_HEADER, rows);
}

export function loadTerritories(dataDir: string = defaultDataDir()): Territory[] {
  const file = join(dataDir, TERRITORIES_FILE);
  return parseTerritoriesCsv(readFileSync(file, 'utf8'), file);
}

export function loadTerritoryRegistry(dataDir: string = defaultDataDir()): TerritoryRegistry {
  return TerritoryRegistry.fromRecords(loadTerritories(dataDir));
}
