import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outreach events held, as the agreements service announces them (`outreach-event.held`): one
 * row per event, with the territory's province and region beside it so that a regional or
 * national figure is one GROUP BY. People contacted is a head count given by the organiser.
 */
export class OutreachEvents1764100000004 implements MigrationInterface {
  name = 'OutreachEvents1764100000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outreach_event (
        event_id varchar(64) PRIMARY KEY,
        agreement_id varchar(64),
        organisation_id varchar(64),
        -- a comune, a province or metropolitan city, or a region: where the event took place
        territory_code varchar(6) NOT NULL,
        province_code varchar(6),
        region_code varchar(6),
        day date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        people_contacted integer NOT NULL CHECK (people_contacted >= 0),
        communicated_in_time boolean NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outreach_event_semester_idx ON outreach_event (semester)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outreach_event`);
  }
}
