import { DEFAULT_LANGUAGE, romeDate } from '@inps/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  Clock,
  ForbiddenError,
  inTransaction,
  OUTREACH_EVENT_HELD,
  OutboxService,
  type OutreachEventHeldPayload,
  type Principal,
  ValidationFailedError,
} from '@inps/shared';
import type { AgreementsConfig } from '../../agreements.config';
import { notFound, roleRefused } from '../../common/access';
import { actorOf } from '../../common/actor';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import {
  buildICalendar,
  canSeeLocal,
  communicatedInTime,
  isNationalActor,
  outreachEventAllowedActions,
  reachesTerritory,
  rescheduleOutreachEvent,
  transitionOutreachEvent,
  validateEventTimes,
  type Actor,
  type OutreachEvent,
  canViewAgreement,
} from '../../domain';
import { AgreementEntity } from '../agreements/agreement.entity';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type {
  CalendarQueryDto,
  CreateOutreachEventDto,
  OutreachEventQueryDto,
  OutreachEventTransitionDto,
  RescheduleOutreachEventDto,
} from './dto/outreach-event.dto';
import type { OutreachEvent as OutreachEventView, OutreachEventPage } from './dto/outreach-event.view';
import { OutreachEventEntity } from './outreach-event.entity';

const API_FIELDS = { reason: 'comment' };

@Injectable()
export class OutreachEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
    @Inject(APP_CONFIG) private readonly config: AgreementsConfig,
  ) {}

  async create(dto: CreateOutreachEventDto, principal: Principal): Promise<OutreachEventView> {
    const actor = actorOf(principal);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const invalid = validateEventTimes(startsAt, endsAt);
    if (invalid) throw toAppError(invalid, API_FIELDS);
    this.reference.assertTerritoriesValid([dto.territoryCode], romeDate(startsAt), 'territoryCode');
    if (!reachesTerritory(actor, dto.territoryCode, this.reference.territories)) {
      throw new ForbiddenError('The territory is outside your competence', [{ field: 'territoryCode', issue: 'not covered by your territories' }]);
    }
    if (dto.organisationId && !this.reference.organisation(dto.organisationId)) {
      throw new ValidationFailedError([{ field: 'organisationId', issue: 'unknown organisation' }]);
    }
    // One the caller cannot see is answered as a missing one: a link must not reveal that it exists.
    const linked = dto.agreementId ? await this.dataSource.getRepository(AgreementEntity).findOneBy({ id: dto.agreementId }) : null;
    if (
      dto.agreementId &&
      !(linked && canViewAgreement({ kind: linked.kind, scope: linked.scope, partyOrganisationIds: linked.organisationIds }, actor, this.reference.territories))
    ) {
      throw new ValidationFailedError([{ field: 'agreementId', issue: 'no such agreement' }]);
    }
    const saved = await this.dataSource.getRepository(OutreachEventEntity).save({
      agreementId: dto.agreementId ?? null,
      organisationId: dto.organisationId ?? null,
      territoryCode: dto.territoryCode,
      venueType: dto.venueType,
      venueName: dto.venueName,
      address: dto.address ?? null,
      title: dto.title ?? null,
      description: dto.description ?? null,
      startsAt,
      endsAt,
      status: 'PLANNED',
      communicatedAt: null,
      cancellationReason: null,
      peopleContacted: null,
      sequence: 0,
      version: 1,
      createdBy: actor.id,
    });
    return this.view(saved, actor);
  }

  async get(id: string, principal: Principal): Promise<OutreachEventView> {
    const actor = actorOf(principal);
    return this.view(await this.load(id, actor), actor);
  }

  /** Internal: the event a mobile-unit request is for, with the caller's visibility checked. */
  async load(id: string, actor: Actor): Promise<OutreachEventEntity> {
    const e = await this.dataSource.getRepository(OutreachEventEntity).findOneBy({ id });
    if (!e) throw notFound('outreach-event', id);
    if (!canSeeLocal(actor, e.territoryCode, e.organisationId, this.reference.territories)) throw notFound('outreach-event', id);
    return e;
  }

  private async visible(
    actor: Actor,
    filter: { territory?: string; organisation?: string; agreement?: string; from?: string; to?: string },
  ): Promise<OutreachEventEntity[]> {
    const qb = this.dataSource.getRepository(OutreachEventEntity).createQueryBuilder('e');
    if (filter.agreement) qb.andWhere('e.agreement_id = :agreement', { agreement: filter.agreement });
    if (filter.organisation) qb.andWhere('e.organisation_id = :org', { org: filter.organisation });
    if (filter.from) qb.andWhere('e.ends_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.starts_at <= :to', { to: filter.to });
    qb.orderBy('e.starts_at', 'ASC').addOrderBy('e.id', 'ASC');
    const territory = filter.territory;
    return (await qb.getMany()).filter(
      (e) =>
        (!territory || this.reference.lineage(e.territoryCode).includes(territory)) &&
        canSeeLocal(actor, e.territoryCode, e.organisationId, this.reference.territories),
    );
  }

  async list(query: OutreachEventQueryDto, principal: Principal): Promise<OutreachEventPage> {
    const actor = actorOf(principal);
    const page = pageOf(await this.visible(actor, query), query);
    return { ...page, items: page.items.map((e) => this.view(e, actor)) };
  }

  async calendar(query: CalendarQueryDto, principal: Principal): Promise<string> {
    const actor = actorOf(principal);
    const events = await this.visible(actor, query);
    return buildICalendar(
      events.map((e) => this.toDomain(e)),
      { language: query.lang ?? DEFAULT_LANGUAGE },
    );
  }

  async reschedule(id: string, dto: RescheduleOutreachEventDto, principal: Principal): Promise<OutreachEventView> {
    const actor = actorOf(principal);
    return this.write(id, dto.version, actor, (e, now) => {
      if (!isNationalActor(actor) && !actor.roles.includes('territorial')) throw roleRefused('Only INPS staff move events', ['central', 'territorial']);
      const result = rescheduleOutreachEvent(this.toDomain(e), new Date(dto.startsAt), new Date(dto.endsAt), now);
      if (!result.ok) throw toAppError(result.error, API_FIELDS);
      return { startsAt: result.value.startsAt, endsAt: result.value.endsAt, sequence: result.value.sequence };
    });
  }

  async transition(id: string, dto: OutreachEventTransitionDto, principal: Principal): Promise<OutreachEventView> {
    const actor = actorOf(principal);
    return this.write(id, dto.version, actor, (e, now) => {
      const result = transitionOutreachEvent(this.toDomain(e), { action: dto.action, reason: dto.comment }, actor, now, this.reference.territories);
      if (!result.ok) throw toAppError(result.error, API_FIELDS);
      if (dto.action === 'mark_held' && dto.peopleContacted === undefined) {
        throw new ValidationFailedError([{ field: 'peopleContacted', issue: 'required when the event is marked held' }]);
      }
      const next = result.value;
      return {
        status: next.status,
        sequence: next.sequence,
        communicatedAt: next.communicatedAt,
        cancellationReason: next.cancellationReason ?? null,
        peopleContacted: dto.action === 'mark_held' ? (dto.peopleContacted ?? null) : e.peopleContacted,
      };
    });
  }

  private async write(
    id: string,
    version: number,
    actor: Actor,
    change: (e: OutreachEventEntity, now: Date) => Partial<OutreachEventEntity>,
  ): Promise<OutreachEventView> {
    const now = this.clock.now();
    const saved = await inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(OutreachEventEntity);
      const e = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw notFound('outreach-event', id);
      if (!canSeeLocal(actor, e.territoryCode, e.organisationId, this.reference.territories)) throw notFound('outreach-event', id);
      if (e.version !== version) throw staleVersion('event', e.version);
      const updated: OutreachEventEntity = { ...e, ...change(e, now), version: e.version + 1, updatedAt: now };
      await repo.save(updated);
      if (updated.status === 'HELD' && e.status !== 'HELD') {
        const payload: OutreachEventHeldPayload = {
          eventId: e.id,
          agreementId: e.agreementId,
          organisationId: e.organisationId,
          territory: e.territoryCode,
          day: romeDate(updated.startsAt),
          peopleContacted: updated.peopleContacted ?? 0,
          communicatedInTime: communicatedInTime(updated, this.config.EVENT_COMMUNICATION_LEAD_DAYS).inTime,
        };
        await this.outbox.enqueue(m, OUTREACH_EVENT_HELD, payload, e.id);
      }
      return updated;
    });
    return this.view(saved, actor);
  }

  private toDomain(e: OutreachEventEntity): OutreachEvent {
    return {
      id: e.id,
      status: e.status,
      territoryCode: e.territoryCode,
      venueType: e.venueType,
      venueName: e.venueName,
      address: e.address,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      communicatedAt: e.communicatedAt,
      sequence: e.sequence,
      updatedAt: e.updatedAt,
      cancellationReason: e.cancellationReason,
      title: e.title ? { it: e.title, en: e.title } : null,
      description: e.description ? { it: e.description, en: e.description } : null,
    };
  }

  private view(e: OutreachEventEntity, actor: Actor): OutreachEventView {
    const timeliness = communicatedInTime(e, this.config.EVENT_COMMUNICATION_LEAD_DAYS);
    return {
      id: e.id,
      agreementId: e.agreementId,
      organisationId: e.organisationId,
      territoryCode: e.territoryCode,
      venueType: e.venueType,
      venueName: e.venueName,
      address: e.address,
      title: e.title,
      description: e.description,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      status: e.status,
      communicatedAt: e.communicatedAt?.toISOString() ?? null,
      communicatedInTime: timeliness.inTime,
      communicatedDaysAhead: timeliness.daysAhead,
      cancellationReason: e.cancellationReason,
      peopleContacted: e.peopleContacted,
      sequence: e.sequence,
      version: e.version,
      allowedActions: outreachEventAllowedActions(this.toDomain(e), actor, this.clock.now(), this.reference.territories),
    };
  }
}
