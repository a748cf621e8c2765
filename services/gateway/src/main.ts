import 'reflect-metadata';
import type { Server } from 'node:http';
import {
  ConfigError,
  createLogger,
  exitOnStartFailure,
  installGracefulShutdown,
  loadConfig,
  Metrics,
  releaseStartupMemory,
  startSideServer,
} from '@inps/shared';
import pino from 'pino';
import { createGatewayApp } from './app/gateway.app';
import { gatewayConfig, type GatewayConfig } from './gateway.config';

/** Like libs/shared's bootstrapService, without a database: config, logger, app, listen, signals. */
async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig(gatewayConfig);
  } catch (error) {
    const early = pino({ base: undefined });
    if (error instanceof ConfigError) early.fatal({ problems: error.problems }, error.message);
    else early.fatal({ err: error }, 'cannot read the configuration');
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, service: config.SERVICE_NAME });
  const metrics = new Metrics({ enabled: config.METRICS_ENABLED, service: config.SERVICE_NAME });
  metrics.collectDefaults();
  const app = await createGatewayApp(config, { logger, metrics });
  // The management port: /metrics for Prometheus, apart from the public port, which never serves it.
  const management = config.METRICS_ENABLED ? await startSideServer({ port: config.METRICS_PORT, host: config.HOST, metrics, checks: [] }) : undefined;
  installGracefulShutdown({
    logger,
    server: app.getHttpServer() as Server,
    close: async () => {
      await app.close();
      await new Promise<void>((resolve) => (management ? management.server.close(() => resolve()) : resolve()));
    },
    timeoutMs: 25_000,
    acceptForMs: config.SHUTDOWN_ACCEPT_MS,
  });
  await app.listen(config.PORT, config.HOST);
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info(
    { runtime: config.GATEWAY_RUNTIME, metrics: management ? `${management.url}/metrics` : undefined },
    `gateway listening on http://${host}:${config.PORT} (GraphQL runtime: ${config.GATEWAY_RUNTIME})`,
  );
  releaseStartupMemory();
}

void main().catch(exitOnStartFailure);
