import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { semesterOf } from '../../domain';
import type { TechnicalTableIssueEscalatedPayload } from '../events/event-contracts';
import { placeOf, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

/** Records technical-table issues escalated to the central table, in the caller's transaction. */
@Injectable()
export class EscalatedIssuesService {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  /** One row per issue; should it be announced twice, the earlier escalation day counts. */
  async record(manager: EntityManager, p: TechnicalTableIssueEscalatedPayload): Promise<void> {
    const place = p.territory === null || p.territory === 'IT' ? { province: null, region: null } : placeOf(this.territories, p.territory);
    await manager.query(
      `INSERT INTO escalated_issue (issue_id, table_id, central_issue_id, central_table_id, territory_code, province_code, region_code, escalated_on, semester)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (issue_id) DO UPDATE SET
         escalated_on = LEAST(escalated_issue.escalated_on, EXCLUDED.escalated_on),
         semester = CASE WHEN EXCLUDED.escalated_on < escalated_issue.escalated_on THEN EXCLUDED.semester ELSE escalated_issue.semester END`,
      [
        p.issueId,
        p.tableId,
        p.centralIssueId,
        p.centralTableId,
        p.territory === 'IT' ? null : p.territory,
        place.province,
        place.region,
        p.day,
        semesterOf(p.day).id,
      ],
    );
  }
}
