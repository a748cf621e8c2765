import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, consumeOnce, dispatchEvent, purgeProcessedEvents, type OutboxMessage } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';
import { AgreementsRegistryService } from '../agreements-registry/agreements-registry.service';
import { EscalatedIssuesService } from '../escalated-issues/escalated-issues.service';
import { GovernanceEventsService } from '../governance-events/governance-events.service';
import { MobileUnitRequestsService } from '../mobile-unit-requests/mobile-unit-requests.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { OutreachEventsService } from '../outreach-events/outreach-events.service';
import { ScreeningBatcher } from './screening-batcher';
import {
  AGREEMENT_ACTIVATED,
  AGREEMENT_EXPIRED,
  AGREEMENT_REVIEWED,
  AGREEMENT_TERMINATED,
  MOBILE_UNIT_REQUEST_DECIDED,
  OnEvent,
  OUTREACH_EVENT_HELD,
  SCREENING_COMPLETED,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  TECHNICAL_TABLE_MEETING_HELD,
  type AgreementEventType,
  type MonitoredEvent,
} from './event-contracts';

/** One consumer name per effect: the dedupe row and the effect commit together (consumeOnce). */
const SCREENINGS_CONSUMER = 'monitoring.screenings';
const AGREEMENTS_CONSUMER = 'monitoring.agreements';
const OUTREACH_CONSUMER = 'monitoring.outreach';
const MOBILE_UNITS_CONSUMER = 'monitoring.mobile-units';
const ESCALATIONS_CONSUMER = 'monitoring.escalations';
const REVIEWS_CONSUMER = 'monitoring.reviews';
const MEETINGS_CONSUMER = 'monitoring.meetings';

const PURGE_EVERY_MS = 3_600_000;

/**
 * Monitoring's event handlers, one per event type, each applying its event exactly once in
 * effect. The worker process runs them on the events queue (JobsModule.forWorker); the payload
 * arrives parsed (event-contracts.ts), a malformed one never reaches them.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventsConsumer');
  private purgeTimer?: NodeJS.Timeout;
  private readonly screenings: ScreeningBatcher;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: MonitoringConfig,
    private readonly outcomes: OutcomesService,
    private readonly agreements: AgreementsRegistryService,
    private readonly outreach: OutreachEventsService,
    private readonly mobileUnits: MobileUnitRequestsService,
    private readonly escalations: EscalatedIssuesService,
    private readonly governance: GovernanceEventsService,
  ) {
    this.screenings = new ScreeningBatcher(dataSource, SCREENINGS_CONSUMER, (m, items) => this.outcomes.recordMany(m, items));
  }

  onApplicationBootstrap(): void {
    // The memory of applied events would otherwise grow by one row per screening for ever.
    this.purge();
    this.purgeTimer = setInterval(() => this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  private purge(): void {
    void purgeProcessedEvents(this.dataSource, this.config.PROCESSED_EVENTS_KEEP_DAYS)
      .then((forgotten) => {
        if (forgotten > 0) this.logger.log(`forgot ${forgotten} event(s) applied more than ${this.config.PROCESSED_EVENTS_KEEP_DAYS} days ago`);
      })
      .catch((error: unknown) => this.logger.warn(`could not purge applied events, will try again: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * Applies one event as the worker does (parsed, then handed to its handler); returns whether it
   * had an effect: false for a duplicate or an event of no interest. For tests and benchmarks.
   */
  async handle(event: OutboxMessage): Promise<boolean> {
    return ((await dispatchEvent(this, event)) as boolean | undefined) ?? false;
  }

  /** Batched with the other screenings in flight (group commit); same once-only guarantee as consumeOnce. */
  @OnEvent(SCREENING_COMPLETED)
  screeningCompleted(event: MonitoredEvent<typeof SCREENING_COMPLETED>): Promise<boolean> {
    return this.screenings.submit({ eventId: event.id, type: event.type, payload: event.payload });
  }

  @OnEvent(AGREEMENT_ACTIVATED)
  @OnEvent(AGREEMENT_EXPIRED)
  @OnEvent(AGREEMENT_TERMINATED)
  agreementChanged(event: MonitoredEvent<AgreementEventType>): Promise<boolean> {
    return consumeOnce(this.dataSource, AGREEMENTS_CONSUMER, event, (m) => this.agreements.apply(m, event.type, event.payload));
  }

  @OnEvent(OUTREACH_EVENT_HELD)
  outreachEventHeld(event: MonitoredEvent<typeof OUTREACH_EVENT_HELD>): Promise<boolean> {
    return consumeOnce(this.dataSource, OUTREACH_CONSUMER, event, (m) => this.outreach.record(m, event.payload));
  }

  @OnEvent(MOBILE_UNIT_REQUEST_DECIDED)
  mobileUnitRequestDecided(event: MonitoredEvent<typeof MOBILE_UNIT_REQUEST_DECIDED>): Promise<boolean> {
    return consumeOnce(this.dataSource, MOBILE_UNITS_CONSUMER, event, (m) => this.mobileUnits.record(m, event.payload));
  }

  @OnEvent(TECHNICAL_TABLE_ISSUE_ESCALATED)
  technicalTableIssueEscalated(event: MonitoredEvent<typeof TECHNICAL_TABLE_ISSUE_ESCALATED>): Promise<boolean> {
    return consumeOnce(this.dataSource, ESCALATIONS_CONSUMER, event, (m) => this.escalations.record(m, event.payload));
  }

  @OnEvent(AGREEMENT_REVIEWED)
  agreementReviewed(event: MonitoredEvent<typeof AGREEMENT_REVIEWED>): Promise<boolean> {
    return consumeOnce(this.dataSource, REVIEWS_CONSUMER, event, (m) => this.governance.recordReview(m, event.payload));
  }

  @OnEvent(TECHNICAL_TABLE_MEETING_HELD)
  technicalTableMeetingHeld(event: MonitoredEvent<typeof TECHNICAL_TABLE_MEETING_HELD>): Promise<boolean> {
    return consumeOnce(this.dataSource, MEETINGS_CONSUMER, event, (m) => this.governance.recordMeeting(m, event.payload));
  }
}
