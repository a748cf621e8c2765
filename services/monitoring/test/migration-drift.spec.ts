import { migrationDrift } from '@inps/shared';
import { MONITORING_ENTITIES, MONITORING_MIGRATIONS, MONITORING_SCHEMA } from '../src/app.module';

describe('monitoring migrations', () => {
  it('build the schema the entities describe', async () => {
    const drift = await migrationDrift({ schema: MONITORING_SCHEMA, entities: MONITORING_ENTITIES, migrations: MONITORING_MIGRATIONS });
    expect(drift).toEqual([]);
  });
});
