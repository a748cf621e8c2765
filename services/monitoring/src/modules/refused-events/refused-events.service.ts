import { Inject, Injectable } from '@nestjs/common';
import { romeDaySql } from '@inps/kernel';
import { DataSource } from 'typeorm';
import { APP_CONFIG, BullMqOutboxPublisher, ConflictError, notFoundError, QueueRegistry, type OutboxMessage } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';
import type { RefusedEventView } from './dto/refused-event.response';

const COLUMNS = `event_id AS id, event_type AS type, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", to_char(refused_on, 'YYYY-MM-DD') AS "refusedOn",
  attempts, error_code AS "errorCode", error_message AS "errorMessage", status, to_char(retried_on, 'YYYY-MM-DD') AS "retriedOn"`;

/** The events the worker parked in `refused_event` (JobWorkers), listed and sent again. */
@Injectable()
export class RefusedEventsService {
  private readonly publisher: BullMqOutboxPublisher;

  constructor(
    private readonly dataSource: DataSource,
    queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: MonitoringConfig,
  ) {
    // The queue's default options (attempts, backoff) and the relay's removal on completion and failure.
    this.publisher = new BullMqOutboxPublisher(queues);
  }

  /** Newest refusals first; the order within a day is the event id's, which tells nothing. */
  list(): Promise<RefusedEventView[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM refused_event ORDER BY refused_on DESC, event_id LIMIT 1000`);
  }

  /**
   * Puts a refused event back on the events queue as the producer wrote it and marks it retried.
   * Applied at most once whatever happens: consumeOnce skips it by id if it was applied meanwhile;
   * refused again, it is parked on the same row.
   */
  async retry(id: string): Promise<RefusedEventView> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(`SELECT status, message FROM refused_event WHERE event_id = $1 FOR UPDATE`, [id])) as {
        status: string;
        message: OutboxMessage;
      }[];
      const row = rows[0];
      if (!row) throw notFoundError('refused event', id);
      if (row.status !== 'refused') throw new ConflictError('The event was already sent again', [{ field: 'id', issue: 'already retried' }], 'ALREADY_RETRIED');
      // On the queue before the row says so: a failure to publish leaves it refused, to be retried.
      await this.publisher.publish(this.config.EVENTS_QUEUE, [row.message]);
      const [updated] = (await manager.query(
        `UPDATE refused_event SET status = 'retried', retried_on = ${romeDaySql()} WHERE event_id = $1 RETURNING ${COLUMNS}`,
        [id],
      )) as [RefusedEventView[], number];
      return updated[0] as RefusedEventView;
    });
  }
}
