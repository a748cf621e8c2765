import { loadTerritoryRegistry } from '@inps/territories';
import { RegistryTerritoryDirectory, splitAncestors } from './territory-directory';

describe('RegistryTerritoryDirectory (ISTAT registry)', () => {
  const directory = new RegistryTerritoryDirectory(loadTerritoryRegistry());

  it('gives a comune its metropolitan city, region and the country, nearest first', () => {
    expect(directory.ancestorsOf('058091')).toEqual(['058', '12', 'IT']);
    expect(directory.nameOf('058091')).toBe('Roma');
    expect(splitAncestors(directory.ancestorsOf('058091'))).toEqual({ province: '058', region: '12' });
  });

  it('knows nothing of an unknown code', () => {
    expect(directory.ancestorsOf('999999')).toBeNull();
    expect(directory.nameOf('999999')).toBeNull();
    expect(splitAncestors(null)).toEqual({ province: null, region: null });
  });
});
