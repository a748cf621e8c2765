import type { IsoDate } from '@inps/kernel';

export const INPS_UNIT_KINDS = ['GENERAL_DIRECTORATE', 'CENTRAL_DIRECTORATE', 'REGIONAL_DIRECTORATE', 'METROPOLITAN_COORDINATION_DIRECTORATE'] as const;
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
type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

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
