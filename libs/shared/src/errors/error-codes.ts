/**
 * Every `code` an error of the API can carry, in one list: the error catalogue
 * (libs/shared/messages/errors/<language>.yaml) must have exactly these keys, in every language
 * (error-messages.spec.ts), and a code written in a service's or library's source must be here
 * (scripts/checks/error-codes.spec.ts). A new code is added here and in the ten catalogue files.
 */
export const ERROR_CODES = [
  // Generic, one per HTTP status the services and the gateway answer with (codeForStatus).
  'VALIDATION_FAILED',
  'MALFORMED_BODY',
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'REQUEST_TIMEOUT',
  'CONFLICT',
  'CONCURRENT_UPDATE',
  'GONE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'TOO_MANY_REQUESTS',
  'INTERNAL',
  'NOT_IMPLEMENTED',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'NOT_READY',
  // Repeated requests (Idempotency-Key).
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REUSED',
  // GraphQL: Apollo's own codes for client mistakes, and the gateway's refusals.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'DOWNSTREAM_SERVICE_ERROR',
  'QUERY_TOO_LARGE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_ALIASES',
  'BATCH_TOO_LARGE',
  'INTROSPECTION_DISABLED',
  'MUTATION_NOT_ALLOWED',
  // Screenings (questionnaire).
  'SCREENING_COMPLETED',
  'SCREENING_NOT_COMPLETED',
  'QUESTION_NOT_CURRENT',
  'CONCURRENT_CHANGE',
  // Agreements, returns, technical tables, API keys.
  'TRANSITION_NOT_ALLOWED',
  'STALE_VERSION',
  'RETURN_LOCKED',
  'TABLE_CLOSED',
  'ALREADY_REVOKED',
  'ALREADY_RETRIED',
  'INVALID_API_KEY',
  'API_KEYS_DISABLED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
