import type { SchemaFileConfig } from '@nestjs/graphql';

/**
 * Federation 2.9 is the newest spec the MIT-licensed composer (@theguild/federation-composition)
 * accepts; Nest declares 2.12 by default and imports directives (such as @cacheTag) that 2.9 lacks.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.9';

const FEDERATION_2_9_DIRECTIVES = [
  '@key',
  '@shareable',
  '@external',
  '@requires',
  '@provides',
  '@override',
  '@inaccessible',
  '@tag',
  '@extends',
  '@interfaceObject',
  '@composeDirective',
];

/** `autoSchemaFile` for a subgraph: generated in memory, Federation 2.9. */
export function federationSchemaFile(path?: string): SchemaFileConfig {
  return { ...(path ? { path } : {}), federation: { version: 2, importUrl: FEDERATION_SPEC_URL, directives: FEDERATION_2_9_DIRECTIVES } };
}
