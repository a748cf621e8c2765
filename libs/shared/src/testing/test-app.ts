import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import type supertest from 'supertest';
import type { ModuleLike, ServiceConfig } from '../app/bootstrap';
import { configureApp } from '../app/configure-app';
import type { OpenApiOptions } from '../app/openapi';
import type { RawBodyRoute } from '../app/body-parsing';
import type { ServiceDatabase } from '../database/database.options';
import { baseConfig } from '../config/base.config';
import { loadConfig, type ConfigDefinition, type ConfigFields, type Env } from '../config/config.definition';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/nest-logger.adapter';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestTokens, type TestTokens } from './test-tokens';

export interface TestAppOptions<F extends ConfigFields> {
  /** The service's configuration definition (default: the base one). */
  readonly config?: ConfigDefinition<F>;
  /**
   * Environment for the app; process.env is not read. Without DATABASE_URL a fresh database is
   * created and dropped on close. A function receives the tokens (for a service that signs some).
   */
  readonly env?: Env | ((tokens: TestTokens) => Env);
  /**
   * The service's database (its `migrations/index.ts`): the fresh database is then a copy of its
   * migrated template instead of an empty one (see createTestDatabase). Ignored with DATABASE_URL.
   */
  readonly database?: ServiceDatabase;
  /** Share one key between several apps of one test (a stack behind a gateway). */
  readonly tokens?: TestTokens;
  readonly openApi?: OpenApiOptions;
  readonly rawBodyRoutes?: readonly RawBodyRoute[];
  /** Where log lines go (default: nowhere, LOG_LEVEL=silent). */
  readonly logDestination?: DestinationStream;
}

export interface TestApp<F extends ConfigFields = typeof baseConfig.fields> {
  readonly app: INestApplication;
  /** supertest bound to the app's server. */
  readonly http: ReturnType<typeof supertest>;
  readonly config: ServiceConfig<F>;
  /** Tokens the app accepts (its AUTH_DEV_PUBLIC_JWK is their key). */
  readonly tokens: TestTokens;
  close(): Promise<void>;
}

/**
 * Builds the app exactly as bootstrapService does (same configureApp: body limit, pipe, filter,
 * request logging, OpenAPI), in dev auth mode with an in-memory key shared with `tokens`.
 */
export async function createTestApp<F extends ConfigFields = typeof baseConfig.fields>(
  moduleFactory: (config: ServiceConfig<F>) => ModuleLike,
  options: TestAppOptions<F> = {},
): Promise<TestApp<F>> {
  const { default: request } = await import('supertest');
  const tokens = options.tokens ?? (await createTestTokens());
  const env: Env = {
    NODE_ENV: 'test',
    SERVICE_NAME: 'test',
    LOG_LEVEL: options.logDestination ? 'info' : 'silent',
    AUTH_MODE: 'dev',
    AUTH_ISSUER: tokens.issuer,
    AUTH_AUDIENCE: tokens.audience,
    AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
    ...(typeof options.env === 'function' ? options.env(tokens) : options.env),
  };
  const definition = (options.config ?? baseConfig) as unknown as ConfigDefinition<F>;
  const loaded = loadConfig(definition, env) as unknown as Omit<ServiceConfig<F>, 'DATABASE_URL'> & { DATABASE_URL?: string };
  let database: TestDatabase | undefined;
  if (loaded.DATABASE_URL === undefined) database = await createTestDatabase('test', options.database);
  const config = { ...loaded, DATABASE_URL: loaded.DATABASE_URL ?? (database as TestDatabase).url } as ServiceConfig<F>;
  const logger = createLogger({ level: config.LOG_LEVEL, service: config.SERVICE_NAME, destination: options.logDestination });
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(moduleFactory(config), {
      logger: new PinoNestLogger(logger),
      bodyParser: false,
      abortOnError: false,
    });
    configureApp(app, config, { logger, openApi: options.openApi, rawBodyRoutes: options.rawBodyRoutes, shutdownHooks: false });
    await app.init();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    throw error;
  }
  const started = app;
  return {
    app: started,
    http: request(started.getHttpServer()),
    config,
    tokens,
    async close() {
      await started.close();
      await database?.drop();
    },
  };
}
