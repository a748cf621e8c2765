import { ForbiddenError, NotFoundError } from './app-error';
import type { ErrorDetail } from './error-body';

/*
 * The one rule for refusals, the same in every service: a record outside the caller's organisation
 * or territory is answered exactly as a missing one (404, so a refusal never tells an outsider that
 * it exists); a caller whose role may never do the operation gets 403 with the roles that may.
 */

/** 404 for a record that is missing or out of the caller's scope; `details` name its kind and id. */
export function notFoundError(resource: string, id: string, message = `No such ${resource}`): NotFoundError {
  return new NotFoundError(message, [
    { field: 'resource', issue: resource },
    { field: 'id', issue: id },
  ]);
}

/** 403 for a role that may never do this, whatever the record; `details` list the roles that may. */
export function roleRefusedError(requiredRoles: readonly string[], message: string, extra: readonly ErrorDetail[] = []): ForbiddenError {
  return new ForbiddenError(message, [...extra, { field: 'requiredRoles', issue: requiredRoles.join(',') }]);
}
