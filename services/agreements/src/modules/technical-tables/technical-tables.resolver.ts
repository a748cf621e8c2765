import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles, type Principal } from '@inps/shared';
import { CreateTechnicalTableDto, TechnicalTableTransitionDto, type TechnicalTableQueryDto } from './dto/technical-table.dto';
import { TechnicalTable, TechnicalTablePage } from './dto/technical-table.view';
import { TechnicalTablesService } from './technical-tables.service';

@Resolver(() => TechnicalTable)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TechnicalTablesResolver {
  constructor(private readonly tables: TechnicalTablesService) {}

  @Query(() => TechnicalTablePage, { nullable: true, description: 'Technical tables the caller may see (same filters as REST)' })
  technicalTables(
    @CurrentPrincipal() principal: Principal,
    @Args('level', { nullable: true }) level?: string,
    @Args('status', { nullable: true }) status?: string,
    @Args('territory', { nullable: true }) territory?: string,
    @Args('agreement', { type: () => ID, nullable: true }) agreement?: string,
    @Args('organisation', { nullable: true }) organisation?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.tables.list({ level, status, territory, agreement, organisation, limit, offset } as TechnicalTableQueryDto, principal);
  }

  @Query(() => TechnicalTable, { nullable: true })
  technicalTable(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal) {
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
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: TechnicalTableTransitionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tables.transition(id, input, principal);
  }
}
