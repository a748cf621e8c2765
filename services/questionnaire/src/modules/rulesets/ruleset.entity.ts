import type { Text } from '@inps/kernel';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { RuleSetDefinition } from '../../domain';

export type RuleSetStatus = 'draft' | 'published' | 'retired';
export type RuleSetSource = 'builtin' | 'published';

/**
 * A rule set as stored. Once published its definition is immutable: a database trigger refuses any
 * change to it (see the initial migration), so a fix to the law is always a new rule set.
 */
@Entity({ name: 'rule_set' })
export class RuleSetEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'jsonb' })
  title: Text;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: RuleSetStatus;

  @Column({ type: 'varchar', length: 16 })
  source: RuleSetSource;

  @Column({ type: 'jsonb' })
  definition: RuleSetDefinition;

  /** SHA-256 of the canonical definition: lets the loader tell "already there" from "changed in place". */
  @Column({ type: 'char', length: 64 })
  checksum: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
