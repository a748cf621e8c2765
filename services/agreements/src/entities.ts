import { AgreementEntity, AgreementTransitionEntity } from './modules/agreements/agreement.entity';
import { ApiKeyEntity } from './modules/api-keys/api-key.entity';
import { AgreementDocumentEntity } from './modules/documents/document.entity';
import { MobileUnitRequestEntity } from './modules/mobile-unit-requests/mobile-unit-request.entity';
import { OutreachEventEntity } from './modules/outreach-events/outreach-event.entity';
import { ReferentEntity } from './modules/referents/referent.entity';
import {
  TechnicalTableEntity,
  TechnicalTableIssueEntity,
  TechnicalTableMeetingEntity,
  TechnicalTableMemberEntity,
} from './modules/technical-tables/technical-table.entity';

/**
 * Every TypeORM entity of the service. The reference tables (territory, inps_unit, organisation)
 * have none: the code reads data/ in memory and only the synchronisation writes them, in SQL.
 */
export const AGREEMENTS_ENTITIES = [
  AgreementDocumentEntity,
  AgreementEntity,
  AgreementTransitionEntity,
  OutreachEventEntity,
  MobileUnitRequestEntity,
  ReferentEntity,
  ApiKeyEntity,
  TechnicalTableEntity,
  TechnicalTableMemberEntity,
  TechnicalTableMeetingEntity,
  TechnicalTableIssueEntity,
];
