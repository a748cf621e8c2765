import { ORGANISATION_KINDS } from './reference-data.types';

/** JSON Schema (draft-07) of data/organisations.yaml. */
export const ORGANISATIONS_SCHEMA = {
  $id: 'https://inps-per-tutti/agreements/organisations.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['organisations'],
  properties: {
    organisations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'name', 'territoryCode'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
          kind: { enum: [...ORGANISATION_KINDS] },
          name: { type: 'string', minLength: 1 },
          shortName: { type: ['string', 'null'], minLength: 1 },
          territoryCode: { type: 'string', pattern: '^(IT|\\d{2}|\\d{3}|\\d{6})$' },
          parentId: { type: ['string', 'null'] },
          demo: { type: 'boolean' },
          validFrom: { $ref: '#/definitions/day' },
          validTo: { $ref: '#/definitions/day' },
        },
      },
    },
  },
  definitions: {
    day: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
} as const;

interface RawOrganisation {
  id: string;
  kind: (typeof ORGANISATION_KINDS)[number];
  name: string;
  shortName?: string | null;
  territoryCode: string;
  parentId?: string | null;
  demo?: boolean;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface RawOrganisationsFile {
  organisations: RawOrganisation[];
}
