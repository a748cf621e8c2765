import { formatGraphQLError, type ErrorDetail } from '@inps/shared';
import type { GraphQLFormattedError } from 'graphql';

/**
 * The shared GraphQL error shape, with the fields of a validation failure named in its message too
 * ("The request is not valid: territory must be a 6-digit ISTAT comune code"):
 * GraphQL clients tend to show only `message`, where a REST client reads `details`. The details
 * stay as they are. The monitoring service does the same.
 */
export function formatGraphQLErrorNamingFields(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const result = formatGraphQLError(formatted, error);
  const details = result.extensions?.details as readonly ErrorDetail[] | undefined;
  if (result.extensions?.code !== 'VALIDATION_FAILED' || !details?.length) return result;
  return { ...result, message: `${result.message}: ${details.map((d) => `${d.field} ${d.issue}`).join('; ')}` };
}
