import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, ValidationFailedError } from '@inps/shared';
import { notFound } from '../../common/access';
import { actorOf } from '../../common/actor';
import { pageOf, type PageQueryDto } from '../../common/pagination.dto';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type { AddMemberDto, EndMemberDto } from './dto/table-member.dto';
import type { TableMember, TableMemberPage } from './dto/table-member.view';
import { TechnicalTableMemberEntity } from './technical-table.entity';
import { TechnicalTablesService } from './technical-tables.service';

/** Who sits at a table: organisations and INPS units, never people (referents name those). */
@Injectable()
export class TableMembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly tables: TechnicalTablesService,
  ) {}

  async list(tableId: string, query: PageQueryDto, principal: Principal): Promise<TableMemberPage> {
    await this.tables.load(tableId, actorOf(principal));
    const rows = await this.dataSource.getRepository(TechnicalTableMemberEntity).find({ where: { tableId }, order: { validFrom: 'ASC', id: 'ASC' } });
    const page = pageOf(rows, query);
    return { ...page, items: page.items.map(memberView) };
  }

  async add(tableId: string, dto: AddMemberDto, principal: Principal): Promise<TableMember> {
    const actor = actorOf(principal);
    const t = await this.tables.loadForWrite(tableId, actor);
    if (!dto.organisationId && !dto.inpsUnitId)
      throw new ValidationFailedError([{ field: 'organisationId', issue: 'give organisationId, inpsUnitId or both' }]);
    const organisation = dto.organisationId ? this.reference.organisation(dto.organisationId) : undefined;
    if (dto.organisationId && !organisation) throw new ValidationFailedError([{ field: 'organisationId', issue: 'unknown organisation' }]);
    const unit = dto.inpsUnitId ? this.reference.inpsUnits.find((u) => u.id === dto.inpsUnitId) : undefined;
    if (dto.inpsUnitId && !unit) throw new ValidationFailedError([{ field: 'inpsUnitId', issue: 'unknown INPS unit' }]);
    if (dto.validTo && dto.validTo < dto.validFrom) throw new ValidationFailedError([{ field: 'validTo', issue: 'before validFrom' }]);
    const label = dto.label ?? [organisation?.name, unit?.name].filter((n) => n !== undefined).join(' / ');
    const saved = await this.dataSource.getRepository(TechnicalTableMemberEntity).save({
      tableId: t.id,
      organisationId: dto.organisationId ?? null,
      inpsUnitId: dto.inpsUnitId ?? null,
      role: dto.role,
      label,
      validFrom: dto.validFrom,
      validTo: dto.validTo ?? null,
      createdBy: actor.id,
    });
    return memberView(saved);
  }

  /** Memberships end rather than disappear: past meetings' attendance still points at them. */
  async end(tableId: string, memberId: string, dto: EndMemberDto, principal: Principal): Promise<TableMember> {
    const actor = actorOf(principal);
    const t = await this.tables.loadForWrite(tableId, actor);
    const repo = this.dataSource.getRepository(TechnicalTableMemberEntity);
    const member = await repo.findOneBy({ id: memberId, tableId: t.id });
    if (!member) throw notFound('technical-table-member', memberId);
    if (dto.validTo < member.validFrom) throw new ValidationFailedError([{ field: 'validTo', issue: `before validFrom (${member.validFrom})` }]);
    return memberView(await repo.save({ ...member, validTo: dto.validTo }));
  }
}

function memberView(x: TechnicalTableMemberEntity): TableMember {
  return {
    id: x.id,
    tableId: x.tableId,
    organisationId: x.organisationId,
    inpsUnitId: x.inpsUnitId,
    role: x.role,
    label: x.label,
    validFrom: x.validFrom,
    validTo: x.validTo,
  };
}
