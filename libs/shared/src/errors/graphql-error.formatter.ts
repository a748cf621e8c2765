import { unwrapResolverError } from '@apollo/server/errors';
import type { LoggerService } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { mapException } from './error-mapping';

/** Codes Apollo itself sets for client mistakes (parse, validation, bad variables): kept as they are. */
const APOLLO_CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Apollo's `formatError`: the same codes and details as REST, in `extensions`; no stack trace, and
 * for anything unexpected neither the internal message.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { locations: formatted.locations, path: formatted.path };
  const apolloCode = formatted.extensions?.code;
  if (typeof apolloCode === 'string' && APOLLO_CLIENT_CODES.has(apolloCode)) {
    return { ...base, message: formatted.message, extensions: { code: apolloCode } };
  }
  const mapped = mapException(unwrapResolverError(error));
  const { code, message, details } = mapped.body.error;
  return {
    ...base,
    message,
    extensions: details ? { code, status: mapped.status, details } : { code, status: mapped.status },
  };
}

/** The same, logging what was unexpected (with its stack) before hiding it from the client. */
export function createGraphQLErrorFormatter(logger: LoggerService): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const result = formatGraphQLError(formatted, error);
    if (result.extensions?.code === 'INTERNAL') {
      logger.error({ msg: 'unhandled GraphQL error', path: formatted.path, err: unwrapResolverError(error) }, undefined, 'GraphQL');
    }
    return result;
  };
}
