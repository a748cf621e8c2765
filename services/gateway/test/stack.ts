import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createLogger,
  createTestTokens,
  loadConfig,
  testQueuePrefix,
  testRedisUrl,
  type ModuleLike,
  type RawBodyRoute,
  type ServiceDatabase,
  type TestTokens,
} from '@inps/shared';
import type supertest from 'supertest';
import { createGatewayApp } from '../src/app/gateway.app';
import { gatewayConfig } from '../src/gateway.config';
import type { UpstreamName } from '../src/upstreams/upstreams';

interface RunningService {
  readonly name: UpstreamName;
  readonly url: string;
  /** The service's own database (tests that seed or inspect it). */
  readonly databaseUrl?: string;
  close(): Promise<void>;
}

interface SharedLib {
  createTestApp: typeof import('@inps/shared').createTestApp;
}

/**
 * One real service (its AppModule, a fresh database, Redis queues under its own prefix) listening on
 * a free port. @nestjs/graphql keeps code-first types in stores hung on `global`
 * (GqlTypeMetadataStorage, GqlLazyMetadataStorageHost), so two services in one process mix their
 * types ("multiple types named Organisation", or a subgraph with the other's fields). Each service
 * is therefore loaded in a module registry of its own (jest.isolateModules) after those globals are
 * removed, so its copy of @nestjs/graphql creates and keeps stores of its own.
 */
const GRAPHQL_STORES = ['GqlTypeMetadataStorage', 'GqlLazyMetadataStorageHost'] as const;

export interface ServiceOptions {
  /** One prefix for the whole stack lets events flow between services (default: one per service). */
  readonly queuePrefix?: string;
  /** Also run the service's worker (jobs, outbox relay, consumers) on the same database. */
  readonly worker?: boolean;
  /** A FixedClock for the service and its worker (any object with now()). */
  readonly clock?: { now(): Date };
  readonly env?: Readonly<Record<string, string>>;
  /** Where the service and its worker log (default: nowhere), for tests that read the logs. */
  readonly logDestination?: Writable;
}

async function startService(name: UpstreamName, tokens: TestTokens, options: ServiceOptions = {}): Promise<RunningService> {
  const globals = global as unknown as Record<string, unknown>;
  const previous = GRAPHQL_STORES.map((k) => globals[k]);
  for (const k of GRAPHQL_STORES) delete globals[k];
  let running: RunningService | undefined;
  try {
    // Async: Nest loads some packages lazily while the app initialises (@apollo/subgraph, the Express
    // integration); they must come from the same registry, or graphql's "another realm" check fails.
    await jest.isolateModulesAsync(async () => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const shared = require('@inps/shared') as SharedLib;
      const appModule = require(`../../${name}/src/app.module`) as { AppModule: { forRoot(config: unknown, options?: unknown): ModuleLike } };
      const workerModule = options.worker
        ? (require(`../../${name}/src/worker.module`) as { WorkerModule: { forRoot(config: unknown, options?: unknown): ModuleLike } })
        : undefined;
      const config = (require(`../../${name}/src/${name}.config`) as Record<string, unknown>)[`${name}Config`];
      const database = (require(`../../${name}/src/migrations`) as Record<string, ServiceDatabase>)[`${name.toUpperCase()}_DATABASE`];
      const rawBodyRoutes =
        name === 'agreements'
          ? [(require('../../agreements/src/modules/documents/document-format') as { DOCUMENT_UPLOAD_ROUTE: RawBodyRoute }).DOCUMENT_UPLOAD_ROUTE]
          : undefined;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const env = {
        SERVICE_NAME: name,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: options.queuePrefix ?? testQueuePrefix(`gw-${name.slice(0, 1)}`),
        // Every service accepts the same test tokens, as every service of a real stack trusts one issuer.
        AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
        AUTH_ISSUER: tokens.issuer,
        AUTH_AUDIENCE: tokens.audience,
        // The agreements service signs partner-app tokens with the same test key.
        PARTNER_TOKEN_SIGNING_JWK: JSON.stringify(tokens.signingJwk),
        ...options.env,
      };
      const moduleOptions = options.clock ? { clock: options.clock } : {};
      const t = await shared.createTestApp((c) => appModule.AppModule.forRoot(c, moduleOptions), {
        config: config as never,
        database,
        env,
        openApi: { title: `INPS per tutti: ${name}`, version: '1.0.0' },
        rawBodyRoutes,
        logDestination: options.logDestination,
      });
      let worker: { close(): Promise<void> } | undefined;
      try {
        if (workerModule) {
          const url = (t.config as { DATABASE_URL: string }).DATABASE_URL;
          worker = await shared.createTestApp((c) => workerModule.WorkerModule.forRoot(c, moduleOptions), {
            config: config as never,
            env: { ...env, DATABASE_URL: url },
            logDestination: options.logDestination,
          });
        }
        await t.app.listen(0, '127.0.0.1');
      } catch (error) {
        await worker?.close().catch(() => undefined);
        await t.close().catch(() => undefined);
        throw error;
      }
      const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
      running = {
        name,
        url: `http://127.0.0.1:${port}`,
        databaseUrl: (t.config as { DATABASE_URL: string }).DATABASE_URL,
        // The worker first: the API's close drops the database they share.
        close: async () => {
          await worker?.close();
          await t.close();
        },
      };
    });
  } finally {
    // Whatever else in this file uses @nestjs/graphql (the Apollo gateway module) keeps its own store.
    GRAPHQL_STORES.forEach((k, i) => (previous[i] === undefined ? delete globals[k] : (globals[k] = previous[i])));
  }
  return running as RunningService;
}

export interface Stack {
  readonly tokens: TestTokens;
  readonly services: Readonly<Record<UpstreamName, RunningService>>;
  close(): Promise<void>;
}

export async function startStack(options: Partial<Record<UpstreamName, ServiceOptions>> = {}): Promise<Stack> {
  const tokens = await createTestTokens();
  const started: RunningService[] = [];
  try {
    // One after the other: each creates its own database, so this is only about memory peaks. Agreements
    // first, so that the questionnaire asks it where to go, as in production (unless a test says otherwise).
    const agreements = await startService('agreements', tokens, options.agreements);
    started.push(agreements);
    const questionnaire = options.questionnaire ?? {};
    started.push(await startService('questionnaire', tokens, { ...questionnaire, env: { AGREEMENTS_URL: agreements.url, ...questionnaire.env } }));
    started.push(await startService('monitoring', tokens, options.monitoring));
  } catch (error) {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
    throw error;
  }
  const services = Object.fromEntries(started.map((s) => [s.name, s])) as Record<UpstreamName, RunningService>;
  return { tokens, services, close: async () => void (await Promise.all(started.map((s) => s.close()))) };
}

/** A port nothing listens on: a service that is down. */
export async function deadUrl(): Promise<string> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface RunningGateway {
  readonly app: NestExpressApplication;
  readonly http: ReturnType<typeof supertest>;
  readonly url: string;
  close(): Promise<void>;
}

export async function startGateway(stack: Stack, env: Record<string, string> = {}, logDestination?: Writable): Promise<RunningGateway> {
  const { default: request } = await import('supertest');
  const config = loadConfig(gatewayConfig, {
    NODE_ENV: 'test',
    QUESTIONNAIRE_URL: stack.services.questionnaire.url,
    AGREEMENTS_URL: stack.services.agreements.url,
    MONITORING_URL: stack.services.monitoring.url,
    RATE_LIMIT_PER_MINUTE: '10000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000',
    RATE_LIMIT_SCREENING_PER_MINUTE: '10000',
    RATE_LIMIT_RESUME_CODE_PER_MINUTE: '10000',
    // The gateway checks tokens (to pick rate-limit buckets) against what the services trust.
    AUTH_DEV_PUBLIC_JWK: JSON.stringify(stack.tokens.publicJwk),
    AUTH_ISSUER: stack.tokens.issuer,
    AUTH_AUDIENCE: stack.tokens.audience,
    ...env,
  });
  const logger = createLogger({ level: logDestination ? 'info' : 'silent', service: 'gateway', destination: logDestination });
  const app = await createGatewayApp(config, { logger, rateLimitKeyPrefix: testQueuePrefix('gw-rl') });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { app, http: request(app.getHttpServer()), url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
