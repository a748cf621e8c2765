import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module';
import { ReturnsModule } from '../returns/returns.module';
import { OrganisationResolver, TerritoryResolver } from './graph.resolvers';

@Module({ imports: [IndicatorsModule, ReturnsModule], providers: [TerritoryResolver, OrganisationResolver] })
export class GraphModule {}
