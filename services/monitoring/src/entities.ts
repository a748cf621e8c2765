import { FollowUpApplicationEntity, FollowUpEntity } from './modules/follow-ups/follow-up.entity';
import { ScreeningOutcomeEntity } from './modules/outcomes/screening-outcome.entity';
import { ReportEntity, ReportFileEntity } from './modules/reports/report.entity';
import { PartnerReturnEntity, ReturnTransitionEntity } from './modules/returns/partner-return.entity';

/**
 * The tables the service reads and writes through TypeORM. The rollups, agreement state, outreach
 * events and processed events are reached with SQL only (batched increments and upserts), so they
 * have migrations but no entity.
 */
export const MONITORING_ENTITIES = [
  ScreeningOutcomeEntity,
  FollowUpEntity,
  FollowUpApplicationEntity,
  PartnerReturnEntity,
  ReturnTransitionEntity,
  ReportEntity,
  ReportFileEntity,
];
