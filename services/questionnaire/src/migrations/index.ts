import {
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createIdempotencySealedMigration,
  createOutboxDaysMigration,
  createOutboxMigration,
  type ServiceDatabase,
} from '@inps/shared';
import { QUESTIONNAIRE_ENTITIES } from '../entities';
import { InitialSchema1763900000000 } from './1763900000000-initial-schema';

/**
 * The questionnaire's database: its schema, its entities and its migrations in order. The one list
 * used by the API and the worker (which migrate at start unless DATABASE_MIGRATE=false), migrate.ts,
 * the tests and the benchmarks. Here rather than in app.module so that none of them needs Nest.
 */
export const QUESTIONNAIRE_DATABASE: ServiceDatabase = {
  schema: 'questionnaire',
  entities: QUESTIONNAIRE_ENTITIES,
  migrations: [
    createOutboxMigration(),
    InitialSchema1763900000000,
    createIdempotencyMigration(),
    createOutboxDaysMigration(),
    createIdempotencyDaysMigration(),
    createIdempotencySealedMigration(),
  ],
};
