/**
 * Security #12, item 1, on the PostgreSQL queue backend (the `npm start` default): once a screening
 * is completed and monitoring has it, the queue's own tables keep no row that names one of its events
 * beside a time. An event's job id is its outbox event id, which monitoring keeps beside the
 * screening (processed_event), so a job row's `finished_at_ms`, or a row of BullMQ's event stream,
 * would give the instant a screening ended; decision 0002 allows days only. The Redis backend is
 * checked by personal-data.spec.ts.
 */
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '@inps/shared';
import supertest from 'supertest';
import { eventually, startSecurityStack, withDb, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

/** A column holding a time: timestamps, and BullMQ's epoch milliseconds (`…_ms`, `ts`, `prev_ts`). */
const isTimeColumn = (name: string, type: string): boolean => type.startsWith('timestamp') || name.endsWith('_ms') || name === 'ts' || name === 'prev_ts';

describe('the PostgreSQL queue store keeps no instant tied to a screening', () => {
  let queueDb: TestDatabase;
  let stack: SecurityStack;
  let screeningId = '';

  beforeAll(async () => {
    queueDb = await createTestDatabase('sec_queue');
    const queuePrefix = testQueuePrefix('secpgq');
    // No Redis: BullMQ on PostgreSQL, one queue database for the three services (as `npm start` does with one database).
    const env = { REDIS_URL: '', QUEUE_DATABASE_URL: queueDb.url };
    stack = await startSecurityStack({
      questionnaire: { queuePrefix, worker: true, env },
      agreements: { queuePrefix, worker: true, env },
      monitoring: { queuePrefix, worker: true, env },
    });
    const http = supertest(stack.services.questionnaire.url);
    let s = await http.post('/api/v1/screenings').send({ mode: 'self', language: 'it', territory: '058091' });
    expect(s.status).toBe(201);
    screeningId = s.body.id as string;
    for (let step = 0; step < 60 && s.body.status === 'IN_PROGRESS'; step++) {
      const q = s.body.nextQuestion as { id: string; fact: string; type: string; options?: { value: string }[] };
      const value = q.type === 'boolean' ? false : q.type === 'choice' ? q.options?.[0]?.value : q.fact === 'age' ? 70 : q.fact === 'householdSize' ? 1 : 0;
      s = await http.post(`/api/v1/screenings/${screeningId}/answers`).send({ questionId: q.id, value });
      if (s.status !== 200) throw new Error(`answer ${q.id}: ${s.status} ${s.text.slice(0, 300)}`);
    }
    expect(s.body.status).toBe('COMPLETED');
    await eventually('monitoring to record the screening', () =>
      withDb(stack.databases.monitoring, async (db) => {
        const { rows } = await db.query(`SELECT 1 FROM monitoring.screening_outcome WHERE screening_id = $1`, [screeningId]);
        return rows.length > 0 ? true : undefined;
      }),
    );
    // Let the workers finish what follows a completion (their own bookkeeping, the sweep of events).
    await new Promise((r) => setTimeout(r, 2000));
  });
  afterAll(async () => {
    await stack?.close();
    await queueDb?.drop().catch(() => undefined);
  });

  it('has no job, event or other row naming a screening event beside a time', async () => {
    const eventIds = await withDb(stack.databases.questionnaire, async (db) => {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM questionnaire.outbox_event WHERE payload::text LIKE $1`, [`%${screeningId}%`]);
      return rows.map((r) => r.id);
    });
    // The screening did leave as an event (so the scan can fail).
    expect(eventIds.length).toBeGreaterThan(0);
    const findings = await withDb(queueDb.url, async (db) => {
      const { rows: tables } = await db.query<{ s: string; t: string }>(
        `SELECT table_schema s, table_name t FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      );
      // BullMQ's tables are there (so the scan looks at the queue store).
      expect(tables.map((t) => t.t)).toEqual(expect.arrayContaining(['job', 'event']));
      const out: string[] = [];
      for (const { s, t } of tables) {
        const { rows: cols } = await db.query<{ c: string; type: string }>(
          'SELECT column_name c, data_type type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
          [s, t],
        );
        const times = cols.filter((c) => isTimeColumn(c.c, c.type)).map((c) => c.c);
        if (times.length === 0) continue;
        const anyTime = times.map((c) => `x."${c}" IS NOT NULL`).join(' OR ');
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) n FROM "${s}"."${t}" x WHERE row_to_json(x)::text LIKE ANY($1) AND (${anyTime})`, [
          eventIds.map((id) => `%${id}%`),
        ]);
        const n = Number(rows[0]?.n);
        if (n > 0) out.push(`${s}.${t}: ${n} row(s) naming a screening event beside ${times.join('/')}`);
      }
      return out;
    });
    expect(findings).toEqual([]);
  });
});
