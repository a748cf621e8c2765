import { ApiProperty } from '@nestjs/swagger';
import { REPORT_FORMATS, type ReportFormat, type ReportStatus } from '../report.entity';
import { ReportSnapshotView } from './report-snapshot.response';

const STATUSES: readonly ReportStatus[] = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'];

export class ReportScopeCodeView {
  @ApiProperty({ example: 'REGION' })
  readonly level: string;

  @ApiProperty({ description: 'ISTAT code, IT for Italy', example: '12' })
  readonly code: string;
}

/** A report of one semester, scope and version, and how far its job has got. */
export class ReportView {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ example: '2026S1' })
  readonly semester: string;

  @ApiProperty({ type: ReportScopeCodeView })
  readonly scope: ReportScopeCodeView;

  @ApiProperty({ description: 'a new version for each request of the same semester and scope' })
  readonly version: number;

  @ApiProperty({ enum: STATUSES })
  readonly status: string;

  @ApiProperty({ description: '0 to 100' })
  readonly progress: number;

  @ApiProperty({ type: String, nullable: true })
  readonly failureReason: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly completedAt: string | null;

  @ApiProperty({ enum: REPORT_FORMATS, isArray: true, description: 'the files ready to download (all of them once COMPLETED)' })
  readonly files: readonly ReportFormat[];

  @ApiProperty({ type: String, nullable: true, description: 'set when partners have no view of this report, and why' })
  readonly partnerViewWithheld: string | null;
}

/** One report with its content: the partner view for partners, the full one for INPS. */
export class ReportWithSnapshotView extends ReportView {
  @ApiProperty({ type: ReportSnapshotView, nullable: true, description: 'null until the report is COMPLETED' })
  readonly snapshot: ReportSnapshotView | null;
}
