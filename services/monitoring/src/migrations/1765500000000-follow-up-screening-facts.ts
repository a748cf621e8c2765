import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The screening's facts a report needs about a follow-up (its day, place and age band) kept on the
 * follow-up row itself, so that the report's follow-up and application figures read `follow_up`
 * alone instead of joining the semester's follow-ups to `screening_outcome`, which at millions of
 * screenings meant reading the whole outcome table (about a kilobyte a row, its verdicts) for
 * every report (decision 0028). The facts never change once the
 * screening is recorded, so a copy taken when the follow-up is written stays exact. A trigger takes
 * it, whoever writes the row (the service, the seed, a fixture). Indexes per scope column: a
 * regional or provincial report reads its own follow-ups only.
 */
export class FollowUpScreeningFacts1765500000000 implements MigrationInterface {
  name = 'FollowUpScreeningFacts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE follow_up ADD COLUMN screening_day date, ADD COLUMN comune_code varchar(6), ADD COLUMN province_code varchar(6),
        ADD COLUMN region_code varchar(6), ADD COLUMN age_band varchar(8)`);
    await q.query(`
      UPDATE follow_up f SET screening_day = s.day, comune_code = s.comune_code, province_code = s.province_code, region_code = s.region_code,
        age_band = s.age_band
      FROM screening_outcome s WHERE s.screening_id = f.screening_id`);
    await q.query(`ALTER TABLE follow_up ALTER COLUMN screening_day SET NOT NULL, ALTER COLUMN age_band SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION follow_up_screening_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT s.day, s.comune_code, s.province_code, s.region_code, s.age_band
          INTO NEW.screening_day, NEW.comune_code, NEW.province_code, NEW.region_code, NEW.age_band
          FROM screening_outcome s WHERE s.screening_id = NEW.screening_id;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER follow_up_screening_facts BEFORE INSERT OR UPDATE OF screening_id ON follow_up FOR EACH ROW EXECUTE FUNCTION follow_up_screening_facts()`,
    );
    await q.query(`CREATE INDEX follow_up_semester_region_idx ON follow_up (semester, region_code)`);
    await q.query(`CREATE INDEX follow_up_semester_province_idx ON follow_up (semester, province_code)`);
    await q.query(`CREATE INDEX follow_up_semester_comune_idx ON follow_up (semester, comune_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER follow_up_screening_facts ON follow_up`);
    await q.query(`DROP FUNCTION follow_up_screening_facts()`);
    await q.query(`DROP INDEX follow_up_semester_region_idx, follow_up_semester_province_idx, follow_up_semester_comune_idx`);
    await q.query(
      `ALTER TABLE follow_up DROP COLUMN screening_day, DROP COLUMN comune_code, DROP COLUMN province_code, DROP COLUMN region_code, DROP COLUMN age_band`,
    );
  }
}
