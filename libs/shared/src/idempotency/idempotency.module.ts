import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** Honours `Idempotency-Key` on every POST of the service (needs createIdempotencyMigration(), createIdempotencyDaysMigration() and createIdempotencySealedMigration()). */
@Module({})
export class IdempotencyModule {
  static forRoot(): DynamicModule {
    return { module: IdempotencyModule, providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }] };
  }
}
