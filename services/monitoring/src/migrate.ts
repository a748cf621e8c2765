import 'reflect-metadata';
import { bootstrapMigrate } from '@inps/shared';
import { MONITORING_DATABASE } from './migrations';
import { monitoringConfig } from './monitoring.config';

void bootstrapMigrate(MONITORING_DATABASE, { config: monitoringConfig });
