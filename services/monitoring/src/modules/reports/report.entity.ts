import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportLanguage, ReportSnapshot } from './render';

export type ReportStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type ReportVariant = 'full' | 'partner';

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

@Entity({ name: 'report' })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 6 })
  semester: string;

  @Column({ name: 'scope_level', type: 'varchar', length: 20 })
  scopeLevel: string;

  @Column({ name: 'scope_code', type: 'varchar', length: 6 })
  scopeCode: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 10 })
  status: ReportStatus;

  @Column({ type: 'integer' })
  progress: number;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ type: 'jsonb', nullable: true, select: false })
  snapshot: ReportSnapshot | null;

  @Column({ name: 'partner_snapshot', type: 'jsonb', nullable: true, select: false })
  partnerSnapshot: ReportSnapshot | null;

  @Column({ name: 'partner_view_withheld', type: 'text', nullable: true })
  partnerViewWithheld: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 255 })
  requestedBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}

@Entity({ name: 'report_file' })
export class ReportFileEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  variant: ReportVariant;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  format: ReportFormat;

  /** The PDF's language; the other formats carry both and are recorded as Italian. */
  @PrimaryColumn({ type: 'varchar', length: 2, default: 'it' })
  language: ReportLanguage;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'bytea' })
  content: Buffer;
}
