import { unwrapResolverError } from '@apollo/server/errors';
import type { Language } from '@inps/kernel';
import type { LoggerService } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { currentRequest } from '../i18n/request-scope';
import { errorLanguageOf } from '../i18n/request-language';
import { errorMessage, namingFields } from './error-messages';
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
 * for anything unexpected neither the internal message. `message` comes from the error catalogue in
 * the language of the request being served (`?language=`, else Accept-Language, else Italian: Apollo
 * does not hand the request to formatError, so it is read from the request scope), with
 * `extensions.language` and `extensions.reviewed`; the English text stays as `extensions.developerMessage`.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { locations: formatted.locations, path: formatted.path };
  const language = errorLanguageOf(currentRequest());
  const apolloCode = formatted.extensions?.code;
  if (typeof apolloCode === 'string' && APOLLO_CLIENT_CODES.has(apolloCode)) {
    const text = errorMessage(apolloCode, 400, language);
    return {
      ...base,
      message: text.text,
      extensions: { code: apolloCode, language: text.language, reviewed: text.reviewed, developerMessage: formatted.message },
    };
  }
  const mapped = mapException(unwrapResolverError(error));
  const { code, message, details } = mapped.body.error;
  const text = namingFields(errorMessage(code, mapped.status, language), mapped.status, details);
  return {
    ...base,
    message: text.text,
    extensions: {
      code,
      status: mapped.status,
      language: text.language,
      reviewed: text.reviewed,
      developerMessage: message,
      ...(details ? { details } : {}),
    },
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

/**
 * For a GraphQL error another server formatted (the gateway's runtimes): one that already carries
 * `extensions.language` (a subgraph localized it) stays as it is; any other gets its message from
 * the error catalogue in `language` by its code, and keeps what it said as `developerMessage`.
 */
export function localizeGraphQLError<E extends { message: string; extensions?: Record<string, unknown> }>(error: E, language: Language): E {
  const extensions = error.extensions ?? {};
  if (typeof extensions.language === 'string') return error;
  const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL';
  const http = extensions.http as { status?: unknown } | undefined;
  const status =
    typeof extensions.status === 'number' ? extensions.status : typeof http?.status === 'number' ? http.status : APOLLO_CLIENT_CODES.has(code) ? 400 : 500;
  const text = errorMessage(code, status, language);
  return {
    ...error,
    message: text.text,
    extensions: { ...extensions, code, language: text.language, reviewed: text.reviewed, developerMessage: error.message },
  };
}
