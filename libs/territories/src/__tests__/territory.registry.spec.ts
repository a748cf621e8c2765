import type { Territory } from '../territory.types';
import { loadTerritoryRegistry } from '../territory.loader';
import { territoryCheckProblem, TerritoryRegistry } from '../territory.registry';

const registry = loadTerritoryRegistry();
const names = (ts: readonly Territory[]) => ts.map((t) => `${t.istatCode} ${t.name}`);

describe('territory search', () => {
  it('ignores case and accents, exact names first', () => {
    expect(names(registry.search('FORLI'))).toEqual(['040012 Forlì', '040 Forlì-Cesena', '094020 Forlì del Sannio', '040013 Forlimpopoli']);
    expect(names(registry.search('roma', { limit: 2 }))).toEqual(['058 Roma', '058091 Roma']);
  });

  it('matches the start of any word, also in bilingual names', () => {
    expect(names(registry.search('bozen'))).toEqual(['021 Bolzano/Bozen', '021008 Bolzano/Bozen']);
    expect(names(registry.search("reggio nell'emilia"))).toEqual(["035 Reggio nell'Emilia", "035033 Reggio nell'Emilia"]);
    expect(names(registry.search('emilia', { levels: ['REGION'] }))).toEqual(['08 Emilia-Romagna']);
    expect(registry.search('aosta').map((t) => t.level)).toEqual(['COMUNE', 'REGION', 'PROVINCE']);
  });

  it('finds by code prefix and by province acronym', () => {
    expect(names(registry.search('058091'))).toEqual(['058091 Roma']);
    const rome = registry.search('058', { limit: 1000 });
    expect(rome).toHaveLength(122);
    expect(rome[0].istatCode).toBe('058');
    expect(rome.every((t) => t.istatCode.startsWith('058'))).toBe(true);
    expect(registry.search('058', { limit: 10 })).toHaveLength(10);
    expect(names(registry.search('rm'))).toEqual(['058 Roma']);
    expect(names(registry.search('12', { levels: ['REGION'] }))).toEqual(['12 Lazio']);
    expect(names(registry.search('it'))).toContain('IT Italia');
  });

  it('returns nothing for blank queries', () => {
    expect(registry.search('   ')).toEqual([]);
    expect(registry.search("'")).toEqual([]);
  });
});

describe('territory hierarchy', () => {
  it('walks from a comune to the country', () => {
    expect(names(registry.ancestors('058091') ?? [])).toEqual(['058 Roma', '12 Lazio', 'IT Italia']);
    expect(registry.ancestorCodes('015146')).toEqual(['015', '03', 'IT']);
    expect(registry.ancestorCodes('IT')).toEqual([]);
    expect(registry.ancestorCodes('999999')).toBeUndefined();
  });

  it('lists children', () => {
    expect(names(registry.children('12'))).toEqual(['056 Viterbo', '057 Rieti', '058 Roma', '059 Latina', '060 Frosinone']);
    expect(registry.children('IT')).toHaveLength(20);
    expect(registry.children('058')).toHaveLength(121);
  });
});

describe('territory validity', () => {
  const small = TerritoryRegistry.fromRecords([
    {
      istatCode: '12',
      level: 'REGION',
      name: 'Lazio',
      parentCode: 'IT',
      regionCode: '12',
      provinceCode: null,
      acronym: null,
      utsCode: null,
      validFrom: null,
      validTo: null,
    },
    {
      istatCode: '058',
      level: 'METROPOLITAN_CITY',
      name: 'Roma',
      parentCode: '12',
      regionCode: '12',
      provinceCode: '058',
      acronym: 'RM',
      utsCode: '258',
      validFrom: null,
      validTo: null,
    },
    {
      istatCode: '058900',
      level: 'COMUNE',
      name: 'Vecchio Borgo',
      parentCode: '058',
      regionCode: '12',
      provinceCode: '058',
      acronym: null,
      utsCode: null,
      validFrom: null,
      validTo: '2023-12-31',
    },
    {
      istatCode: '058901',
      level: 'COMUNE',
      name: 'Borgo Unito',
      parentCode: '058',
      regionCode: '12',
      provinceCode: '058',
      acronym: null,
      utsCode: null,
      validFrom: '2024-01-01',
      validTo: null,
    },
  ]);

  it('tells valid, unknown, suppressed and not-yet-valid codes apart', () => {
    expect(small.check('058901', '2024-01-01').status).toBe('VALID');
    expect(small.check('058900', '2023-12-31').status).toBe('VALID');
    expect(small.check('058900', '2024-01-01').status).toBe('EXPIRED');
    expect(small.check('058901', '2023-12-31').status).toBe('NOT_YET_VALID');
    expect(small.check('058999', '2024-01-01')).toEqual({ status: 'UNKNOWN', code: '058999' });
  });

  it('explains each case in both languages, naming the field', () => {
    expect(territoryCheckProblem(small.check('058901', '2024-06-01'), 'scope[0]')).toBeNull();
    expect(territoryCheckProblem(small.check('058900', '2024-06-01'), 'scope[0]')).toEqual({
      field: 'scope[0]',
      rule: 'TERRITORY_SUPPRESSED',
      issue: { it: 'Vecchio Borgo (058900) non è più in vigore dal 2024-01-01.', en: 'Vecchio Borgo (058900) has not been in force since 2024-01-01.' },
    });
    expect(territoryCheckProblem(small.check('X', '2024-06-01'), 'territoryCode')?.rule).toBe('TERRITORY_UNKNOWN');
    expect(territoryCheckProblem(small.check('058901', '2020-01-01'), 'territoryCode')?.issue.en).toContain('in force from 2024-01-01');
  });

  it('hides suppressed units from search unless asked or dated', () => {
    expect(names(small.search('borgo'))).toEqual(['058901 Borgo Unito']);
    expect(names(small.search('borgo', { includeSuppressed: true }))).toEqual(['058901 Borgo Unito', '058900 Vecchio Borgo']);
    expect(names(small.search('borgo', { on: '2023-06-30' }))).toEqual(['058900 Vecchio Borgo']);
    expect(small.countByLevel({ on: '2023-06-30' }).COMUNE).toBe(1);
  });
});
