import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';
import { RollupFolder } from '../outcomes/rollup-folder';

/**
 * The worker's fold: every ROLLUP_FOLD_INTERVAL_MS, the screenings recorded since are folded into
 * the rollup counters. Every worker runs it; the fold's lock lets one at a time through and the
 * others skip their round, so the number of workers changes nothing.
 */
@Injectable()
export class RollupFoldSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RollupFold');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly folder: RollupFolder,
    @Inject(APP_CONFIG) private readonly config: MonitoringConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Waits for a round under way, so that the connection is not closed under it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.config.ROLLUP_FOLD_INTERVAL_MS);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    try {
      await this.folder.foldAll();
    } catch (error) {
      // Nothing is lost: the pending rows stay until a fold commits, and the views count them meanwhile.
      this.logger.warn(`could not fold the rollups, will try again: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
