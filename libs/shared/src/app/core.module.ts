import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from '../time/clock';

/** The loaded configuration: `@Inject(APP_CONFIG) config: MyConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export interface CoreModuleOptions {
  /** A FixedClock in tests. */
  readonly clock?: Clock;
}

/** Configuration and clock for the whole app. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: object, options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new Clock() },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
