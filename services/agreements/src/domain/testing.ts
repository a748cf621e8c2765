import type { TerritoryHierarchy } from '@inps/kernel';
import type { Actor } from './actor';
import type { AgreementState, DgFlags } from './agreement.types';

/**
 * A few real ISTAT codes, enough to test scoping without loading the whole territory file:
 * the domain must not depend on the reference-data loader.
 */
const PARENT: Record<string, string> = {
  '12': 'IT',
  '058': '12',
  '058091': '058',
  '058047': '058',
  '060': '12',
  '060038': '060',
  '03': 'IT',
  '015': '03',
  '015146': '015',
  '016': '03',
  '016024': '016',
};

export const hierarchy: TerritoryHierarchy = {
  ancestorCodes(code: string): readonly string[] | undefined {
    if (code === 'IT') return [];
    if (!(code in PARENT)) return undefined;
    const chain: string[] = [];
    let current = PARENT[code];
    while (current) {
      chain.push(current);
      current = PARENT[current];
    }
    return chain;
  },
};

export const ROMA = '058091';
export const FIUMICINO = '058047';
export const FROSINONE = '060038';
export const MILANO = '015146';

export const central: Actor = { id: 'u-central', roles: ['central'] };
export const dg: Actor = { id: 'u-dg', roles: ['dg'] };
export const system: Actor = { id: 'scheduler', roles: ['system'] };
/** DR Lazio: the region minus the metropolitan city of Rome, which DCM Roma manages. */
export const drLazio: Actor = { id: 'u-dr-lazio', roles: ['territorial'], territories: ['12'], excludedTerritories: ['058'] };
export const dcmRoma: Actor = { id: 'u-dcm-roma', roles: ['territorial'], territories: ['058'] };
export const dcmMilano: Actor = { id: 'u-dcm-milano', roles: ['territorial'], territories: ['015'] };
export const partnerAdmin: Actor = { id: 'u-caritas', roles: ['partner_admin'], organisationId: 'caritas-roma' };
export const operator: Actor = { id: 'u-op', roles: ['operator'], organisationId: 'comune-milano' };

/** An instant from a Rome wall-clock time with its explicit offset, so tests never read the clock. */
export function at(isoWithOffset: string): Date {
  const d = new Date(isoWithOffset);
  if (Number.isNaN(d.getTime())) throw new RangeError(isoWithOffset);
  return d;
}

/** States from which nothing moves any more: the workflow tests check that none of them has a way out. */
export const FINAL_AGREEMENT_STATES: readonly AgreementState[] = ['EXPIRED', 'TERMINATED', 'REJECTED', 'WITHDRAWN'];

export const NO_DG_FLAGS: DgFlags = { itChanges: false, dataExchange: false, costs: false };
