import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ReturnStatus } from '../../domain';

@Entity({ name: 'partner_return' })
export class PartnerReturnEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 64 })
  organisationId: string;

  @PrimaryColumn({ name: 'territory_code', type: 'varchar', length: 6 })
  territoryCode: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  semester: string;

  @Column({ name: 'dataset_version', type: 'varchar', length: 16 })
  datasetVersion: string;

  @Column({ type: 'jsonb' })
  values: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: ReturnStatus;

  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime: boolean | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One step of a return's workflow; `audited` marks the central directorate's reopenings. */
@Entity({ name: 'return_transition' })
export class ReturnTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64 })
  organisationId: string;

  @Column({ name: 'territory_code', type: 'varchar', length: 6 })
  territoryCode: string;

  @Column({ type: 'varchar', length: 6 })
  semester: string;

  @Column({ type: 'varchar', length: 8 })
  action: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16 })
  fromStatus: string;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: string;

  @Column({ name: 'actor_subject', type: 'varchar', length: 255 })
  actorSubject: string;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles: string[];

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'boolean' })
  audited: boolean;

  @Column({ type: 'timestamptz' })
  at: Date;
}
