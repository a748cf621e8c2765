/**
 * Fault: a client that retries hard. The same POST is sent 20 times at once with one
 * `Idempotency-Key`, through the gateway, to each service's main write: a screening started by an operator, an
 * agreement created, a follow-up recorded. Exactly one record results, and all 20 callers get the
 * same answer (19 of them marked replayed); a 21st copy later is replayed too, and the same key with
 * another body is refused. Real built processes on our own PostgreSQL and Redis.
 */
import { randomUUID } from 'node:crypto';
import { becomesTrue, frameworkBody } from '@inps/shared';
import {
  call,
  Cleanup,
  followUpBody,
  OPERATOR_ORG,
  screening,
  sparePort,
  startPostgres,
  startProcess,
  startRedis,
  startServices,
  tempDir,
  tokenIssuer,
  waitReady,
  type Answer,
} from '../support/stack';

const COPIES = 20;

interface Case {
  readonly name: string;
  readonly path: string;
  readonly token?: string;
  readonly body: Record<string, unknown>;
  readonly other: Record<string, unknown>;
  /** How many records the body made (must be 1). */
  count(): Promise<number>;
}

describe('20 concurrent copies of one POST with one Idempotency-Key', () => {
  jest.setTimeout(300_000);

  it('make one record per service, and every copy gets the same answer', async () => {
    const cleanup = new Cleanup();
    try {
      const dir = tempDir('inps-fault-idem-', cleanup);
      const token = await tokenIssuer(dir);
      const db = await startPostgres(dir, cleanup);
      const redis = await startRedis(cleanup);
      const stack = await startServices({ databaseUrl: db.url, redisUrl: redis.url, dataDir: dir, queuePrefix: 'faultidem' }, cleanup);
      const gatewayPort = await sparePort();
      const gatewayProc = startProcess(
        'gateway',
        'services/gateway/dist/main.js',
        {
          PORT: String(gatewayPort),
          DATA_DIR: dir,
          REDIS_URL: redis.url,
          QUESTIONNAIRE_URL: stack.questionnaire,
          AGREEMENTS_URL: stack.agreements,
          MONITORING_URL: stack.monitoring,
          RATE_LIMIT_ENABLED: 'false',
        },
        cleanup,
      );
      const gateway = `http://127.0.0.1:${gatewayPort}`;
      await waitReady(gateway, 120_000, [gatewayProc]);
      const operator = await token('operator', { org: OPERATOR_ORG });
      const central = await token('central', { territories: ['IT'] });

      // A screening monitoring knows, for the follow-up.
      const done = await screening(stack.questionnaire, operator);
      expect(done.completion?.status).toBe(200);
      const known = await becomesTrue(
        async () => (await db.query('SELECT 1 FROM monitoring.screening_outcome WHERE screening_id = $1', [done.id])).length === 1,
        90_000,
      );
      expect(known).toBe(true);

      const code = `FAULT-IDEM-${randomUUID().slice(0, 8).toUpperCase()}`;
      const screeningsBefore = Number((await db.query<{ n: string }>('SELECT count(*) n FROM questionnaire.screening'))[0]?.n);
      const cases: Case[] = [
        {
          // Operator mode: anonymous callers get no replay (decision 0013), each of their POSTs runs.
          name: 'questionnaire: a screening started at a desk',
          path: '/api/v1/screenings',
          token: operator,
          body: { mode: 'operator', language: 'it', territory: '058091', channel: 'desk' },
          other: { mode: 'operator', language: 'en', territory: '058091', channel: 'desk' },
          count: async () => Number((await db.query<{ n: string }>('SELECT count(*) n FROM questionnaire.screening'))[0]?.n) - screeningsBefore,
        },
        {
          name: 'agreements: an agreement created',
          path: '/api/v1/agreements',
          token: central,
          body: frameworkBody(code),
          other: { ...frameworkBody(code), title: 'Un altro titolo' },
          count: async () => (await db.query('SELECT 1 FROM agreements.agreement WHERE code = $1', [code])).length,
        },
        {
          name: 'monitoring: a follow-up recorded',
          path: '/api/v1/follow-ups',
          token: operator,
          body: followUpBody(done.id as string) as Record<string, unknown>,
          other: { ...(followUpBody(done.id as string) as Record<string, unknown>), needs: ['HOUSING'] },
          count: async () => (await db.query('SELECT 1 FROM monitoring.follow_up WHERE screening_id = $1', [done.id])).length,
        },
      ];

      const problems: string[] = [];
      for (const c of cases) {
        const key = `fault-idem-${randomUUID()}`;
        const send = (body: Record<string, unknown>): Promise<Answer<{ id?: string }>> =>
          call<{ id?: string }>(gateway, 'POST', c.path, { token: c.token, body, headers: { 'idempotency-key': key }, timeoutMs: 30_000 });
        const answers = await Promise.all(Array.from({ length: COPIES }, () => send(c.body)));
        const statuses = answers.map((a) => a.status);
        const ids = new Set(answers.map((a) => a.body.id));
        const records = await c.count();
        const replayed = answers.filter((a) => a.replayed).length;
        if (records !== 1) problems.push(`${c.name}: ${records} records from ${COPIES} copies`);
        if (!answers.every((a) => a.status === 201)) problems.push(`${c.name}: statuses ${JSON.stringify(statuses)}`);
        if (ids.size !== 1 || ids.has(undefined)) problems.push(`${c.name}: ${ids.size} different ids in the answers`);
        if (replayed !== COPIES - 1) problems.push(`${c.name}: ${replayed} answers marked replayed, expected ${COPIES - 1}`);
        const later = await send(c.body);
        if (later.status !== 201 || !later.replayed || later.body.id !== answers[0]?.body.id)
          problems.push(`${c.name}: a later copy: ${later.status} replayed=${later.replayed}`);
        const reused = await send(c.other);
        if (reused.status !== 422) problems.push(`${c.name}: the same key with another body: ${reused.status} ${JSON.stringify(reused.body).slice(0, 200)}`);
        if ((await c.count()) !== 1) problems.push(`${c.name}: the later copies made more records`);
        console.log(
          `${c.name}: ${COPIES} copies → ${records} record, statuses ${[...new Set(statuses)].join('/')}, ${replayed} replayed, slowest ${Math.max(...answers.map((a) => a.ms))} ms`,
        );
      }
      expect(problems).toEqual([]);
    } finally {
      await cleanup.run();
    }
  });
});
