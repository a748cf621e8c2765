import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outreach events (with their calendar sequence) and mobile-unit requests for them. */
export class Outreach1764000200000 implements MigrationInterface {
  name = 'Outreach1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outreach_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid REFERENCES agreement(id),
        organisation_id varchar(64),
        territory_code varchar(6) NOT NULL,
        venue_type varchar(32) NOT NULL,
        venue_name text NOT NULL,
        address text,
        title text,
        description text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        status varchar(16) NOT NULL CHECK (status IN ('PLANNED', 'COMMUNICATED', 'CONFIRMED', 'HELD', 'CANCELLED')),
        communicated_at timestamptz,
        cancellation_reason text,
        people_contacted int CHECK (people_contacted >= 0),
        sequence int NOT NULL DEFAULT 0,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'HELD') = (people_contacted IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX outreach_event_territory_idx ON outreach_event (territory_code, starts_at)`);
    await q.query(`CREATE INDEX outreach_event_organisation_idx ON outreach_event (organisation_id, starts_at)`);
    await q.query(`
      CREATE TABLE mobile_unit_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES outreach_event(id),
        territory_code varchar(6) NOT NULL,
        event_starts_at timestamptz NOT NULL,
        requested_at timestamptz NOT NULL,
        requested_by text NOT NULL,
        available_space text NOT NULL,
        lead_time_days int NOT NULL,
        override jsonb,
        status varchar(16) NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'ASSIGNED', 'FULFILLED', 'REJECTED', 'CANCELLED')),
        assigned_unit text,
        closing_reason text,
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Why: a late request is only valid with a recorded central override (the 15-day rule).
        CHECK (override IS NOT NULL OR lead_time_days >= 1)
      )`);
    await q.query(`CREATE INDEX mobile_unit_request_event_idx ON mobile_unit_request (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mobile_unit_request`);
    await q.query(`DROP TABLE outreach_event`);
  }
}
