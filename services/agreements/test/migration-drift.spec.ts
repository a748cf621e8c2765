import { migrationDrift } from '@inps/shared';
import { AGREEMENTS_DATABASE } from '../src/migrations';

describe('agreements migrations', () => {
  it('build the schema the entities describe', async () => {
    const drift = await migrationDrift(AGREEMENTS_DATABASE);
    expect(drift).toEqual([]);
  });
});
