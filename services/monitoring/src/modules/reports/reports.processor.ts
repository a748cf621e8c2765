import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, inTransaction, JobHandler, Metrics, type HandledJob } from '@inps/shared';
import { previousSemester, semesterEnd, semesterOf } from '../../domain';
import {
  buildReportSnapshot,
  createChartRenderer,
  renderCsv,
  renderJson,
  renderPdf,
  renderXlsx,
  REPORT_LANGUAGES,
  toPartnerView,
  type ChartRenderer,
  type ReportLanguage,
  type ReportScope,
  type ReportSnapshot,
} from './render';
import { TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';
import { ReportInputBuilder } from './report-input.builder';
import { CONTENT_TYPES, ReportEntity, ReportFileEntity, type ReportFormat, type ReportVariant } from './report.entity';
import { REPORT_JOB, REQUEUE_REPORTS_JOB, SEMIANNUAL_JOB, type ReportJobData } from './report-job';
import { ReportsService } from './reports.service';

/** Extension points for tests (to make a job fail at a chosen moment). */
export interface ReportProcessorHooks {
  afterRender?: (data: ReportJobData) => void | Promise<void>;
}

/**
 * The worker side of reports: compiles a report job, answers the semiannual schedule by
 * requesting a report per region and a national one, and puts back the jobs of waiting reports.
 */
@Injectable()
export class ReportsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportsProcessor');
  /** Starts its thread on the first chart: ready before any job, whatever order the app starts in. */
  private readonly charts: ChartRenderer = createChartRenderer({ onWarning: (message) => this.logger.warn(message) });
  readonly hooks: ReportProcessorHooks = {};

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly inputs: ReportInputBuilder,
    private readonly reports: ReportsService,
    @Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory,
    private readonly metrics: Metrics,
  ) {}

  /**
   * The latest semester already complete per level, so that a restarted worker reports it before
   * compiling anything (inps_report_last_completed_semester_end_seconds).
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.metrics.enabled) return;
    try {
      const rows = await this.dataSource
        .getRepository(ReportEntity)
        .createQueryBuilder('r')
        .select('r.scopeLevel', 'level')
        .addSelect('max(r.semester)', 'semester')
        .where('r.status = :status', { status: 'COMPLETED' })
        .groupBy('r.scopeLevel')
        .getRawMany<{ level: string; semester: string }>();
      for (const r of rows) this.metrics.reportSemesterCompleted(r.level.toLowerCase(), semesterEnd(r.semester).getTime() / 1000);
    } catch (error) {
      this.logger.warn(`could not read the completed reports for the metrics: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** After the workers closed (before shutdown), so that a report being compiled keeps its charts. */
  async onApplicationShutdown(): Promise<void> {
    await this.charts.close();
  }

  @JobHandler(REPORT_JOB)
  async process(job: HandledJob<ReportJobData>): Promise<void> {
    const data = job.data;
    try {
      await this.compile(job, data);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The last attempt records why; earlier ones leave the report QUEUED for the retry.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.dataSource
          .getRepository(ReportEntity)
          .update({ id: data.reportId, status: In(['QUEUED', 'RUNNING']) }, { status: 'FAILED', failureReason: reason.slice(0, 2000) });
      } else {
        await this.dataSource.getRepository(ReportEntity).update({ id: data.reportId, status: 'RUNNING' }, { status: 'QUEUED', progress: 0 });
      }
      throw error;
    }
  }

  @JobHandler(REQUEUE_REPORTS_JOB)
  async requeueWaiting(): Promise<number> {
    const requeued = await this.reports.requeuePending();
    if (requeued > 0) this.logger.log(`put back the jobs of ${requeued} waiting report(s); those still on the queue were left as they were`);
    return requeued;
  }

  /** Reports for the semester that has just ended: one per region and a national one. */
  @JobHandler(SEMIANNUAL_JOB)
  async requestSemiannual(): Promise<void> {
    const semester = previousSemester(semesterOf(this.clock.now())).id;
    await this.reports.enqueue(semester, 'NATIONAL', 'IT', 'scheduler');
    for (const region of this.territories.childrenOf('IT')) await this.reports.enqueue(semester, 'REGION', region, 'scheduler');
  }

  private async compile(job: HandledJob<ReportJobData>, data: ReportJobData): Promise<void> {
    const repo = this.dataSource.getRepository(ReportEntity);
    // RUNNING too: BullMQ hands a job to another worker only when the one holding it stopped renewing
    // its lock (killed, or frozen), so a RUNNING report here is an orphan to finish, not a rival.
    const started = await repo.update({ id: data.reportId, status: In(['QUEUED', 'RUNNING']) }, { status: 'RUNNING', progress: 5 });
    // A report that no longer waits (already completed or failed, or never committed) is left alone.
    if (!started.affected) return;
    const startedAt = process.hrtime.bigint();
    await job.updateProgress(5);

    const scope: ReportScope = this.inputs.scopeOf(data.scopeCode === 'IT' ? null : data.scopeCode);
    const input = await this.inputs.build(this.dataSource.manager, data.semester, scope, data.version, this.clock.now());
    const snapshot = buildReportSnapshot(input);
    const partner = this.partnerView(snapshot);
    await this.progress(job, data, 30);
    const files: { variant: ReportVariant; format: ReportFormat; language: ReportLanguage; content: Buffer }[] = [];
    const variants: [ReportVariant, ReportSnapshot][] = [['full', snapshot]];
    if (partner.snapshot) variants.push(['partner', partner.snapshot]);
    for (const [variant, s] of variants) {
      files.push({ variant, format: 'json', language: 'it', content: Buffer.from(renderJson(s), 'utf8') });
      files.push({ variant, format: 'csv', language: 'it', content: Buffer.from(renderCsv(s), 'utf8') });
      files.push({ variant, format: 'xlsx', language: 'it', content: await renderXlsx(s) });
    }
    await this.progress(job, data, 50);
    // The full report's PDF is for central and territorial users; partners get theirs.
    for (const language of REPORT_LANGUAGES) {
      for (const [variant, s] of variants) files.push({ variant, format: 'pdf', language, content: await renderPdf(s, language, { charts: this.charts }) });
    }
    await this.progress(job, data, 90);
    await this.hooks.afterRender?.(data);

    const completedHere = await inTransaction(this.dataSource, async (m) => {
      // Only one run completes a report: a frozen first worker that wakes after an orphan's
      // takeover finds it COMPLETED and writes nothing.
      const completed = await m.update(
        ReportEntity,
        { id: data.reportId, status: 'RUNNING' },
        {
          status: 'COMPLETED',
          progress: 100,
          snapshot,
          partnerSnapshot: partner.snapshot,
          partnerViewWithheld: partner.withheld,
          completedAt: this.clock.now(),
        },
      );
      if (!completed.affected) return false;
      await m.delete(ReportFileEntity, { reportId: data.reportId });
      await m.insert(
        ReportFileEntity,
        files.map((f) => ({
          reportId: data.reportId,
          variant: f.variant,
          format: f.format,
          language: f.language,
          contentType: CONTENT_TYPES[f.format],
          content: f.content,
        })),
      );
      return true;
    });
    if (completedHere) this.recordCompleted(scope, data.semester, startedAt);
    await job.updateProgress(100);
  }

  /** The level (national, region...), never the territory: a label per comune would be a series per comune. */
  private recordCompleted(scope: ReportScope, semester: string, startedAt: bigint): void {
    this.metrics.reportCompleted(scope.level.toLowerCase(), Number(process.hrtime.bigint() - startedAt) / 1e9, semesterEnd(semester).getTime() / 1000);
  }

  /**
   * The suppressed view for partners. When suppression cannot protect every small count (a
   * territory with a handful of screenings), the full report still completes for central and
   * territorial users and partners get no view of it, with the reason recorded.
   */
  private partnerView(snapshot: ReportSnapshot): { snapshot: ReportSnapshot | null; withheld: string | null } {
    try {
      return { snapshot: toPartnerView(snapshot), withheld: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!reason.startsWith('Suppression could not protect')) throw error;
      return { snapshot: null, withheld: reason.slice(0, 2000) };
    }
  }

  private async progress(job: HandledJob<ReportJobData>, data: ReportJobData, value: number): Promise<void> {
    await this.dataSource.getRepository(ReportEntity).update({ id: data.reportId }, { progress: value });
    await job.updateProgress(value);
  }
}
