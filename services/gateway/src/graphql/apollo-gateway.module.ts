import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { currentRequest, errorLanguageOf, localizeGraphQLError } from '@inps/shared';
import type { Request } from 'express';
import { Kind, parse, type DocumentNode, type FieldNode, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { UPSTREAM_NAMES, type UpstreamName, type UpstreamUrls } from '../upstreams/upstreams';
import { FORWARDED_HEADERS } from './forwarded-headers';

export interface ApolloRuntimeOptions {
  readonly supergraph: string;
  readonly urls: UpstreamUrls;
  readonly introspection: boolean;
  /** Each subgraph fetch gives up after this; the other subgraphs' fields keep their data. */
  readonly upstreamTimeoutMs: number;
}

interface GatewayContext {
  readonly req?: Request;
}

/** Passes the client's credentials and the request id, nothing else (see forwarded-headers.ts). */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * Apollo Gateway gives the errors a subgraph returns the path of the fields they belong to, but
   * reports a thrown one (timeout, refused connection) with no path: the client could not tell
   * which of its fields failed. Returned instead, such a failure reads like the subgraph's own error.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      const failure = timedOut
        ? { message: 'The subgraph did not answer in time', extensions: { code: 'GATEWAY_TIMEOUT' } }
        : {
            message: error instanceof Error ? error.message : 'The subgraph request failed',
            extensions: { code: typeof code === 'string' ? code : 'DOWNSTREAM_SERVICE_ERROR' },
          };
      return { errors: fetchPaths(options).map((path) => (path ? { ...failure, path } : failure)) };
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const req = 'req' in context ? (context as GatewayContext).req : undefined;
    if (!req || !request.http) return;
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') request.http.headers.set(name, value);
    }
  }
}

/**
 * Where in the subgraph's answer a failed fetch would have put its data, as the gateway reads error
 * paths: each root field's response key, or each `_entities` item (which the gateway maps back to the
 * entities' places in the client's answer).
 */
function fetchPaths(options: GraphQLDataSourceProcessOptions<GatewayContext>): ((string | number)[] | undefined)[] {
  let document: DocumentNode | undefined;
  try {
    document = options.request.query ? parse(options.request.query) : undefined;
  } catch {
    document = undefined;
  }
  const operation = document?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fields = (operation?.selectionSet.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD);
  if (fields.length === 1 && fields[0].name.value === '_entities') {
    const representations = options.request.variables?.representations;
    return Array.isArray(representations) && representations.length > 0 ? representations.map((_, i) => ['_entities', i]) : [undefined];
  }
  return fields.length > 0 ? fields.map((f) => [f.alias?.value ?? f.name.value]) : [undefined];
}

/**
 * Subgraph errors keep their code, message and its language; nothing else (no stack, no internal
 * fields). The gateway's own (parse, validation, a subgraph that did not answer) are put into the
 * request's language (read from the request scope: formatError is not given the request).
 */
function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const kept = (formatted.extensions ?? {}) as Record<string, unknown>;
  const extensions: Record<string, unknown> = {};
  for (const name of ['code', 'status', 'language', 'reviewed', 'developerMessage', 'details', 'serviceName']) {
    if (kept[name] !== undefined) extensions[name] = kept[name];
  }
  const localized = localizeGraphQLError({ message: formatted.message, extensions }, errorLanguageOf(currentRequest()));
  return { message: localized.message, locations: formatted.locations, path: formatted.path, extensions: localized.extensions };
}

/**
 * Apollo Gateway (Elastic-2.0) through Nest's ApolloGatewayDriver, serving the static supergraph.
 * The subgraph URLs come from the configuration by subgraph name, not from the file.
 */
@Module({})
export class ApolloGatewayModule {
  static forRoot(options: ApolloRuntimeOptions): DynamicModule {
    return {
      module: ApolloGatewayModule,
      imports: [
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            introspection: options.introspection,
            hideSchemaDetailsFromClientErrors: !options.introspection,
            includeStacktraceInErrorResponses: false,
            allowBatchedHttpRequests: true,
            playground: false,
            formatError,
            context: ({ req }: { req: Request }): GatewayContext => ({ req }),
          },
          gateway: {
            supergraphSdl: options.supergraph,
            buildService: ({ name }) => {
              const upstream = UPSTREAM_NAMES.find((n) => n === name) as UpstreamName | undefined;
              if (!upstream) throw new Error(`unknown subgraph ${name}`);
              return new ForwardingDataSource({
                url: `${options.urls[upstream]}/graphql`,
                // The default fetcher waits as long as the subgraph takes: one stuck subgraph would hold
                // the whole answer. A signal per fetch bounds only that subgraph's part of it.
                fetcher: (url, init) =>
                  fetch(url, {
                    ...init,
                    body: Buffer.isBuffer(init?.body) ? new Uint8Array(init.body) : init?.body,
                    signal: AbortSignal.timeout(options.upstreamTimeoutMs),
                  }),
              });
            },
          },
        }),
      ],
    };
  }
}
