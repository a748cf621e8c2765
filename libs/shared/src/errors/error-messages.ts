import path from 'node:path';
import type { Language } from '@inps/kernel';
import { MessageCatalogue, type LocalizedText } from '../i18n/message-catalogue';
import type { ErrorBody, ErrorDetail, LocalizedErrorBody } from './error-body';
import { codeForStatus } from './error-mapping';

/**
 * The error catalogue ships with the package, beside src/ and dist/ alike, so the same relative path
 * works under Jest (src/errors) and at run time (dist/errors); the image copies it (Dockerfile).
 */
export const ERROR_CATALOGUE_DIR = path.resolve(__dirname, '..', '..', 'messages', 'errors');

let catalogue: MessageCatalogue | undefined;

/** The error messages of every language, read once (configureApp reads them at start, so a broken file stops the start). */
export function errorCatalogue(): MessageCatalogue {
  catalogue ??= MessageCatalogue.load(ERROR_CATALOGUE_DIR);
  return catalogue;
}

/**
 * The message of `code` in `language`. A code the catalogue lacks (a subgraph's or a library's that
 * slipped past the checks) gets its status's message, so no error ever answers without words in
 * the person's language; Italian when the language lacks the key (the catalogue says so).
 */
export function errorMessage(code: string, status: number, language: Language): LocalizedText {
  const messages = errorCatalogue();
  const key = [code, codeForStatus(status)].find((k) => messages.has(k)) ?? 'INTERNAL';
  return messages.text(key, language);
}

/**
 * The message of a refused input names its fields, after the catalogue's words, since many clients
 * show only `message` ("… e riprovi. (territory, facts.age)"). Field names are the API's identifiers,
 * the same in every language; what is wrong with each stays in `details`.
 */
export function namingFields(text: LocalizedText, status: number, details: readonly ErrorDetail[] | undefined): LocalizedText {
  if (status !== 400 && status !== 422) return text;
  const fields = [...new Set((details ?? []).map((d) => d.field))];
  return fields.length === 0 ? text : { ...text, text: `${text.text} (${fields.join(', ')})` };
}

/**
 * An error body as the client gets it: `message` in the request's language, with the language it is
 * really in and whether a native speaker reviewed it; the English text the code wrote stays as
 * `developerMessage` (for developers and support, not for display), `details` as they are.
 */
export function localizeErrorBody(body: ErrorBody, status: number, language: Language): LocalizedErrorBody {
  const { code, message, details } = body.error;
  const text = namingFields(errorMessage(code, status, language), status, details);
  return {
    error: {
      code,
      message: text.text,
      language: text.language,
      reviewed: text.reviewed,
      developerMessage: message,
      ...(details && details.length > 0 ? { details } : {}),
    },
  };
}
