import { Module } from '@nestjs/common';
import { ReturnsController } from './returns.controller';
import { OrganisationReturnsResolver, TerritoryReturnsResolver } from './returns.resolver';
import { ReturnsService } from './returns.service';

@Module({ controllers: [ReturnsController], providers: [ReturnsService, TerritoryReturnsResolver, OrganisationReturnsResolver], exports: [ReturnsService] })
export class ReturnsModule {}
