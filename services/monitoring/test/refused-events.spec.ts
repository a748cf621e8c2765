import { romeDate } from '@inps/kernel';
import { randomUUID } from 'node:crypto';
import {
  createTestApp,
  eventually,
  FixedClock,
  parkRefusedEvent,
  QUEUE_BACKEND,
  TECHNICAL_TABLE_MEETING_HELD,
  testQueuePrefix,
  testRedisUrl,
  type OutboxMessage,
  type QueueBackend,
  type TechnicalTableMeetingHeldPayload,
  type TestApp,
} from '@inps/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { GovernanceEventsService } from '../src/modules/governance-events/governance-events.service';
import { fakeTerritories } from './helpers';

const held = (): OutboxMessage<TechnicalTableMeetingHeldPayload> => ({
  id: randomUUID(),
  type: TECHNICAL_TABLE_MEETING_HELD,
  occurredOn: '2026-04-15',
  payload: { meetingId: randomUUID(), tableId: randomUUID(), level: 'LOCAL', territory: '058091', day: '2026-04-15' },
  requestId: 'req-refused-1',
});

/**
 * An event monitoring cannot apply is kept in `refused_event` (days only) once its attempts are
 * spent, listed for the central directorate and sent again once its cause is fixed: the same on
 * both queue backends.
 */
describe.each([
  ['Redis', () => ({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-refused') })],
  ['PostgreSQL', () => ({ REDIS_URL: '', QUEUE_PREFIX: testQueuePrefix('mon-refused-pg') })],
])('refused events on the %s queue backend', (_backend, env) => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let broken = true;
  let applied = 0;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp(
      (config) => AppModule.forRoot(config, { clock: new FixedClock('2026-07-10T10:00:00Z'), territories: fakeTerritories, withWorker: true }),
      { config: monitoringConfig, database: MONITORING_DATABASE, env: env() },
    );
    ds = t.app.get(DataSource);
    // The cause to fix: the meeting's effect fails while `broken`.
    const governance = t.app.get(GovernanceEventsService);
    const record = governance.recordMeeting.bind(governance);
    governance.recordMeeting = async (manager: EntityManager, p: TechnicalTableMeetingHeldPayload) => {
      if (broken) throw new Error('table technical_table_meeting is being rebuilt');
      applied++;
      return record(manager, p);
    };
  });
  afterAll(() => t.close());

  /** Publishes as the relay does (removed once it ends), with few attempts and no backoff. */
  async function publish(event: OutboxMessage, attempts: number): Promise<void> {
    const queue = t.app.get<QueueBackend>(QUEUE_BACKEND).createQueue('events');
    try {
      await queue.add(event.type, event, { jobId: event.id, attempts, removeOnComplete: true, removeOnFail: true });
      await eventually('the job ended', async () => (await queue.getJobState(event.id)) === 'unknown', { timeoutMs: 45_000, everyMs: 50 });
    } finally {
      await queue.close();
    }
  }

  const rowsOf = (id: string) => ds.query(`SELECT * FROM refused_event WHERE event_id = $1`, [id]) as Promise<Record<string, unknown>[]>;

  it('parks an event that always fails with its reason, once per id, lists it for central only and applies it once on retry', async () => {
    const event = held();
    await publish(event, 2);
    const [row, ...more] = await rowsOf(event.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      event_type: TECHNICAL_TABLE_MEETING_HELD,
      error_code: 'Error',
      error_message: 'table technical_table_meeting is being rebuilt',
      attempts: 2,
    });
    expect(row?.status).toBe('refused');
    // Days only, and the event as the producer wrote it, without the request id (or trace context).
    expect(romeDate(row?.occurred_on as Date)).toBe('2026-04-15');
    const { requestId: _dropped, ...written } = event;
    expect(row?.message).toEqual(written);
    const columns = (await ds.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'monitoring' AND table_name = 'refused_event'`,
    )) as { column_name: string; data_type: string }[];
    expect(columns.filter((c) => c.data_type.startsWith('timestamp') || c.data_type.startsWith('time '))).toEqual([]);
    expect(applied).toBe(0);
    expect(await ds.query(`SELECT 1 FROM processed_event WHERE event_id = $1`, [event.id])).toEqual([]);

    // Refused again (delivered a second time): still one row, with the last failure's attempts.
    await publish(event, 1);
    expect(await rowsOf(event.id)).toEqual([expect.objectContaining({ attempts: 1, status: 'refused' })]);

    const central = await t.tokens.central();
    const list = await t.http.get('/api/v1/refused-events').set(auth(central));
    expect(list.status).toBe(200);
    expect((list.body as { id: string }[]).filter((e) => e.id === event.id)).toEqual([
      expect.objectContaining({ id: event.id, type: TECHNICAL_TABLE_MEETING_HELD, occurredOn: '2026-04-15', attempts: 1, status: 'refused', retriedOn: null }),
    ]);
    expect((await t.http.get('/api/v1/refused-events').set(auth(await t.tokens.operator('org-a')))).status).toBe(403);
    expect((await t.http.get('/api/v1/refused-events')).status).toBe(401);
    expect((await t.http.post(`/api/v1/refused-events/${event.id}/retry`).set(auth(await t.tokens.operator('org-a')))).status).toBe(403);

    broken = false;
    const retried = await t.http.post(`/api/v1/refused-events/${event.id}/retry`).set(auth(central));
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: event.id, status: 'retried' });
    expect(retried.body.retriedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await eventually(
      'the retried event applied',
      async () => ((await ds.query(`SELECT 1 FROM technical_table_meeting WHERE meeting_id = $1`, [event.payload.meetingId])) as unknown[]).length === 1,
      { timeoutMs: 45_000, everyMs: 50 },
    );
    // Once: a second retry is refused, and the same event delivered again has no effect.
    const again = await t.http.post(`/api/v1/refused-events/${event.id}/retry`).set(auth(central));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RETRIED');
    expect(await t.app.get(EventsConsumer).handle(event)).toBe(false);
    expect(applied).toBe(1);
    expect(await rowsOf(event.id)).toEqual([expect.objectContaining({ status: 'retried' })]);
  });

  it('answers 404 for an unknown id and 400 naming the field for a malformed one', async () => {
    const central = await t.tokens.central();
    expect((await t.http.post(`/api/v1/refused-events/${randomUUID()}/retry`).set(auth(central))).status).toBe(404);
    const bad = await t.http.post('/api/v1/refused-events/not-a-uuid/retry').set(auth(central));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('id');
  });

  it('keeps one row per event id however often it is parked', async () => {
    const event = held();
    await parkRefusedEvent(ds, event, new Error('first'), 5);
    await parkRefusedEvent(ds, event, Object.assign(new Error('second'), { code: 'E_SECOND' }), 5);
    expect(await rowsOf(event.id)).toEqual([expect.objectContaining({ error_code: 'E_SECOND', error_message: 'second' })]);
  });
});
