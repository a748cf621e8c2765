import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@inps/shared';
import { WhereToGoQueryDto } from './dto/where-to-go.query';
import { WhereToGo } from './dto/where-to-go.view';
import { WhereToGoService } from './where-to-go.service';

@Resolver(() => WhereToGo)
export class WhereToGoResolver {
  constructor(private readonly service: WhereToGoService) {}

  @Public()
  @Query(() => WhereToGo, { nullable: true, description: 'Where to turn in a comune: competent INPS units, outreach events of the coming weeks (public)' })
  whereToGo(@Args() query: WhereToGoQueryDto): Promise<WhereToGo> {
    return this.service.forComune(query);
  }
}
