import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  authSettingsFromConfig,
  createQueueBackend,
  HttpErrorFilter,
  PinoNestLogger,
  requestIdOf,
  requestLoggingMiddleware,
  requestScope,
  traceRequestsMiddleware,
  type Logger,
  type Metrics,
} from '@inps/shared';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { introspectionEnabled, webOidcOf, type GatewayConfig } from '../gateway.config';
import { graphqlGuard } from '../graphql/graphql-guard.middleware';
import { fieldShapesOf } from '../graphql/operation-limits';
import { createHiveRuntime } from '../graphql/hive.runtime';
import { readCommittedSupergraph, withSubgraphUrls } from '../graphql/supergraph.loader';
import { restProxy } from '../rest/rest-proxy';
import { ApiKeyExchange } from '../security/api-key-exchange';
import { ApiKeyRevocations } from '../security/api-key-revocations';
import { identifyCallers } from '../security/caller';
import { corsPolicy } from '../security/cors';
import { IpHasher } from '../security/ip-hasher';
import { RateLimits } from '../security/rate-limits';
import { TokenCheck } from '../security/token-check';
import { upstreamUrls } from '../upstreams/upstreams';
import { AppModule, type Closeable } from './app.module';
import { hideIdentifyingHeaders } from './identifying-headers';
import { DEFAULT_WEB_DIR, serveWebApp } from '../web/web-app';
import { mountQueueConsole } from '../queue-console/queue-console';

export interface GatewayAppOptions {
  readonly logger: Logger;
  /** Default: the committed supergraph.graphql. */
  readonly supergraph?: string;
  /** Tests give each run its own Redis key prefix for the rate limits. */
  readonly rateLimitKeyPrefix?: string;
  /**
   * The gateway's series (main.ts serves them on the management port, never on this app's port):
   * requests, and its calls to the subgraphs and services.
   */
  readonly metrics?: Metrics;
}

/** body-parser sizes (`1mb`, `100kb`, `512b`) in bytes. */
function bytesOf(size: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = (m[2] as string).toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * The gateway app, configured and initialised but not listening: main.ts listens on PORT, tests on
 * port 0. It does not go through libs/shared's configureApp, on purpose: that installs a JSON body
 * parser for every route, and the REST proxy must stream bodies untouched (document uploads,
 * report files); and bootstrapService would open a database, which the gateway has none of.
 */
export async function createGatewayApp(config: GatewayConfig, options: GatewayAppOptions): Promise<NestExpressApplication> {
  const urls = upstreamUrls(config);
  const introspection = introspectionEnabled(config);
  const supergraph = withSubgraphUrls(options.supergraph ?? readCommittedSupergraph(), urls);
  const resources: Closeable[] = [];
  const hive =
    config.GATEWAY_RUNTIME === 'hive'
      ? createHiveRuntime({
          supergraph,
          introspection,
          maxBatch: config.GRAPHQL_MAX_BATCH,
          upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
          logger: options.logger,
          metrics: options.metrics?.enabled ? options.metrics : undefined,
        })
      : undefined;
  if (hive) resources.push({ close: () => hive.dispose() });
  const limits = config.RATE_LIMIT_ENABLED
    ? new RateLimits({
        redisUrl: config.REDIS_URL,
        perMinute: config.RATE_LIMIT_PER_MINUTE,
        anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
        screeningPerMinute: config.RATE_LIMIT_SCREENING_PER_MINUTE,
        resumeCodePerMinute: config.RATE_LIMIT_RESUME_CODE_PER_MINUTE,
        invalidApiKeysPerMinute: config.RATE_LIMIT_INVALID_API_KEYS_PER_MINUTE,
        // Under QUEUE_PREFIX, like the queues: the gateways of one deployment share their buckets, and
        // two deployments (or test runs) on one Redis never count each other's callers.
        keyPrefix: options.rateLimitKeyPrefix ?? `${config.QUEUE_PREFIX}:gateway-rl`,
      })
    : undefined;
  if (limits) {
    resources.push(limits);
    await limits.ready();
  }

  try {
    return await buildApp(config, options, { urls, introspection, supergraph, resources, hive, limits });
  } catch (error) {
    // A failed start must not leave a Redis connection or a runtime behind.
    await Promise.all(resources.map((r) => r.close().catch(() => undefined)));
    throw error;
  }
}

interface Parts {
  readonly urls: ReturnType<typeof upstreamUrls>;
  readonly introspection: boolean;
  readonly supergraph: string;
  readonly resources: Closeable[];
  readonly hive?: ReturnType<typeof createHiveRuntime>;
  readonly limits?: RateLimits;
}

async function buildApp(
  config: GatewayConfig,
  options: GatewayAppOptions,
  { urls, introspection, supergraph, resources, hive, limits }: Parts,
): Promise<NestExpressApplication> {
  const nestLogger = new PinoNestLogger(options.logger);
  // Loaded only for the Apollo runtime: the Hive runtime (the default) does without @apollo/gateway.
  const apollo =
    config.GATEWAY_RUNTIME === 'apollo'
      ? (await import('../graphql/apollo-gateway.module')).ApolloGatewayModule.forRoot({
          supergraph,
          urls,
          introspection,
          upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
        })
      : undefined;
  const module = AppModule.forRoot(config, { resources, apollo });
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: nestLogger, bodyParser: false, abortOnError: false });
  app.useLogger(nestLogger);
  // The client address counts only for rate limits (hashed, see ip-hasher.ts).
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  const traceRequests = traceRequestsMiddleware();
  if (traceRequests) app.use(traceRequests);
  const metrics = options.metrics?.enabled ? options.metrics : undefined;
  app.use(requestLoggingMiddleware(options.logger, metrics));
  app.use(hideIdentifyingHeaders());
  app.use(helmet());
  app.use(corsPolicy(config.CORS_ORIGINS));
  app.use(['/api', '/graphql'], noStore);

  const auth = authSettingsFromConfig(config);
  const tokenCheck = new TokenCheck(auth);
  const timeoutMs = Math.min(config.UPSTREAM_TIMEOUT_MS, 5_000);
  const apiKeys = new ApiKeyExchange({
    agreementsUrl: urls.agreements,
    timeoutMs,
    revocations: new ApiKeyRevocations({ agreementsUrl: urls.agreements, boundMs: config.API_KEY_REVOCATION_SECONDS * 1000, timeoutMs }),
    partnerIssuer: auth.partnerIssuer,
    invalidKeys: limits,
  });
  // Tokens are checked only to pick a bucket: with no limits there is nothing to pick.
  app.use(['/api', '/graphql'], identifyCallers({ ips: new IpHasher(config.RATE_LIMIT_ADDRESS_KEY), apiKeys, tokens: limits ? tokenCheck : undefined }));
  if (limits) app.use(['/api', '/graphql'], limits.middleware());
  // After the limits, so that guessing keys is rate-limited too.
  app.use(['/api', '/graphql'], apiKeys.middleware());
  const bodyLimitBytes = bytesOf(config.BODY_LIMIT);
  const drainBytes = bytesOf(config.BODY_DRAIN_LIMIT);
  app.use(
    '/api',
    restProxy({
      urls,
      bodyLimitBytes,
      drainBytes,
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
      observe: metrics
        ? (upstream, outcome, seconds) => {
            metrics.subgraphDuration.observe({ subgraph: upstream, outcome }, seconds);
            if (outcome === 'error') metrics.subgraphErrors.inc({ subgraph: upstream });
          }
        : undefined,
    }),
  );
  // Both runtimes forward x-request-id from the request's headers: make it the id we log.
  const requestIdHeader = (req: Request, _res: Response, next: NextFunction): void => {
    const id = requestIdOf(req);
    if (id) req.headers['x-request-id'] = id;
    next();
  };
  app.use(
    '/graphql',
    requestIdHeader,
    ...graphqlGuard({
      bodyLimitBytes,
      drainBytes,
      chargeOperations: limits ? (req, rootFields) => limits.chargeGraphQL(req, rootFields) : undefined,
      maxBatch: config.GRAPHQL_MAX_BATCH,
      maxDepth: config.GRAPHQL_MAX_DEPTH,
      maxAliases: config.GRAPHQL_MAX_ALIASES,
      maxCost: config.GRAPHQL_MAX_COST,
      maxTokens: config.GRAPHQL_MAX_TOKENS,
      introspection,
      fieldShapes: fieldShapesOf(supergraph),
    }),
    // After the guard has read the body: Apollo Gateway's formatError reads the request's language from here.
    requestScope(),
  );
  // Apollo's handler is added on /graphql by the GraphQL module during init, after these.
  if (hive) app.use('/graphql', hive.handler);

  // The docs page reads the merged document, which is built per request (OpenApiController).
  const placeholder = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('INPS per tutti: API').build(), { include: [] });
  SwaggerModule.setup('docs', app, placeholder, { raw: false, swaggerOptions: { url: '/openapi.json' }, customSiteTitle: 'INPS per tutti: API' });
  // The queue console reads the services' queue store: Redis, or BullMQ's tables in PostgreSQL.
  const queueDatabase = config.QUEUE_DATABASE_URL ?? config.DATABASE_URL;
  if (config.REDIS_URL || queueDatabase) {
    const backend = createQueueBackend({ ...config, DATABASE_URL: queueDatabase });
    const console = mountQueueConsole(app.getHttpAdapter().getInstance() as Express, {
      backend,
      queues: config.QUEUE_CONSOLE_QUEUES,
      tokens: tokenCheck,
      sessionSeconds: config.QUEUE_CONSOLE_SESSION_SECONDS,
      secureCookie: config.NODE_ENV === 'production',
      monitoringUrl: config.MONITORING_URL.replace(/\/+$/, ''),
    });
    resources.push({ close: () => console.close().finally(() => backend.close()) });
  }
  serveWebApp(app, config.WEB_DIR || DEFAULT_WEB_DIR, webOidcOf(config));
  app.useGlobalFilters(new HttpErrorFilter(nestLogger));
  await app.init();
  return app;
}
