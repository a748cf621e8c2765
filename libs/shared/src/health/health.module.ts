import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUE_BACKEND } from '../queue/queue.module';
import type { QueueBackend } from '../queue/queue.backend';
import { databaseHealthCheck, queueHealthCheck, type HealthCheck } from './health.checks';
import { HEALTH_CHECKS, HealthController } from './health.controller';

export interface HealthModuleOptions {
  /** Checks beyond the database and the queue (which are found automatically when provided). */
  readonly checks?: readonly HealthCheck[];
  readonly timeoutMs?: number;
}

/** `GET /health/live` and `GET /health/ready`, both public. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          inject: [
            { token: DataSource, optional: true },
            { token: QUEUE_BACKEND, optional: true },
          ],
          useFactory: (dataSource?: DataSource, backend?: QueueBackend): HealthCheck[] => [
            ...(dataSource ? [databaseHealthCheck(dataSource, options.timeoutMs)] : []),
            ...(backend ? [queueHealthCheck(backend, options.timeoutMs)] : []),
            ...(options.checks ?? []),
          ],
        },
      ],
    };
  }
}
