import { isIsoDate, type IsoDate } from '@inps/kernel';
import type { DomainError, Result } from './domain-error';
import { detail, fail, ok, validationError } from './domain-error';

/**
 * Each INPS unit names referents for the programme (message 4144/2020). For a given unit and role
 * there is at most one primary referent on any day; deputies may overlap freely. The database
 * will enforce the same with
 * `EXCLUDE USING gist (unit_id WITH =, role WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (is_primary)`
 * (needs btree_gist); this check gives the person a readable error before the constraint does.
 */

export const REFERENT_ROLES = ['PROGRAMME', 'MONITORING', 'MOBILE_UNIT', 'TECHNICAL_TABLE'] as const;
export type ReferentRole = (typeof REFERENT_ROLES)[number];

export interface ReferentAssignment {
  readonly id: string;
  readonly unitId: string;
  readonly role: ReferentRole;
  readonly personId: string;
  readonly primary: boolean;
  readonly validFrom: IsoDate;
  /** Last day included; `null` while open-ended. */
  readonly validTo: IsoDate | null;
}

export interface DateRange {
  readonly from: IsoDate;
  readonly to: IsoDate | null;
}

/** Both ends included; a `null` end runs for ever. */
export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  const aEndsBeforeB = a.to !== null && a.to < b.from;
  const bEndsBeforeA = b.to !== null && b.to < a.from;
  return !aEndsBeforeB && !bEndsBeforeA;
}

function rangeOf(r: ReferentAssignment): DateRange {
  return { from: r.validFrom, to: r.validTo };
}

function clash(a: ReferentAssignment, b: ReferentAssignment): boolean {
  return a.id !== b.id && a.primary && b.primary && a.unitId === b.unitId && a.role === b.role && rangesOverlap(rangeOf(a), rangeOf(b));
}

/** Whether `candidate` (new or edited) can be saved next to `existing`. */
export function checkReferentAssignment(existing: readonly ReferentAssignment[], candidate: ReferentAssignment): Result<ReferentAssignment, DomainError> {
  const problems = [];
  if (!isIsoDate(candidate.validFrom)) {
    problems.push(detail('validFrom', 'NOT_A_DATE', 'Data non valida (AAAA-MM-GG).', 'Not a valid date (YYYY-MM-DD).'));
  }
  if (candidate.validTo !== null && !isIsoDate(candidate.validTo)) {
    problems.push(detail('validTo', 'NOT_A_DATE', 'Data non valida (AAAA-MM-GG).', 'Not a valid date (YYYY-MM-DD).'));
  }
  if (problems.length === 0 && candidate.validTo !== null && candidate.validTo < candidate.validFrom) {
    problems.push(detail('validTo', 'END_BEFORE_START', "La fine precede l'inizio.", 'The end is before the start.'));
  }
  if (problems.length > 0) return fail(validationError(problems));

  const conflicts = existing.filter((e) => clash(e, candidate));
  if (conflicts.length === 0) return ok(candidate);
  const describe = (c: ReferentAssignment) => `${c.id} (${c.validFrom} – ${c.validTo ?? '…'})`;
  const list = conflicts.map(describe).join(', ');
  return fail({
    code: 'CONFLICT',
    message: {
      it: `Per questa struttura e questo ruolo c'è già un referente principale nel periodo indicato: ${list}.`,
      en: `This unit already has a primary referent for this role in the period given: ${list}.`,
    },
    details: [detail('validFrom', 'PRIMARY_REFERENT_OVERLAP', `Il periodo si sovrappone a ${list}.`, `The period overlaps ${list}.`)],
  });
}
