/**
 * Fault: the outbox relay is killed between publishing an event and marking its row published.
 *
 * The relay (libs/shared/src/outbox/outbox.relay.ts) claims rows FOR UPDATE, puts them on BullMQ
 * with the event id as job id, then marks them published in the same transaction. The seam is held
 * open for real: a test-only trigger on questionnaire.outbox_event makes the marking UPDATE sleep,
 * so the questionnaire API (which runs the relay) has published the job and is still inside its
 * transaction when it is killed with SIGKILL. The row stays unpublished and the next start publishes
 * it again. The monitoring worker (the consumer) must apply the screening exactly once. An event's
 * job is deleted as soon as it is done (decision 0014: kept, it would date the screening to the
 * millisecond), so the re-publish is a new job with the same id and only processed_event protects.
 * Real built processes on the local PostgreSQL and Redis, in a database and queue prefix of their own.
 */
import { Queue } from 'bullmq';
import { eventually } from '@inps/shared';
import { sleep, sparePort, redisOptions, Proc, Fixture, localUrl, waitReady, waitWorkerListening } from '../support/stack';

/** Makes the relay's "mark published" UPDATE sleep while public.fault_hold has a row. */
const HOLD_SQL = [
  `CREATE TABLE public.fault_hold (held boolean)`,
  `CREATE FUNCTION public.fault_hold_mark() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF OLD.published_to IS NULL AND NEW.published_to IS NOT NULL AND EXISTS (SELECT 1 FROM public.fault_hold) THEN
       PERFORM pg_sleep(120);
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER fault_hold_mark BEFORE UPDATE ON questionnaire.outbox_event FOR EACH ROW EXECUTE FUNCTION public.fault_hold_mark()`,
];

interface Counts {
  outcomes: number;
  processed: number;
  countryScreenings: number;
  regionScreenings: number;
  benefitAssessments: number;
}

async function counts(fx: Fixture, screeningId: string, eventId: string): Promise<Counts> {
  const [row] = await fx.query<Counts>(
    `SELECT
      (SELECT count(*)::int FROM monitoring.screening_outcome WHERE screening_id = $1) AS outcomes,
      (SELECT count(*)::int FROM monitoring.processed_event WHERE event_id = $2) AS processed,
      (SELECT coalesce(sum(screenings), 0)::int FROM monitoring.screening_rollup WHERE level = 'country') AS "countryScreenings",
      (SELECT coalesce(sum(screenings), 0)::int FROM monitoring.screening_rollup WHERE level = 'region') AS "regionScreenings",
      (SELECT coalesce(sum(assessments), 0)::int FROM monitoring.benefit_rollup WHERE level = 'country') AS "benefitAssessments"`,
    [screeningId, eventId],
  );
  return row;
}

let n = 0;
// The faults project sets testTimeout: 300_000, but Jest reads testTimeout only from the global
// config, not from a project: without this the tests get Jest's default 5 s.
jest.setTimeout(300_000);

describe('outbox relay killed between publishing and marking the row published', () => {
  let fx: Fixture;
  let events: Queue | undefined;

  beforeEach(async () => {
    fx = new Fixture('ob', (n += 1));
    await fx.open();
  });

  afterEach(async () => {
    await events?.close().catch(() => undefined);
    events = undefined;
    await fx.close();
  });

  async function scenario(): Promise<void> {
    const qPort = await sparePort();
    const startQuestionnaire = (name: string): Proc => fx.start(name, 'services/questionnaire/dist/main.js', { PORT: String(qPort) });
    const q1 = startQuestionnaire('questionnaire-api-1');
    await waitReady(localUrl(qPort), 90_000, [q1]);
    events = new Queue(`${fx.prefix}.events`, { connection: redisOptions() });
    const consumer = fx.start('monitoring-worker', 'services/monitoring/dist/worker.js');
    await waitWorkerListening(events, consumer, 0);
    for (const sql of HOLD_SQL) await fx.query(sql);
    await fx.query(`INSERT INTO public.fault_hold VALUES (true)`);

    // One screening, completed: its commit wakes the relay, which publishes and then hangs in the trigger.
    const base = `http://127.0.0.1:${qPort}/api/v1/screenings`;
    const started = (await (
      await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'self', language: 'it', territory: '058091' }),
      })
    ).json()) as { id: string };
    const answered = await fetch(`${base}/${started.id}/answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ questionId: 'age', value: 70 }),
    });
    expect(answered.status).toBeLessThan(300);
    const done = await fetch(`${base}/${started.id}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(done.status).toBe(200);
    const screeningId = started.id;

    const [event] = await eventually(
      'the screening.completed outbox row',
      async () => {
        const rows = await fx.query<{ id: string }>(
          `SELECT id FROM questionnaire.outbox_event WHERE type = 'screening.completed' AND payload->>'screeningId' = $1`,
          [screeningId],
        );
        return rows.length ? rows : undefined;
      },
      { timeoutMs: 20_000, everyMs: 100, retryErrors: true },
    );
    const eventId = event.id;
    // Published, applied by monitoring, and its job deleted once done...
    await eventually('monitoring to apply the screening', async () => ((await counts(fx, screeningId, eventId)).outcomes === 1 ? true : undefined), {
      timeoutMs: 30_000,
      everyMs: 100,
      retryErrors: true,
    });
    await eventually('the first job to be deleted once done', async () => ((await events?.getJob(eventId)) ? undefined : true), {
      timeoutMs: 30_000,
      everyMs: 100,
      retryErrors: true,
    });
    // ...while the relay is still inside its transaction, in the marking UPDATE.
    await eventually(
      'the relay to be held in the marking UPDATE',
      async () => {
        const rows = await fx.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
        return rows.length ? true : undefined;
      },
      { timeoutMs: 20_000, everyMs: 100, retryErrors: true },
    );
    const [unmarked] = await fx.query<{ published_to: string | null }>(`SELECT published_to FROM questionnaire.outbox_event WHERE id = $1`, [eventId]);
    expect(unmarked.published_to).toBeNull();
    const before = await counts(fx, screeningId, eventId);
    expect(before).toEqual({ outcomes: 1, processed: 1, countryScreenings: 1, regionScreenings: 1, benefitAssessments: before.benefitAssessments });

    // Kill the relay's process between publishing and marking.
    q1.signal('SIGKILL');
    await q1.exited;
    await fx.query(`DELETE FROM public.fault_hold`);
    // The dead client's backend is still sleeping in the trigger: end it, its transaction rolls back.
    await fx.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
    await eventually(
      'the relay transaction to roll back',
      async () => {
        const rows = await fx.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
        return rows.length === 0 ? true : undefined;
      },
      { timeoutMs: 20_000, everyMs: 100, retryErrors: true },
    );
    const [afterKill] = await fx.query<{ published_to: string | null; attempts: number }>(
      `SELECT published_to, attempts FROM questionnaire.outbox_event WHERE id = $1`,
      [eventId],
    );
    expect(afterKill.published_to).toBeNull(); // published to the queue, never marked: the seam

    // The relay starts again and publishes the row a second time (same job id).
    const q2 = startQuestionnaire('questionnaire-api-2');
    await waitReady(localUrl(qPort), 90_000, [q2]);
    await eventually(
      'the relay to mark the row published after the restart',
      async () => {
        const [r] = await fx.query<{ published_to: string | null }>(`SELECT published_to FROM questionnaire.outbox_event WHERE id = $1`, [eventId]);
        return r.published_to ? true : undefined;
      },
      { timeoutMs: 30_000, everyMs: 100, retryErrors: true },
    );

    // A new job with the same id: handled (skipped by processed_event) and deleted in turn.
    await eventually(
      'the re-published job to be handled',
      async () => {
        const c = await events?.getJobCounts('wait', 'active', 'delayed', 'failed');
        return c && c.wait + c.active + c.delayed + c.failed === 0 && !(await events?.getJob(eventId)) ? true : undefined;
      },
      { timeoutMs: 30_000, everyMs: 100, retryErrors: true },
    );
    await sleep(1000);
    const after = await counts(fx, screeningId, eventId);
    const detail = `before the kill ${JSON.stringify(before)}, after the re-publish ${JSON.stringify(after)}`;
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new Error(`screening ${screeningId} (event ${eventId}) was applied more than once or lost: ${detail}\n${fx.logs()}`);
    }
    process.stdout.write(`outbox-relay-kill: ${detail}\n`);
  }

  it('re-publish after the first job was deleted: processed_event dedupes, the screening counts once', async () => {
    await scenario();
  });
});
