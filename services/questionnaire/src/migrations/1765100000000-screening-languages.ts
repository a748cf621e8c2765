import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A screening may be held in any of the programme's ten languages, not only Italian and English.
 * The list is written out rather than read from the kernel: a migration must mean the same thing
 * whenever it runs, and a later language gets a migration of its own.
 */
export class ScreeningLanguages1765100000000 implements MigrationInterface {
  readonly name = 'ScreeningLanguages1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening DROP CONSTRAINT screening_language_check`);
    await q.query(
      `ALTER TABLE screening ADD CONSTRAINT screening_language_check CHECK (language IN ('it', 'en', 'ro', 'sq', 'ar', 'uk', 'zh', 'bn', 'es', 'fr'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Screenings held in the new languages are read in Italian once the constraint narrows again.
    await q.query(`UPDATE screening SET language = 'it' WHERE language NOT IN ('it', 'en')`);
    await q.query(`ALTER TABLE screening DROP CONSTRAINT screening_language_check`);
    await q.query(`ALTER TABLE screening ADD CONSTRAINT screening_language_check CHECK (language IN ('it', 'en'))`);
  }
}
