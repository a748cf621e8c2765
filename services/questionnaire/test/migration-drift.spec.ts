import { migrationDrift } from '@inps/shared';
import { Column, Entity } from 'typeorm';
import { QUESTIONNAIRE_ENTITIES } from '../src/entities';
import { QUESTIONNAIRE_DATABASE } from '../src/migrations';
import { ScreeningEntity } from '../src/modules/screenings/screening.entity';

describe('questionnaire migrations', () => {
  it('build the schema the entities describe', async () => {
    const drift = await migrationDrift(QUESTIONNAIRE_DATABASE);
    expect(drift).toEqual([]);
  });

  it('are caught when an entity has a column no migration creates', async () => {
    @Entity({ name: 'screening' })
    class ScreeningWithExtraColumn extends ScreeningEntity {
      @Column({ type: 'text', name: 'not_migrated' })
      notMigrated: string;
    }
    const entities = [...QUESTIONNAIRE_ENTITIES.filter((e) => e !== ScreeningEntity), ScreeningWithExtraColumn];
    const drift = await migrationDrift({ ...QUESTIONNAIRE_DATABASE, entities });
    expect(drift).toEqual([expect.stringMatching(/ALTER TABLE "questionnaire"\."screening" ADD "not_migrated" text NOT NULL/)]);
  });
});
