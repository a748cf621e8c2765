import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AGREEMENT_ACTIVATED, type AgreementEventType, type AgreementPayload } from '../events/event-contracts';

/**
 * Who is expected to file a return: every organisation of an agreement, for every territory of it,
 * over the period it was active. Events are merged field by field (the end is the earliest end day
 * seen), and the expected reporters are derived again from the merged state, so duplicates and
 * events arriving out of order give the same result.
 */
@Injectable()
export class AgreementsRegistryService {
  async apply(manager: EntityManager, type: AgreementEventType, p: AgreementPayload): Promise<void> {
    const endedOn = type === AGREEMENT_ACTIVATED ? null : p.day;
    await manager.query(
      `INSERT INTO agreement_state (agreement_id, code, kind, organisations, territories, valid_from, valid_to, activated, ended_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (agreement_id) DO UPDATE SET
         code = EXCLUDED.code, kind = EXCLUDED.kind, organisations = EXCLUDED.organisations, territories = EXCLUDED.territories,
         valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to,
         activated = agreement_state.activated OR EXCLUDED.activated,
         ended_on = LEAST(agreement_state.ended_on, EXCLUDED.ended_on)`,
      [p.agreementId, p.code, p.kind, p.organisations, p.territories, p.validFrom, p.validTo, type === AGREEMENT_ACTIVATED, endedOn],
    );
    await manager.query(`DELETE FROM expected_reporter WHERE agreement_id = $1`, [p.agreementId]);
    // An agreement that ended before it started expects nothing.
    await manager.query(
      `INSERT INTO expected_reporter (agreement_id, organisation_id, territory_code, active_from, active_to)
       SELECT a.agreement_id, o.id, t.code, a.valid_from, LEAST(a.valid_to, a.ended_on)
       FROM agreement_state a CROSS JOIN unnest(a.organisations) AS o(id) CROSS JOIN unnest(a.territories) AS t(code)
       WHERE a.agreement_id = $1 AND (LEAST(a.valid_to, a.ended_on) IS NULL OR LEAST(a.valid_to, a.ended_on) >= a.valid_from)
       ON CONFLICT DO NOTHING`,
      [p.agreementId],
    );
  }
}
