import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base.config';
import { errorCatalogue } from '../errors/error-messages';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { requestScope } from '../i18n/request-scope';
import { validationPipe } from '../errors/validation.pipe';
import { PinoNestLogger } from '../logging/nest-logger.adapter';
import { exposeMetricsToGraphQL } from '../metrics/graphql-metrics.plugin';
import { metricsEndpoint } from '../metrics/http-metrics';
import { Metrics } from '../metrics/metrics';
import { requestLoggingMiddleware } from '../logging/request-logging.middleware';
import { traceRequestsMiddleware } from '../tracing/tracing';
import { RejectNulBytesPipe, rejectNulBytes } from '../validation/nul-bytes';
import { jsonBodyParser, requireJsonBody, type RawBodyRoute } from './body-parsing';
import { buildOpenApi, type OpenApiOptions } from './openapi';

export interface ConfigureAppOptions {
  readonly logger: Logger;
  readonly openApi?: OpenApiOptions;
  /** Media types accepted besides JSON (e.g. `text/csv` for an import endpoint). */
  readonly rawBodyRoutes?: readonly RawBodyRoute[];
  /**
   * Let Nest close the app on SIGTERM/SIGINT. bootstrapService handles signals itself (to also
   * stop an embedded database) and tests close explicitly, so both turn this off.
   */
  readonly shutdownHooks?: boolean;
}

/** The app's Metrics (CoreModule provides it); none in an app built without CoreModule. */
function metricsOf(app: INestApplication): Metrics | undefined {
  try {
    return app.get(Metrics, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Everything an app needs before `init()`/`listen()`, the same in production and in tests. The app
 * must be created with `bodyParser: false` (bootstrapService and createTestApp do) so that the JSON
 * parser is ours, with BODY_LIMIT and our error codes.
 */
export function configureApp(app: INestApplication, config: Pick<BaseConfig, 'BODY_LIMIT'>, options: ConfigureAppOptions): void {
  const nestLogger = new PinoNestLogger(options.logger);
  app.useLogger(nestLogger);
  const traceRequests = traceRequestsMiddleware();
  if (traceRequests) app.use(traceRequests);
  const metrics = metricsOf(app);
  app.use(requestLoggingMiddleware(options.logger, metrics?.enabled ? metrics : undefined));
  if (metrics?.enabled) {
    // The service's own port, which only the cluster reaches: the gateway routes /api and /graphql, never this.
    app.use('/metrics', metricsEndpoint(metrics));
    exposeMetricsToGraphQL((app.getHttpAdapter().getInstance() as { locals: Record<string, unknown> }).locals, metrics);
  }
  app.use(requireJsonBody(options.rawBodyRoutes));
  app.use(jsonBodyParser(config.BODY_LIMIT));
  // Before anything reads the input: PostgreSQL refuses NUL characters, which would be a 500 later.
  app.use(rejectNulBytes());
  // After the body parser: what follows (Apollo's formatError included) sees the request's `language`.
  app.use(requestScope());
  // Read now, so that a broken catalogue file stops the start instead of failing the first error.
  errorCatalogue();
  // First, so that it sees what the client sent, before the validation pipe turns it into DTOs.
  app.useGlobalPipes(new RejectNulBytesPipe(), validationPipe());
  app.useGlobalFilters(new HttpErrorFilter(nestLogger));
  if (options.shutdownHooks ?? true) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  if (options.openApi) buildOpenApi(app, options.openApi);
}
