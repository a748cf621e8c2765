import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Jobs } from './jobs.service';
import { createQueueBackend, type QueueBackend } from './queue.backend';
import { QueueStoreWatch } from './queue-store.watch';
import { QueueRegistry } from './queue.registry';
import { QUEUE_BACKEND } from './queue.tokens';

export { QUEUE_BACKEND };
const OWNS_BACKEND = Symbol('QUEUE_OWNS_BACKEND');

export interface QueueModuleOptions {
  /** Builds the backend from the configuration (and closes it on shutdown)... */
  readonly config?: Parameters<typeof createQueueBackend>[0];
  /** ...or uses this one, which the caller closes. */
  readonly backend?: QueueBackend;
}

/**
 * Provides the queue backend, the registry of queues (QueueRegistry.ready in request paths) and
 * `Jobs`, which adds declared jobs. Queues (and an owned backend) are closed after the HTTP server
 * has drained.
 */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueModule');

  constructor(
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(OWNS_BACKEND) private readonly ownsBackend: boolean,
    @Inject(QueueRegistry) private readonly registry: QueueRegistry,
  ) {}

  static forRoot(options: QueueModuleOptions): DynamicModule {
    const { backend, config } = options;
    if (!backend && !config) throw new Error('QueueModule.forRoot needs a backend or a config');
    return {
      module: QueueModule,
      providers: [
        { provide: QUEUE_BACKEND, useFactory: () => backend ?? createQueueBackend(config as NonNullable<typeof config>) },
        { provide: OWNS_BACKEND, useValue: backend === undefined },
        { provide: QueueRegistry, inject: [QUEUE_BACKEND], useFactory: (b: QueueBackend) => new QueueRegistry(b) },
        QueueStoreWatch,
        Jobs,
      ],
      exports: [QUEUE_BACKEND, QueueRegistry, QueueStoreWatch, Jobs],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.closeAll().catch((e: unknown) => this.logger.warn(`closing queues: ${String(e)}`));
    if (this.ownsBackend) await this.backend.close().catch((e: unknown) => this.logger.warn(`closing queue backend: ${String(e)}`));
  }
}
