/**
 * Who is acting. The roles come from the verified token; the territories and the organisation come
 * from the user's INPS unit or partner organisation, resolved by the service layer.
 */

/**
 * `system` is the scheduler (activation and expiry); it is never granted to a token, so that no
 * person can force an agreement into force.
 */
export type Role = 'central' | 'dg' | 'territorial' | 'partner_admin' | 'operator' | 'partner_app' | 'system';

export interface Actor {
  readonly id: string;
  readonly roles: readonly Role[];
  /** For territorial staff: ISTAT codes their unit covers (`IT` for a national unit). */
  readonly territories?: readonly string[];
  /** Areas inside `territories` that another unit manages (a metropolitan directorate's city). */
  readonly excludedTerritories?: readonly string[];
  /** For partner staff and machine clients: the organisation they belong to. */
  readonly organisationId?: string;
}
