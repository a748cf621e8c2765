import type { IsoDate } from '../domain/rome-calendar';

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

export const INPS_UNIT_KINDS = [
  'GENERAL_DIRECTORATE',
  'CENTRAL_DIRECTORATE',
  'REGIONAL_DIRECTORATE',
  'METROPOLITAN_COORDINATION_DIRECTORATE',
] as const;
export type InpsUnitKind = (typeof INPS_UNIT_KINDS)[number];

export interface InpsUnit {
  /** Stable slug (`dr-lazio`, `dcm-roma`) that tokens and other services refer to. */
  readonly id: string;
  readonly kind: InpsUnitKind;
  readonly name: string;
  readonly shortName: string;
  readonly parentId: string | null;
  /** ISTAT codes (or `IT`) the unit is competent for. */
  readonly covers: readonly string[];
  /** Areas inside `covers` that another unit handles (a metropolitan city within its region). */
  readonly excludes: readonly string[];
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
}

export const ORGANISATION_KINDS = [
  'COMUNE',
  'ANCI',
  'CARITAS_ITALIANA',
  'DIOCESAN_CARITAS',
  'SANT_EGIDIO',
  'ANTI_VIOLENCE_CENTRE',
  'SHELTER',
  'SOCIAL_DISTRICT',
  'ASSOCIATION',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface Organisation {
  /** Stable slug (`caritas-roma`) that tokens and other services refer to. */
  readonly id: string;
  readonly kind: OrganisationKind;
  readonly name: string;
  readonly shortName: string | null;
  /** Where it works: an ISTAT code, or `IT` for national bodies. */
  readonly territoryCode: string;
  /** The national body a local one belongs to (a diocesan Caritas to Caritas Italiana). */
  readonly parentId: string | null;
  /** True for the fictitious demonstration set, so it is never mistaken for real partners. */
  readonly demo: boolean;
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
}
