import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, QUEUE_BACKEND, type QueueBackend } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';
import { ReportsProcessor } from './reports.processor';
import { ReportsService } from './reports.service';

/**
 * The worker's repair sweep. A report's row is the truth and its job only a copy in Redis: a Redis
 * without persistence that restarts, or one that died between the row's commit and the job's add,
 * leaves reports QUEUED with no job, and the semiannual schedule gone. At start and then every
 * REPORTS_REPAIR_INTERVAL_SECONDS the sweep puts them back (a no-op where they exist). While Redis
 * is down it only logs and waits for the next round: the worker must outlive the outage.
 */
@Injectable()
export class ReportsRepair implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReportsRepair');
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: MonitoringConfig,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    private readonly reports: ReportsService,
    private readonly processor: ReportsProcessor,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: a slow Redis must not hold the worker's start.
    this.loopLogged();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One round. Never throws: a failure is logged and the next round tries again. */
  async sweep(): Promise<void> {
    try {
      // Fails within seconds while Redis is down, where a BullMQ call could wait for it to return.
      await this.backend.ping(2000);
      const requeued = await this.reports.requeuePending();
      await this.processor.registerSchedule();
      if (requeued > 0) this.logger.log(`put back the jobs of ${requeued} waiting report(s); those still on the queue were left as they were`);
    } catch (error) {
      if (this.stopped) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`could not put report jobs back on the queue, trying again in ${this.config.REPORTS_REPAIR_INTERVAL_SECONDS} s: ${reason}`);
    }
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    await this.sweep();
    // Chained rather than setInterval, so that a round held up by a slow Redis never overlaps the next.
    if (!this.stopped) this.timer = setTimeout(() => this.loopLogged(), this.config.REPORTS_REPAIR_INTERVAL_SECONDS * 1000);
  }

  /** sweep() never throws; this only catches a bug in the loop around it, which would stop the sweeps. */
  private loopLogged(): void {
    void this.loop().catch((error: unknown) => this.logger.error(`the repair sweep stopped: ${error instanceof Error ? error.message : String(error)}`));
  }
}
