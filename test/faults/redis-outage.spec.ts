/**
 * Fault: Redis dies under load and comes back on the same port (a new, empty server).
 *
 * Our own PostgreSQL and Redis; the three APIs and their workers as the built processes. A bounded
 * stream of operator screenings (completed) and follow-ups runs across the outage; monitoring's
 * worker is paused (SIGSTOP, a lagging consumer) for a few seconds before Redis dies and resumed
 * after it is back, so that events are waiting in Redis when it dies. Expected:
 *  - accepted = durable: every screening whose completion got a 2xx reaches monitoring's
 *    screening_outcome after recovery (the questionnaire writes its event to the PostgreSQL outbox,
 *    so completing may legitimately succeed while Redis is down), every 2xx follow-up exists;
 *  - nothing hangs: while Redis is down every answer comes within a few seconds, and a refusal is a
 *    503 in the standard error shape (a report request, which must put a job on Redis, included);
 *  - everything recovers by itself: readiness, event delivery and report jobs, no process restart.
 */
import { becomesTrue } from '@inps/shared';
import {
  call,
  Cleanup,
  followUpBody,
  isStandardError,
  OPERATOR_ORG,
  screening,
  sleep,
  startPostgres,
  startRedis,
  startServices,
  tempDir,
  tokenIssuer,
  type Answer,
} from '../support/stack';

const FAST_MS = 5_000;

interface Sample {
  readonly what: string;
  readonly phase: 'before' | 'down' | 'after';
  readonly answer: Answer;
}

describe('Redis outage under load', () => {
  jest.setTimeout(300_000);

  it('loses no accepted screening event, follow-up or job, answers fast while down, and recovers by itself', async () => {
    const cleanup = new Cleanup();
    try {
      const dir = tempDir('inps-fault-redis-', cleanup);
      const token = await tokenIssuer(dir);
      const db = await startPostgres(dir, cleanup);
      const redis = await startRedis(cleanup);
      const stack = await startServices({ databaseUrl: db.url, redisUrl: redis.url, dataDir: dir, queuePrefix: 'fault' }, cleanup);
      const operator = await token('operator', { org: OPERATOR_ORG });
      const central = await token('central', { territories: ['IT'] });

      const samples: Sample[] = [];
      const completed = new Set<string>(); // 2xx completion
      const followUps = new Map<string, string>(); // follow-up id -> screening id (2xx)
      const followedUp = new Set<string>();
      let phase: Sample['phase'] = 'before';

      const inMonitoring = async (ids: readonly string[]): Promise<Set<string>> => {
        if (ids.length === 0) return new Set();
        const rows = await db.query<{ id: string }>('SELECT screening_id::text AS id FROM monitoring.screening_outcome WHERE screening_id = ANY($1::uuid[])', [
          ids,
        ]);
        return new Set(rows.map((r) => r.id));
      };

      // The load: two clients, each completing a screening then taking in charge one screening that
      // monitoring already knows, until told to stop (bounded: at most 60 rounds each).
      let stop = false;
      const client = async (): Promise<void> => {
        for (let round = 0; round < 60 && !stop; round++) {
          const s = await screening(stack.questionnaire, operator, 15_000);
          for (const step of s.steps) samples.push({ what: 'screening', phase, answer: step });
          if (s.id && s.completion && s.completion.status >= 200 && s.completion.status < 300) completed.add(s.id);
          const candidates = [...completed].filter((id) => !followedUp.has(id));
          const known = await inMonitoring(candidates).catch(() => new Set<string>());
          const target = candidates.find((id) => known.has(id) && !followedUp.has(id));
          if (target) {
            followedUp.add(target);
            const f = await call<{ id: string }>(stack.monitoring, 'POST', '/api/v1/follow-ups', {
              token: operator,
              body: followUpBody(target),
              timeoutMs: 15_000,
            });
            samples.push({ what: 'follow-up', phase, answer: f });
            if (f.status === 201) followUps.set(f.body.id, target);
            else if (f.status !== 409) followedUp.delete(target);
          }
          await sleep(100);
        }
      };
      // Warm-up: the workers are up and an event goes all the way before any fault.
      const first = await screening(stack.questionnaire, operator);
      expect(first.completion?.status).toBe(200);
      completed.add(first.id as string);
      expect(await becomesTrue(async () => (await inMonitoring([first.id as string])).size === 1, 90_000)).toBe(true);

      const load = Promise.all([client(), client()]);

      await sleep(5_000);
      // Monitoring's worker lags (paused, not restarted) so that events wait in Redis when it dies:
      // the outbox has marked them published, so only the queue holds them.
      const monitoringWorker = stack.procs.find((p) => p.name === 'monitoring-worker');
      if (!monitoringWorker) throw new Error('no monitoring worker');
      monitoringWorker.pause();
      await sleep(3_000);
      const beforeKill = [...completed];
      const inQueueAtKill = beforeKill.length - (await inMonitoring(beforeKill)).size;
      // Redis dies.
      await redis.kill();
      phase = 'down';
      const downAt = Date.now();
      await sleep(1_000);
      // A producer that must put a job on Redis: a report request.
      const reportDown = await call(stack.monitoring, 'POST', '/api/v1/reports', { token: central, body: { semester: '2026S2' }, timeoutMs: 30_000 });
      samples.push({ what: 'report', phase, answer: reportDown });
      const readyDown = await Promise.all(
        [stack.questionnaire, stack.agreements, stack.monitoring].map((base) => call(base, 'GET', '/health/ready', { timeoutMs: 30_000 })),
      );
      while (Date.now() - downAt < 12_000) await sleep(250);
      // Redis comes back, empty, on the same port.
      await redis.start();
      monitoringWorker.resume();
      phase = 'after';
      const upAt = Date.now();
      await sleep(10_000);
      stop = true;
      await load;

      const describe = (s: Sample): string =>
        `${s.what} (${s.phase}): ${s.answer.status || s.answer.failure} in ${s.answer.ms} ms ${JSON.stringify(s.answer.body).slice(0, 200)}`;
      const problems: string[] = [];

      // While down: fast answers; a refusal is a 503 in the standard shape.
      for (const s of samples.filter((x) => x.phase === 'down')) {
        if (s.answer.ms > FAST_MS) problems.push(`slow while Redis was down: ${describe(s)}`);
        if (s.answer.status >= 300 && !(s.answer.status === 503 && isStandardError(s.answer.body)))
          problems.push(`not a 2xx nor a standard 503 while Redis was down: ${describe(s)}`);
        if (s.answer.status === 0) problems.push(`no answer while Redis was down: ${describe(s)}`);
      }
      for (const r of readyDown) {
        if (r.status !== 503 || !isStandardError(r.body) || r.ms > FAST_MS)
          problems.push(`readiness while Redis was down: ${r.status} in ${r.ms} ms ${JSON.stringify(r.body).slice(0, 200)}`);
      }
      // Before and after: everything is accepted (5 s of grace after the restart for reconnection).
      for (const s of samples.filter((x) => x.phase === 'before'))
        if (s.answer.status >= 300 || s.answer.status === 0) problems.push(`failed before the outage: ${describe(s)}`);

      // Recovery without any restart.
      const recovered = await becomesTrue(
        async () =>
          (await Promise.all([stack.questionnaire, stack.agreements, stack.monitoring].map((b) => call(b, 'GET', '/health/ready', { timeoutMs: 3000 })))).every(
            (r) => r.status === 200,
          ),
        60_000,
      );
      if (!recovered) problems.push('readiness did not come back within 60 s of Redis restarting');

      // Accepted = durable: every 2xx-completed screening reaches monitoring.
      const ids = [...completed];
      let missing: string[] = ids;
      await becomesTrue(async () => {
        const present = await inMonitoring(ids);
        missing = ids.filter((id) => !present.has(id));
        return missing.length === 0;
      }, 60_000);
      if (missing.length > 0) {
        const outbox = await db.query(
          `SELECT count(*) FILTER (WHERE published_to IS NULL)::int AS pending, count(*)::int AS total, max(last_error) AS last_error FROM questionnaire.outbox_event`,
        );
        problems.push(
          `${missing.length} of ${ids.length} screenings completed with a 2xx never reached monitoring.screening_outcome (outbox: ${JSON.stringify(outbox)})`,
        );
      }
      const fuIds = [...followUps.keys()];
      const fuRows = await db.query<{ id: string; apps: number }>(
        `SELECT f.id::text AS id, (SELECT count(*)::int FROM monitoring.follow_up_application a WHERE a.follow_up_id = f.id) AS apps FROM monitoring.follow_up f WHERE f.id = ANY($1::uuid[])`,
        [fuIds],
      );
      if (fuRows.length !== fuIds.length) problems.push(`${fuIds.length - fuRows.length} follow-ups answered 201 do not exist`);
      if (fuRows.some((r) => r.apps !== 1)) problems.push('a follow-up lost its application');

      // New work after recovery: a screening reaches monitoring, a follow-up is recorded, and a
      // report job (a job put on the new Redis) is taken by the worker.
      const fresh = await screening(stack.questionnaire, operator);
      if (fresh.completion?.status !== 200 && fresh.completion?.status !== 201)
        problems.push(`a new screening after recovery: ${JSON.stringify(fresh.steps.map((s) => s.status))}`);
      else if (!(await becomesTrue(async () => (await inMonitoring([fresh.id as string])).size === 1, 60_000)))
        problems.push('a screening completed after recovery never reached monitoring');
      else {
        const f = await call(stack.monitoring, 'POST', '/api/v1/follow-ups', { token: operator, body: followUpBody(fresh.id as string) });
        if (f.status !== 201) problems.push(`a follow-up after recovery: ${f.status} ${JSON.stringify(f.body).slice(0, 200)}`);
      }
      // The same report as the one asked for while Redis was down: if that request left a QUEUED row
      // without a job, asking again must re-add the job (ReportsService.enqueue's designed repair).
      const dangling = await db.query<{ id: string; status: string }>(`SELECT id::text AS id, status FROM monitoring.report WHERE semester = '2026S2'`);
      const report = await call<{ id: string }>(stack.monitoring, 'POST', '/api/v1/reports', { token: central, body: { semester: '2026S2' } });
      console.log(
        `report rows for 2026S2 before asking again: ${JSON.stringify(dangling)}; asked again: ${report.status} ${JSON.stringify(report.body).slice(0, 120)}`,
      );
      if (report.status !== 202) problems.push(`a report request after recovery: ${report.status} ${JSON.stringify(report.body).slice(0, 200)}`);
      else {
        const taken = await becomesTrue(async () => {
          const r = await call<{ status: string }>(stack.monitoring, 'GET', `/api/v1/reports/${report.body.id}`, { token: central });
          return r.status === 200 && r.body.status !== 'QUEUED';
        }, 60_000);
        if (!taken) problems.push('a report requested after recovery stayed QUEUED for 60 s: the worker does not take jobs from the restarted Redis');
      }
      // The report requested while Redis was down: refused (then nothing is owed), or accepted and then done.
      if (reportDown.status === 202) {
        const id = (reportDown.body as { id: string }).id;
        const taken = await becomesTrue(async () => {
          const r = await call<{ status: string }>(stack.monitoring, 'GET', `/api/v1/reports/${id}`, { token: central });
          return r.status === 200 && r.body.status !== 'QUEUED';
        }, 60_000);
        if (!taken) problems.push('the report accepted (202) while Redis was down was never taken by the worker: its job was lost');
      }

      const dead = stack.procs.filter((p) => !p.alive);
      if (dead.length > 0) problems.push(`processes exited: ${dead.map((p) => `${p.name}\n${p.output().slice(-1500)}`).join('\n')}`);

      const down = samples.filter((s) => s.phase === 'down');
      console.log(
        [
          `Redis down ${upAt - downAt} ms; ${samples.length} calls (${down.length} while down, slowest ${Math.max(0, ...down.map((s) => s.answer.ms))} ms)`,
          `statuses while down: ${JSON.stringify(down.reduce<Record<string, number>>((acc, s) => ((acc[`${s.what} ${s.answer.status}`] = (acc[`${s.what} ${s.answer.status}`] ?? 0) + 1), acc), {}))}`,
          `screenings completed (2xx): ${completed.size}; follow-ups (201): ${followUps.size}; completed but not yet in monitoring when Redis died: ${inQueueAtKill}`,
          `report while down: ${reportDown.status} in ${reportDown.ms} ms ${JSON.stringify(reportDown.body).slice(0, 200)}`,
          `readiness while down: ${readyDown.map((r) => `${r.status}/${r.ms}ms`).join(', ')}`,
        ].join('\n'),
      );
      expect(completed.size).toBeGreaterThan(3);
      expect(problems).toEqual([]);
    } finally {
      await cleanup.run();
    }
  });
});
