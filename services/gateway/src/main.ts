import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@inps/shared';
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
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 25_000).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen(config.PORT, config.HOST);
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info({ runtime: config.GATEWAY_RUNTIME }, `gateway listening on http://${host}:${config.PORT} (GraphQL runtime: ${config.GATEWAY_RUNTIME})`);
}

void main();
