import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutreachEventStatus, VenueType } from '../../domain';

@Entity('outreach_event')
export class OutreachEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'agreement_id', nullable: true }) agreementId: string | null;
  @Column({ type: 'varchar', length: 64, name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column({ type: 'varchar', length: 6, name: 'territory_code' }) territoryCode: string;
  @Column({ type: 'varchar', length: 32, name: 'venue_type' }) venueType: VenueType;
  @Column({ type: 'text', name: 'venue_name' }) venueName: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'timestamptz', name: 'starts_at' }) startsAt: Date;
  @Column({ type: 'timestamptz', name: 'ends_at' }) endsAt: Date;
  @Column({ type: 'varchar', length: 16 }) status: OutreachEventStatus;
  @Column({ type: 'timestamptz', name: 'communicated_at', nullable: true }) communicatedAt: Date | null;
  @Column({ type: 'text', name: 'cancellation_reason', nullable: true }) cancellationReason: string | null;
  @Column({ type: 'int', name: 'people_contacted', nullable: true }) peopleContacted: number | null;
  /** RFC 5545 SEQUENCE, raised on every change calendar subscribers must notice. */
  @Column({ type: 'int' }) sequence: number;
  /** Optimistic lock. */
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
