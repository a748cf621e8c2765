import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { CreateTechnicalTableDto, TechnicalTableQueryDto, TechnicalTableTransitionDto } from './dto/technical-table.dto';
import { TechnicalTable, TechnicalTablePage } from './dto/technical-table.view';
import { TechnicalTablesService } from './technical-tables.service';

@Resolver(() => TechnicalTable)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TechnicalTablesResolver {
  constructor(private readonly tables: TechnicalTablesService) {}

  @Query(() => TechnicalTablePage, { nullable: true, description: 'Technical tables the caller may see (same filters as REST)' })
  technicalTables(@CurrentPrincipal() principal: Principal, @Args() query: TechnicalTableQueryDto) {
    return this.tables.list(query, principal);
  }

  @Query(() => TechnicalTable, { nullable: true })
  technicalTable(@Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.tables.get(id, principal);
  }

  @Mutation(() => TechnicalTable)
  @Roles('central', 'territorial')
  createTechnicalTable(@Args('input') input: CreateTechnicalTableDto, @CurrentPrincipal() principal: Principal) {
    return this.tables.create(input, principal);
  }

  @Mutation(() => TechnicalTable, { description: 'close or reopen' })
  @Roles('central', 'territorial')
  transitionTechnicalTable(
    @Args('id', { type: () => ID }, new ParseUuidPipe('id')) id: string,
    @Args('input') input: TechnicalTableTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tables.transition(id, input, principal);
  }
}
