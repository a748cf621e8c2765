import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ReturnStatus } from '../../domain';

@Entity({ name: 'partner_return' })
export class PartnerReturnEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar' })
  organisationId: string;

  @PrimaryColumn({ name: 'territory_code', type: 'varchar' })
  territoryCode: string;

  @PrimaryColumn({ type: 'varchar' })
  semester: string;

  @Column({ name: 'dataset_version', type: 'varchar' })
  datasetVersion: string;

  @Column({ type: 'jsonb' })
  values: Record<string, unknown>;

  @Column({ type: 'varchar' })
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

  @Column({ name: 'organisation_id', type: 'varchar' })
  organisationId: string;

  @Column({ name: 'territory_code', type: 'varchar' })
  territoryCode: string;

  @Column({ type: 'varchar' })
  semester: string;

  @Column({ type: 'varchar' })
  action: string;

  @Column({ name: 'from_status', type: 'varchar' })
  fromStatus: string;

  @Column({ name: 'to_status', type: 'varchar' })
  toStatus: string;

  @Column({ name: 'actor_subject', type: 'varchar' })
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
