import 'reflect-metadata';
import { bootstrapMigrate, exitOnStartFailure } from '@inps/shared';
import { MONITORING_DATABASE } from './migrations';
import { monitoringConfig } from './monitoring.config';

bootstrapMigrate(MONITORING_DATABASE, { config: monitoringConfig }).catch(exitOnStartFailure);
