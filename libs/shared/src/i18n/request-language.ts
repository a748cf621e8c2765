import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, negotiateLanguage, type Language } from '@inps/kernel';
import { httpRequestOf } from '../auth/execution-context';
import { ValidationFailedError } from '../errors/app-error';
import type { RequestLike } from './request-scope';

export interface LanguageChoice {
  /** A language the client named itself (a `language` field or query parameter); absent when `undefined`, `null` or `''`. */
  readonly explicit?: unknown;
  /** The `Accept-Language` header. */
  readonly acceptLanguage?: string | readonly string[] | null;
  /** The field named in the 400 for an unknown explicit language. */
  readonly field?: string;
}

/** The detail of the 400 for a language the programme does not speak. */
export function unknownLanguageIssue(): string {
  return `must be one of: ${LANGUAGES.join(', ')}`;
}

function headerValue(header: string | readonly string[] | null | undefined): string | undefined {
  return typeof header === 'string' ? header : Array.isArray(header) ? header.join(',') : undefined;
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * The language to answer in: an explicit one wins, and one the programme does not speak is refused
 * (400 VALIDATION_FAILED naming the field and listing the codes: the client asked for it by name, so
 * answering in another would hide its mistake); otherwise the best match of `Accept-Language`, which
 * is a preference and never refused; otherwise Italian.
 */
export function chooseLanguage({ explicit, acceptLanguage, field = 'language' }: LanguageChoice): Language {
  if (given(explicit)) {
    if (isLanguage(explicit)) return explicit;
    throw new ValidationFailedError([{ field, issue: unknownLanguageIssue() }]);
  }
  return negotiateLanguage(headerValue(acceptLanguage));
}

/** The `language` the request names itself: the query parameter, else a top-level field of a JSON body. */
export function explicitLanguageOf(req: RequestLike): unknown {
  const query = req.query as Record<string, unknown> | undefined;
  if (query && typeof query === 'object' && given(query.language)) return query.language;
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && given(body.language)) return body.language;
  return undefined;
}

/**
 * The language of a REST request or of the HTTP request behind a GraphQL operation:
 * `language` in the query or the body (`explicit`, when given, instead: a GraphQL argument),
 * then `Accept-Language`, then Italian. Throws the 400 for an unknown explicit language.
 */
export function requestLanguage(req: RequestLike, explicit?: unknown): Language {
  return chooseLanguage({ explicit: given(explicit) ? explicit : explicitLanguageOf(req), acceptLanguage: req.headers['accept-language'] });
}

/**
 * The language an error is answered in. Never throws: an unknown explicit language is itself the
 * error being answered (or about to be), so it is passed over for the header, then Italian.
 */
export function errorLanguageOf(req: RequestLike | undefined): Language {
  if (!req) return DEFAULT_LANGUAGE;
  const explicit = explicitLanguageOf(req);
  if (isLanguage(explicit)) return explicit;
  return negotiateLanguage(headerValue(req.headers['accept-language']));
}

/**
 * `@RequestLanguage() language: Language` in a controller or a resolver (whose GraphQL context
 * carries `req`): `requestLanguage(req)`, so an unknown `language` is a 400 before the handler runs.
 */
export const RequestLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): Language => {
  const req = httpRequestOf(context);
  return req ? requestLanguage(req) : DEFAULT_LANGUAGE;
});
