import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { errorLanguageOf, localizeGraphQLError, traceOutgoing, type Logger, type Metrics } from '@inps/shared';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { FORWARDED_HEADERS } from './forwarded-headers';
import { hiveLogger } from './hive-log.writer';

export interface HiveRuntimeOptions {
  /** The supergraph with the configured subgraph URLs. */
  readonly supergraph: string;
  readonly introspection: boolean;
  readonly maxBatch: number;
  readonly upstreamTimeoutMs: number;
  readonly logger: Logger;
  /** Subgraph calls are timed and failures counted here when given. */
  readonly metrics?: Metrics;
}

export interface HiveRuntime {
  readonly handler: RequestHandler;
  dispose(): Promise<void>;
}

const SUGGESTION = / Did you mean .+\?$/;

/** The language of a request as the runtime sees it (a Fetch API Request): `?language=`, else Accept-Language. */
function languageOfFetchRequest(request: Request): ReturnType<typeof errorLanguageOf> {
  const language = new URL(request.url, 'http://gateway').searchParams.get('language') ?? undefined;
  return errorLanguageOf({ headers: { 'accept-language': request.headers.get('accept-language') ?? undefined }, query: { language } });
}

/**
 * The query planner gives an error returned by a subgraph fetch the path of the fields that fetch
 * was for, but pushes an error thrown by it (the upstream timeout throws) as it is, with no path:
 * the client then cannot tell which of its fields failed. Turned into a returned error, a timeout
 * reads like any other subgraph failure, `ruleSets: null` with an error at ["ruleSets"].
 * Registered after the runtime's own plugins, so this executor wraps the timeout's. It also times
 * each subgraph call (inps_gateway_subgraph_*), a thrown failure counting as an error.
 */
function subgraphFailureAsFieldError(metrics: Metrics | undefined): GatewayPlugin {
  const observe = (subgraph: string, outcome: 'ok' | 'error', started: bigint): void => {
    if (!metrics) return;
    metrics.subgraphDuration.observe({ subgraph, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    if (outcome === 'error') metrics.subgraphErrors.inc({ subgraph });
  };
  return {
    onSubgraphExecute: ({ subgraphName, executor, setExecutor }) => {
      setExecutor(async (request) => {
        const started = metrics ? process.hrtime.bigint() : 0n;
        try {
          const result = await executor(request);
          observe(subgraphName, 'ok', started);
          return result;
        } catch (error) {
          observe(subgraphName, 'error', started);
          const graphqlError =
            error instanceof GraphQLError
              ? error
              : new GraphQLError(error instanceof Error ? error.message : 'subgraph request failed', {
                  originalError: error instanceof Error ? error : undefined,
                  extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: subgraphName },
                });
          return { errors: [graphqlError] };
        }
      });
    },
  };
}

/**
 * The subgraph calls continue the trace: the runtime fetches over node:http (@whatwg-node/fetch),
 * which no instrumentation of ours patches, so each call gets its client span and the headers that
 * carry it here (or "not sampled" where the request was not kept). Nothing at all with tracing off.
 */
const traceSubgraphCalls: GatewayPlugin = {
  onFetch: ({ url, options, setOptions, fetchFn, setFetchFn }) => {
    const call = traceOutgoing(options.method ?? 'GET', url);
    if (!call) return;
    setOptions({ ...options, headers: { ...(options.headers as Record<string, string> | undefined), ...call.headers } });
    setFetchFn((...args) =>
      Promise.resolve(fetchFn(...args)).then(
        (response) => {
          call.end(response.status);
          return response;
        },
        (error: unknown) => {
          call.end('failed');
          throw error;
        },
      ),
    );
  },
};

/**
 * Hive Gateway with the Rust query planner (router-runtime), as an Express handler on /graphql.
 * The HTTP transport is handed over explicitly: left to itself the runtime loads it with a dynamic
 * import(), which fails under Jest (CommonJS) and, when the package is missing, in production, both
 * as an opaque "Unexpected error" on every operation (docs/architecture.md §12).
 */
export function createHiveRuntime(options: HiveRuntimeOptions): HiveRuntime {
  const runtime: GatewayRuntime = createGatewayRuntime({
    supergraph: options.supergraph,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    graphqlEndpoint: '/graphql',
    // The page and GraphiQL load scripts from a CDN, which our Content-Security-Policy forbids.
    landingPage: false,
    graphiql: false,
    // CORS is the gateway's (security/cors.ts); left on, the runtime names back any origin with credentials.
    cors: false,
    // Through pino, keeping codes and names only: left alone it logs subgraph requests with their variables.
    logging: hiveLogger(options.logger),
    // isDev would put the original error and its stack in `extensions` (NODE_ENV=development).
    maskedErrors: { isDev: false },
    batching: { limit: options.maxBatch },
    upstreamTimeout: options.upstreamTimeoutMs,
    // Our middleware refuses introspection already; this keeps the runtime consistent with it.
    ...(options.introspection ? {} : { disableIntrospection: { disableIf: () => true } }),
    // Only what the client sent and the request id; never a header that states who the caller is:
    // each subgraph verifies the token itself.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => {
        const headers: Record<string, string> = {};
        for (const name of FORWARDED_HEADERS) {
          const value = request.headers.get(name);
          if (value !== null) headers[name] = value;
        }
        return headers;
      },
    },
    plugins: () => [
      traceSubgraphCalls,
      subgraphFailureAsFieldError(options.metrics),
      {
        // A subgraph's failure (timeout, refused connection) arrives with the internal URL and the
        // query sent to it under extensions.request/response: the caller needs neither.
        // The upstream timeout also marks its error `http: { status: 504 }`, which Yoga would make the
        // status of the whole response: the other subgraphs' data would then arrive as a failed
        // request, which clients and proxies throw away. Once execution has run (`data` is there),
        // an error belongs to its field and the response is a 200, as GraphQL over HTTP says.
        // Errors the subgraphs wrote arrive in the client's language (Accept-Language is forwarded);
        // the runtime's own (parse, validation, a subgraph that did not answer) are put into it here.
        onResultProcess: ({ result, request }: { result: unknown; request: Request }) => {
          const language = languageOfFetchRequest(request);
          for (const r of Array.isArray(result) ? result : [result]) {
            const executed = r !== null && typeof r === 'object' && 'data' in r && (r as { data?: unknown }).data !== undefined;
            for (const e of (r as { errors?: { message: string; extensions?: Record<string, unknown> }[] } | null)?.errors ?? []) {
              if (!e.extensions) continue;
              delete e.extensions.request;
              delete e.extensions.response;
              if (executed) delete e.extensions.http;
              const localized = localizeGraphQLError({ message: e.message, extensions: e.extensions }, language);
              e.message = localized.message;
              Object.assign(e.extensions, localized.extensions);
            }
          }
        },
      },
      {
        // Field suggestions ("Did you mean …?") reveal the schema when introspection is off.
        onValidate: () =>
          options.introspection
            ? undefined
            : ({ result, setResult }: { result: readonly Error[]; setResult: (errors: GraphQLError[]) => void }) => {
                if (result.length === 0) return;
                for (const e of result) e.message = e.message.replace(SUGGESTION, '');
                setResult([...result] as GraphQLError[]);
              },
      },
    ],
  });
  return {
    handler: runtime as unknown as RequestHandler,
    // dispose() returns a promise only when something needs waiting for.
    dispose: async () => {
      await runtime.dispose();
    },
  };
}
