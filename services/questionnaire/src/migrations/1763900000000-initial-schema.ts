import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rule sets (immutable once published) and anonymous screenings. */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_set (
        id varchar(64) PRIMARY KEY,
        title jsonb NOT NULL,
        effective_from date NOT NULL,
        effective_to date,
        status varchar(16) NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        source varchar(16) NOT NULL CHECK (source IN ('builtin', 'published')),
        definition jsonb NOT NULL,
        checksum char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (effective_to IS NULL OR effective_to >= effective_from)
      )`);
    // Why a trigger: immutability of published law must hold for every writer, not only this code.
    await q.query(`
      CREATE FUNCTION rule_set_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'rule set % is % and cannot be deleted', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND (
             NEW.definition IS DISTINCT FROM OLD.definition OR NEW.checksum IS DISTINCT FROM OLD.checksum
             OR NEW.effective_from IS DISTINCT FROM OLD.effective_from OR NEW.id IS DISTINCT FROM OLD.id
             OR (OLD.status = 'retired' AND NEW.status <> 'retired')) THEN
          RAISE EXCEPTION 'rule set % is % and immutable', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER rule_set_immutable BEFORE UPDATE OR DELETE ON rule_set FOR EACH ROW EXECUTE FUNCTION rule_set_immutable()`);

    await q.query(`
      CREATE TABLE screening (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resume_code char(8) NOT NULL UNIQUE,
        mode varchar(16) NOT NULL CHECK (mode IN ('self', 'operator')),
        language varchar(2) NOT NULL CHECK (language IN ('it', 'en')),
        channel varchar(16) NOT NULL CHECK (channel IN ('desk', 'mobile_unit', 'gazebo', 'phone', 'self')),
        territory_code varchar(6) CHECK (territory_code ~ '^[0-9]{6}$'),
        organisation_id varchar(64),
        rule_set_id varchar(64) NOT NULL REFERENCES rule_set(id),
        as_of date NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'CLOSED')),
        answers jsonb NOT NULL DEFAULT '[]',
        facts jsonb NOT NULL DEFAULT '{}',
        next_question_id varchar(64),
        outcome jsonb,
        created_on date NOT NULL,
        last_activity_on date NOT NULL,
        expires_on date NOT NULL,
        completed_on date,
        -- Optimistic concurrency: an answer is written only over the state it was computed from.
        version integer NOT NULL DEFAULT 0,
        CHECK (mode = 'self' OR organisation_id IS NOT NULL),
        CHECK ((status = 'COMPLETED') = (outcome IS NOT NULL AND completed_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX screening_idle ON screening (last_activity_on) WHERE status = 'IN_PROGRESS'`);
    await q.query(`CREATE INDEX screening_organisation ON screening (organisation_id, created_on) WHERE organisation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE screening`);
    await q.query(`DROP TRIGGER rule_set_immutable ON rule_set`);
    await q.query(`DROP TABLE rule_set`);
    await q.query(`DROP FUNCTION rule_set_immutable()`);
  }
}
