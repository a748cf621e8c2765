import { Global, Inject, Logger, Module, Optional, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { DataSource, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';
import { Metrics } from '../metrics/metrics';
import { QueueRegistry } from '../queue/queue.registry';
import { outboxBacklogCollector } from './outbox.backlog';
import { BullMqOutboxPublisher, OutboxRelay, type OutboxRelayOptions } from './outbox.relay';
import { OUTBOX_PENDING, OutboxService } from './outbox.service';

export interface OutboxModuleOptions extends OutboxRelayOptions {
  /** Run the relay in this process (default true). */
  readonly relay?: boolean;
  readonly jobOptions?: JobsOptions;
}

const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

/** Wakes the relay as soon as a transaction that wrote outbox rows commits. */
class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly relay: OutboxRelay) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.data[OUTBOX_PENDING]) {
      delete event.queryRunner.data[OUTBOX_PENDING];
      this.relay.trigger();
    }
  }
}

/**
 * OutboxService for producers and the relay that publishes to the queues. Needs DatabaseModule and
 * QueueModule.
 */
@Global()
@Module({})
export class OutboxModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  static forRoot(options: OutboxModuleOptions): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        OutboxService,
        { provide: OUTBOX_OPTIONS, useValue: options },
        {
          provide: OutboxRelay,
          inject: [DataSource, QueueRegistry],
          useFactory: (dataSource: DataSource, queues: QueueRegistry) =>
            new OutboxRelay(dataSource, new BullMqOutboxPublisher(queues, options.jobOptions), options, new Logger('OutboxRelay')),
        },
      ],
      exports: [OutboxService, OutboxRelay],
    };
  }

  onApplicationBootstrap(): void {
    if (this.options.relay === false) return;
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(new OutboxCommitSubscriber(this.relay));
    this.relay.start();
    this.metrics?.addCollector('outbox', outboxBacklogCollector(this.dataSource, this.metrics));
  }

  /** Before queues and the DataSource close; rows left are published by the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
