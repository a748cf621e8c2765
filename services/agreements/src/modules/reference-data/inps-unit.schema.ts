import { INPS_UNIT_KINDS } from './reference-data.types';

/** JSON Schema (draft-07) of data/inps-units.yaml. */
export const INPS_UNITS_SCHEMA = {
  $id: 'https://inps-per-tutti/agreements/inps-units.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['units'],
  properties: {
    units: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'name', 'shortName', 'covers'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
          kind: { enum: [...INPS_UNIT_KINDS] },
          name: { type: 'string', minLength: 1 },
          shortName: { type: 'string', minLength: 1 },
          parentId: { type: ['string', 'null'] },
          covers: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/definitions/territoryCode' } },
          excludes: { type: 'array', uniqueItems: true, items: { $ref: '#/definitions/territoryCode' } },
          validFrom: { $ref: '#/definitions/day' },
          validTo: { $ref: '#/definitions/day' },
        },
      },
    },
  },
  definitions: {
    territoryCode: { type: 'string', pattern: '^(IT|\\d{2}|\\d{3}|\\d{6})$' },
    day: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
} as const;

interface RawInpsUnit {
  id: string;
  kind: (typeof INPS_UNIT_KINDS)[number];
  name: string;
  shortName: string;
  parentId?: string | null;
  covers: string[];
  excludes?: string[];
  validFrom?: string | null;
  validTo?: string | null;
}

export interface RawInpsUnitsFile {
  units: RawInpsUnit[];
}
