import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'api_key' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64, name: 'organisation_id' }) organisationId: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'bytea', name: 'secret_sha256', select: false }) secretSha256: Buffer;
  @Column({ type: 'date', name: 'expires_on', nullable: true }) expiresOn: string | null;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'text', name: 'revoked_by', nullable: true }) revokedBy: string | null;
  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
