import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { BaseConfig } from '../config/base.config';
import { formatGraphQLError } from '../errors/graphql-error.formatter';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics.plugin';
import { federationSchemaFile } from './federation';

/**
 * What every subgraph configures the same way: Federation 2.9 schema, errors in the API's shape,
 * introspection off in production, and no inline traces (they would hand resolver timings to any
 * caller through the gateway). The auth guard reads the token from `req` in the context.
 */
export function subgraphOptions(config: Pick<BaseConfig, 'NODE_ENV'>, extra: Partial<ApolloFederationDriverConfig> = {}): ApolloFederationDriverConfig {
  return {
    driver: ApolloFederationDriver,
    autoSchemaFile: federationSchemaFile(),
    sortSchema: true,
    introspection: config.NODE_ENV !== 'production',
    plugins: [ApolloServerPluginInlineTraceDisabled(), graphqlMetricsPlugin()],
    formatError: formatGraphQLError,
    context: ({ req }: { req: unknown }) => ({ req }),
    ...extra,
  };
}
