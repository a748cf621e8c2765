import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import { TableMember, TableMemberPage } from './dto/table-member.view';
import { PageQueryDto } from '../../common/pagination.dto';
import { AddMemberDto, EndMemberDto } from './dto/table-member.dto';
import { TableMembersService } from './table-members.service';

@ApiTags('technical-tables')
@ApiBearerAuth()
@Controller('api/v1/technical-tables/:id/members')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class TableMembersController {
  constructor(private readonly members: TableMembersService) {}

  @Get()
  @ApiOperation({ summary: 'Organisations and INPS units sitting at the table, with their role' })
  @ApiOkResponse({ type: TableMemberPage })
  list(@Param('id', new ParseUuidPipe('id')) id: string, @Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal): Promise<TableMemberPage> {
    return this.members.list(id, query, principal);
  }

  @Post()
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'Add an organisation and/or INPS unit with its role (chair, secretary, member, observer)' })
  @ApiCreatedResponse({ type: TableMember })
  add(@Param('id', new ParseUuidPipe('id')) id: string, @Body() body: AddMemberDto, @CurrentPrincipal() principal: Principal): Promise<TableMember> {
    return this.members.add(id, body, principal);
  }

  @Patch(':memberId')
  @Roles('central', 'territorial')
  @ApiOperation({ summary: 'End a membership (validTo); members are never deleted, attendance refers to them' })
  @ApiOkResponse({ type: TableMember })
  end(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('memberId', new ParseUuidPipe('memberId')) memberId: string,
    @Body() body: EndMemberDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TableMember> {
    return this.members.end(id, memberId, body, principal);
  }
}
