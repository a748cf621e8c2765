import { isLanguage, LANGUAGES, negotiateLanguage, type Language } from '@inps/kernel';
import { ValidationFailedError } from '@inps/shared';

/** The 400 of a `language` the programme does not speak, naming the field and the codes it does. */
export function unknownLanguageError(value: unknown): ValidationFailedError {
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
