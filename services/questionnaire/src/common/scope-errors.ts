import { ForbiddenError, NotFoundError, type ErrorBody } from '@inps/shared';
import type { Role } from '@inps/kernel';

/*
 * The programme's rule for refusals (issue 12, item 14), until @inps/shared offers it to every
 * service: a resource outside the caller's scope is 404 NOT_FOUND with `details: { resource, id }`,
 * exactly as if it did not exist; a caller whose role may never do the operation is 403 FORBIDDEN
 * with `details: { requiredRoles }`. The shared error body types `details` as a list of
 * `{ field, issue }`, hence the casts in toBody().
 */

/** 404 whether the resource is missing or out of scope: the answer must not tell which. */
export class ResourceNotFoundError extends NotFoundError {
  constructor(
    readonly resource: string,
    readonly id: string,
    message = `No ${resource} ${id}`,
  ) {
    super(message);
  }

  override toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: { resource: this.resource, id: this.id } } } as unknown as ErrorBody;
  }
}

/** 403 for a role that may never do this, whatever the resource. */
export class RoleForbiddenError extends ForbiddenError {
  constructor(
    readonly requiredRoles: readonly Role[],
    message = `Only ${requiredRoles.join(', ')} may do this`,
  ) {
    super(message);
  }

  override toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: { requiredRoles: [...this.requiredRoles] } } } as unknown as ErrorBody;
  }
}
