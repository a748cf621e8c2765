import { romeDate } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Clock,
  inTransaction,
  OutboxService,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  ValidationFailedError,
  type Principal,
  type TechnicalTableIssueEscalatedPayload as TableIssueEscalatedPayload,
} from '@inps/shared';
import { notFound } from '../../common/access';
import { actorOf } from '../../common/actor';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import { issueAllowedActions, transitionIssue, type Actor } from '../../domain';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type { IssueQueryDto, IssueTransitionDto, RaiseIssueDto } from './dto/table-issue.dto';
import type { TableIssue, TableIssuePage } from './dto/table-issue.view';
import { TechnicalTableEntity, TechnicalTableIssueEntity } from './technical-table.entity';
import { TechnicalTablesService } from './technical-tables.service';

/** Issues raised at a table: resolved there, or escalated from a local table to a central one. */
@Injectable()
export class TableIssuesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
    private readonly tables: TechnicalTablesService,
  ) {}

  async list(tableId: string, query: IssueQueryDto, principal: Principal): Promise<TableIssuePage> {
    const actor = actorOf(principal);
    const t = await this.tables.load(tableId, actor);
    const rows = await this.dataSource
      .getRepository(TechnicalTableIssueEntity)
      .find({ where: { tableId, ...(query.status ? { status: query.status } : {}) }, order: { raisedOn: 'ASC', id: 'ASC' } });
    const page = pageOf(rows, query);
    return { ...page, items: page.items.map((i) => this.view(i, t, actor)) };
  }

  async raise(tableId: string, dto: RaiseIssueDto, principal: Principal): Promise<TableIssue> {
    const actor = actorOf(principal);
    const t = await this.tables.loadForWrite(tableId, actor);
    if (dto.raisedAt > romeDate(this.clock.now())) throw new ValidationFailedError([{ field: 'raisedAt', issue: 'in the future' }]);
    const saved = await this.dataSource.getRepository(TechnicalTableIssueEntity).save({
      tableId: t.id,
      title: dto.title,
      description: dto.description,
      raisedOn: dto.raisedAt,
      status: 'OPEN',
      escalatedToId: null,
      escalatedFromId: null,
      resolutionNote: null,
      resolvedOn: null,
      version: 1,
      createdBy: actor.id,
      updatedAt: this.clock.now(),
    });
    return this.view(saved, t, actor);
  }

  /**
   * Escalating opens a linked issue on the central table and hands the local one over; resolving
   * either side of an escalation resolves the other too, so the two never disagree.
   */
  async transition(tableId: string, issueId: string, dto: IssueTransitionDto, principal: Principal): Promise<TableIssue> {
    const actor = actorOf(principal);
    const now = this.clock.now();
    const today = romeDate(now);
    const { saved, table } = await inTransaction(this.dataSource, async (m) => {
      const t = await this.tables.loadIn(m, tableId, actor);
      const repo = m.getRepository(TechnicalTableIssueEntity);
      const issue = await repo.findOne({ where: { id: issueId, tableId }, lock: { mode: 'pessimistic_write' } });
      if (!issue) throw notFound('technical-table-issue', issueId);
      if (issue.version !== dto.version) throw staleVersion('issue', issue.version);
      const result = transitionIssue(
        issue.status,
        t,
        { action: dto.action, note: dto.note, centralTableId: dto.centralTableId },
        actor,
        this.reference.territories,
      );
      if (!result.ok) throw toAppError(result.error);
      if (dto.action === 'escalate') {
        const central = await m.getRepository(TechnicalTableEntity).findOneBy({ id: dto.centralTableId });
        if (!central || central.level !== 'CENTRAL') throw new ValidationFailedError([{ field: 'centralTableId', issue: 'no such CENTRAL table' }]);
        if (central.status !== 'ACTIVE') throw new ValidationFailedError([{ field: 'centralTableId', issue: 'the central table is closed' }]);
        const opened = await repo.save({
          tableId: central.id,
          title: issue.title,
          description: issue.description,
          raisedOn: today,
          status: 'OPEN' as const,
          escalatedToId: null,
          escalatedFromId: issue.id,
          resolutionNote: null,
          resolvedOn: null,
          version: 1,
          createdBy: actor.id,
          updatedAt: now,
        });
        const updated = await repo.save({ ...issue, status: result.value, escalatedToId: opened.id, version: issue.version + 1, updatedAt: now });
        const payload: TableIssueEscalatedPayload = {
          issueId: issue.id,
          tableId: t.id,
          territory: t.territoryCode,
          centralIssueId: opened.id,
          centralTableId: central.id,
          day: today,
        };
        await this.outbox.enqueue(m, TECHNICAL_TABLE_ISSUE_ESCALATED, payload, issue.id);
        return { saved: updated, table: t };
      }
      const note = dto.note?.trim() ?? null;
      const updated = await repo.save({ ...issue, status: result.value, resolutionNote: note, resolvedOn: today, version: issue.version + 1, updatedAt: now });
      const linkedId = issue.escalatedToId ?? issue.escalatedFromId;
      const linked = linkedId ? await repo.findOne({ where: { id: linkedId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (linked && linked.status !== 'RESOLVED') {
        await repo.save({ ...linked, status: 'RESOLVED', resolutionNote: note, resolvedOn: today, version: linked.version + 1, updatedAt: now });
      }
      return { saved: updated, table: t };
    });
    return this.view(saved, table, actor);
  }

  private view(i: TechnicalTableIssueEntity, t: TechnicalTableEntity, actor: Actor): TableIssue {
    return {
      id: i.id,
      tableId: i.tableId,
      title: i.title,
      description: i.description,
      raisedAt: i.raisedOn,
      status: i.status,
      escalatedToId: i.escalatedToId,
      escalatedFromId: i.escalatedFromId,
      resolutionNote: i.resolutionNote,
      resolvedOn: i.resolvedOn,
      version: i.version,
      allowedActions: issueAllowedActions(i.status, t, actor, this.reference.territories),
    };
  }
}
