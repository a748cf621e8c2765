import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReferentRole } from '../../domain';

@Entity('referent')
export class ReferentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64, name: 'unit_id' }) unitId: string;
  @Column({ type: 'varchar', length: 32 }) role: ReferentRole;
  @Column({ type: 'text', name: 'person_id' }) personId: string;
  @Column({ type: 'text', name: 'full_name' }) fullName: string;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'boolean', name: 'is_primary' }) primary: boolean;
  @Column({ type: 'date', name: 'valid_from' }) validFrom: string;
  @Column({ type: 'date', name: 'valid_to', nullable: true }) validTo: string | null;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
}
