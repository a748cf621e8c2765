import {
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createIdempotencySealedMigration,
  createProcessedEventDaysMigration,
  createProcessedEventMigration,
  createRefusedEventMigration,
  type ServiceDatabase,
} from '@inps/shared';
import { MONITORING_ENTITIES } from '../entities';
import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { FollowUps1764100000001 } from './1764100000001-follow-ups';
import { Returns1764100000002 } from './1764100000002-returns';
import { Reports1764100000003 } from './1764100000003-reports';
import { OutreachEvents1764100000004 } from './1764100000004-outreach-events';
import { RuleSetIndex1764100000005 } from './1764100000005-rule-set-index';
import { DaysNotInstants1764100000006 } from './1764100000006-days-not-instants';
import { MobileUnitsAndEscalations1765000000000 } from './1765000000000-mobile-units-and-escalations';
import { ReviewsAndMeetings1765100000000 } from './1765100000000-reviews-and-meetings';
import { UnknownFacts1765200000000 } from './1765200000000-unknown-facts';
import { ReportFileLanguage1765200000001 } from './1765200000001-report-file-language';
import { RollupFold1765300000000 } from './1765300000000-rollup-fold';
import { FollowUpScreeningFacts1765500000000 } from './1765500000000-follow-up-screening-facts';

/**
 * The schema the service owns, its entities and the migrations that build it, in order. Here rather
 * than in app.module so that migrate.ts, the seed and the benchmarks migrate without loading Nest.
 */
export const MONITORING_DATABASE: ServiceDatabase = {
  schema: 'monitoring',
  entities: MONITORING_ENTITIES,
  migrations: [
    createProcessedEventMigration(),
    createIdempotencyMigration(),
    InitialSchema1764100000000,
    FollowUps1764100000001,
    Returns1764100000002,
    Reports1764100000003,
    OutreachEvents1764100000004,
    RuleSetIndex1764100000005,
    DaysNotInstants1764100000006,
    createProcessedEventDaysMigration(),
    createIdempotencyDaysMigration(),
    MobileUnitsAndEscalations1765000000000,
    ReviewsAndMeetings1765100000000,
    createIdempotencySealedMigration(),
    UnknownFacts1765200000000,
    ReportFileLanguage1765200000001,
    RollupFold1765300000000,
    createRefusedEventMigration(1_765_400_000_000),
    FollowUpScreeningFacts1765500000000,
  ],
};
