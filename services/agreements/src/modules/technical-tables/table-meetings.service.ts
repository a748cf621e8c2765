import { romeDate } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, inTransaction, OutboxService, type Principal, TECHNICAL_TABLE_MEETING_HELD, ValidationFailedError } from '@inps/shared';
import { notFound } from '../../common/access';
import { actorOf } from '../../common/actor';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import { meetingAllowedActions, transitionMeeting, type Actor } from '../../domain';
import { AgreementDocumentEntity } from '../documents/document.entity';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type { MeetingQueryDto, MeetingTransitionDto, PlanMeetingDto } from './dto/table-meeting.dto';
import type { TableMeeting, TableMeetingPage } from './dto/table-meeting.view';
import { TechnicalTableEntity, TechnicalTableMeetingEntity, TechnicalTableMemberEntity } from './technical-table.entity';
import { TechnicalTablesService } from './technical-tables.service';

const API_FIELDS = { reason: 'comment' };

/** A table's meetings: planned, then held (with minutes and attendance) or cancelled. */
@Injectable()
export class TableMeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
    private readonly tables: TechnicalTablesService,
  ) {}

  async list(tableId: string, query: MeetingQueryDto, principal: Principal): Promise<TableMeetingPage> {
    const actor = actorOf(principal);
    const t = await this.tables.load(tableId, actor);
    const rows = await this.dataSource
      .getRepository(TechnicalTableMeetingEntity)
      .find({ where: { tableId, ...(query.status ? { status: query.status } : {}) }, order: { startsAt: 'ASC', id: 'ASC' } });
    const page = pageOf(rows, query);
    return { ...page, items: page.items.map((mt) => this.view(mt, t, actor)) };
  }

  async plan(tableId: string, dto: PlanMeetingDto, principal: Principal): Promise<TableMeeting> {
    const actor = actorOf(principal);
    const t = await this.tables.loadForWrite(tableId, actor);
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
    return this.view(saved, t, actor);
  }

  async transition(tableId: string, meetingId: string, dto: MeetingTransitionDto, principal: Principal): Promise<TableMeeting> {
    const actor = actorOf(principal);
    const now = this.clock.now();
    const { saved, table } = await inTransaction(this.dataSource, async (m) => {
      const t = await this.tables.loadIn(m, tableId, actor);
      const repo = m.getRepository(TechnicalTableMeetingEntity);
      const mt = await repo.findOne({ where: { id: meetingId, tableId }, lock: { mode: 'pessimistic_write' } });
      if (!mt) throw notFound('technical-table-meeting', meetingId);
      if (mt.version !== dto.version) throw staleVersion('meeting', mt.version);
      const result = transitionMeeting(
        mt,
        t,
        { action: dto.action, reason: dto.comment, minutesDocumentId: dto.minutesDocumentId },
        actor,
        now,
        this.reference.territories,
      );
      if (!result.ok) throw toAppError(result.error, API_FIELDS);
      let attendeeIds = mt.attendeeIds;
      if (dto.action === 'mark_held') {
        if (!(await m.getRepository(AgreementDocumentEntity).existsBy({ id: dto.minutesDocumentId }))) {
          throw new ValidationFailedError([{ field: 'minutesDocumentId', issue: 'no such document: upload the minutes first' }]);
        }
        attendeeIds = [...new Set(dto.attendeeIds ?? [])];
        // Only who sat at the table on the meeting's day (Rome) can have attended it.
        const day = romeDate(mt.startsAt);
        const members = new Map((await m.getRepository(TechnicalTableMemberEntity).findBy({ tableId })).map((x) => [x.id, x]));
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
      if (dto.action === 'mark_held') {
        // The day the meeting took place (its Rome day), not the day the minutes were recorded.
        await this.outbox.enqueue(
          m,
          TECHNICAL_TABLE_MEETING_HELD,
          { meetingId: mt.id, tableId: t.id, level: t.level, territory: t.territoryCode, day: romeDate(mt.startsAt) },
          mt.id,
        );
      }
      return { saved: updated, table: t };
    });
    return this.view(saved, table, actor);
  }

  private view(mt: TechnicalTableMeetingEntity, t: TechnicalTableEntity, actor: Actor): TableMeeting {
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
}
