import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Renewals: how many the text allows, and the link from a renewal to the agreement it renews. */
export class Renewals1764000400000 implements MigrationInterface {
  name = 'Renewals1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement ADD COLUMN max_renewals int NOT NULL DEFAULT 0 CHECK (max_renewals BETWEEN 0 AND 10)`);
    await q.query(`ALTER TABLE agreement ADD COLUMN renews_id uuid REFERENCES agreement(id)`);
    await q.query(`CREATE INDEX agreement_renews_idx ON agreement (renews_id) WHERE renews_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement DROP COLUMN renews_id, DROP COLUMN max_renewals`);
  }
}
