import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { UPSTREAM_NAMES, type UpstreamName, type UpstreamUrls } from '../upstreams/upstreams';
import { FORWARDED_HEADERS } from './forwarded-headers';

export interface ApolloRuntimeOptions {
  readonly supergraph: string;
  readonly urls: UpstreamUrls;
  readonly introspection: boolean;
}

interface GatewayContext {
  readonly req?: Request;
}

/** Passes the client's credentials and the request id, nothing else (see forwarded-headers.ts). */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const req = 'req' in context ? (context as GatewayContext).req : undefined;
    if (!req || !request.http) return;
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') request.http.headers.set(name, value);
    }
  }
}

/** Subgraph errors keep their code and message; nothing else (no stack, no internal fields). */
function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { code, status, details, serviceName } = (formatted.extensions ?? {}) as Record<string, unknown>;
  const extensions: Record<string, unknown> = {};
  if (code !== undefined) extensions.code = code;
  if (status !== undefined) extensions.status = status;
  if (details !== undefined) extensions.details = details;
  if (serviceName !== undefined) extensions.serviceName = serviceName;
  return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
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
              return new ForwardingDataSource({ url: `${options.urls[upstream]}/graphql` });
            },
          },
        }),
      ],
    };
  }
}
