import { migrationDrift } from '@inps/shared';
import { AGREEMENTS_ENTITIES, AGREEMENTS_MIGRATIONS, AGREEMENTS_SCHEMA } from '../src/app.module';

describe('agreements migrations', () => {
  it('build the schema the entities describe', async () => {
    const drift = await migrationDrift({ schema: AGREEMENTS_SCHEMA, entities: AGREEMENTS_ENTITIES, migrations: AGREEMENTS_MIGRATIONS });
    expect(drift).toEqual([]);
  });
});
