import { isLanguage, LANGUAGES, negotiateLanguage, type Language } from '@inps/kernel';
import { ValidationFailedError } from '@inps/shared';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The 400 of a `language` the programme does not speak, naming the field and the codes it does. */
function unknownLanguageError(value: unknown): ValidationFailedError {
  const available = LANGUAGES.join(', ');
  return new ValidationFailedError(`Unknown language ${JSON.stringify(value)}: available are ${available}`, [
    { field: 'language', issue: `must be one of ${available}` },
  ]);
}

/**
 * The language of one answer: the request's `language` (refused if unknown), else its
 * `Accept-Language` header when it names a language the programme speaks (a header is a preference,
 * never refused), else undefined: the caller's own default (the screening's language, or Italian).
 */
export function requestLanguage(explicit: unknown, acceptLanguage: string | string[] | undefined): Language | undefined {
  if (explicit !== undefined && explicit !== null) {
    if (!isLanguage(explicit)) throw unknownLanguageError(explicit);
    return explicit;
  }
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return undefined;
  const chosen = negotiateLanguage(header);
  // negotiateLanguage answers Italian when nothing matches: only an Italian the header asked for counts.
  const asked = header.split(',').some((part) => part.trim().toLowerCase().split(/[;-]/)[0] === chosen);
  return asked ? chosen : undefined;
}

/**
 * The request's `Accept-Language` header, for REST handlers. A parameter decorator of its own rather
 * than `@Headers('accept-language')`, which the OpenAPI document would list as a required header;
 * the controller declares it as optional with `@ApiHeader`.
 */
export const AcceptLanguage = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const header = ctx.switchToHttp().getRequest<Request>().headers['accept-language'];
  return Array.isArray(header) ? header.join(',') : header;
});
