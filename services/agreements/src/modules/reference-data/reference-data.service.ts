import { Injectable } from '@nestjs/common';
import { validOn, type Territory, type TerritoryLevel, type TerritoryRegistry } from '@inps/territories';
import { NotFoundError, ValidationFailedError } from '@inps/shared';
import { loadReferenceData, type ReferenceData } from './reference-data.loader';
import type { InpsUnit, Organisation } from './reference-data.types';

/**
 * The reference data in memory: read once at start (the files are checked as a whole), because
 * scope checks ask for a territory's ancestors on almost every request.
 */
@Injectable()
export class ReferenceDataService {
  readonly data: ReferenceData = loadReferenceData();

  get territories(): TerritoryRegistry {
    return this.data.territories;
  }

  get organisations(): readonly Organisation[] {
    return this.data.organisations;
  }

  get inpsUnits(): readonly InpsUnit[] {
    return this.data.inpsUnits;
  }

  territory(code: string, on?: string): Territory {
    const t = this.territories.get(code, on);
    if (!t) throw new NotFoundError(`No territory with ISTAT code ${code}`);
    return t;
  }

  searchTerritories(q: string | undefined, levels: readonly TerritoryLevel[] | undefined, on: string | undefined): Territory[] {
    // The registry caps results; the API paginates, so ask for everything that matches.
    const options = { levels, on, limit: Number.MAX_SAFE_INTEGER };
    if (q && q.trim() !== '') return this.territories.search(q, options);
    return this.territories.all().filter((t) => (!levels || levels.includes(t.level)) && (on ? validOn(t, on) : t.validTo === null));
  }

  /** Throws a 400 naming the field unless every code is a territory in force on the day. */
  assertTerritoriesValid(codes: readonly string[], day: string, field: string): void {
    const details = codes.flatMap((code, i) => {
      const problem = this.territories.check(code, day);
      if (problem.status === 'VALID') return [];
      return [{ field: `${field}.${i}`, issue: `${code}: ${problem.status === 'UNKNOWN' ? 'unknown ISTAT code' : `not in force on ${day}`}` }];
    });
    if (details.length > 0) throw new ValidationFailedError('Unknown or suppressed territory', details);
  }

  /** The code and its ancestors, for scope checks; empty for an unknown code. */
  lineage(code: string): string[] {
    const ancestors = this.territories.ancestorCodes(code);
    return ancestors ? [code, ...ancestors] : [];
  }

  organisation(id: string): Organisation | undefined {
    return this.organisations.find((o) => o.id === id);
  }
}
