import { Resolver, ResolveReference } from '@nestjs/graphql';
import { Organisation, Territory } from './federation.types';

// The entities are the agreements subgraph's; monitoring only needs their keys, which the
// features' resolvers (indicators, returns) extend with fields.

@Resolver(() => Territory)
export class TerritoryReferenceResolver {
  @ResolveReference()
  resolveReference(reference: { istatCode: string }): Territory {
    return { istatCode: reference.istatCode };
  }
}

@Resolver(() => Organisation)
export class OrganisationReferenceResolver {
  @ResolveReference()
  resolveReference(reference: { id: string }): Organisation {
    return { id: reference.id };
  }
}
