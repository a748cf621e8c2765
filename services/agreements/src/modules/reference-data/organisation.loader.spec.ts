import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrganisations, ORGANISATIONS_FILE, parseOrganisations } from './organisation.loader';
import { ReferenceDataError } from '@inps/territories';
import { loadReferenceData } from './reference-data.loader';
import { loadTerritoryRegistry } from '@inps/territories';
import { agreementsDataDir } from './data-dir';

const territories = loadTerritoryRegistry();
const organisations = loadOrganisations(territories);
const yaml = readFileSync(join(agreementsDataDir(), ORGANISATIONS_FILE), 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseOrganisations(text, territories);
  } catch (error) {
    if (error instanceof ReferenceDataError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('organisations.yaml, as committed', () => {
  it('has the national signatories of the framework agreement', () => {
    const national = organisations.filter((o) => o.territoryCode === 'IT').map((o) => o.kind);
    expect(national).toEqual(expect.arrayContaining(['ANCI', 'CARITAS_ITALIANA', 'SANT_EGIDIO']));
  });

  it.each([
    ['058091', 'Roma'],
    ['015146', 'Milano'],
    ['063049', 'Napoli'],
    ['037006', 'Bologna'],
    ['001272', 'Torino'],
    ['072006', 'Bari'],
    ['087015', 'Catania'],
    ['042002', 'Ancona'],
  ])('has a Comune, a diocesan Caritas and an anti-violence centre in %s (%s)', (code) => {
    const here = organisations.filter((o) => o.territoryCode === code).map((o) => o.kind);
    expect(here).toEqual(expect.arrayContaining(['COMUNE', 'DIOCESAN_CARITAS', 'ANTI_VIOLENCE_CENTRE']));
  });

  it('links diocesan Caritas to Caritas Italiana and marks fictitious entries', () => {
    expect(organisations.filter((o) => o.kind === 'DIOCESAN_CARITAS').every((o) => o.parentId === 'caritas-italiana')).toBe(true);
    expect(organisations.filter((o) => o.kind === 'ANTI_VIOLENCE_CENTRE').every((o) => o.demo && o.name.includes('(demo)'))).toBe(true);
  });

  it('loads together with territories and units, ids not clashing', () => {
    const data = loadReferenceData();
    const ids = [...data.inpsUnits.map((u) => u.id), ...data.organisations.map((o) => o.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('parseOrganisations refuses broken files', () => {
  it('catches unknown territories, parents and kinds', () => {
    const broken = yaml
      .replace("territoryCode: '058091'", "territoryCode: '058999'")
      .replace('parentId: caritas-italiana', 'parentId: caritas-europa')
      .replace('kind: SHELTER', 'kind: HOSTEL');
    const schemaProblems = problemsOf(broken);
    expect(schemaProblems.join('\n')).toMatch(/kind must be equal to one of the allowed values/);
    const crossProblems = problemsOf(broken.replace('kind: HOSTEL', 'kind: SHELTER'));
    expect(crossProblems).toEqual(['comune-roma: unknown territory 058999', 'caritas-roma: unknown parent caritas-europa']);
  });
});
