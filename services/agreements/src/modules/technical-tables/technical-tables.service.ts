import { romeDate } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  Clock,
  ConflictError,
  ForbiddenError,
  inTransaction,
  NotFoundError,
  OutboxService,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  ValidationFailedError,
  type Principal,
  type TechnicalTableIssueEscalatedPayload as TableIssueEscalatedPayload,
} from '@inps/shared';
import { actorOf } from '../../common/actor';
import { toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import {
  canManageTable,
  canSeeTable,
  isNationalActor,
  issueAllowedActions,
  meetingAllowedActions,
  technicalTableAllowedActions,
  transitionIssue,
  transitionMeeting,
  transitionTechnicalTable,
  type Actor,
  type DomainError,
  type TableScope,
} from '../../domain';
import { AgreementEntity } from '../agreements/agreement.entity';
import { AgreementDocumentEntity } from '../documents/document.entity';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type {
  AddMemberDto,
  CreateTechnicalTableDto,
  EndMemberDto,
  IssueQueryDto,
  IssueTransitionDto,
  MeetingQueryDto,
  MeetingTransitionDto,
  PlanMeetingDto,
  RaiseIssueDto,
  TechnicalTableQueryDto,
  TechnicalTableTransitionDto,
} from './dto/technical-table.dto';
import { TechnicalTableEntity, TechnicalTableIssueEntity, TechnicalTableMeetingEntity, TechnicalTableMemberEntity } from './technical-table.entity';

const API_FIELD: Record<string, string> = { reason: 'comment' };
const apiError = (e: DomainError & { readonly allowedActions?: readonly string[] }) =>
  toAppError({ ...e, details: e.details.map((d) => ({ ...d, field: API_FIELD[d.field] ?? d.field })) });

const stale = (what: string, version: number) =>
  new ConflictError(`The ${what} was changed meanwhile; reload it`, [{ field: 'version', issue: `current version is ${version}` }], 'STALE_VERSION');

@Injectable()
export class TechnicalTablesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  async create(dto: CreateTechnicalTableDto, principal: Principal) {
    const actor = actorOf(principal);
    if (dto.level === 'LOCAL' && !dto.territoryCode) throw new ValidationFailedError([{ field: 'territoryCode', issue: 'required for a LOCAL table' }]);
    if (dto.level === 'CENTRAL' && dto.territoryCode)
      throw new ValidationFailedError([{ field: 'territoryCode', issue: 'a CENTRAL table is national: leave it out' }]);
    const territoryCode = dto.level === 'LOCAL' ? (dto.territoryCode ?? null) : null;
    if (territoryCode) this.reference.assertTerritoriesValid([territoryCode], romeDate(this.clock.now()), 'territoryCode');
    const scope: TableScope = { level: dto.level, territoryCode, status: 'ACTIVE' };
    if (!canManageTable(actor, scope, this.reference.territories)) {
      throw dto.level === 'CENTRAL'
        ? new ForbiddenError('Only the central directorate sets up central tables', [{ field: 'level', issue: 'CENTRAL needs the central role' }])
        : new ForbiddenError('The territory is outside your competence', [{ field: 'territoryCode', issue: 'not covered by your territories' }]);
    }
    if (dto.agreementId && !(await this.dataSource.getRepository(AgreementEntity).existsBy({ id: dto.agreementId }))) {
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

  async get(id: string, principal: Principal) {
    const actor = actorOf(principal);
    return this.view(await this.load(id, actor), actor);
  }

  async list(query: TechnicalTableQueryDto, principal: Principal) {
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

  async transition(id: string, dto: TechnicalTableTransitionDto, principal: Principal) {
    const actor = actorOf(principal);
    const saved = await inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(TechnicalTableEntity);
      const t = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw new NotFoundError('No such technical table');
      await this.assertVisible(t, actor, m);
      if (t.version !== dto.version) throw stale('table', t.version);
      const result = transitionTechnicalTable(t, dto.action, actor, this.reference.territories);
      if (!result.ok) throw apiError(result.error);
      return repo.save({ ...t, status: result.value, version: t.version + 1, updatedAt: this.clock.now() });
    });
    return this.view(saved, actor);
  }

  // Members

  async members(id: string, query: { limit?: number; offset?: number }, principal: Principal) {
    await this.load(id, actorOf(principal));
    const rows = await this.dataSource.getRepository(TechnicalTableMemberEntity).find({ where: { tableId: id }, order: { validFrom: 'ASC', id: 'ASC' } });
    const page = pageOf(rows, query);
    return { ...page, items: page.items.map(memberView) };
  }

  async addMember(id: string, dto: AddMemberDto, principal: Principal) {
    const actor = actorOf(principal);
    const t = await this.loadForWrite(id, actor);
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
  async endMember(id: string, memberId: string, dto: EndMemberDto, principal: Principal) {
    const actor = actorOf(principal);
    const t = await this.loadForWrite(id, actor);
    const repo = this.dataSource.getRepository(TechnicalTableMemberEntity);
    const member = await repo.findOneBy({ id: memberId, tableId: t.id });
    if (!member) throw new NotFoundError('No such member of this table');
    if (dto.validTo < member.validFrom) throw new ValidationFailedError([{ field: 'validTo', issue: `before validFrom (${member.validFrom})` }]);
    return memberView(await repo.save({ ...member, validTo: dto.validTo }));
  }

  // Meetings

  async meetings(id: string, query: MeetingQueryDto, principal: Principal) {
    const actor = actorOf(principal);
    const t = await this.load(id, actor);
    const rows = await this.dataSource
      .getRepository(TechnicalTableMeetingEntity)
      .find({ where: { tableId: id, ...(query.status ? { status: query.status } : {}) }, order: { startsAt: 'ASC', id: 'ASC' } });
    const page = pageOf(rows, query);
    return { ...page, items: page.items.map((mt) => this.meetingView(mt, t, actor)) };
  }

  async planMeeting(id: string, dto: PlanMeetingDto, principal: Principal) {
    const actor = actorOf(principal);
    const t = await this.loadForWrite(id, actor);
    if (!dto.place && !dto.onlineLink) throw new ValidationFailedError([{ field: 'place', issue: 'give a place, an onlineLink or both' }]);
    const saved = await this.dataSource.getRepository(TechnicalTableMeetingEntity).save({
      tableId: t.id,
      startsAt: new Date(dto.startsAt),
      place: dto.place ?? null,
      onlineLink: dto.onlineLink ?? null,
      agenda: dto.agenda,
      status: 'PLANNED',
      cancellationReason: null,
      attendeeIds: [],
      minutesDocumentId: null,
      version: 1,
      createdBy: actor.id,
      updatedAt: this.clock.now(),
    });
    return this.meetingView(saved, t, actor);
  }

  async transitionMeeting(id: string, meetingId: string, dto: MeetingTransitionDto, principal: Principal) {
    const actor = actorOf(principal);
    const now = this.clock.now();
    const { saved, table } = await inTransaction(this.dataSource, async (m) => {
      const t = await this.loadIn(m, id, actor);
      const repo = m.getRepository(TechnicalTableMeetingEntity);
      const mt = await repo.findOne({ where: { id: meetingId, tableId: id }, lock: { mode: 'pessimistic_write' } });
      if (!mt) throw new NotFoundError('No such meeting at this table');
      if (mt.version !== dto.version) throw stale('meeting', mt.version);
      const result = transitionMeeting(
        mt,
        t,
        { action: dto.action, reason: dto.comment, minutesDocumentId: dto.minutesDocumentId },
        actor,
        now,
        this.reference.territories,
      );
      if (!result.ok) throw apiError(result.error);
      let attendeeIds = mt.attendeeIds;
      if (dto.action === 'mark_held') {
        if (!(await m.getRepository(AgreementDocumentEntity).existsBy({ id: dto.minutesDocumentId }))) {
          throw new ValidationFailedError([{ field: 'minutesDocumentId', issue: 'no such document: upload the minutes first' }]);
        }
        attendeeIds = [...new Set(dto.attendeeIds ?? [])];
        // Only who sat at the table on the meeting's day (Rome) can have attended it.
        const day = romeDate(mt.startsAt);
        const members = new Map((await m.getRepository(TechnicalTableMemberEntity).findBy({ tableId: id })).map((x) => [x.id, x]));
        const strangers = attendeeIds.flatMap((a, i) => {
          const member = members.get(a);
          if (!member) return [{ field: `attendeeIds.${i}`, issue: 'not a member of this table' }];
          if (member.validFrom > day || (member.validTo !== null && member.validTo < day))
            return [{ field: `attendeeIds.${i}`, issue: `not a member on ${day}` }];
          return [];
        });
        if (strangers.length > 0) throw new ValidationFailedError('Attendees must be members of the table', strangers);
      }
      const updated = await repo.save({
        ...mt,
        status: result.value,
        attendeeIds,
        minutesDocumentId: dto.action === 'mark_held' ? (dto.minutesDocumentId ?? null) : mt.minutesDocumentId,
        cancellationReason: dto.action === 'cancel' ? (dto.comment?.trim() ?? null) : mt.cancellationReason,
        version: mt.version + 1,
        updatedAt: now,
      });
      return { saved: updated, table: t };
    });
    return this.meetingView(saved, table, actor);
  }

  // Issues

  async issues(id: string, query: IssueQueryDto, principal: Principal) {
    const actor = actorOf(principal);
    const t = await this.load(id, actor);
    const rows = await this.dataSource
      .getRepository(TechnicalTableIssueEntity)
      .find({ where: { tableId: id, ...(query.status ? { status: query.status } : {}) }, order: { raisedOn: 'ASC', id: 'ASC' } });
    const page = pageOf(rows, query);
    return { ...page, items: page.items.map((i) => this.issueView(i, t, actor)) };
  }

  async raiseIssue(id: string, dto: RaiseIssueDto, principal: Principal) {
    const actor = actorOf(principal);
    const t = await this.loadForWrite(id, actor);
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
    return this.issueView(saved, t, actor);
  }

  /**
   * Escalating opens a linked issue on the central table and hands the local one over; resolving
   * either side of an escalation resolves the other too, so the two never disagree.
   */
  async transitionIssue(id: string, issueId: string, dto: IssueTransitionDto, principal: Principal) {
    const actor = actorOf(principal);
    const now = this.clock.now();
    const today = romeDate(now);
    const { saved, table } = await inTransaction(this.dataSource, async (m) => {
      const t = await this.loadIn(m, id, actor);
      const repo = m.getRepository(TechnicalTableIssueEntity);
      const issue = await repo.findOne({ where: { id: issueId, tableId: id }, lock: { mode: 'pessimistic_write' } });
      if (!issue) throw new NotFoundError('No such issue at this table');
      if (issue.version !== dto.version) throw stale('issue', issue.version);
      const result = transitionIssue(
        issue.status,
        t,
        { action: dto.action, note: dto.note, centralTableId: dto.centralTableId },
        actor,
        this.reference.territories,
      );
      if (!result.ok) throw apiError(result.error);
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
    return this.issueView(saved, table, actor);
  }

  // Access

  /** Internal: the table with the caller's visibility checked (also for the GraphQL resolvers). */
  async load(id: string, actor: Actor): Promise<TechnicalTableEntity> {
    return this.loadIn(this.dataSource.manager, id, actor);
  }

  private async loadIn(m: EntityManager, id: string, actor: Actor): Promise<TechnicalTableEntity> {
    const t = await m.getRepository(TechnicalTableEntity).findOneBy({ id });
    if (!t) throw new NotFoundError('No such technical table');
    await this.assertVisible(t, actor, m);
    return t;
  }

  /** Adding members, meetings and issues: the caller manages the table, and the table is open. */
  private async loadForWrite(id: string, actor: Actor): Promise<TechnicalTableEntity> {
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
    const orgs = isNationalActor(actor) || actor.roles.includes('territorial') ? [] : ((await this.memberOrganisations([t.id], m)).get(t.id) ?? []);
    if (!canSeeTable(actor, t, orgs, this.reference.territories)) throw new ForbiddenError('This technical table is outside your competence');
  }

  private async memberOrganisations(tableIds: readonly string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (tableIds.length === 0) return map;
    const rows = await m.getRepository(TechnicalTableMemberEntity).findBy({ tableId: In([...tableIds]) });
    for (const r of rows) if (r.organisationId) map.set(r.tableId, [...(map.get(r.tableId) ?? []), r.organisationId]);
    return map;
  }

  // Views

  view(t: TechnicalTableEntity, actor: Actor) {
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

  private meetingView(mt: TechnicalTableMeetingEntity, t: TechnicalTableEntity, actor: Actor) {
    return {
      id: mt.id,
      tableId: mt.tableId,
      startsAt: mt.startsAt.toISOString(),
      day: romeDate(mt.startsAt),
      place: mt.place,
      onlineLink: mt.onlineLink,
      agenda: mt.agenda,
      status: mt.status,
      cancellationReason: mt.cancellationReason,
      attendeeIds: mt.attendeeIds,
      minutesDocumentId: mt.minutesDocumentId,
      version: mt.version,
      allowedActions: meetingAllowedActions(mt, t, actor, this.clock.now(), this.reference.territories),
    };
  }

  private issueView(i: TechnicalTableIssueEntity, t: TechnicalTableEntity, actor: Actor) {
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

function memberView(x: TechnicalTableMemberEntity) {
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
