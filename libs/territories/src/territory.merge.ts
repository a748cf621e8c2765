import { addDays, isIsoDate, type IsoDate } from '@inps/kernel';
import type { Territory } from './territory.types';
import { sortTerritories } from './territory.loader';

/**
 * Applies a new ISTAT snapshot to the committed territories without losing history: a unit that
 * disappeared is closed (validTo = the day before the change), a new unit opens on the day of the
 * change, and a unit whose name, level or parent changed gets a new version under the same code.
 * Applying the same snapshot again changes nothing, so the build script is idempotent.
 */

export type SnapshotTerritory = Omit<Territory, 'validFrom' | 'validTo'>;

export interface TerritoryChange {
  readonly kind: 'ADDED' | 'SUPPRESSED' | 'CHANGED';
  readonly istatCode: string;
  readonly name: string;
  readonly note?: string;
}

const COMPARED = ['name', 'level', 'parentCode', 'regionCode', 'provinceCode', 'acronym', 'utsCode'] as const;

function differences(a: SnapshotTerritory, b: SnapshotTerritory): string[] {
  return COMPARED.filter((key) => a[key] !== b[key]).map((key) => `${key}: ${a[key] ?? '∅'} → ${b[key] ?? '∅'}`);
}

export class MissingEffectiveDateError extends Error {
  constructor(readonly changes: readonly TerritoryChange[]) {
    super(`${changes.length} change(s) found: give the day they take effect (--effective-from YYYY-MM-DD)`);
    this.name = 'MissingEffectiveDateError';
  }
}

/**
 * With no existing data the snapshot becomes the baseline, every unit with validFrom `null` (in
 * force since before the first recorded snapshot). Afterwards every change needs `effectiveFrom`.
 */
export function mergeTerritorySnapshot(
  existing: readonly Territory[],
  snapshot: readonly SnapshotTerritory[],
  effectiveFrom: IsoDate | null,
): { territories: Territory[]; changes: TerritoryChange[] } {
  if (effectiveFrom !== null && !isIsoDate(effectiveFrom)) throw new RangeError(`Not a calendar day: ${effectiveFrom}`);
  if (existing.length === 0) {
    return { territories: sortTerritories(snapshot.map((t) => ({ ...t, validFrom: null, validTo: null }))), changes: [] };
  }

  const current = new Map<string, Territory>();
  for (const t of existing) if (t.validTo === null) current.set(t.istatCode, t);
  const incoming = new Map(snapshot.map((t) => [t.istatCode, t]));

  const changes: TerritoryChange[] = [];
  const result: Territory[] = existing.filter((t) => t.validTo !== null);
  const closeDay = effectiveFrom === null ? null : addDays(effectiveFrom, -1);
  const pending: (() => void)[] = [];

  for (const [code, now] of current) {
    const next = incoming.get(code);
    if (!next) {
      changes.push({ kind: 'SUPPRESSED', istatCode: code, name: now.name });
      pending.push(() => result.push({ ...now, validTo: closeDay }));
      continue;
    }
    const diff = differences(now, next);
    if (diff.length === 0) {
      result.push(now);
      continue;
    }
    changes.push({ kind: 'CHANGED', istatCode: code, name: next.name, note: diff.join('; ') });
    pending.push(() => result.push({ ...now, validTo: closeDay }, { ...next, validFrom: effectiveFrom, validTo: null }));
  }
  for (const [code, next] of incoming) {
    if (current.has(code)) continue;
    changes.push({ kind: 'ADDED', istatCode: code, name: next.name });
    pending.push(() => result.push({ ...next, validFrom: effectiveFrom, validTo: null }));
  }

  if (changes.length > 0) {
    if (effectiveFrom === null) throw new MissingEffectiveDateError(changes);
    const clash = [...current.values()].find(
      (t) => t.validFrom !== null && t.validFrom >= effectiveFrom && changes.some((c) => c.istatCode === t.istatCode && c.kind !== 'ADDED'),
    );
    if (clash) throw new RangeError(`${clash.istatCode} already has a version from ${clash.validFrom}; the change must take effect later`);
  }
  for (const apply of pending) apply();
  return { territories: sortTerritories(result), changes: changes.sort((a, b) => a.istatCode.localeCompare(b.istatCode)) };
}
