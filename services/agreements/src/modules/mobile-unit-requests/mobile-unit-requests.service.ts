import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { romeDate, textIn } from '@inps/kernel';
import {
  APP_CONFIG,
  Clock,
  inTransaction,
  MOBILE_UNIT_REQUEST_DECIDED,
  OutboxService,
  type Principal,
  type MobileUnitRequestDecidedPayload,
} from '@inps/shared';
import type { AgreementsConfig } from '../../agreements.config';
import { notFound } from '../../common/access';
import { actorOf } from '../../common/actor';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import {
  canSeeLocal,
  fileMobileUnitRequest,
  isPartnerStaff,
  mobileUnitAllowedActions,
  STATION_KIND_LABELS,
  transitionMobileUnitRequest,
  type Actor,
  type MobileUnitRequest,
} from '../../domain';
import { OutreachEventsService } from '../outreach-events/outreach-events.service';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type { CreateMobileUnitRequestDto, MobileUnitQueryDto, MobileUnitTransitionDto } from './dto/mobile-unit-request.dto';
import type { MobileUnitRequest as MobileUnitRequestView, MobileUnitRequestPage } from './dto/mobile-unit-request.view';
import { MobileUnitRequestEntity } from './mobile-unit-request.entity';

/** The request names its event; the domain speaks of the event's date and territory. */
const API_FIELDS = { reason: 'comment', eventDate: 'eventId', territoryCode: 'eventId' };

@Injectable()
export class MobileUnitRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
    private readonly events: OutreachEventsService,
    @Inject(APP_CONFIG) private readonly config: AgreementsConfig,
  ) {}

  async create(dto: CreateMobileUnitRequestDto, principal: Principal): Promise<MobileUnitRequestView> {
    const actor = actorOf(principal);
    const event = await this.events.load(dto.eventId, actor);
    const now = this.clock.now();
    const filed = fileMobileUnitRequest(
      {
        id: '',
        eventId: event.id,
        territoryCode: event.territoryCode,
        eventStartsAt: event.startsAt,
        availableSpace: dto.availableSpace,
        stationKind: dto.stationKind,
        override: dto.override ?? null,
      },
      actor,
      now,
      this.reference.territories,
      this.config.MOBILE_UNIT_MIN_LEAD_DAYS,
    );
    if (!filed.ok) throw toAppError(filed.error, API_FIELDS);
    const r = filed.value;
    const saved = await this.dataSource.getRepository(MobileUnitRequestEntity).save({
      eventId: r.eventId,
      territoryCode: r.territoryCode,
      eventStartsAt: r.eventStartsAt,
      requestedAt: r.requestedAt,
      requestedBy: r.requestedBy,
      availableSpace: r.availableSpace,
      stationKind: r.stationKind,
      leadTimeDays: r.leadTimeDays,
      override: r.leadTimeOverride,
      status: r.status,
      assignedUnit: null,
      closingReason: null,
      version: 1,
      updatedAt: now,
    });
    return this.view(saved, actor);
  }

  async get(id: string, principal: Principal): Promise<MobileUnitRequestView> {
    const actor = actorOf(principal);
    const r = await this.dataSource.getRepository(MobileUnitRequestEntity).findOneBy({ id });
    if (!r) throw notFound('mobile-unit-request', id);
    if (!canSeeLocal(actor, r.territoryCode, null, this.reference.territories) && !(await this.partnerEventIds(actor)).has(r.eventId)) {
      throw notFound('mobile-unit-request', id);
    }
    return this.view(r, actor);
  }

  async list(query: MobileUnitQueryDto, principal: Principal): Promise<MobileUnitRequestPage> {
    const actor = actorOf(principal);
    const qb = this.dataSource.getRepository(MobileUnitRequestEntity).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.agreement) qb.andWhere('r.event_id IN (SELECT e.id FROM outreach_event e WHERE e.agreement_id = :agreement)', { agreement: query.agreement });
    const rows = await qb.orderBy('r.event_starts_at', 'ASC').addOrderBy('r.id', 'ASC').getMany();
    const partnerEvents = await this.partnerEventIds(actor);
    const page = pageOf(
      rows.filter((r) => canSeeLocal(actor, r.territoryCode, null, this.reference.territories) || partnerEvents.has(r.eventId)),
      query,
    );
    return { ...page, items: page.items.map((r) => this.view(r, actor)) };
  }

  async transition(id: string, dto: MobileUnitTransitionDto, principal: Principal): Promise<MobileUnitRequestView> {
    const actor = actorOf(principal);
    const now = this.clock.now();
    const saved = await inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(MobileUnitRequestEntity);
      const r = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw notFound('mobile-unit-request', id);
      this.assertVisible(r, actor);
      if (r.version !== dto.version) throw staleVersion('request', r.version);
      const result = transitionMobileUnitRequest(
        this.toDomain(r),
        { action: dto.action, reason: dto.comment, unit: dto.unit },
        actor,
        now,
        this.reference.territories,
      );
      if (!result.ok) throw toAppError(result.error, API_FIELDS);
      const next = result.value;
      const updated: MobileUnitRequestEntity = {
        ...r,
        status: next.status,
        assignedUnit: next.assignedUnit,
        closingReason: next.closingReason,
        version: r.version + 1,
        updatedAt: now,
      };
      await repo.save(updated);
      if (next.status === 'APPROVED' || next.status === 'REJECTED') {
        const payload: MobileUnitRequestDecidedPayload = {
          requestId: r.id,
          eventId: r.eventId,
          territory: r.territoryCode,
          decision: next.status,
          day: romeDate(now),
          leadTimeDays: r.leadTimeDays,
          overridden: r.override !== null,
        };
        await this.outbox.enqueue(m, MOBILE_UNIT_REQUEST_DECIDED, payload, r.id);
      }
      return updated;
    });
    return this.view(saved, actor);
  }

  /**
   * Partners read the requests for events under agreements their organisation is party to (not
   * those merely organised by them: the request is INPS's decision, shared under the agreement).
   */
  private async partnerEventIds(actor: Actor): Promise<Set<string>> {
    if (!isPartnerStaff(actor) || !actor.organisationId) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT e.id FROM outreach_event e JOIN agreement a ON a.id = e.agreement_id WHERE $1 = ANY(a.organisation_ids)`,
      [actor.organisationId],
    );
    return new Set(rows.map((x) => x.id));
  }

  private assertVisible(r: MobileUnitRequestEntity, actor: Actor): void {
    if (!canSeeLocal(actor, r.territoryCode, null, this.reference.territories)) throw notFound('mobile-unit-request', r.id);
  }

  private toDomain(r: MobileUnitRequestEntity): MobileUnitRequest {
    return {
      id: r.id,
      status: r.status,
      eventId: r.eventId,
      territoryCode: r.territoryCode,
      eventStartsAt: r.eventStartsAt,
      requestedAt: r.requestedAt,
      requestedBy: r.requestedBy,
      availableSpace: r.availableSpace,
      stationKind: r.stationKind,
      leadTimeDays: r.leadTimeDays,
      leadTimeOverride: r.override,
      assignedUnit: r.assignedUnit,
      closingReason: r.closingReason,
    };
  }

  private view(r: MobileUnitRequestEntity, actor: Actor): MobileUnitRequestView {
    return {
      id: r.id,
      eventId: r.eventId,
      territoryCode: r.territoryCode,
      eventStartsAt: r.eventStartsAt.toISOString(),
      requestedAt: r.requestedAt.toISOString(),
      requestedBy: r.requestedBy,
      availableSpace: r.availableSpace,
      stationKind: r.stationKind,
      stationKindLabel: r.stationKind ? { it: textIn(STATION_KIND_LABELS[r.stationKind], 'it'), en: textIn(STATION_KIND_LABELS[r.stationKind], 'en') } : null,
      leadTimeDays: r.leadTimeDays,
      override: r.override,
      status: r.status,
      assignedUnit: r.assignedUnit,
      closingReason: r.closingReason,
      version: r.version,
      allowedActions: mobileUnitAllowedActions(this.toDomain(r), actor, this.clock.now(), this.reference.territories),
    };
  }
}
