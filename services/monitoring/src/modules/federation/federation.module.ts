import { Module } from '@nestjs/common';
import { OrganisationReferenceResolver, TerritoryReferenceResolver } from './federation.resolver';

@Module({ providers: [TerritoryReferenceResolver, OrganisationReferenceResolver] })
export class FederationModule {}
