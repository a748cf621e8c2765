import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface MonitoringFacts {
  readonly agreements: readonly { readonly agreementId: string; readonly org: string; readonly comune: string }[];
  readonly screenings: readonly {
    readonly screeningId: string;
    readonly org: string;
    readonly comune: string;
    readonly province: string;
    readonly region: string;
    readonly day: string;
  }[];
}

const semesterOf = (day: string): string => `${day.slice(0, 4)}S${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * In this in-process stack no outbox relay and no monitoring worker run (stack.ts starts the API
 * modules only), so the monitoring service never hears of agreements and screenings. To give it
 * follow-up and return fixtures, the matrix writes what its event consumers would have written
 * (agreement_state + expected_reporter for agreement.activated, screening_outcome for
 * screening.completed) into the stack's monitoring database. The event flow itself is tested end to
 * end in test/end-to-end.spec.ts.
 */
export async function seedMonitoring(databaseUrl: string, facts: MonitoringFacts): Promise<void> {
  await withClient(databaseUrl, async (c) => {
    await c.query(`SET search_path TO monitoring`);
    for (const a of facts.agreements) {
      await c.query(
        `INSERT INTO agreement_state (agreement_id, code, kind, organisations, territories, valid_from, valid_to, activated) VALUES ($1, $2, 'TERRITORIAL', $3, $4, '2026-01-01', '2027-12-31', true)`,
        [a.agreementId, `MX-${a.org}`.toUpperCase(), [a.org], [a.comune]],
      );
      await c.query(
        `INSERT INTO expected_reporter (agreement_id, organisation_id, territory_code, active_from, active_to) VALUES ($1, $2, $3, '2026-01-01', '2027-12-31')`,
        [a.agreementId, a.org, a.comune],
      );
    }
    for (const s of facts.screenings) {
      await c.query(
        `INSERT INTO screening_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, province_code, region_code, organisation_id, channel, mode, age_band, household_size_band, verdicts, likely_count)
         VALUES ($1, $2, 'it-2026', $3, $4, $5, $6, $7, $8, 'desk', 'operator', '30-44', '3-4', $9, 1)`,
        [
          s.screeningId,
          randomUUID(),
          s.day,
          semesterOf(s.day),
          s.comune,
          s.province,
          s.region,
          s.org,
          JSON.stringify([{ benefitId: 'ADI', status: 'LIKELY_ELIGIBLE' }]),
        ],
      );
    }
  });
}
