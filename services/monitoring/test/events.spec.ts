import { romeDate } from '@inps/kernel';
import { createTestApp, eventually, QUEUE_BACKEND, type QueueBackend, type TestApp, testQueuePrefix, testRedisUrl } from '@inps/shared';
import { DataSource } from 'typeorm';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { WorkerModule } from '../src/worker.module';
import { agreementEvent, fakeTerritories, screeningEvent } from './helpers';

type Row = Record<string, unknown>;

describe('events consumer (worker)', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let consumer: EventsConsumer;

  beforeAll(async () => {
    t = await createTestApp((config) => WorkerModule.forRoot(config, { territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-ev') },
    });
    ds = t.app.get(DataSource);
    consumer = t.app.get(EventsConsumer);
  });
  afterAll(() => t.close());

  const rollups = async (): Promise<Row[]> => ds.query(`SELECT * FROM screening_rollup ORDER BY semester, level, territory_code, channel`) as Promise<Row[]>;
  const benefitRollups = async (): Promise<Row[]> =>
    ds.query(`SELECT * FROM benefit_rollup ORDER BY semester, level, territory_code, benefit_id`) as Promise<Row[]>;

  /** The rollups computed from scratch out of the raw rows. */
  async function recount(): Promise<{ screenings: Row[]; benefits: Row[] }> {
    const scopes = `(SELECT o.*, s.level, s.code FROM screening_outcome o CROSS JOIN LATERAL (VALUES
        ('country', 'IT'), ('comune', o.comune_code), ('province', o.province_code), ('region', o.region_code)) AS s(level, code)
      WHERE s.code IS NOT NULL) x`;
    const screenings = (await ds.query(`
      SELECT semester, level, code AS territory_code, channel, count(*)::int AS screenings,
        count(*) FILTER (WHERE likely_count > 0)::int AS with_likely,
        count(*) FILTER (WHERE 'ISEE' = ANY(stopped_for))::int AS stopped_isee,
        count(*) FILTER (WHERE 'RESIDENCE' = ANY(stopped_for))::int AS stopped_residence
      FROM ${scopes} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)) as Row[];
    const benefits = (await ds.query(`
      SELECT semester, level, code AS territory_code, v->>'benefitId' AS benefit_id, count(*)::int AS assessments,
        count(*) FILTER (WHERE v->>'status' = 'LIKELY_ELIGIBLE')::int AS likely,
        count(*) FILTER (WHERE v->>'status' = 'UNDETERMINED')::int AS undetermined
      FROM ${scopes} CROSS JOIN LATERAL jsonb_array_elements(x.verdicts) AS v GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)) as Row[];
    return { screenings, benefits };
  }

  it('applies events from the queue once each: a redelivered event changes nothing and the rollups equal a recount', async () => {
    const backend = t.app.get<QueueBackend>(QUEUE_BACKEND);
    const queue = backend.createQueue('events');
    try {
      const a = screeningEvent({ stoppedFor: ['ISEE'] });
      const b = screeningEvent({ territory: '015146', channel: 'gazebo', verdicts: [{ benefitId: 'ADI', status: 'UNDETERMINED' }] });
      const c = screeningEvent({ territory: null, organisationId: null, channel: 'self', day: '2026-07-02' });
      // Same comune and channel as `a`: its rollup rows are updated, not inserted.
      const d = screeningEvent({ verdicts: [{ benefitId: 'ADI', status: 'NOT_ELIGIBLE' }], stoppedFor: ['RESIDENCE'] });
      const other = { id: 'other-1', type: 'agreement.signed', occurredOn: romeDate(new Date()), payload: {} };
      for (const [i, e] of [a, b, c, a, d, other].entries()) await queue.add(e.type, e, { jobId: `job-${i}` });
      await eventually(
        'six jobs completed',
        async () => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed');
          return counts.completed === 6;
        },
        { timeoutMs: 45_000, everyMs: 50 },
      );
    } finally {
      await queue.close();
    }
    const outcomes = (await ds.query(`SELECT comune_code, province_code, region_code, semester FROM screening_outcome ORDER BY day, comune_code`)) as Row[];
    expect(outcomes).toEqual([
      { comune_code: '015146', province_code: '015', region_code: '03', semester: '2026S1' },
      { comune_code: '058091', province_code: '058', region_code: '12', semester: '2026S1' },
      { comune_code: '058091', province_code: '058', region_code: '12', semester: '2026S1' },
      { comune_code: null, province_code: null, region_code: null, semester: '2026S2' },
    ]);
    const national = (await rollups()).filter((r) => r.level === 'country' && r.semester === '2026S1');
    expect(national).toEqual([
      { semester: '2026S1', level: 'country', territory_code: 'IT', channel: 'desk', screenings: 2, with_likely: 1, stopped_isee: 1, stopped_residence: 1 },
      { semester: '2026S1', level: 'country', territory_code: 'IT', channel: 'gazebo', screenings: 1, with_likely: 0, stopped_isee: 0, stopped_residence: 0 },
    ]);
    const counted = await recount();
    expect(await rollups()).toEqual(counted.screenings);
    expect(await benefitRollups()).toEqual(counted.benefits);
  });

  it('ignores a duplicate event and the same screening re-published under a new event id', async () => {
    const before = { rollups: await rollups(), benefits: await benefitRollups() };
    const e = screeningEvent({ territory: '058120', verdicts: [{ benefitId: 'AUU', status: 'LIKELY_ELIGIBLE' }] });
    expect(await consumer.handle(e)).toBe(true);
    const after = await rollups();
    expect(after).not.toEqual(before.rollups);
    expect(await consumer.handle(e)).toBe(false);
    await consumer.handle({ ...e, id: screeningEvent().id });
    expect(await rollups()).toEqual(after);
    const counted = await recount();
    expect(await rollups()).toEqual(counted.screenings);
    expect(await benefitRollups()).toEqual(counted.benefits);
  });

  it('applies screenings in flight together: duplicates within a batch count once, and a bad event fails alone', async () => {
    const before = (await rollups()).find((r) => r.level === 'country' && r.semester === '2026S1' && r.channel === 'mobile_unit')?.screenings ?? 0;
    const events = Array.from({ length: 6 }, () => screeningEvent({ channel: 'mobile_unit', territory: '015146' }));
    // An id the dedupe table cannot hold makes its batch fail; the batch is then applied event by event.
    const bad = { ...screeningEvent({ channel: 'mobile_unit' }), id: 'not-a-uuid' };
    const results = await Promise.allSettled([...events, events[0], bad].map((e) => consumer.handle(e)));
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'));
    expect(outcomes.slice(0, 6)).toEqual([true, true, true, true, true, true]);
    expect(outcomes[6]).toBe(false);
    expect(outcomes[7]).toBe('rejected');
    const after = (await rollups()).find((r) => r.level === 'country' && r.semester === '2026S1' && r.channel === 'mobile_unit')?.screenings;
    expect(after).toBe(Number(before) + 6);
    const counted = await recount();
    expect(await rollups()).toEqual(counted.screenings);
    expect(await benefitRollups()).toEqual(counted.benefits);
  });

  it('records outreach events held with their province and region, the latest announcement of an event winning', async () => {
    const held = (id: string, payload: Record<string, unknown>) => ({
      id,
      type: 'outreach-event.held',
      occurredOn: romeDate(new Date()),
      payload: {
        eventId: 'oe-1',
        agreementId: null,
        organisationId: 'org-a',
        territory: '058120',
        day: '2026-03-02',
        peopleContacted: 20,
        communicatedInTime: true,
        ...payload,
      },
    });
    const first = held(screeningEvent().id, {});
    expect(await consumer.handle(first)).toBe(true);
    expect(await consumer.handle(first)).toBe(false);
    expect(await consumer.handle(held(screeningEvent().id, { peopleContacted: 25 }))).toBe(true);
    const rows = (await ds.query(
      `SELECT territory_code, province_code, region_code, semester, people_contacted, communicated_in_time FROM outreach_event`,
    )) as Row[];
    expect(rows).toEqual([
      { territory_code: '058120', province_code: '058', region_code: '12', semester: '2026S1', people_contacted: 25, communicated_in_time: true },
    ]);
    await expect(consumer.handle(held(screeningEvent().id, { peopleContacted: -1 }))).rejects.toThrow(/peopleContacted/);
  });

  it('refuses a malformed screening event without recording anything', async () => {
    const before = await rollups();
    const bad = screeningEvent();
    (bad.payload as Record<string, unknown>).channel = 'carrier-pigeon';
    await expect(consumer.handle(bad)).rejects.toThrow(/channel/);
    expect(await rollups()).toEqual(before);
  });

  it('derives expected reporters from agreement events whatever their order, once each', async () => {
    const reporters = async (agreementId: string): Promise<Row[]> =>
      ds.query(
        `SELECT organisation_id, territory_code, to_char(active_from, 'YYYY-MM-DD') AS active_from, to_char(active_to, 'YYYY-MM-DD') AS active_to
         FROM expected_reporter WHERE agreement_id = $1 ORDER BY 1, 2`,
        [agreementId],
      ) as Promise<Row[]>;
    const expected = (to: string): Row[] =>
      ['org-a', 'org-b'].flatMap((org) =>
        ['058091', '058120'].map((territory) => ({ organisation_id: org, territory_code: territory, active_from: '2026-01-01', active_to: to })),
      );

    const activated = agreementEvent('agreement.activated', { agreementId: 'in-order' });
    const terminated = agreementEvent('agreement.terminated', { agreementId: 'in-order', day: '2026-05-15' });
    await consumer.handle(activated);
    expect(await reporters('in-order')).toEqual(expected('2027-12-31'));
    await consumer.handle(terminated);
    await consumer.handle(activated); // duplicate of the earlier activation: no effect
    expect(await reporters('in-order')).toEqual(expected('2026-05-15'));

    const late = agreementEvent('agreement.activated', { agreementId: 'reversed' });
    const early = agreementEvent('agreement.terminated', { agreementId: 'reversed', day: '2026-05-15' });
    await consumer.handle(early);
    await consumer.handle(late);
    expect(await reporters('reversed')).toEqual(expected('2026-05-15'));
  });
});
