import { covers, NATIONAL_CODE, type TerritoryHierarchy } from '@inps/kernel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPS_UNITS_FILE, loadInpsUnits, parseInpsUnits } from './inps-unit.loader';
import { ReferenceDataError } from '@inps/territories';
import { loadTerritoryRegistry } from '@inps/territories';
import { agreementsDataDir } from './data-dir';
import type { InpsUnit } from './reference-data.types';

const territories = loadTerritoryRegistry();
const units = loadInpsUnits(territories);
const yaml = readFileSync(join(agreementsDataDir(), INPS_UNITS_FILE), 'utf8');

/** The units in force competent for a territory, most specific first (the national ones last). */
function unitsCovering(all: readonly InpsUnit[], code: string, hierarchy: TerritoryHierarchy): InpsUnit[] {
  const rank = (u: InpsUnit) => (u.covers.includes(NATIONAL_CODE) ? 1 : 0);
  return all.filter((u) => u.validTo === null && covers({ include: u.covers, exclude: u.excludes }, code, hierarchy)).sort((a, b) => rank(a) - rank(b));
}

function problemsOf(text: string): string[] {
  try {
    parseInpsUnits(text, territories);
  } catch (error) {
    if (error instanceof ReferenceDataError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('inps-units.yaml, as committed', () => {
  it('has the general and central directorates, 20 regional and 3 metropolitan directorates', () => {
    const count = (kind: string) => units.filter((u) => u.kind === kind).length;
    expect([count('GENERAL_DIRECTORATE'), count('CENTRAL_DIRECTORATE'), count('REGIONAL_DIRECTORATE'), count('METROPOLITAN_COORDINATION_DIRECTORATE')]).toEqual(
      [1, 1, 20, 3],
    );
    expect(units.find((u) => u.kind === 'CENTRAL_DIRECTORATE')?.name).toBe('Direzione Centrale Inclusione Sociale e Invalidità Civile');
    expect(units.filter((u) => u.kind === 'METROPOLITAN_COORDINATION_DIRECTORATE').map((u) => `${u.id}:${u.covers.join()}`)).toEqual([
      'dcm-roma:058',
      'dcm-milano:015',
      'dcm-napoli:063',
    ]);
  });

  it('gives every comune exactly one territorial unit', () => {
    for (const t of territories.all().filter((x) => x.level === 'COMUNE')) {
      const territorial = unitsCovering(units, t.istatCode, territories).filter(
        (u) => u.kind === 'REGIONAL_DIRECTORATE' || u.kind === 'METROPOLITAN_COORDINATION_DIRECTORATE',
      );
      expect(territorial).toHaveLength(1);
    }
  });

  it('hands Rome to DCM Roma and the rest of Lazio to DR Lazio', () => {
    expect(unitsCovering(units, '058091', territories).map((u) => u.id)).toEqual(['dcm-roma', 'dg', 'dc-inclusione-sociale-invalidita-civile']);
    expect(unitsCovering(units, '060038', territories)[0]?.id).toBe('dr-lazio');
  });

  it('turns a unit into the scope of its staff', () => {
    const drLazio = units.find((u) => u.id === 'dr-lazio');
    const scope = drLazio ? { include: drLazio.covers, exclude: drLazio.excludes } : { include: [] };
    expect([covers(scope, '060038', territories), covers(scope, '058091', territories)]).toEqual([true, false]);
  });
});

describe('parseInpsUnits refuses broken files', () => {
  it('catches unquoted codes through the schema', () => {
    expect(problemsOf(yaml.replace("covers: ['12']", 'covers: [12]')).join('\n')).toMatch(/\/units\/\d+\/covers\/0 must be string/);
  });

  it('catches unknown fields and kinds', () => {
    expect(problemsOf(yaml.replace('kind: GENERAL_DIRECTORATE', 'kind: HEADQUARTERS')).join('\n')).toMatch(/must be equal to one of the allowed values/);
    expect(problemsOf(yaml.replace('shortName: DG\n', 'shortName: DG\n    colour: red\n')).join('\n')).toMatch(/must NOT have additional properties/);
  });

  it('catches a region with no directorate, a wrong level and a stray exclusion', () => {
    const problems = problemsOf(yaml.replace("covers: ['20']", "covers: ['092']").replace("excludes: ['058']", "excludes: ['015']"));
    expect(problems).toEqual(
      expect.arrayContaining([
        'dr-sardegna: covers 092 (METROPOLITAN_CITY), expected a REGION',
        'region 20 (Sardegna) has 0 regional directorates, expected 1',
        'dr-lazio: excludes 015, which is not inside what it covers',
      ]),
    );
  });

  it('catches duplicate ids and unknown parents', () => {
    const problems = problemsOf(
      yaml.replace('id: dcm-milano', 'id: dcm-roma').replace('shortName: DCISIC\n    parentId: dg', 'shortName: DCISIC\n    parentId: presidenza'),
    );
    expect(problems).toEqual(expect.arrayContaining(['dcm-roma: duplicate id', 'dc-inclusione-sociale-invalidita-civile: unknown parent presidenza']));
  });

  it('catches YAML syntax errors', () => {
    expect(problemsOf('units:\n  - id: [\n').length).toBeGreaterThan(0);
  });
});
