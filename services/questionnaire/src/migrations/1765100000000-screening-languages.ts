import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ten languages of the programme (kernel LANGUAGES), frozen here: a migration must not change when the list does. */
const TEN = ['it', 'en', 'ro', 'sq', 'ar', 'uk', 'zh', 'bn', 'es', 'fr'] as const;

/**
 * A screening may be started in any of the programme's languages, not only Italian and English.
 * The check keeps refusing a code the kernel does not know.
 */
export class ScreeningLanguages1765100000000 implements MigrationInterface {
  readonly name = 'ScreeningLanguages1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening DROP CONSTRAINT screening_language_check`);
    await q.query(`ALTER TABLE screening ADD CONSTRAINT screening_language_check CHECK (language IN (${TEN.map((l) => `'${l}'`).join(', ')}))`);
  }

  /** Going down, screenings in the new languages are shown in Italian, the language of record. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening DROP CONSTRAINT screening_language_check`);
    await q.query(`UPDATE screening SET language = 'it' WHERE language NOT IN ('it', 'en')`);
    await q.query(`ALTER TABLE screening ADD CONSTRAINT screening_language_check CHECK (language IN ('it', 'en'))`);
  }
}
