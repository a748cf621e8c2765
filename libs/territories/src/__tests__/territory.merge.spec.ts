import fc from 'fast-check';
import type { Territory } from '../territory.types';
import type { SnapshotTerritory } from '../territory.merge';
import { MissingEffectiveDateError, mergeTerritorySnapshot } from '../territory.merge';
import { parseTerritoriesCsv, territoriesToCsv } from '../territory.loader';

const region: SnapshotTerritory = {
  istatCode: '11',
  level: 'REGION',
  name: 'Marche',
  parentCode: 'IT',
  regionCode: '11',
  provinceCode: null,
  acronym: null,
  utsCode: null,
};
const province: SnapshotTerritory = {
  istatCode: '042',
  level: 'PROVINCE',
  name: 'Ancona',
  parentCode: '11',
  regionCode: '11',
  provinceCode: '042',
  acronym: 'AN',
  utsCode: null,
};
const comune = (code: string, name: string): SnapshotTerritory => ({
  istatCode: code,
  level: 'COMUNE',
  name,
  parentCode: '042',
  regionCode: '11',
  provinceCode: '042',
  acronym: null,
  utsCode: null,
});

const snapshot2025 = [region, province, comune('042002', 'Ancona'), comune('042010', 'Castel Colonna'), comune('042011', 'Monterado')];
const snapshot2026 = [region, province, comune('042002', 'Ancona'), comune('042050', 'Trecastelli')];

describe('mergeTerritorySnapshot', () => {
  const baseline = mergeTerritorySnapshot([], snapshot2025, null).territories;

  it('makes the first snapshot the baseline, open at both ends', () => {
    expect(baseline.every((t) => t.validFrom === null && t.validTo === null)).toBe(true);
    expect(baseline.map((t) => t.istatCode)).toEqual(['11', '042', '042002', '042010', '042011']);
  });

  it('closes suppressed comuni and opens new ones on the effective day (a merger)', () => {
    const { territories, changes } = mergeTerritorySnapshot(baseline, snapshot2026, '2026-01-01');
    expect(changes.map((c) => `${c.kind} ${c.istatCode}`)).toEqual(['SUPPRESSED 042010', 'SUPPRESSED 042011', 'ADDED 042050']);
    const byCode = (code: string) => territories.filter((t) => t.istatCode === code).map((t) => [t.validFrom, t.validTo]);
    expect(byCode('042010')).toEqual([[null, '2025-12-31']]);
    expect(byCode('042050')).toEqual([['2026-01-01', null]]);
    expect(byCode('042002')).toEqual([[null, null]]);
  });

  it('versions a renamed unit under the same code', () => {
    const renamed = snapshot2025.map((t) => (t.istatCode === '042011' ? { ...t, name: 'Monterado Nuovo' } : t));
    const { territories, changes } = mergeTerritorySnapshot(baseline, renamed, '2026-07-01');
    expect(changes).toEqual([{ kind: 'CHANGED', istatCode: '042011', name: 'Monterado Nuovo', note: 'name: Monterado → Monterado Nuovo' }]);
    expect(territories.filter((t) => t.istatCode === '042011').map((t) => [t.name, t.validFrom, t.validTo])).toEqual([
      ['Monterado', null, '2026-06-30'],
      ['Monterado Nuovo', '2026-07-01', null],
    ]);
    // The result is a file the loader accepts.
    expect(parseTerritoriesCsv(territoriesToCsv(territories))).toHaveLength(territories.length);
  });

  it('asks for the effective day when something changed, and not otherwise', () => {
    expect(() => mergeTerritorySnapshot(baseline, snapshot2026, null)).toThrow(MissingEffectiveDateError);
    expect(mergeTerritorySnapshot(baseline, snapshot2025, null)).toEqual({ territories: baseline, changes: [] });
  });

  it('refuses an effective day not after the current version started', () => {
    const once = mergeTerritorySnapshot(baseline, snapshot2026, '2026-01-01').territories;
    const renamed = snapshot2026.map((t) => (t.istatCode === '042050' ? { ...t, name: 'Tre Castelli' } : t));
    expect(() => mergeTerritorySnapshot(once, renamed, '2026-01-01')).toThrow(/must take effect later/);
  });

  it('is idempotent: the same snapshot applied twice changes nothing the second time', () => {
    const pool = [
      comune('042002', 'Ancona'),
      comune('042010', 'Castel Colonna'),
      comune('042011', 'Monterado'),
      comune('042050', 'Trecastelli'),
      comune('042051', 'Altro'),
    ];
    const arbSnapshot = fc.subarray(pool).map((cs) => [region, province, ...cs]);
    fc.assert(
      fc.property(arbSnapshot, arbSnapshot, (first, second) => {
        const start: Territory[] = mergeTerritorySnapshot([], first, null).territories;
        const once = mergeTerritorySnapshot(start, second, '2026-01-01');
        const twice = mergeTerritorySnapshot(once.territories, second, '2027-01-01');
        expect(twice.changes).toEqual([]);
        expect(twice.territories).toEqual(once.territories);
        const current = once.territories
          .filter((t) => t.validTo === null)
          .map((t) => t.istatCode)
          .sort();
        expect(current).toEqual(second.map((t) => t.istatCode).sort());
      }),
    );
  });
});
