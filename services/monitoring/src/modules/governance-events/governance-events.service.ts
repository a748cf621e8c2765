import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { semesterOf } from '../../domain';
import type { AgreementReviewedPayload, TechnicalTableMeetingHeldPayload } from '../events/event-contracts';
import { placeOf, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

/** Records agreement reviews and technical-table meetings for the governance indicators, in the caller's transaction. */
@Injectable()
export class GovernanceEventsService {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  /**
   * One row per submission reviewed, whatever the decision (see the migration). Should a
   * submission's decision be announced twice, the earlier decision counts: it is when the
   * directorate answered.
   */
  async recordReview(manager: EntityManager, p: AgreementReviewedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO agreement_review (agreement_id, submitted_on, kind, territories, decision, decided_on, semester, review_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (agreement_id, submitted_on) DO UPDATE SET
         decision = CASE WHEN EXCLUDED.decided_on < agreement_review.decided_on THEN EXCLUDED.decision ELSE agreement_review.decision END,
         review_days = CASE WHEN EXCLUDED.decided_on < agreement_review.decided_on THEN EXCLUDED.review_days ELSE agreement_review.review_days END,
         semester = CASE WHEN EXCLUDED.decided_on < agreement_review.decided_on THEN EXCLUDED.semester ELSE agreement_review.semester END,
         decided_on = LEAST(agreement_review.decided_on, EXCLUDED.decided_on)`,
      [p.agreementId, p.submittedOn, p.kind, [...p.territories], p.decision, p.day, semesterOf(p.day).id, p.reviewDays],
    );
  }

  /** One row per meeting; announced twice, the earlier day counts. The central table has no territory. */
  async recordMeeting(manager: EntityManager, p: TechnicalTableMeetingHeldPayload): Promise<void> {
    const territory = p.territory === 'IT' ? null : p.territory;
    const place = territory === null ? { province: null, region: null } : placeOf(this.territories, territory);
    await manager.query(
      `INSERT INTO technical_table_meeting (meeting_id, table_id, level, territory_code, province_code, region_code, held_on, semester)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (meeting_id) DO UPDATE SET
         held_on = LEAST(technical_table_meeting.held_on, EXCLUDED.held_on),
         semester = CASE WHEN EXCLUDED.held_on < technical_table_meeting.held_on THEN EXCLUDED.semester ELSE technical_table_meeting.semester END`,
      [p.meetingId, p.tableId, p.level, territory, place.province, place.region, p.day, semesterOf(p.day).id],
    );
  }
}
