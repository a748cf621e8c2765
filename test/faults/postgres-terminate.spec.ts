/**
 * Fault: PostgreSQL terminates every connection of the services, a few times, under load
 * (`pg_terminate_backend` on our own embedded server; the queue is on our own Redis).
 *
 * Load: agreements taken through submit, review, approval and signature; operator screenings
 * completed; follow-ups with an application. Expected:
 *  - no partial write: an agreement's status is its last transition's, the history is a chain; a
 *    follow-up has its application; monitoring's rollups equal a recount of screening_outcome; every
 *    completed screening has its outbox event and reaches monitoring;
 *  - a refusal while connections drop is a 503 in the standard shape (not a 500), quickly;
 *  - the services recover without a restart: ready again, new requests succeed.
 */
import { becomesTrue, programmeOverFetch, reviewSteps, territorialBody } from '@inps/shared';
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
  type Database,
  type TokenFor,
} from '../support/stack';

const REGION_LAZIO = '12';

interface Sample {
  readonly what: string;
  readonly answer: Answer;
}

async function agreementChain(
  agreements: string,
  token: TokenFor,
  parentId: string,
  n: number,
  record: (what: string, a: Answer) => void,
): Promise<{ id?: string; ok: number }> {
  const territorial = await token('territorial', { territories: [REGION_LAZIO] });
  const central = await token('central', { territories: ['IT'] });
  const draft = await call<{ id: string; version: number }>(agreements, 'POST', '/api/v1/agreements', {
    token: territorial,
    body: {
      ...territorialBody(parentId, `FAULT-PG-${process.pid}-${n}`, { itChanges: false, dataExchange: false, costs: false }),
      title: `Protocollo di prova ${n}`,
      parties: [
        { organisationId: OPERATOR_ORG, role: 'proponent', commitments: ['sportello'] },
        { inpsUnitId: 'dr-lazio', role: 'signatory', commitments: ['consulenza'] },
      ],
    },
  });
  record('agreement create', draft);
  if (draft.status !== 201) return { ok: 0 };
  let version = draft.body.version;
  let ok = 0;
  for (const { action, by, extra } of reviewSteps({ parties: 2, signedOn: '2026-02-01', comment: 'ok' })) {
    const r = await call<{ version: number }>(agreements, 'POST', `/api/v1/agreements/${draft.body.id}/transitions`, {
      token: by === 'central' ? central : territorial,
      body: { action, version, ...extra },
    });
    record(`agreement ${action}`, r);
    if (r.status !== 200 && r.status !== 201) break;
    version = r.body.version;
    ok += 1;
  }
  return { id: draft.body.id, ok };
}

async function invariants(db: Database): Promise<string[]> {
  const problems: string[] = [];
  const q = async (name: string, sql: string): Promise<void> => {
    const rows = await db.query(sql);
    if (rows.length > 0) problems.push(`${name}: ${JSON.stringify(rows.slice(0, 5))}${rows.length > 5 ? ` (+${rows.length - 5})` : ''}`);
  };
  await q(
    'agreement whose status is not its last transition',
    `SELECT a.id, a.status, t.to_status FROM agreements.agreement a
       LEFT JOIN LATERAL (SELECT to_status FROM agreements.agreement_transition t WHERE t.agreement_id = a.id ORDER BY t.id DESC LIMIT 1) t ON true
      WHERE (t.to_status IS NULL AND a.status <> 'DRAFT') OR (t.to_status IS NOT NULL AND t.to_status <> a.status)`,
  );
  await q(
    'agreement history that is not a chain',
    `SELECT agreement_id, id, from_status, prev FROM (
        SELECT agreement_id, id, from_status, lag(to_status) OVER (PARTITION BY agreement_id ORDER BY id) AS prev FROM agreements.agreement_transition) x
      WHERE (prev IS NULL AND from_status <> 'DRAFT') OR (prev IS NOT NULL AND prev <> from_status)`,
  );
  await q(
    'agreement whose version does not count its transitions',
    `SELECT a.id, a.version, (SELECT count(*) FROM agreements.agreement_transition t WHERE t.agreement_id = a.id)::int AS transitions
       FROM agreements.agreement a WHERE a.version <> 1 + (SELECT count(*) FROM agreements.agreement_transition t WHERE t.agreement_id = a.id)`,
  );
  await q(
    'follow-up without its application',
    `SELECT f.id FROM monitoring.follow_up f WHERE NOT EXISTS (SELECT 1 FROM monitoring.follow_up_application a WHERE a.follow_up_id = f.id)`,
  );
  await q(
    'screening rollup that is not a recount (country)',
    `WITH recount AS (
        SELECT semester, channel, count(*)::int AS screenings, count(*) FILTER (WHERE likely_count > 0)::int AS with_likely FROM monitoring.screening_outcome GROUP BY semester, channel)
      SELECT coalesce(r.semester, c.semester) AS semester, coalesce(r.channel, c.channel) AS channel, r.screenings AS rollup, c.screenings AS recount, r.with_likely, c.with_likely AS recount_likely
        FROM (SELECT * FROM monitoring.screening_rollup WHERE level = 'country') r FULL JOIN recount c ON c.semester = r.semester AND c.channel = r.channel
       WHERE r.screenings IS DISTINCT FROM c.screenings OR r.with_likely IS DISTINCT FROM c.with_likely`,
  );
  await q(
    'screening rollup that is not a recount (comune)',
    `WITH recount AS (
        SELECT semester, comune_code, channel, count(*)::int AS screenings FROM monitoring.screening_outcome WHERE comune_code IS NOT NULL GROUP BY semester, comune_code, channel)
      SELECT r.*, c.screenings AS recount FROM (SELECT * FROM monitoring.screening_rollup WHERE level = 'comune') r
        FULL JOIN recount c ON c.semester = r.semester AND c.comune_code = r.territory_code AND c.channel = r.channel
       WHERE r.screenings IS DISTINCT FROM c.screenings`,
  );
  await q(
    'benefit rollup that is not a recount (country)',
    `WITH recount AS (
        SELECT o.semester, v->>'benefitId' AS benefit_id, count(*)::int AS assessments FROM monitoring.screening_outcome o, jsonb_array_elements(o.verdicts) v GROUP BY 1, 2)
      SELECT coalesce(r.semester, c.semester) AS semester, coalesce(r.benefit_id, c.benefit_id) AS benefit_id, r.assessments AS rollup, c.assessments AS recount
        FROM (SELECT * FROM monitoring.benefit_rollup WHERE level = 'country') r FULL JOIN recount c ON c.semester = r.semester AND c.benefit_id = r.benefit_id
       WHERE r.assessments IS DISTINCT FROM c.assessments`,
  );
  await q(
    'completed screening without its outbox event',
    `SELECT s.id FROM questionnaire.screening s WHERE s.status = 'COMPLETED'
        AND NOT EXISTS (SELECT 1 FROM questionnaire.outbox_event e WHERE e.aggregate_id::text = s.id::text)`,
  );
  return problems;
}

describe('PostgreSQL connections terminated under load', () => {
  jest.setTimeout(300_000);

  it('leaves no partial write, answers 503 (not 500) meanwhile, and recovers without a restart', async () => {
    const cleanup = new Cleanup();
    try {
      const dir = tempDir('inps-fault-pg-', cleanup);
      const token = await tokenIssuer(dir);
      const db = await startPostgres(dir, cleanup);
      const redis = await startRedis(cleanup);
      const stack = await startServices({ databaseUrl: db.url, redisUrl: redis.url, dataDir: dir, queuePrefix: 'faultpg' }, cleanup);
      const operator = await token('operator', { org: OPERATOR_ORG });
      const central = await token('central', { territories: ['IT'] });

      // The framework the territorial agreements hang from, signed before the faults.
      const fw = await programmeOverFetch(stack.agreements, { central }).signedFramework({ code: 'FAULT-PG-QUADRO', signedOn: '2026-01-15' });

      const samples: Sample[] = [];
      const record = (what: string, answer: Answer): void => void samples.push({ what, answer });
      const completed = new Set<string>();
      const followedUp = new Set<string>();
      const followUps = new Set<string>();
      let stop = false;
      let chains = 0;
      let n = 0;

      const agreementClient = async (): Promise<void> => {
        for (let round = 0; round < 40 && !stop; round++) {
          const c = await agreementChain(stack.agreements, token, fw.id, n++, record);
          if (c.ok === 4) chains += 1;
        }
      };
      const screeningClient = async (): Promise<void> => {
        for (let round = 0; round < 60 && !stop; round++) {
          const s = await screening(stack.questionnaire, operator);
          for (const step of s.steps) record('screening', step);
          if (s.id && s.completion && s.completion.status < 300) completed.add(s.id);
          const candidates = [...completed].filter((id) => !followedUp.has(id));
          const known =
            candidates.length === 0
              ? []
              : await db
                  .query<{ id: string }>('SELECT screening_id::text AS id FROM monitoring.screening_outcome WHERE screening_id = ANY($1::uuid[])', [candidates])
                  .catch(() => []);
          const target = known.map((r) => r.id).find((id) => !followedUp.has(id));
          if (target) {
            followedUp.add(target);
            const f = await call<{ id: string }>(stack.monitoring, 'POST', '/api/v1/follow-ups', { token: operator, body: followUpBody(target) });
            record('follow-up', f);
            if (f.status === 201) followUps.add(f.body.id);
            else if (f.status !== 409) followedUp.delete(target);
          }
        }
      };
      // Warm-up: the workers are up and a screening goes all the way to monitoring before the faults.
      const first = await screening(stack.questionnaire, operator);
      expect(first.completion?.status).toBe(200);
      completed.add(first.id as string);
      expect(
        await becomesTrue(async () => (await db.query('SELECT 1 FROM monitoring.screening_outcome WHERE screening_id = $1', [first.id])).length === 1, 90_000),
      ).toBe(true);

      const load = Promise.all([agreementClient(), screeningClient(), screeningClient()]);

      const terminated: number[] = [];
      for (let i = 0; i < 4; i++) {
        await sleep(3_000);
        const rows = await db.query<{ t: boolean }>(
          `SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE datname = 'inps' AND pid <> pg_backend_pid()`,
        );
        terminated.push(rows.filter((r) => r.t).length);
      }
      await sleep(4_000);
      stop = true;
      await load;

      const describe = (s: Sample): string =>
        `${s.what}: ${s.answer.status || s.answer.failure} in ${s.answer.ms} ms ${JSON.stringify(s.answer.body).slice(0, 200)}`;
      const problems: string[] = [];
      for (const s of samples) {
        const a = s.answer;
        if (a.status === 0) problems.push(`no answer: ${describe(s)}`);
        else if (a.status >= 500 && !(a.status === 503 && isStandardError(a.body))) problems.push(`a ${a.status} instead of a standard 503: ${describe(s)}`);
        else if (a.status >= 400 && a.status < 500 && !(s.what === 'follow-up' && a.status === 409)) problems.push(`refused: ${describe(s)}`);
        if (a.ms > 10_000) problems.push(`slow: ${describe(s)}`);
      }

      // Recovery, without restarting anything.
      const ready = await becomesTrue(
        async () =>
          (await Promise.all([stack.questionnaire, stack.agreements, stack.monitoring].map((b) => call(b, 'GET', '/health/ready', { timeoutMs: 3000 })))).every(
            (r) => r.status === 200,
          ),
        30_000,
      );
      if (!ready) problems.push('readiness did not come back within 30 s');
      const after = await agreementChain(stack.agreements, token, fw.id, 10_000, () => undefined);
      if (after.ok !== 4) problems.push(`an agreement after the faults went through ${after.ok} of 4 transitions`);
      const fresh = await screening(stack.questionnaire, operator);
      if (!fresh.completion || fresh.completion.status >= 300) problems.push(`a screening after the faults: ${fresh.steps.map((s) => s.status).join(',')}`);
      else completed.add(fresh.id as string);

      // Every completed screening (what the questionnaire committed) reaches monitoring.
      let missing: string[] = [];
      await becomesTrue(async () => {
        const done = await db.query<{ id: string }>(`SELECT id::text AS id FROM questionnaire.screening WHERE status = 'COMPLETED'`);
        const present = new Set((await db.query<{ id: string }>('SELECT screening_id::text AS id FROM monitoring.screening_outcome')).map((r) => r.id));
        missing = done.map((r) => r.id).filter((id) => !present.has(id));
        return missing.length === 0;
      }, 90_000);
      if (missing.length > 0) problems.push(`${missing.length} completed screenings never reached monitoring (e.g. ${missing.slice(0, 3).join(', ')})`);
      const notCompleted = await db.query(`SELECT id FROM questionnaire.screening WHERE id = ANY($1::uuid[]) AND status <> 'COMPLETED'`, [[...completed]]);
      if (notCompleted.length > 0) problems.push(`${notCompleted.length} screenings answered 2xx on completion are not COMPLETED`);
      if (fresh.id && !missing.includes(fresh.id)) {
        const f = await call(stack.monitoring, 'POST', '/api/v1/follow-ups', { token: operator, body: followUpBody(fresh.id) });
        if (f.status !== 201) problems.push(`a follow-up after the faults: ${f.status} ${JSON.stringify(f.body).slice(0, 200)}`);
      }
      const fuRows = await db.query(`SELECT id FROM monitoring.follow_up WHERE id = ANY($1::uuid[])`, [[...followUps]]);
      if (fuRows.length !== followUps.size) problems.push(`${followUps.size - fuRows.length} follow-ups answered 201 do not exist`);

      problems.push(...(await invariants(db)));
      const dead = stack.procs.filter((p) => !p.alive);
      if (dead.length > 0) problems.push(`processes exited: ${dead.map((p) => `${p.name}\n${p.output().slice(-1500)}`).join('\n')}`);

      // What the services logged about their 500s (the cause of the defect, for the report).
      const failed = new Set(
        samples
          .filter((x) => x.answer.status >= 500 && x.answer.status !== 503)
          .map((x) => (x.what.startsWith('agreement') ? 'agreements' : x.what === 'screening' ? 'questionnaire' : 'monitoring')),
      );
      for (const name of failed) {
        const lines = (stack.procs.find((p) => p.name === name)?.output() ?? '').split('\n').filter((l) => /error|terminat/i.test(l));
        console.log(
          `${name} logged:\n${lines
            .slice(-6)
            .map((l) => l.slice(0, 1500))
            .join('\n')}`,
        );
      }
      const statuses = samples.reduce<Record<string, number>>(
        (acc, s) => ((acc[`${s.what} ${s.answer.status}`] = (acc[`${s.what} ${s.answer.status}`] ?? 0) + 1), acc),
        {},
      );
      console.log(
        [
          `terminated backends per round: ${terminated.join(', ')}`,
          `${samples.length} calls, slowest ${Math.max(0, ...samples.map((s) => s.answer.ms))} ms; statuses: ${JSON.stringify(statuses)}`,
          `agreement chains completed: ${chains}; screenings completed (2xx): ${completed.size}; follow-ups (201): ${followUps.size}`,
        ].join('\n'),
      );
      expect(terminated.every((t) => t > 0)).toBe(true);
      expect(completed.size).toBeGreaterThan(3);
      expect(problems).toEqual([]);
    } finally {
      await cleanup.run();
    }
  });
});
