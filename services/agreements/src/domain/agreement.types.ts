import type { IsoDate } from '@inps/kernel';

export const AGREEMENT_KINDS = ['FRAMEWORK', 'TERRITORIAL', 'LOCAL'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const AGREEMENT_STATES = [
  'DRAFT',
  'SUBMITTED',
  'CENTRAL_REVIEW',
  'DG_EVALUATION',
  'CHANGES_REQUESTED',
  'APPROVED',
  'SIGNED',
  'ACTIVE',
  'EXPIRED',
  'TERMINATED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/**
 * INPS message 3449/2019: an agreement needs the general directorate's prior evaluation when INPS
 * commits to changing its IT procedures, exchanging data with the parties or bearing any cost.
 */
export interface DgFlags {
  readonly itChanges: boolean;
  readonly dataExchange: boolean;
  readonly costs: boolean;
}

export function needsDgEvaluation(flags: DgFlags): boolean {
  return flags.itChanges || flags.dataExchange || flags.costs;
}

/** When an agreement is in force: both days included. */
export interface Validity {
  readonly from: IsoDate;
  readonly to: IsoDate;
}
