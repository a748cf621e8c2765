import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { semesterOf } from '../../domain';
import type { MobileUnitRequestDecidedPayload } from '../events/event-contracts';
import { placeOf, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

/** Records mobile-unit requests decided, with the territory's province and region, in the caller's transaction. */
@Injectable()
export class MobileUnitRequestsService {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  /**
   * One row per request, whatever the order its decisions arrive in: a rejection is final (a
   * request is rejected at most once, possibly after an approval), and the request stays in the
   * semester of its first decision.
   */
  async record(manager: EntityManager, p: MobileUnitRequestDecidedPayload): Promise<void> {
    const place = placeOf(this.territories, p.territory);
    await manager.query(
      `INSERT INTO mobile_unit_request (request_id, event_id, territory_code, province_code, region_code, decision, decided_on, semester, lead_time_days, overridden)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (request_id) DO UPDATE SET
         decision = CASE WHEN 'REJECTED' IN (mobile_unit_request.decision, EXCLUDED.decision) THEN 'REJECTED' ELSE 'APPROVED' END,
         decided_on = LEAST(mobile_unit_request.decided_on, EXCLUDED.decided_on),
         semester = CASE WHEN EXCLUDED.decided_on < mobile_unit_request.decided_on THEN EXCLUDED.semester ELSE mobile_unit_request.semester END`,
      [p.requestId, p.eventId, p.territory, place.province, place.region, p.decision, p.day, semesterOf(p.day).id, p.leadTimeDays, p.overridden],
    );
  }
}
