import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino, { type Logger } from 'pino';
import type { BaseConfig, Resolved } from '../config/base.config';
import { loadConfig, type ConfigDefinition, type ConfigFields, type ConfigValues, type Env } from '../config/config.definition';
import { ConfigError } from '../config/config.error';
import { createDataSource } from '../database/database.module';
import type { ServiceDatabase } from '../database/database.options';
import { resolveDatabase, type ResolvedDatabase } from '../database/resolve-database';
import { createLogger } from '../logging/logger';
import { stopTracing } from '../tracing/tracing';
import { PinoNestLogger } from '../logging/nest-logger.adapter';
import { databaseHealthCheck, queueHealthCheck, type HealthCheck } from '../health/health.checks';
import { Metrics } from '../metrics/metrics';
import { startSideServer } from '../metrics/side-server';
import { QUEUE_BACKEND } from '../queue/queue.tokens';
import type { QueueBackend } from '../queue/queue.backend';
import { DataSource } from 'typeorm';
import { configureApp } from './configure-app';
import { lifecycle } from './lifecycle';
import type { OpenApiOptions } from './openapi';
import type { RawBodyRoute } from './body-parsing';
import { releaseStartupMemory } from './startup-memory';

export type ModuleLike = DynamicModule | Type<unknown>;

export interface BootstrapOptions<F extends ConfigFields> {
  /** The service's configuration: `baseConfig.extend({...})`. */
  readonly config: ConfigDefinition<F>;
  readonly openApi?: OpenApiOptions;
  /** Routes that take a raw body (uploads) and check its Content-Type themselves. */
  readonly rawBodyRoutes?: readonly RawBodyRoute[];
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
 * Node 20's server.close() also destroys every connection that has no request being handled,
 * including one whose request has arrived but not been read yet: the client sees ECONNRESET for a
 * request it sent before the signal (a fault test showed it). And closing the listening socket
 * resets the connections the kernel has accepted but Node has not yet taken from the backlog, which
 * on a busy process is a few at any moment. So after the signal the server first goes on accepting
 * for `acceptForMs` (readiness says 503, every answer says `Connection: close`, so a load balancer
 * and keep-alive clients move away), then stops listening, answers what is in flight, and closes the
 * rest once nothing has arrived for a moment.
 */
function trackRequests(server: Server): { drain(acceptForMs: number, maxMs: number): Promise<void> } {
  let active = 0;
  let lastStarted = Date.now();
  let draining = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    active++;
    lastStarted = Date.now();
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => active--);
  });
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  return {
    async drain(acceptForMs: number, maxMs: number): Promise<void> {
      draining = true;
      const deadline = Date.now() + maxMs;
      await sleep(Math.min(acceptForMs, maxMs));
      NetServer.prototype.close.call(server);
      while (Date.now() < deadline && (active > 0 || Date.now() - lastStarted < 500)) await sleep(50);
    },
  };
}

export interface GracefulShutdownOptions {
  readonly logger: Logger;
  /** The HTTP server to drain first; absent for a worker. */
  readonly server?: Server;
  /** Closes the app (its shutdown hooks: relay, queues, DataSource) and what else the process owns. */
  readonly close: () => Promise<void>;
  /** Hard limit for a graceful shutdown before the process exits anyway. */
  readonly timeoutMs: number;
  /** How long the server goes on accepting after the signal (SHUTDOWN_ACCEPT_MS). */
  readonly acceptForMs: number;
}

/**
 * Stops on SIGTERM/SIGINT: the HTTP server drains (above), then `close` runs (the outbox relay,
 * queues and DataSource, then an embedded database started by this process). A second signal, or
 * the timeout, exits at once. Used by every service and worker and by the gateway.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): void {
  const { logger, timeoutMs } = options;
  const http = options.server ? trackRequests(options.server) : undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (lifecycle.stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    lifecycle.stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    void (async () => {
      await http?.drain(options.acceptForMs, Math.max(0, timeoutMs - 5_000));
      await options.close();
      await stopTracing(); // tracing: exports the last spans
      logger.info('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * The rejection handler of a main.ts or worker.ts start: `void bootstrapService(...).catch(exitOnStartFailure)`.
 * A start that fails (database unreachable, port taken) exits 1 as an unhandled rejection would,
 * but logged as JSON like everything else instead of a bare stack trace on stderr.
 */
export function exitOnStartFailure(error: unknown): never {
  pino({ base: undefined }).fatal({ err: error }, 'could not start');
  process.exit(1);
}

/** For a service's main.ts: config, logger, database, app configured as in tests, listen. */
export async function bootstrapService<F extends ConfigFields>(
  module: (config: ServiceConfig<F>) => ModuleLike,
  options: BootstrapOptions<F>,
): Promise<INestApplication> {
  const started = await prepare(options);
  const { config, logger } = started;
  const app = await NestFactory.create<NestExpressApplication>(module(config), { logger: new PinoNestLogger(logger), bodyParser: false });
  configureApp(app, config, { logger, openApi: options.openApi, rawBodyRoutes: options.rawBodyRoutes, shutdownHooks: false });
  app.get(Metrics).collectDefaults();
  installGracefulShutdown({
    logger,
    server: app.getHttpServer() as Server,
    close: async () => {
      await app.close();
      await started.database.stop();
    },
    timeoutMs: options.shutdownTimeoutMs ?? 25_000,
    acceptForMs: config.SHUTDOWN_ACCEPT_MS,
  });
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info(
    {
      url: `http://${host}:${port}`,
      docs: options.openApi ? `http://${host}:${port}/docs` : undefined,
      metrics: config.METRICS_ENABLED ? `http://${host}:${port}/metrics` : undefined,
    },
    `${config.SERVICE_NAME} listening on http://${host}:${port}`,
  );
  releaseStartupMemory();
  return app;
}

/** Nest's `get`, or undefined for what this app does not provide. */
function optionalGet<T>(app: INestApplicationContext, token: Type<T> | symbol): T | undefined {
  try {
    return app.get<T>(token as Type<T>, { strict: false });
  } catch {
    return undefined;
  }
}

/** How often a worker says it is alive (inps_worker_heartbeat_seconds). */
const HEARTBEAT_MS = 15_000;

/**
 * For a worker.ts: the same config, logger, database and shutdown, without an API; a side port
 * (METRICS_PORT) answers /health/live, /health/ready (its database and queue) and /metrics.
 */
export async function bootstrapWorker<F extends ConfigFields>(
  module: (config: ServiceConfig<F>) => ModuleLike,
  options: Omit<BootstrapOptions<F>, 'openApi' | 'rawBodyRoutes'>,
): Promise<INestApplicationContext> {
  const started = await prepare(options);
  const { config, logger } = started;
  const app = await NestFactory.createApplicationContext(module(config), { logger: new PinoNestLogger(logger) });
  const metrics = app.get(Metrics);
  metrics.setRole('worker');
  metrics.collectDefaults();
  let heartbeat: NodeJS.Timeout | undefined;
  if (metrics.enabled) {
    const beat = (): void => metrics.workerHeartbeat.set(Date.now() / 1000);
    beat();
    heartbeat = setInterval(beat, HEARTBEAT_MS);
    heartbeat.unref();
  }
  const dataSource = optionalGet(app, DataSource);
  const backend = optionalGet<QueueBackend>(app, QUEUE_BACKEND);
  const checks: HealthCheck[] = [...(dataSource ? [databaseHealthCheck(dataSource)] : []), ...(backend ? [queueHealthCheck(backend)] : [])];
  const side = await startSideServer({
    port: config.METRICS_PORT,
    host: config.HOST,
    metrics,
    checks,
    onCheckFailed: (name, reason) => logger.warn(`readiness check ${name} failed: ${reason}`),
  });
  installGracefulShutdown({
    logger,
    close: async () => {
      clearInterval(heartbeat);
      await app.close();
      await started.database.stop();
      await new Promise<void>((resolve) => side.server.close(() => resolve()));
    },
    timeoutMs: options.shutdownTimeoutMs ?? 25_000,
    acceptForMs: 0,
  });
  await app.init();
  logger.info(
    { health: `${side.url}/health/ready`, metrics: metrics.enabled ? `${side.url}/metrics` : undefined },
    `${config.SERVICE_NAME} worker started (side port ${side.url})`,
  );
  releaseStartupMemory();
  return app;
}

/**
 * For a migrate.ts (the Kubernetes migration Job, `PROCESS=migrate` in the image): applies the
 * service's pending migrations under the advisory lock the services also take, then exits 0, or 1
 * with the error. A container has no embedded database, so DATABASE_URL is required there.
 */
export async function bootstrapMigrate<F extends ConfigFields>(database: ServiceDatabase, options: Pick<BootstrapOptions<F>, 'config' | 'env'>): Promise<void> {
  // Migrating an embedded database that the container then throws away would report success for nothing.
  const peek = (() => {
    try {
      return loadConfig(options.config, options.env) as ConfigValues<F> & BaseConfig;
    } catch {
      return undefined; // prepare() reports every problem of the configuration
    }
  })();
  if (peek && peek.NODE_ENV === 'production' && !peek.DATABASE_URL) {
    pino({ base: undefined }).fatal({ problems: [{ variable: 'DATABASE_URL', issue: 'is required to migrate when NODE_ENV=production' }] }, 'cannot migrate');
    process.exitCode = 1;
    return;
  }
  const started = await prepare(options);
  const { config, logger } = started;
  try {
    const dataSource = await createDataSource({
      url: config.DATABASE_URL,
      ...database,
      applicationName: `${config.SERVICE_NAME}-migrate`,
      poolSize: 2,
      migrate: true,
    });
    await dataSource.destroy();
    logger.info({ schema: database.schema }, 'migrations applied');
  } catch (error) {
    logger.fatal({ err: error }, 'migrations failed');
    process.exitCode = 1;
  } finally {
    await started.database.stop();
  }
}
