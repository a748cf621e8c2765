import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner apps' API keys. Only a SHA-256 of the secret is kept: the key is shown once, at creation.
 * The secret has 256 random bits, so a plain hash (no slow KDF) cannot be brute-forced.
 */
export class ApiKeys1764000700000 implements MigrationInterface {
  name = 'ApiKeys1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id varchar(64) NOT NULL REFERENCES organisation(id),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
        secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
        expires_on date,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        last_used_at timestamptz,
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(`CREATE INDEX api_key_organisation ON api_key (organisation_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_key`);
  }
}
