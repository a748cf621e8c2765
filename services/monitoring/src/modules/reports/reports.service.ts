import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { inTransaction, Jobs, NotFoundError, notFoundError, ValidationFailedError, type Principal } from '@inps/shared';
import { parseSemester } from '../../domain';
import { reaches, scopeOf, type Scope } from '../../common/access';
import type { ReportLanguage, ReportSnapshot } from './render';
import { TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';
import type { SemesterFilter } from '../../common/semester.args';
import type { RequestReportDto } from './dto/report.dto';
import type { ReportView, ReportWithSnapshotView } from './dto/report.response';
import { ReportInputBuilder } from './report-input.builder';
import { REPORT_FORMATS, ReportEntity, ReportFileEntity, type ReportFormat } from './report.entity';
import { REPORT_JOB, reportJobId, type ReportJobData } from './report-job';

function view(r: ReportEntity): ReportView {
  return {
    id: r.id,
    semester: r.semester,
    scope: { level: r.scopeLevel, code: r.scopeCode },
    version: r.version,
    status: r.status,
    progress: r.progress,
    failureReason: r.failureReason,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt ? r.completedAt.toISOString() : null,
    files: r.status === 'COMPLETED' ? [...REPORT_FORMATS] : [],
    partnerViewWithheld: r.partnerViewWithheld,
  };
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: Jobs,
    private readonly inputs: ReportInputBuilder,
    @Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory,
  ) {}

  async request(principal: Principal | null, dto: RequestReportDto): Promise<ReportView> {
    let scope;
    try {
      scope = this.inputs.scopeOf(dto.territory);
    } catch {
      throw new ValidationFailedError([{ field: 'territory', issue: 'is not a known ISTAT territory' }]);
    }
    parseSemester(dto.semester);
    return this.enqueue(dto.semester, scope.level, scope.istatCode ?? 'IT', principal?.subject ?? 'unknown', dto.newVersion === true);
  }

  /**
   * The report of a semester and scope, made once: asking again returns the same report (the
   * one queued or running, else the latest version), so that a retried or repeated request never
   * multiplies versions. A new version is made only when `newVersion` asks for it (the data have
   * changed since, a return was accepted late), or when the latest version failed; even then a
   * version already queued or running is returned instead, so that two explicit requests at once
   * make one new version, not two.
   */
  async enqueue(semester: string, scopeLevel: string, scopeCode: string, requestedBy: string, newVersion = false): Promise<ReportView> {
    const report = await inTransaction(this.dataSource, async (m) => {
      // Serialises requests for the same report so two callers never pick the same version.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`monitoring.report:${semester}:${scopeCode}`]);
      const pending = await m.findOne(ReportEntity, {
        where: [
          { semester, scopeCode, status: 'QUEUED' },
          { semester, scopeCode, status: 'RUNNING' },
        ],
      });
      if (pending) return pending;
      const latest = await m.findOne(ReportEntity, { where: { semester, scopeLevel, scopeCode }, order: { version: 'DESC' } });
      if (latest && !newVersion && latest.status !== 'FAILED') return latest;
      const saved = await m.save(
        m.create(ReportEntity, { semester, scopeLevel, scopeCode, version: (latest?.version ?? 0) + 1, status: 'QUEUED', progress: 0, requestedBy }),
      );
      return m.findOneByOrFail(ReportEntity, { id: saved.id });
    });
    // After the commit, so the job always finds its report. Should Redis fail right here the
    // caller gets a 503 and the report stays QUEUED: asking again, or the worker's scheduled
    // REQUEUE_REPORTS_JOB (requeuePending), adds its job. A finished report needs no job.
    if (report.status === 'QUEUED' || report.status === 'RUNNING') await this.addJob(report);
    return view(report);
  }

  /**
   * Re-adds the job of every report still waiting (QUEUED, or RUNNING on a worker that may have
   * lost it with Redis). Returns how many. A job that still exists is left as it is, so this is
   * safe to repeat at any time; it throws when the queue cannot be reached.
   */
  async requeuePending(): Promise<number> {
    const pending = await this.dataSource.getRepository(ReportEntity).find({ where: { status: In(['QUEUED', 'RUNNING']) }, order: { createdAt: 'ASC' } });
    for (const report of pending) await this.addJob(report);
    return pending.length;
  }

  /**
   * The one way a report's job is put on the queue. Its id comes from the report, so adding it
   * again while it exists (waiting, delayed for a retry, active or recently done) is a no-op in
   * BullMQ, and adding it after Redis lost it restores it.
   */
  private async addJob(report: ReportEntity): Promise<void> {
    const data: ReportJobData = {
      reportId: report.id,
      semester: report.semester,
      scopeLevel: report.scopeLevel,
      scopeCode: report.scopeCode,
      version: report.version,
    };
    await this.jobs.add(REPORT_JOB, data, { jobId: reportJobId(data) });
  }

  async list(principal: Principal | null, query: SemesterFilter): Promise<ReportView[]> {
    const scope = scopeOf(principal);
    const rows = await this.dataSource.getRepository(ReportEntity).find({
      where: query.semester ? { semester: query.semester } : {},
      order: { semester: 'DESC', scopeLevel: 'ASC', scopeCode: 'ASC', version: 'DESC' },
      take: 1000,
    });
    return rows.filter((r) => this.canSee(scope, r)).map(view);
  }

  async get(principal: Principal | null, id: string): Promise<ReportWithSnapshotView> {
    const scope = scopeOf(principal);
    const report = await this.find(id, scope);
    const column = scope.kind === 'partner' ? 'partner_snapshot' : 'snapshot';
    const rows = (await this.dataSource.query(`SELECT ${column} AS snapshot FROM report WHERE id = $1`, [id])) as { snapshot: ReportSnapshot | null }[];
    return { ...view(report), snapshot: rows[0]?.snapshot ?? null };
  }

  async file(principal: Principal | null, id: string, format: string, language: ReportLanguage): Promise<ReportFileEntity> {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new ValidationFailedError([{ field: 'format', issue: `must be one of ${REPORT_FORMATS.join(', ')}` }]);
    }
    const scope = scopeOf(principal);
    const report = await this.find(id, scope);
    const file = await this.dataSource.getRepository(ReportFileEntity).findOneBy({
      reportId: id,
      variant: scope.kind === 'partner' ? 'partner' : 'full',
      format: format as ReportFormat,
      // Only the PDF is written once per language; the other files carry both.
      language: format === 'pdf' ? language : 'it',
    });
    if (!file) {
      if (scope.kind === 'partner' && report.partnerViewWithheld) {
        throw new NotFoundError('This report has no partner view', [{ field: 'id', issue: 'its counts are too small to publish to partners' }]);
      }
      throw new NotFoundError('The report is not ready', [{ field: 'id', issue: 'the report has no files yet' }]);
    }
    return file;
  }

  private async find(id: string, scope: Scope): Promise<ReportEntity> {
    const report = await this.dataSource.getRepository(ReportEntity).findOneBy({ id });
    // Outside the caller's territories answers as missing: a report's existence is not disclosed.
    if (!report || !this.canSee(scope, report)) throw notFoundError('report', id, 'No report you may see has this id');
    return report;
  }

  /** Territorial users see the reports of their territories and of the areas inside them; partners see every report in its partner view. */
  private canSee(scope: Scope, r: ReportEntity): boolean {
    return scope.kind === 'partner' || reaches(scope, r.scopeCode, this.territories);
  }
}
