import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { APP_CONFIG, QUEUE_BACKEND, QueueStoreWatch, type QueueBackend } from '@inps/shared';
import type { AgreementsConfigValues } from '../../agreements.config';
import { AgreementScheduler, DAILY_JOB_NAME } from './agreement-scheduler.service';

/** Registers the daily schedule and runs its jobs; only the worker process loads it. */
@Injectable()
export class AgreementJobsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker;

  constructor(
    private readonly scheduler: AgreementScheduler,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AgreementsConfigValues,
    private readonly storeWatch: QueueStoreWatch,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.register();
    // The schedule lives only in the queue store: put it back if the store comes back empty.
    this.storeWatch.onReset('the daily agreements schedule', () => this.scheduler.register());
    this.worker = this.backend.createWorker(this.config.SCHEDULER_QUEUE, async (job) => {
      if (job.name === DAILY_JOB_NAME) return this.scheduler.runDaily();
      throw new Error(`unknown job ${job.name}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
