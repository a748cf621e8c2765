import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { CoreModule } from '@inps/shared';
import { HealthController } from '../health/health.controller';
import { OpenApiController } from '../openapi/openapi.controller';
import { UpstreamClient } from '../upstreams/upstream-client';
import type { GatewayConfig } from '../gateway.config';

const GATEWAY_RESOURCES = Symbol('GATEWAY_RESOURCES');

/** Things created outside Nest (rate limiter, Hive runtime) that must close with the app. */
export interface Closeable {
  close(): Promise<void>;
}

@Injectable()
class ResourceCloser implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_RESOURCES) private readonly resources: Closeable[]) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.resources.map((r) =>
        Promise.resolve()
          .then(() => r.close())
          .catch(() => undefined),
      ),
    );
  }
}

export interface AppModuleOptions {
  /**
   * Set when GATEWAY_RUNTIME=apollo: ApolloGatewayModule.forRoot(...), built by the caller, which
   * loads @apollo/gateway only then (its ~100 modules stay out of the default Hive gateway's memory).
   */
  readonly apollo?: DynamicModule;
  readonly resources: Closeable[];
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), ...(options.apollo ? [options.apollo] : [])],
      controllers: [HealthController, OpenApiController],
      providers: [UpstreamClient, ResourceCloser, { provide: GATEWAY_RESOURCES, useValue: options.resources }],
    };
  }
}
