import { notFoundError, roleRefusedError, type ForbiddenError, type NotFoundError } from '@inps/shared';

/** What the API calls each kind of record in a 404, and the message it answers with. */
const MISSING = {
  agreement: 'No such agreement',
  document: 'No such document for this agreement',
  'outreach-event': 'No such outreach event',
  'mobile-unit-request': 'No such mobile-unit request',
  'technical-table': 'No such technical table',
  'technical-table-member': 'No such member of this table',
  'technical-table-meeting': 'No such meeting at this table',
  'technical-table-issue': 'No such issue at this table',
  referent: 'No such referent',
  'inps-unit': 'No such INPS unit',
  organisation: 'No such organisation',
  'api-key': 'No such API key for this organisation',
} as const;

export type Resource = keyof typeof MISSING;

/**
 * A record that does not exist, or that lies outside the caller's organisation or territory: the
 * same answer for both, so that a refusal never tells someone outside that it exists.
 */
export function notFound(resource: Resource, id: string): NotFoundError {
  return notFoundError(resource, id, MISSING[resource]);
}

/** A role that may never do this, whatever the record: the roles that may. */
export function roleRefused(message: string, requiredRoles: readonly string[], extra: readonly { field: string; issue: string }[] = []): ForbiddenError {
  return roleRefusedError(requiredRoles, message, extra);
}
