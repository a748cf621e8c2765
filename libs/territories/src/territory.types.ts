import type { IsoDate } from '@inps/kernel';

export const TERRITORY_LEVELS = ['NATIONAL', 'REGION', 'PROVINCE', 'METROPOLITAN_CITY', 'COMUNE'] as const;

/**
 * `NATIONAL` is the synthetic `IT` root, never stored in the data files. `PROVINCE` also covers the
 * bodies ISTAT lists in the same place (Sicily's free municipal consortia, Friuli-Venezia Giulia's
 * regional decentralisation bodies, the autonomous provinces of Trento and Bolzano).
 */
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

export interface Territory {
  /** Region `12`, province or metropolitan city `058`, comune `058091`; `IT` for the country. */
  readonly istatCode: string;
  readonly name: string;
  readonly level: TerritoryLevel;
  readonly parentCode: string | null;
  /** The region it lies in (its own code for a region). */
  readonly regionCode: string | null;
  /** The province or metropolitan city it lies in (its own code for one). */
  readonly provinceCode: string | null;
  /** Vehicle-plate abbreviation of a province or metropolitan city (`RM`). */
  readonly acronym: string | null;
  /** ISTAT's code for the metropolitan city as a body (`258` for Rome), distinct from the province code. */
  readonly utsCode: string | null;
  /** First day in force; `null` when in force since before the first snapshot recorded. */
  readonly validFrom: IsoDate | null;
  /** Last day in force; `null` while current. */
  readonly validTo: IsoDate | null;
}

/**
 * A problem with a territory code, shaped like the services' error details (field, stable rule,
 * Italian and English text) so they can pass it on unchanged.
 */
export interface TerritoryProblem {
  readonly field: string;
  readonly rule: string;
  readonly issue: { readonly it: string; readonly en: string };
}
