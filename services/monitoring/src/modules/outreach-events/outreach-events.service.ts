import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { semesterOf } from '../../domain';
import type { OutreachEventHeldPayload } from '../events/event-contracts';
import { placeOf, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';

/** Records outreach events held, with the territory's province and region, in the caller's transaction. */
@Injectable()
export class OutreachEventsService {
  constructor(@Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory) {}

  /**
   * One row per event: an event marked held again (after a correction of its head count) is
   * announced again under a new event id, and the latest figures replace the earlier ones.
   */
  async record(manager: EntityManager, p: OutreachEventHeldPayload): Promise<void> {
    const place = placeOf(this.territories, p.territory);
    await manager.query(
      `INSERT INTO outreach_event (event_id, agreement_id, organisation_id, territory_code, province_code, region_code, day, semester, people_contacted, communicated_in_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_id) DO UPDATE SET
         agreement_id = EXCLUDED.agreement_id, organisation_id = EXCLUDED.organisation_id, territory_code = EXCLUDED.territory_code,
         province_code = EXCLUDED.province_code, region_code = EXCLUDED.region_code, day = EXCLUDED.day, semester = EXCLUDED.semester,
         people_contacted = EXCLUDED.people_contacted, communicated_in_time = EXCLUDED.communicated_in_time, received_at = now()`,
      [
        p.eventId,
        p.agreementId,
        p.organisationId,
        p.territory,
        place.province,
        place.region,
        p.day,
        semesterOf(p.day).id,
        p.peopleContacted,
        p.communicatedInTime,
      ],
    );
  }
}
