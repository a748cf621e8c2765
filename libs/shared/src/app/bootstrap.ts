import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino, { type Logger } from 'pino';
import type { BaseConfig, Resolved } from '../config/base.config';
import { loadConfig, type ConfigDefinition, type ConfigFields, type ConfigValues, type Env } from '../config/config.definition';
import { ConfigError } from '../config/config.error';
import { resolveDatabase, type ResolvedDatabase } from '../database/resolve-database';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/nest-logger.adapter';
import { configureApp } from './configure-app';
import type { OpenApiOptions } from './openapi';

export type ModuleLike = DynamicModule | Type<unknown>;

export interface BootstrapOptions<F extends ConfigFields> {
  /** The service's configuration: `baseConfig.extend({...})`. */
  readonly config: ConfigDefinition<F>;
  readonly openApi?: OpenApiOptions;
  readonly extraContentTypes?: readonly string[];
  /** Default: process.env. */
  readonly env?: Env;
  /** Hard limit for a graceful shutdown before the process exits anyway. */
  readonly shutdownTimeoutMs?: number;
}

export type ServiceConfig<F extends ConfigFields> = Resolved<ConfigValues<F> & BaseConfig>;

/** The resolved configuration of a service that adds nothing to the base variables. */
export type BaseServiceConfig = Resolved<BaseConfig>;

interface Started<F extends ConfigFields> {
  readonly config: ServiceConfig<F>;
  readonly logger: Logger;
  readonly database: ResolvedDatabase;
}

/** Loads the config (exiting with every problem listed if it is wrong) and resolves the database. */
async function prepare<F extends ConfigFields>(options: BootstrapOptions<F>): Promise<Started<F>> {
  let loaded: ConfigValues<F> & BaseConfig;
  try {
    loaded = loadConfig(options.config, options.env) as ConfigValues<F> & BaseConfig;
  } catch (error) {
    const early = pino({ base: undefined });
    if (error instanceof ConfigError) early.fatal({ problems: error.problems }, error.message);
    else early.fatal({ err: error }, 'cannot read the configuration');
    process.exit(1);
  }
  const logger = createLogger({ level: loaded.LOG_LEVEL, service: loaded.SERVICE_NAME });
  const database = await resolveDatabase(loaded, (level, message) => logger[level]({ component: 'embedded-postgres' }, message));
  if (database.embedded) logger.info('DATABASE_URL is not set: using the embedded PostgreSQL');
  return { config: { ...loaded, DATABASE_URL: database.url }, logger, database };
}

/**
 * Stops on SIGTERM/SIGINT: the HTTP server stops accepting and finishes in-flight requests, then
 * the outbox relay, queues and DataSource close (their shutdown hooks), then an embedded database
 * started by this process. A second signal, or the timeout, exits at once.
 */
/**
 * Node 20's server.close() also destroys every connection that has no request being handled,
 * including one whose request has arrived but not been read yet: the client sees ECONNRESET for a
 * request it sent before the signal (a fault test showed it). So first stop listening only, answer
 * what is in flight with `Connection: close`, and close the rest once nothing has arrived for a
 * moment.
 */
function trackRequests(server: Server): { drain(maxMs: number): Promise<void> } {
  let active = 0;
  let lastStarted = Date.now();
  let draining = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    active++;
    lastStarted = Date.now();
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => active--);
  });
  return {
    async drain(maxMs: number): Promise<void> {
      draining = true;
      NetServer.prototype.close.call(server);
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline && (active > 0 || Date.now() - lastStarted < 500)) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

function handleSignals(app: INestApplicationContext, started: Started<ConfigFields>, timeoutMs: number, http?: { drain(maxMs: number): Promise<void> }): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      started.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    started.logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      started.logger.error('graceful shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    void (async () => {
      try {
        await http?.drain(Math.max(0, timeoutMs - 5_000));
        await app.close();
        await started.database.stop();
        started.logger.info('stopped');
        process.exit(0);
      } catch (error) {
        started.logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** For a service's main.ts: config, logger, database, app configured as in tests, listen. */
export async function bootstrapService<F extends ConfigFields>(
  module: (config: ServiceConfig<F>) => ModuleLike,
  options: BootstrapOptions<F>,
): Promise<INestApplication> {
  const started = await prepare(options);
  const { config, logger } = started;
  const app = await NestFactory.create<NestExpressApplication>(module(config), { logger: new PinoNestLogger(logger), bodyParser: false });
  configureApp(app, config, { logger, openApi: options.openApi, extraContentTypes: options.extraContentTypes, shutdownHooks: false });
  handleSignals(app, started as unknown as Started<ConfigFields>, options.shutdownTimeoutMs ?? 25_000, trackRequests(app.getHttpServer() as Server));
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info({ url: `http://${host}:${port}`, docs: options.openApi ? `http://${host}:${port}/docs` : undefined }, `${config.SERVICE_NAME} listening on http://${host}:${port}`);
  return app;
}

/** For a worker.ts: the same config, logger, database and shutdown, without HTTP. */
export async function bootstrapWorker<F extends ConfigFields>(
  module: (config: ServiceConfig<F>) => ModuleLike,
  options: Omit<BootstrapOptions<F>, 'openApi' | 'extraContentTypes'>,
): Promise<INestApplicationContext> {
  const started = await prepare(options);
  const app = await NestFactory.createApplicationContext(module(started.config), { logger: new PinoNestLogger(started.logger) });
  handleSignals(app, started as unknown as Started<ConfigFields>, options.shutdownTimeoutMs ?? 25_000);
  await app.init();
  started.logger.info(`${started.config.SERVICE_NAME} worker started`);
  return app;
}
