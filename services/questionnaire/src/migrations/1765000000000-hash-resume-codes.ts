import type { MigrationInterface, QueryRunner } from 'typeorm';
import { resumeCodeDigest } from '../modules/screenings/resume-code';

/** Rows converted per statement: bounded memory and statement size on a large table. */
const BATCH = 5_000;

/**
 * The screening table keeps an HMAC of each resume code instead of the code (decision 0012):
 * existing codes are hashed here, in TypeScript because the pepper must not pass through SQL text
 * (nor need pgcrypto), then the plain column goes. The codes people hold on paper keep working.
 * The pepper is asked for only when the migration runs, from the running process's configuration;
 * TypeORM builds migrations from classes without arguments, hence a class made around it.
 */
export function hashResumeCodesMigration(pepper: () => string): new () => MigrationInterface {
  return class HashResumeCodes1765000000000 extends HashResumeCodes {
    protected pepper(): string {
      return pepper();
    }
  };
}

abstract class HashResumeCodes implements MigrationInterface {
  readonly name = 'HashResumeCodes1765000000000';

  protected abstract pepper(): string;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening ADD COLUMN resume_code_hash bytea`);
    let pepper: string | undefined; // asked for only when there is a code to convert
    for (;;) {
      const rows: { id: string; resume_code: string }[] = await q.query(`SELECT id, resume_code FROM screening WHERE resume_code_hash IS NULL LIMIT ${BATCH}`);
      if (rows.length === 0) break;
      const key = (pepper ??= this.pepper());
      await q.query(`UPDATE screening s SET resume_code_hash = v.hash FROM unnest($1::uuid[], $2::bytea[]) AS v(id, hash) WHERE s.id = v.id`, [
        rows.map((r) => r.id),
        rows.map((r) => resumeCodeDigest(r.resume_code.trim(), key)),
      ]);
    }
    await q.query(`ALTER TABLE screening ALTER COLUMN resume_code_hash SET NOT NULL`);
    await q.query(`ALTER TABLE screening ADD CONSTRAINT screening_resume_code_hash_length CHECK (length(resume_code_hash) = 32)`);
    await q.query(`ALTER TABLE screening ADD CONSTRAINT screening_resume_code_hash_key UNIQUE (resume_code_hash)`);
    await q.query(`ALTER TABLE screening DROP COLUMN resume_code`);
  }

  /** The codes cannot come back from their hashes: going down gives every screening a code nobody holds. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screening ADD COLUMN resume_code char(8)`);
    await q.query(`UPDATE screening SET resume_code = upper(substr(md5(id::text), 1, 8))`);
    await q.query(`ALTER TABLE screening ALTER COLUMN resume_code SET NOT NULL`);
    await q.query(`ALTER TABLE screening ADD CONSTRAINT screening_resume_code_key UNIQUE (resume_code)`);
    await q.query(`ALTER TABLE screening DROP COLUMN resume_code_hash`);
  }
}
