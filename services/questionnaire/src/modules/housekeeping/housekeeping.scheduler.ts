import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { defaultJobOptions, QUEUE_BACKEND, QueueStoreWatch, type QueueBackend } from '@inps/shared';
import type { Queue, Worker } from 'bullmq';
import { ScreeningService } from '../screenings/screening.service';

const HOUSEKEEPING_QUEUE = 'questionnaire.housekeeping';
const CLOSE_IDLE_SCHEDULER = 'close-idle-screenings';

/**
 * Closes idle screenings once a day, at 03:30 in Rome. Registered with upsertJobScheduler, so that
 * every replica and every restart converge on the one schedule instead of adding their own.
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    private readonly screenings: ScreeningService,
    private readonly storeWatch: QueueStoreWatch,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue = this.backend.createQueue(HOUSEKEEPING_QUEUE);
    await this.register();
    // The schedule lives only in the queue store: put it back if the store comes back empty.
    this.storeWatch.onReset('the housekeeping schedule', () => this.register());
    this.worker = this.backend.createWorker(HOUSEKEEPING_QUEUE, async () => {
      const closed = await this.screenings.closeIdle();
      this.logger.log(`closed ${closed} idle screening(s)`);
      return { closed };
    });
  }

  async register(): Promise<void> {
    await this.queue?.upsertJobScheduler(
      CLOSE_IDLE_SCHEDULER,
      { pattern: '0 30 3 * * *', tz: 'Europe/Rome' },
      {
        name: 'close-idle',
        opts: {
          attempts: defaultJobOptions.attempts,
          backoff: defaultJobOptions.backoff,
          removeOnComplete: defaultJobOptions.removeOnComplete,
          removeOnFail: defaultJobOptions.removeOnFail,
        },
      },
    );
  }

  async schedulers(): Promise<number> {
    return (await this.queue?.getJobSchedulersCount()) ?? 0;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
