import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { createQueueBackend, type QueueBackend } from './queue.backend';
import { QueueStoreWatch } from './queue-store.watch';
import { QueueRegistry } from './queue.registry';
import { QUEUE_BACKEND } from './queue.tokens';

export { QUEUE_BACKEND };
const OWNS_BACKEND = Symbol('QUEUE_OWNS_BACKEND');

/** The injection token of a queue declared in `QueueModule.forRoot({ queues })`. */
export function getQueueToken(name: string): string {
  return `inps:queue:${name}`;
}

/** `@InjectQueue('reports') private readonly reports: Queue<ReportJob>` */
export const InjectQueue = (name: string): PropertyDecorator & ParameterDecorator => Inject(getQueueToken(name));

export interface QueueModuleOptions {
  /** Builds the backend from the configuration (and closes it on shutdown)... */
  readonly config?: Parameters<typeof createQueueBackend>[0];
  /** ...or uses this one, which the caller closes. */
  readonly backend?: QueueBackend;
  /** Queue names (without the prefix) to provide for injection. */
  readonly queues?: readonly string[];
}

/**
 * Provides the queue backend and named queues; API processes only enqueue through them. Queues
 * (and an owned backend) are closed after the HTTP server has drained.
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
    const names = options.queues ?? [];
    const queueProviders: Provider[] = names.map((name) => ({
      provide: getQueueToken(name),
      inject: [QueueRegistry],
      useFactory: (registry: QueueRegistry) => registry.get(name),
    }));
    return {
      module: QueueModule,
      providers: [
        { provide: QUEUE_BACKEND, useFactory: () => backend ?? createQueueBackend(config as NonNullable<typeof config>) },
        { provide: OWNS_BACKEND, useValue: backend === undefined },
        { provide: QueueRegistry, inject: [QUEUE_BACKEND], useFactory: (b: QueueBackend) => new QueueRegistry(b) },
        QueueStoreWatch,
        ...queueProviders,
      ],
      exports: [QUEUE_BACKEND, QueueRegistry, QueueStoreWatch, ...names.map(getQueueToken)],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.closeAll().catch((e: unknown) => this.logger.warn(`closing queues: ${String(e)}`));
    if (this.ownsBackend) await this.backend.close().catch((e: unknown) => this.logger.warn(`closing queue backend: ${String(e)}`));
  }
}
