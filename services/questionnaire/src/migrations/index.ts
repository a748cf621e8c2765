import {
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createIdempotencySealedMigration,
  createOutboxDaysMigration,
  createOutboxRequestIdMigration,
  createOutboxMigration,
  createOutboxTraceContextMigration,
  loadConfig,
  type ServiceDatabase,
} from '@inps/shared';
import { QUESTIONNAIRE_ENTITIES } from '../entities';
import { questionnaireConfig } from '../questionnaire.config';
import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { hashResumeCodesMigration } from './1765000000000-hash-resume-codes';
import { ScreeningLanguages1765100000000 } from './1765100000000-screening-languages';
import { ScreeningsOfTheDay1765200000000 } from './1765200000000-screenings-of-the-day';

/**
 * The questionnaire's database: its schema, its entities and its migrations in order. The one list
 * used by the API and the worker (which migrate at start unless DATABASE_MIGRATE=false), migrate.ts,
 * the tests and the benchmarks. Here rather than in app.module so that none of them needs Nest.
 */
export function questionnaireDatabase(pepper?: string): ServiceDatabase {
  return {
    schema: 'questionnaire',
    entities: QUESTIONNAIRE_ENTITIES,
    migrations: [
      createOutboxMigration(),
      InitialSchema1763900000000,
      createIdempotencyMigration(),
      createOutboxDaysMigration(),
      createIdempotencyDaysMigration(),
      // The API and the worker pass their configuration's pepper; migrate.ts reads its own environment.
      hashResumeCodesMigration(() => pepper ?? loadConfig(questionnaireConfig).RESUME_CODE_PEPPER),
      createIdempotencySealedMigration(),
      ScreeningLanguages1765100000000,
      ScreeningsOfTheDay1765200000000,
      createOutboxTraceContextMigration(),
      createOutboxRequestIdMigration(),
    ],
  };
}

/** With the pepper of the process's own environment, read only if a migration needs it. */
export const QUESTIONNAIRE_DATABASE: ServiceDatabase = questionnaireDatabase();
