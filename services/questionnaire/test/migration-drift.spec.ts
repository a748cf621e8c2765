import { migrationDrift } from '@inps/shared';
import { Column, Entity } from 'typeorm';
import { QUESTIONNAIRE_ENTITIES, QUESTIONNAIRE_MIGRATIONS, QUESTIONNAIRE_SCHEMA } from '../src/app.module';
import { ScreeningEntity } from '../src/modules/screenings/screening.entity';

describe('questionnaire migrations', () => {
  it('build the schema the entities describe', async () => {
    const drift = await migrationDrift({ schema: QUESTIONNAIRE_SCHEMA, entities: QUESTIONNAIRE_ENTITIES, migrations: QUESTIONNAIRE_MIGRATIONS });
    expect(drift).toEqual([]);
  });

  it('are caught when an entity has a column no migration creates', async () => {
    @Entity({ name: 'screening' })
    class ScreeningWithExtraColumn extends ScreeningEntity {
      @Column({ type: 'text', name: 'not_migrated' })
      notMigrated: string;
    }
    const entities = [...QUESTIONNAIRE_ENTITIES.filter((e) => e !== ScreeningEntity), ScreeningWithExtraColumn];
    const drift = await migrationDrift({ schema: QUESTIONNAIRE_SCHEMA, entities, migrations: QUESTIONNAIRE_MIGRATIONS });
    expect(drift).toEqual([expect.stringMatching(/ALTER TABLE "questionnaire"\."screening" ADD "not_migrated" text NOT NULL/)]);
  });
});
