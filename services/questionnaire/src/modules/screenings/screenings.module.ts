import { Module } from '@nestjs/common';
import { ReferencePrincipal } from '@inps/shared';
import { ScreeningResolver } from './screening.resolver';
import { FindOutModule } from '../find-out/find-out.module';
import { RuleSetsModule } from '../rulesets/rulesets.module';
import { WhereToGoModule } from '../where-to-go/where-to-go.module';
import { InternalScreeningsController } from './internal-screenings.controller';
import { InternalTokenGuard, ResumeCodeLookupLimit } from './internal-access';
import { ScreeningController } from './screening.controller';
import { ScreeningService } from './screening.service';

/** The service and REST; the worker imports it for the service alone. */
@Module({
  imports: [RuleSetsModule, FindOutModule, WhereToGoModule],
  controllers: [ScreeningController, InternalScreeningsController],
  providers: [ScreeningService, ResumeCodeLookupLimit, InternalTokenGuard],
  exports: [ScreeningService],
})
export class ScreeningsModule {}

/** GraphQL, API only: entity resolution verifies tokens itself, with the API's auth. */
@Module({
  imports: [ScreeningsModule],
  providers: [ScreeningResolver, ReferencePrincipal],
})
export class ScreeningsGraphQLModule {}
