import {
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createIdempotencySealedMigration,
  createOutboxDaysMigration,
  createOutboxRequestIdMigration,
  createOutboxMigration,
  createOutboxTraceContextMigration,
  type ServiceDatabase,
} from '@inps/shared';
import { AGREEMENTS_ENTITIES } from '../entities';
import { ReferenceData1764000000000 } from './1764000000000-reference-data';
import { Agreements1764000100000 } from './1764000100000-agreements';
import { Outreach1764000200000 } from './1764000200000-outreach';
import { Referents1764000300000 } from './1764000300000-referents';
import { Renewals1764000400000 } from './1764000400000-renewals';
import { Documents1764000500000 } from './1764000500000-documents';
import { ApiKeys1764000700000 } from './1764000700000-api-keys';
import { TechnicalTables1764000800000 } from './1764000800000-technical-tables';
import { StationKind1765000000000 } from './1765000000000-station-kind';

/**
 * The service's database, the one list used by the API, the worker, migrate.ts and the tests.
 * Migrations run in this order; a database already migrated only runs what it has not seen, so
 * a new migration goes at the end, never in between.
 */
export const AGREEMENTS_DATABASE: ServiceDatabase = {
  schema: 'agreements',
  entities: AGREEMENTS_ENTITIES,
  migrations: [
    createOutboxMigration(),
    ReferenceData1764000000000,
    Agreements1764000100000,
    Outreach1764000200000,
    Referents1764000300000,
    Renewals1764000400000,
    Documents1764000500000,
    ApiKeys1764000700000,
    TechnicalTables1764000800000,
    createIdempotencyMigration(),
    createOutboxDaysMigration(),
    createIdempotencyDaysMigration(),
    StationKind1765000000000,
    createIdempotencySealedMigration(),
    createOutboxTraceContextMigration(),
    createOutboxRequestIdMigration(),
  ],
};
