import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, consumeOnce, purgeProcessedEvents, QUEUE_BACKEND, type OutboxMessage, type QueueBackend } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';
import { AgreementsRegistryService } from '../agreements-registry/agreements-registry.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { OutreachEventsService } from '../outreach-events/outreach-events.service';
import { ScreeningBatcher } from './screening-batcher';
import {
  AGREEMENT_EVENT_TYPES,
  OUTREACH_EVENT_HELD,
  parseAgreementEvent,
  parseOutreachEventHeld,
  parseScreeningCompleted,
  type AgreementEventType,
} from './event-contracts';

/** One consumer name per effect: the dedupe row and the effect commit together (consumeOnce). */
const SCREENINGS_CONSUMER = 'monitoring.screenings';
const AGREEMENTS_CONSUMER = 'monitoring.agreements';
const OUTREACH_CONSUMER = 'monitoring.outreach';

const PURGE_EVERY_MS = 3_600_000;

/** The BullMQ worker on the events queue (worker process only). */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventsConsumer');
  private worker?: { close(): Promise<void> };
  private purgeTimer?: NodeJS.Timeout;
  private readonly screenings: ScreeningBatcher;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: MonitoringConfig,
    private readonly outcomes: OutcomesService,
    private readonly agreements: AgreementsRegistryService,
    private readonly outreach: OutreachEventsService,
  ) {
    this.screenings = new ScreeningBatcher(dataSource, SCREENINGS_CONSUMER, (m, items) => this.outcomes.recordMany(m, items));
  }

  onApplicationBootstrap(): void {
    const worker = this.backend.createWorker<OutboxMessage>(this.config.EVENTS_QUEUE, (job) => this.handle(job.data), {
      concurrency: this.config.EVENTS_CONCURRENCY,
    });
    worker.on('failed', (job, error) => this.logger.warn(`event ${job?.data.type ?? '?'} ${job?.data.id ?? '?'} failed: ${error.message}`));
    this.worker = worker;
    // The memory of applied events would otherwise grow by one row per screening for ever.
    this.purge();
    this.purgeTimer = setInterval(() => this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.worker?.close();
  }

  private purge(): void {
    void purgeProcessedEvents(this.dataSource, this.config.PROCESSED_EVENTS_KEEP_DAYS)
      .then((forgotten) => {
        if (forgotten > 0) this.logger.log(`forgot ${forgotten} event(s) applied more than ${this.config.PROCESSED_EVENTS_KEEP_DAYS} days ago`);
      })
      .catch((error: unknown) => this.logger.warn(`could not purge applied events, will try again: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Applies one event; returns whether it had an effect (false for a duplicate or an event of no interest). */
  async handle(event: OutboxMessage): Promise<boolean> {
    if (event.type === 'screening.completed') {
      const payload = parseScreeningCompleted(event.payload);
      // Batched with the other screenings in flight (group commit); same once-only guarantee as consumeOnce.
      return this.screenings.submit({ eventId: event.id, type: event.type, payload });
    }
    if ((AGREEMENT_EVENT_TYPES as readonly string[]).includes(event.type)) {
      const type = event.type as AgreementEventType;
      const payload = parseAgreementEvent(type, event.payload);
      return consumeOnce(this.dataSource, AGREEMENTS_CONSUMER, event, (m) => this.agreements.apply(m, type, payload));
    }
    if (event.type === OUTREACH_EVENT_HELD) {
      const payload = parseOutreachEventHeld(event.payload);
      return consumeOnce(this.dataSource, OUTREACH_CONSUMER, event, (m) => this.outreach.record(m, payload));
    }
    // Other services' events share the queue; they are not for monitoring.
    return false;
  }
}
