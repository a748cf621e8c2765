import { romeDate } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock, ConflictError, ForbiddenError, inTransaction, type Principal, ValidationFailedError } from '@inps/shared';
import { notFound, roleRefused } from '../../common/access';
import { actorOf } from '../../common/actor';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import {
  canManageTable,
  canSeeTable,
  isNationalActor,
  technicalTableAllowedActions,
  transitionTechnicalTable,
  type Actor,
  type TableScope,
  canViewAgreement,
} from '../../domain';
import { AgreementEntity } from '../agreements/agreement.entity';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type { CreateTechnicalTableDto, TechnicalTableQueryDto, TechnicalTableTransitionDto } from './dto/technical-table.dto';
import type { TechnicalTable, TechnicalTablePage } from './dto/technical-table.view';
import { TechnicalTableEntity, TechnicalTableMemberEntity } from './technical-table.entity';

/**
 * The tables themselves: set up, listed, closed and reopened. Members, meetings and issues are
 * aggregates of their own; they reach their table through `load`, `loadIn` and `loadForWrite`,
 * which apply the table's scope.
 */
@Injectable()
export class TechnicalTablesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  async create(dto: CreateTechnicalTableDto, principal: Principal): Promise<TechnicalTable> {
    const actor = actorOf(principal);
    if (dto.level === 'LOCAL' && !dto.territoryCode) throw new ValidationFailedError([{ field: 'territoryCode', issue: 'required for a LOCAL table' }]);
    if (dto.level === 'CENTRAL' && dto.territoryCode)
      throw new ValidationFailedError([{ field: 'territoryCode', issue: 'a CENTRAL table is national: leave it out' }]);
    const territoryCode = dto.level === 'LOCAL' ? (dto.territoryCode ?? null) : null;
    if (territoryCode) this.reference.assertTerritoriesValid([territoryCode], romeDate(this.clock.now()), 'territoryCode');
    const scope: TableScope = { level: dto.level, territoryCode, status: 'ACTIVE' };
    if (!canManageTable(actor, scope, this.reference.territories)) {
      throw dto.level === 'CENTRAL'
        ? roleRefused('Only the central directorate sets up central tables', ['central'], [{ field: 'level', issue: 'CENTRAL needs the central role' }])
        : new ForbiddenError('The territory is outside your competence', [{ field: 'territoryCode', issue: 'not covered by your territories' }]);
    }
    // One the caller cannot see is answered as a missing one: a link must not reveal that it exists.
    const linked = dto.agreementId ? await this.dataSource.getRepository(AgreementEntity).findOneBy({ id: dto.agreementId }) : null;
    if (
      dto.agreementId &&
      !(linked && canViewAgreement({ kind: linked.kind, scope: linked.scope, partyOrganisationIds: linked.organisationIds }, actor, this.reference.territories))
    ) {
      throw new ValidationFailedError([{ field: 'agreementId', issue: 'no such agreement' }]);
    }
    const now = this.clock.now();
    const saved = await this.dataSource.getRepository(TechnicalTableEntity).save({
      name: dto.name,
      level: dto.level,
      territoryCode,
      agreementId: dto.agreementId ?? null,
      status: 'ACTIVE',
      version: 1,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    return this.view(saved, actor);
  }

  async get(id: string, principal: Principal): Promise<TechnicalTable> {
    const actor = actorOf(principal);
    return this.view(await this.load(id, actor), actor);
  }

  async list(query: TechnicalTableQueryDto, principal: Principal): Promise<TechnicalTablePage> {
    const actor = actorOf(principal);
    const qb = this.dataSource.getRepository(TechnicalTableEntity).createQueryBuilder('t');
    if (query.level) qb.andWhere('t.level = :level', { level: query.level });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.agreement) qb.andWhere('t.agreement_id = :agreement', { agreement: query.agreement });
    qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC');
    const rows = await qb.getMany();
    const orgs = await this.memberOrganisations(rows.map((r) => r.id));
    // Scope depends on the territory hierarchy, which lives in memory, so it is applied here.
    const visible = rows.filter(
      (t) =>
        (!query.territory || (t.territoryCode !== null && this.reference.lineage(t.territoryCode).includes(query.territory))) &&
        (!query.organisation || (orgs.get(t.id) ?? []).includes(query.organisation)) &&
        canSeeTable(actor, t, orgs.get(t.id) ?? [], this.reference.territories),
    );
    const page = pageOf(visible, query);
    return { ...page, items: page.items.map((t) => this.view(t, actor)) };
  }

  async transition(id: string, dto: TechnicalTableTransitionDto, principal: Principal): Promise<TechnicalTable> {
    const actor = actorOf(principal);
    const saved = await inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(TechnicalTableEntity);
      const t = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw notFound('technical-table', id);
      await this.assertVisible(t, actor, m);
      if (t.version !== dto.version) throw staleVersion('table', t.version);
      const result = transitionTechnicalTable(t, dto.action, actor, this.reference.territories);
      if (!result.ok) throw toAppError(result.error);
      return repo.save({ ...t, status: result.value, version: t.version + 1, updatedAt: this.clock.now() });
    });
    return this.view(saved, actor);
  }

  /** The table with the caller's visibility checked. */
  async load(id: string, actor: Actor): Promise<TechnicalTableEntity> {
    return this.loadIn(this.dataSource.manager, id, actor);
  }

  /** The same, inside the caller's transaction. */
  async loadIn(m: EntityManager, id: string, actor: Actor): Promise<TechnicalTableEntity> {
    const t = await m.getRepository(TechnicalTableEntity).findOneBy({ id });
    if (!t) throw notFound('technical-table', id);
    await this.assertVisible(t, actor, m);
    return t;
  }

  /** Adding members, meetings and issues: the caller manages the table, and the table is open. */
  async loadForWrite(id: string, actor: Actor): Promise<TechnicalTableEntity> {
    const t = await this.load(id, actor);
    if (!canManageTable(actor, t, this.reference.territories)) {
      throw new ForbiddenError(t.level === 'CENTRAL' ? 'Only the central directorate manages central tables' : 'This table is outside your competence', [
        { field: t.level === 'CENTRAL' ? 'level' : 'territoryCode', issue: 'not managed by you' },
      ]);
    }
    if (t.status !== 'ACTIVE') throw new ConflictError('The table is closed', [{ field: 'status', issue: 'CLOSED: reopen it first' }], 'TABLE_CLOSED');
    return t;
  }

  private async assertVisible(t: TechnicalTableEntity, actor: Actor, m: EntityManager): Promise<void> {
    // Only partners' visibility depends on who sits at the table: spare the others the query.
    const orgs = isNationalActor(actor) || actor.roles.includes('territorial') ? [] : ((await this.memberOrganisations([t.id], m)).get(t.id) ?? []);
    if (!canSeeTable(actor, t, orgs, this.reference.territories)) throw notFound('technical-table', t.id);
  }

  private async memberOrganisations(tableIds: readonly string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (tableIds.length === 0) return map;
    const rows = await m.getRepository(TechnicalTableMemberEntity).findBy({ tableId: In([...tableIds]) });
    for (const r of rows) if (r.organisationId) map.set(r.tableId, [...(map.get(r.tableId) ?? []), r.organisationId]);
    return map;
  }

  private view(t: TechnicalTableEntity, actor: Actor): TechnicalTable {
    return {
      id: t.id,
      name: t.name,
      level: t.level,
      territoryCode: t.territoryCode,
      agreementId: t.agreementId,
      status: t.status,
      version: t.version,
      allowedActions: technicalTableAllowedActions(t, actor, this.reference.territories),
      createdAt: t.createdAt.toISOString(),
    };
  }
}
