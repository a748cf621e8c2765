import 'reflect-metadata';
import { bootstrapMigrate, exitOnStartFailure } from '@inps/shared';
import { QUESTIONNAIRE_DATABASE } from './migrations';
import { questionnaireConfig } from './questionnaire.config';

void bootstrapMigrate(QUESTIONNAIRE_DATABASE, { config: questionnaireConfig }).catch(exitOnStartFailure);
