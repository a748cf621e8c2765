import type { Text } from '@inps/kernel';

/**
 * Domain errors are values, not exceptions: the rules return them and the service layer turns them
 * into the API's error body. Anything a person reads exists in Italian and English, because the
 * users are INPS staff and partners (Italian) and the API's clients (English).
 */

/**
 * The service layer maps these to HTTP: VALIDATION_FAILED → 422 (or 400), FORBIDDEN → 403,
 * TRANSITION_NOT_ALLOWED and CONFLICT → 409.
 */
type DomainErrorCode = 'VALIDATION_FAILED' | 'FORBIDDEN' | 'TRANSITION_NOT_ALLOWED' | 'CONFLICT';

export interface ErrorDetail {
  /** The input field at fault, in the API's dotted notation (`validity.to`, `eventDate`). */
  readonly field: string;
  /** A stable identifier of the rule that failed, for clients that react to it. */
  readonly rule: string;
  readonly issue: Text;
}

export interface DomainError<C extends DomainErrorCode = DomainErrorCode> {
  readonly code: C;
  readonly message: Text;
  readonly details: readonly ErrorDetail[];
}

export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

export function detail(field: string, rule: string, it: string, en: string): ErrorDetail {
  return { field, rule, issue: { it, en } };
}

export function validationError(details: readonly ErrorDetail[]): DomainError<'VALIDATION_FAILED'> {
  return {
    code: 'VALIDATION_FAILED',
    message: { it: 'Dati non validi.', en: 'Validation failed.' },
    details,
  };
}
