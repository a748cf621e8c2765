import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MeetingStatus, TableIssueStatus, TableMemberRole, TechnicalTableLevel, TechnicalTableStatus } from '../../domain';

@Entity('technical_table')
export class TechnicalTableEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'varchar', length: 8 }) level: TechnicalTableLevel;
  /** ISTAT code of a LOCAL table; null for a CENTRAL (national) one. */
  @Column({ type: 'varchar', length: 6, name: 'territory_code', nullable: true }) territoryCode: string | null;
  @Column({ type: 'uuid', name: 'agreement_id', nullable: true }) agreementId: string | null;
  @Column({ type: 'varchar', length: 8 }) status: TechnicalTableStatus;
  /** Optimistic lock. */
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

/** A member is an organisation or an INPS unit, never a person: referents already name people. */
@Entity('technical_table_member')
export class TechnicalTableMemberEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'table_id' }) tableId: string;
  @Column({ type: 'varchar', length: 64, name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column({ type: 'varchar', length: 64, name: 'inps_unit_id', nullable: true }) inpsUnitId: string | null;
  @Column({ type: 'varchar', length: 16 }) role: TableMemberRole;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'date', name: 'valid_from' }) validFrom: string;
  @Column({ type: 'date', name: 'valid_to', nullable: true }) validTo: string | null;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
}

@Entity('technical_table_meeting')
export class TechnicalTableMeetingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'table_id' }) tableId: string;
  @Column({ type: 'timestamptz', name: 'starts_at' }) startsAt: Date;
  @Column({ type: 'text', nullable: true }) place: string | null;
  @Column({ type: 'text', name: 'online_link', nullable: true }) onlineLink: string | null;
  @Column({ type: 'text' }) agenda: string;
  @Column({ type: 'varchar', length: 16 }) status: MeetingStatus;
  @Column({ type: 'text', name: 'cancellation_reason', nullable: true }) cancellationReason: string | null;
  @Column({ type: 'uuid', array: true, name: 'attendee_ids' }) attendeeIds: string[];
  @Column({ type: 'uuid', name: 'minutes_document_id', nullable: true }) minutesDocumentId: string | null;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

@Entity('technical_table_issue')
export class TechnicalTableIssueEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'table_id' }) tableId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'date', name: 'raised_on' }) raisedOn: string;
  @Column({ type: 'varchar', length: 16 }) status: TableIssueStatus;
  /** On the local issue: the issue it opened on the central table. */
  @Column({ type: 'uuid', name: 'escalated_to_id', nullable: true }) escalatedToId: string | null;
  /** On the central issue: the local issue it came from. */
  @Column({ type: 'uuid', name: 'escalated_from_id', nullable: true }) escalatedFromId: string | null;
  @Column({ type: 'text', name: 'resolution_note', nullable: true }) resolutionNote: string | null;
  @Column({ type: 'date', name: 'resolved_on', nullable: true }) resolvedOn: string | null;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
