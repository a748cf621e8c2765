import { migrationDrift } from '@inps/shared';
import { MONITORING_DATABASE } from '../src/migrations';

describe('monitoring migrations', () => {
  it('build the schema the entities describe', async () => {
    const drift = await migrationDrift(MONITORING_DATABASE);
    expect(drift).toEqual([]);
  });
});
