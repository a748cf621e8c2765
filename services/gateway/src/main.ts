import 'reflect-metadata';
import type { Server } from 'node:http';
import { ConfigError, createLogger, exitOnStartFailure, installGracefulShutdown, loadConfig, releaseStartupMemory } from '@inps/shared';
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
  const app = await createGatewayApp(config, { logger });
  installGracefulShutdown({
    logger,
    server: app.getHttpServer() as Server,
    close: () => app.close(),
    timeoutMs: 25_000,
    acceptForMs: config.SHUTDOWN_ACCEPT_MS,
  });
  await app.listen(config.PORT, config.HOST);
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info({ runtime: config.GATEWAY_RUNTIME }, `gateway listening on http://${host}:${config.PORT} (GraphQL runtime: ${config.GATEWAY_RUNTIME})`);
  releaseStartupMemory();
}

void main().catch(exitOnStartFailure);
