import { RuleSetEntity } from './modules/rulesets/ruleset.entity';
import { ScreeningEntity } from './modules/screenings/screening.entity';

/** The service's TypeORM entities, in one list (QUESTIONNAIRE_DATABASE). */
export const QUESTIONNAIRE_ENTITIES = [RuleSetEntity, ScreeningEntity];
