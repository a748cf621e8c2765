import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceDataError } from '../reference-data.error';
import { defaultDataDir, loadTerritories, parseTerritoriesCsv, TERRITORIES_FILE, territoriesToCsv } from '../territory.loader';
import { TerritoryRegistry } from '../territory.registry';

const HEADER = 'istatCode,level,name,parentCode,regionCode,provinceCode,acronym,utsCode,validFrom,validTo';

describe('territories.csv, as committed', () => {
  const territories = loadTerritories();
  const registry = TerritoryRegistry.fromRecords(territories);

  it('has the 20 regions, 107 provinces of which 14 metropolitan cities, and every comune', () => {
    expect(registry.countByLevel()).toEqual({ NATIONAL: 1, REGION: 20, PROVINCE: 93, METROPOLITAN_CITY: 14, COMUNE: 7896 });
  });

  it.each([
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
  ])('knows %s as %s', (code, name) => {
    expect(registry.get(code)?.name).toBe(name);
  });

  it('numbers the regions 01 to 20 in ISTAT order', () => {
    const regions = territories.filter((t) => t.level === 'REGION').map((t) => `${t.istatCode} ${t.name}`);
    expect(regions).toEqual([
      '01 Piemonte',
      "02 Valle d'Aosta/Vallée d'Aoste",
      '03 Lombardia',
      '04 Trentino-Alto Adige/Südtirol',
      '05 Veneto',
      '06 Friuli-Venezia Giulia',
      '07 Liguria',
      '08 Emilia-Romagna',
      '09 Toscana',
      '10 Umbria',
      '11 Marche',
      '12 Lazio',
      '13 Abruzzo',
      '14 Molise',
      '15 Campania',
      '16 Puglia',
      '17 Basilicata',
      '18 Calabria',
      '19 Sicilia',
      '20 Sardegna',
    ]);
  });

  it('flags exactly the 14 metropolitan cities, with their ISTAT metropolitan codes', () => {
    const metros = territories.filter((t) => t.level === 'METROPOLITAN_CITY').map((t) => `${t.istatCode}/${t.utsCode} ${t.name}`);
    expect(metros).toEqual([
      '001/201 Torino',
      '010/210 Genova',
      '015/215 Milano',
      '027/227 Venezia',
      '037/237 Bologna',
      '048/248 Firenze',
      '058/258 Roma',
      '063/263 Napoli',
      '072/272 Bari',
      '080/280 Reggio Calabria',
      '082/282 Palermo',
      '083/283 Messina',
      '087/287 Catania',
      '092/292 Cagliari',
    ]);
  });

  it("puts each comune in the province its code starts with, in that province's region", () => {
    for (const c of territories.filter((t) => t.level === 'COMUNE')) {
      expect(c.parentCode).toBe(c.istatCode.slice(0, 3));
      expect(registry.get(c.parentCode ?? '')?.regionCode).toBe(c.regionCode);
    }
  });

  it('is what the loader would write back (sorted, stable)', () => {
    const text = readFileSync(join(defaultDataDir(), TERRITORIES_FILE), 'utf8');
    expect(territoriesToCsv(territories)).toBe(text);
  });
});

describe('parseTerritoriesCsv', () => {
  const ok = [HEADER, '12,REGION,Lazio,IT,12,,,,,', '058,METROPOLITAN_CITY,Roma,12,12,058,RM,258,,', '058091,COMUNE,Roma,058,12,058,,,,'];

  it('reads a well-formed file', () => {
    expect(parseTerritoriesCsv(ok.join('\n'))).toHaveLength(3);
  });

  it('reports every problem at once', () => {
    const bad = [
      HEADER,
      '12,REGION,Lazio,IT,12,,,,,',
      '58,PROVINCE,Roma,12,12,58,RM,,,',
      '058092,COMUNE,Orfano,099,12,099,,,,',
      '058093,COMUNE,Date,058,12,058,,,2026-02-30,',
      '058094,COMUNE,Rovescia,058,12,058,,,2026-02-01,2026-01-01',
      '058,METROPOLITAN_CITY,Roma,12,12,058,RM,258,,',
      '058091,COMUNE,Roma,058,12,058,,,,',
      '058091,COMUNE,Roma bis,058,12,058,,,2020-01-01,',
      '058095,CITY,Boh,058,12,058,,,,',
    ];
    try {
      parseTerritoriesCsv(bad.join('\n'));
      throw new Error('should have failed');
    } catch (error) {
      expect(error).toBeInstanceOf(ReferenceDataError);
      const problems = (error as ReferenceDataError).problems.join('\n');
      expect(problems).toContain('(58): code does not fit level PROVINCE');
      expect(problems).toContain('058092: parent "099" is missing');
      expect(problems).toContain('validFrom "2026-02-30" is not YYYY-MM-DD');
      expect(problems).toContain('(058094): validTo before validFrom');
      expect(problems).toContain('058091: two versions overlap in time');
      expect(problems).toContain('unknown level "CITY"');
    }
  });

  it('refuses a file with another header', () => {
    expect(() => parseTerritoriesCsv('code,name\n12,Lazio\n')).toThrow(/header/);
  });
});
