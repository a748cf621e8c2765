import { competentUnits, type CoveringUnit } from './competent-units';
import { hierarchy } from './testing';

const unit = (id: string, covers: string[], more: Partial<CoveringUnit> = {}) => ({ id, covers, excludes: [], validFrom: null, validTo: null, ...more });

const UNITS = [unit('dg', ['IT']), unit('dr-lazio', ['12'], { excludes: ['058'] }), unit('dcm-roma', ['058']), unit('dr-lombardia', ['03'])];
const ids = (code: string, day = '2026-03-02', units = UNITS) => competentUnits(units, code, hierarchy, day).map((u) => u.id);

describe('competentUnits', () => {
  it('takes the unit nearest to the comune: the metropolitan directorate in its city, the regional one elsewhere', () => {
    expect(ids('058091')).toEqual(['dcm-roma']);
    expect(ids('060038')).toEqual(['dr-lazio']);
    expect(ids('015146')).toEqual(['dr-lombardia']);
  });

  it('respects exclusions: without the metropolitan directorate, the excluded city falls to the national one', () => {
    expect(
      ids(
        '058091',
        '2026-03-02',
        UNITS.filter((u) => u.id !== 'dcm-roma'),
      ),
    ).toEqual(['dg']);
  });

  it('a unit covering the comune itself wins over the province and the region', () => {
    expect(ids('058047', '2026-03-02', [...UNITS, unit('sede-fiumicino', ['058047'])])).toEqual(['sede-fiumicino']);
  });

  it('respects validity dates, both ends inclusive', () => {
    const units = [...UNITS, unit('dcm-roma-new', ['058'], { validFrom: '2026-04-01' }), unit('dcm-roma-old', ['058'], { validTo: '2026-03-31' })].filter(
      (u) => u.id !== 'dcm-roma',
    );
    expect(ids('058091', '2026-03-31', units)).toEqual(['dcm-roma-old']);
    expect(ids('058091', '2026-04-01', units)).toEqual(['dcm-roma-new']);
  });

  it('returns every unit at the same distance, and none for an unknown code', () => {
    expect(ids('060038', '2026-03-02', [...UNITS, unit('dr-lazio-bis', ['12'])])).toEqual(['dr-lazio', 'dr-lazio-bis']);
    expect(ids('999999')).toEqual([]);
  });
});
