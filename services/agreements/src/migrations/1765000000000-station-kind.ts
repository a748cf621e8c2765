import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kind of station a mobile-unit request asks for. Requests filed before it was asked keep
 * NULL: nobody said which kind they wanted, and guessing one would put words in their mouth. New
 * requests always give one (the API requires it).
 */
export class StationKind1765000000000 implements MigrationInterface {
  name = 'StationKind1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mobile_unit_request ADD COLUMN station_kind varchar(16) CHECK (station_kind IN ('CAMPER', 'GAZEBO', 'DESK'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mobile_unit_request DROP COLUMN station_kind`);
  }
}
