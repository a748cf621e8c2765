import 'reflect-metadata';
import { bootstrapMigrate, exitOnStartFailure } from '@inps/shared';
import { agreementsConfig } from './agreements.config';
import { AGREEMENTS_DATABASE } from './migrations';

// The migration Job (PROCESS=migrate): applies pending migrations under the lock the API also takes, then exits.
void bootstrapMigrate(AGREEMENTS_DATABASE, { config: agreementsConfig }).catch(exitOnStartFailure);
