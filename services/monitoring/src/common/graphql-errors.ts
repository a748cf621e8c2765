import { formatGraphQLError, type ErrorDetail } from '@inps/shared';
import type { GraphQLFormattedError } from 'graphql';

/**
 * The shared GraphQL error shape, with the fields named in a validation failure's message too
 * ("The request is not valid: semester must be a semester like 2026S1"): GraphQL clients tend to
 * show only `message`, where a REST client reads `details`. The details stay as they are.
 */
export function formatGraphQLErrorNamingFields(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const result = formatGraphQLError(formatted, error);
  const details = result.extensions?.details as readonly ErrorDetail[] | undefined;
  if (result.extensions?.code !== 'VALIDATION_FAILED' || !details?.length) return result;
  return { ...result, message: `${result.message}: ${details.map((d) => `${d.field} ${d.issue}`).join('; ')}` };
}
