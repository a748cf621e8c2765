import type { Language } from '@inps/kernel';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Answer, EvaluationResult, Facts } from '../../domain';

export const SCREENING_MODES = ['self', 'operator'] as const;
export type ScreeningMode = (typeof SCREENING_MODES)[number];
export const SCREENING_CHANNELS = ['desk', 'mobile_unit', 'gazebo', 'phone', 'self'] as const;
export type ScreeningChannel = (typeof SCREENING_CHANNELS)[number];
export const SCREENING_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'CLOSED'] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

/**
 * An anonymous screening. Anonymous by construction: no name, code, contact, free text, IP, or
 * operator identity; only the organisation in operator mode. Dates are whole days, never instants,
 * so nothing stored can place an answer at a moment in time.
 */
@Entity({ name: 'screening' })
export class ScreeningEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** HMAC-SHA-256 of the resume code (resume-code.ts); the code itself is shown once, never stored. */
  @Column({ name: 'resume_code_hash', type: 'bytea', unique: true })
  resumeCodeHash: Buffer;

  @Column({ type: 'varchar', length: 16 })
  mode: ScreeningMode;

  @Column({ type: 'varchar', length: 2 })
  language: Language;

  @Column({ type: 'varchar', length: 16 })
  channel: ScreeningChannel;

  @Column({ name: 'territory_code', type: 'varchar', length: 6, nullable: true })
  territoryCode: string | null;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64, nullable: true })
  organisationId: string | null;

  @Column({ name: 'rule_set_id', type: 'varchar', length: 64 })
  ruleSetId: string;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Column({ type: 'varchar', length: 16 })
  status: ScreeningStatus;

  /** Answers in the order given; a changed answer keeps its place. */
  @Column({ type: 'jsonb' })
  answers: Answer[];

  @Column({ type: 'jsonb' })
  facts: Facts;

  @Column({ name: 'next_question_id', type: 'varchar', length: 64, nullable: true })
  nextQuestionId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  outcome: EvaluationResult | null;

  @Column({ name: 'created_on', type: 'date' })
  createdOn: string;

  @Column({ name: 'last_activity_on', type: 'date' })
  lastActivityOn: string;

  @Column({ name: 'expires_on', type: 'date' })
  expiresOn: string;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'integer', default: 0 })
  version: number;
}
