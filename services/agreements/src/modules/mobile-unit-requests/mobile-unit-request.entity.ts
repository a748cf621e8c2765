import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LeadTimeOverride, MobileUnitStatus, StationKind } from '../../domain';

@Entity('mobile_unit_request')
export class MobileUnitRequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'varchar', length: 6, name: 'territory_code' }) territoryCode: string;
  @Column({ type: 'timestamptz', name: 'event_starts_at' }) eventStartsAt: Date;
  @Column({ type: 'timestamptz', name: 'requested_at' }) requestedAt: Date;
  @Column({ type: 'text', name: 'requested_by' }) requestedBy: string;
  @Column({ type: 'text', name: 'available_space' }) availableSpace: string;
  /** Null for the requests filed before the kind of station was asked. */
  @Column({ type: 'varchar', length: 16, name: 'station_kind', nullable: true }) stationKind: StationKind | null;
  @Column({ type: 'int', name: 'lead_time_days' }) leadTimeDays: number;
  /** Who accepted a late request, when and why (only central may). */
  @Column({ type: 'jsonb', nullable: true }) override: LeadTimeOverride | null;
  @Column({ type: 'varchar', length: 16 }) status: MobileUnitStatus;
  @Column({ type: 'text', name: 'assigned_unit', nullable: true }) assignedUnit: string | null;
  @Column({ type: 'text', name: 'closing_reason', nullable: true }) closingReason: string | null;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
