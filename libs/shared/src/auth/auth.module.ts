import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { BaseConfig } from '../config/base.config';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { authSettingsFromConfig, type AuthSettings } from './auth.settings';
import { TokenVerifier } from './token-verifier';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** Installs the global AuthGuard; every route is authenticated unless marked `@Public()`. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(source: BaseConfig | AuthSettings): DynamicModule {
    const settings = 'mode' in source ? source : authSettingsFromConfig(source);
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        { provide: TOKEN_VERIFIER, useFactory: () => TokenVerifier.create(settings) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_SETTINGS, TOKEN_VERIFIER],
    };
  }
}
