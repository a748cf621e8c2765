import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { Clock } from '../time/clock';

/** The loaded configuration: `@Inject(APP_CONFIG) config: MyConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export interface CoreModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
}

/** The process's series (one registry per app): METRICS_ENABLED of the configuration, on when absent. */
function metricsOf(config: object): Metrics {
  const c = config as { METRICS_ENABLED?: boolean; SERVICE_NAME?: string };
  return new Metrics({ enabled: c.METRICS_ENABLED ?? true, service: c.SERVICE_NAME ?? 'unknown' });
}

/** Configuration, clock and metrics for the whole app. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: object, options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new Clock() },
        { provide: Metrics, useFactory: () => metricsOf(config) },
      ],
      exports: [APP_CONFIG, Clock, Metrics],
    };
  }
}
