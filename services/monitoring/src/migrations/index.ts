import { createIdempotencyDaysMigration, createIdempotencyMigration, createProcessedEventDaysMigration, createProcessedEventMigration } from '@inps/shared';
import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { FollowUps1764100000001 } from './1764100000001-follow-ups';
import { Returns1764100000002 } from './1764100000002-returns';
import { Reports1764100000003 } from './1764100000003-reports';
import { OutreachEvents1764100000004 } from './1764100000004-outreach-events';
import { RuleSetIndex1764100000005 } from './1764100000005-rule-set-index';
import { DaysNotInstants1764100000006 } from './1764100000006-days-not-instants';
import { MobileUnitsAndEscalations1765000000000 } from './1765000000000-mobile-units-and-escalations';

/** The schema the service owns; these migrations build it. */
export const MONITORING_SCHEMA = 'monitoring';

/** In order. Here rather than in app.module so that the seed and the benchmark migrate without loading Nest. */
export const MONITORING_MIGRATIONS = [
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
];
