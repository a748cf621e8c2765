import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agreements service's last two events, until now consumed by nobody.
 *
 * `mobile_unit_request`: one row per request decided (`mobile-unit-request.decided`), for the
 * activity indicator "requests filed at least 15 days ahead". A request approved and later
 * rejected is announced twice: the row keeps the rejection (final whatever the order of arrival)
 * and the first decision's day, which places the request in its semester.
 *
 * `escalated_issue`: one row per technical-table issue taken to the central table
 * (`technical-table-issue.escalated`), for the governance count; territory is the local table's,
 * absent for a table without one (then the issue counts in the national total only).
 *
 * Both keep the territory's province and region beside it, as outreach_event does, so that a
 * regional or national figure is one GROUP BY; days only, no instants.
 */
export class MobileUnitsAndEscalations1765000000000 implements MigrationInterface {
  name = 'MobileUnitsAndEscalations1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mobile_unit_request (
        request_id varchar(64) PRIMARY KEY,
        event_id varchar(64) NOT NULL,
        territory_code varchar(6) NOT NULL,
        province_code varchar(6),
        region_code varchar(6),
        decision varchar(8) NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
        decided_on date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$'),
        lead_time_days integer NOT NULL CHECK (lead_time_days >= 0),
        overridden boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX mobile_unit_request_semester_idx ON mobile_unit_request (semester)`);
    await q.query(`
      CREATE TABLE escalated_issue (
        issue_id varchar(64) PRIMARY KEY,
        table_id varchar(64) NOT NULL,
        central_issue_id varchar(64) NOT NULL,
        central_table_id varchar(64) NOT NULL,
        territory_code varchar(6),
        province_code varchar(6),
        region_code varchar(6),
        escalated_on date NOT NULL,
        semester varchar(6) NOT NULL CHECK (semester ~ '^[0-9]{4}S[12]$')
      )`);
    await q.query(`CREATE INDEX escalated_issue_semester_idx ON escalated_issue (semester)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escalated_issue`);
    await q.query(`DROP TABLE mobile_unit_request`);
  }
}
