import { textIn } from '@inps/kernel';
import { ConflictError, ForbiddenError, ValidationFailedError, type AppError } from '@inps/shared';
import type { DomainError } from '../domain';

/**
 * The domain returns typed errors in Italian and English; the API answers in English in the shared
 * error shape. A refused transition carries the actions the caller may take instead, so a client can
 * offer them. `apiFields` renames the fields the API spells differently from the domain (the
 * domain's `reason` is the API's `comment`), by their first segment.
 */
export function toAppError(error: DomainError & { readonly allowedActions?: readonly string[] }, apiFields: Readonly<Record<string, string>> = {}): AppError {
  const details = error.details.map((d) => ({ field: apiFields[d.field.split(/[.[]/)[0]] ?? d.field, issue: textIn(d.issue, 'en') }));
  switch (error.code) {
    case 'VALIDATION_FAILED':
      return new ValidationFailedError(textIn(error.message, 'en'), details);
    case 'FORBIDDEN':
      return new ForbiddenError(textIn(error.message, 'en'), details);
    case 'TRANSITION_NOT_ALLOWED': {
      const allowed = error.allowedActions ?? [];
      return new ConflictError(textIn(error.message, 'en'), [...details, { field: 'allowedActions', issue: allowed.join(',') }], 'TRANSITION_NOT_ALLOWED');
    }
    case 'CONFLICT':
      return new ConflictError(textIn(error.message, 'en'), details);
  }
}

/** Optimistic locking: the version the caller read is no longer the record's. */
export function staleVersion(what: string, current: number): ConflictError {
  return new ConflictError(`The ${what} was changed meanwhile; reload it`, [{ field: 'version', issue: `current version is ${current}` }], 'STALE_VERSION');
}
