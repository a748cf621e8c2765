import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import type { Metrics } from './metrics';

/** Where configureApp leaves the app's Metrics for the GraphQL plugin, which Nest builds before it. */
const METRICS_LOCAL = 'inpsMetrics';

export function exposeMetricsToGraphQL(locals: Record<string, unknown>, metrics: Metrics): void {
  locals[METRICS_LOCAL] = metrics;
}

/**
 * Counts the subgraph's operations by type (query, mutation) and outcome (ok, error): no operation
 * name or variable, which a client chooses. Reads the app's Metrics from the Express request.
 */
export function graphqlMetricsPlugin(): ApolloServerPlugin<{ req?: unknown }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, errors }) {
          const metrics = (contextValue.req as Request | undefined)?.app?.locals?.[METRICS_LOCAL] as Metrics | undefined;
          if (!metrics?.enabled) return;
          metrics.graphqlOperations.inc({ operation_type: operation?.operation ?? 'unknown', outcome: errors && errors.length > 0 ? 'error' : 'ok' });
        },
      };
    },
  };
}
