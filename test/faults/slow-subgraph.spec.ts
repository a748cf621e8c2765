/**
 * Fault: one subgraph (the questionnaire) becomes slow, then unreachable, behind a TCP proxy of our
 * own between it and the gateway (UPSTREAM_TIMEOUT_MS=1500). Expected:
 *  - GraphQL: a federated query answers within the timeout (plus a margin) with an error for the
 *    questionnaire's field while the agreements' field of the same query still has its data;
 *  - REST to the questionnaire through the gateway: 504 (slow) / 503 (cut) in the standard error
 *    shape, quickly; REST to the other services is unaffected;
 *  - when the proxy heals, everything works again (no restart).
 * Our own PostgreSQL; no Redis (the queues run on PostgreSQL); the APIs only, no workers.
 */
import { FaultProxy } from './support/fault-proxy';
import { becomesTrue } from '@inps/shared';
import { call, Cleanup, isStandardError, sparePort, startPostgres, startProcess, startServices, tempDir, tokenIssuer, waitReady } from '../support/stack';

const TIMEOUT_MS = 1500;
/** The gateway's answer may take the timeout plus this (scheduling on a loaded two-core machine). */
const MARGIN_MS = 2000;
const QUERY = '{ territories(limit: 1) { total } ruleSets { id } }';

interface GraphqlAnswer {
  data?: { territories?: { total: number } | null; ruleSets?: { id: string }[] | null } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

describe('a slow or unreachable subgraph behind the gateway', () => {
  jest.setTimeout(300_000);

  it('times out only that subgraph (GraphQL partial data, REST 504/503 fast) and heals by itself', async () => {
    const cleanup = new Cleanup();
    try {
      const dir = tempDir('inps-fault-subgraph-', cleanup);
      const token = await tokenIssuer(dir);
      const db = await startPostgres(dir, cleanup);
      const stack = await startServices({ databaseUrl: db.url, dataDir: dir, queuePrefix: 'faultgw', workers: false }, cleanup);
      const proxy = new FaultProxy(Number(new URL(stack.questionnaire).port));
      await proxy.start();
      cleanup.add('proxy', () => proxy.stop());
      const gatewayPort = await sparePort();
      const gatewayProc = startProcess(
        'gateway',
        'services/gateway/dist/main.js',
        {
          PORT: String(gatewayPort),
          DATA_DIR: dir,
          QUESTIONNAIRE_URL: `http://127.0.0.1:${proxy.port}`,
          AGREEMENTS_URL: stack.agreements,
          MONITORING_URL: stack.monitoring,
          UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
          UPSTREAM_CONNECT_TIMEOUT_MS: '1000',
          RATE_LIMIT_ENABLED: 'false',
        },
        cleanup,
      );
      const gateway = `http://127.0.0.1:${gatewayPort}`;
      await waitReady(gateway, 120_000, [gatewayProc]);
      const central = await token('central', { territories: ['IT'] });
      const graphql = () => call<GraphqlAnswer>(gateway, 'POST', '/graphql', { token: central, body: { query: QUERY }, timeoutMs: 30_000 });
      const rest = (path: string) => call(gateway, 'GET', path, { token: central, timeoutMs: 30_000 });
      const problems: string[] = [];
      const show = (a: { status: number; ms: number; body: unknown; failure?: string }): string =>
        `${a.status || a.failure} in ${a.ms} ms ${JSON.stringify(a.body).slice(0, 300)}`;

      const healthy = async (label: string): Promise<void> => {
        const ok = await becomesTrue(async () => {
          const g = await graphql();
          const r = await rest('/api/v1/rulesets');
          return (
            g.status === 200 &&
            !g.body.errors &&
            typeof g.body.data?.territories?.total === 'number' &&
            Array.isArray(g.body.data?.ruleSets) &&
            r.status === 200
          );
        }, 30_000);
        if (!ok) problems.push(`${label}: the federated query or REST did not work: ${show(await graphql())} / ${show(await rest('/api/v1/rulesets'))}`);
      };
      await healthy('before the faults');

      const timings: string[] = [];
      // Latency beyond the timeout (connections stay open and answer late).
      await proxy.set({ kind: 'delay', ms: 5000 });
      for (let i = 0; i < 3; i++) {
        const g = await graphql();
        timings.push(`graphql slow ${g.status} ${g.ms} ms`);
        if (g.ms > TIMEOUT_MS + MARGIN_MS) problems.push(`slow subgraph: GraphQL took ${g.ms} ms (timeout ${TIMEOUT_MS})`);
        if (typeof g.body.data?.territories?.total !== 'number') problems.push(`slow subgraph: the agreements field lost its data: ${show(g)}`);
        if (!g.body.errors?.some((e) => e.path?.[0] === 'ruleSets' || /questionnaire/i.test(JSON.stringify(e))))
          problems.push(`slow subgraph: no error for ruleSets: ${show(g)}`);
        // Clients must not learn the subgraphs' internal addresses or the queries sent to them.
        if (JSON.stringify(g.body).includes(`127.0.0.1:${proxy.port}`))
          problems.push(`slow subgraph: the GraphQL error reveals the subgraph's internal URL: ${show(g)}`);
        const r = await rest('/api/v1/rulesets');
        timings.push(`rest slow ${r.status} ${r.ms} ms`);
        if (r.status !== 504 || !isStandardError(r.body) || r.ms > TIMEOUT_MS + MARGIN_MS)
          problems.push(`slow subgraph: REST should be a quick standard 504: ${show(r)}`);
        const other = await rest('/api/v1/agreements?limit=1');
        if (other.status !== 200 || other.ms > MARGIN_MS) problems.push(`slow subgraph: REST to agreements was affected: ${show(other)}`);
      }

      // Connections cut: every connection reset. The gateway documents 502 for a service that
      // breaks off (rest-proxy.ts), so REST may be 502 here; 503/504 are fine too.
      await proxy.set({ kind: 'cut' });
      for (let i = 0; i < 2; i++) {
        const g = await graphql();
        timings.push(`graphql cut ${g.status} ${g.ms} ms`);
        if (g.ms > TIMEOUT_MS + MARGIN_MS) problems.push(`cut subgraph: GraphQL took ${g.ms} ms`);
        if (typeof g.body.data?.territories?.total !== 'number') problems.push(`cut subgraph: the agreements field lost its data: ${show(g)}`);
        if (!g.body.errors?.length) problems.push(`cut subgraph: no error for ruleSets: ${show(g)}`);
        const r = await rest('/api/v1/rulesets');
        timings.push(`rest cut ${r.status} ${r.ms} ms`);
        if (![502, 503, 504].includes(r.status) || !isStandardError(r.body) || r.ms > TIMEOUT_MS + MARGIN_MS)
          problems.push(`cut subgraph: REST should be a quick standard 502/503/504: ${show(r)}`);
      }

      // The service gone (connection refused): REST is a 503, GraphQL still answers the rest.
      await proxy.set({ kind: 'down' });
      for (let i = 0; i < 2; i++) {
        const g = await graphql();
        timings.push(`graphql down ${g.status} ${g.ms} ms`);
        if (g.ms > TIMEOUT_MS + MARGIN_MS) problems.push(`subgraph down: GraphQL took ${g.ms} ms`);
        if (typeof g.body.data?.territories?.total !== 'number') problems.push(`subgraph down: the agreements field lost its data: ${show(g)}`);
        if (!g.body.errors?.length) problems.push(`subgraph down: no error for ruleSets: ${show(g)}`);
        const r = await rest('/api/v1/rulesets');
        timings.push(`rest down ${r.status} ${r.ms} ms`);
        if (r.status !== 503 || !isStandardError(r.body) || r.ms > TIMEOUT_MS + MARGIN_MS)
          problems.push(`subgraph down: REST should be a quick standard 503: ${show(r)}`);
        const mutation = await call(gateway, 'POST', '/api/v1/screenings', { body: { mode: 'self', language: 'en' }, timeoutMs: 30_000 });
        timings.push(`rest POST down ${mutation.status} ${mutation.ms} ms`);
        if (mutation.status !== 503 || !isStandardError(mutation.body) || mutation.ms > TIMEOUT_MS + MARGIN_MS)
          problems.push(`subgraph down: a POST should be a quick standard 503: ${show(mutation)}`);
      }
      const readyCut = await call(gateway, 'GET', '/health/ready', { timeoutMs: 30_000 });
      timings.push(`gateway ready while down: ${readyCut.status} ${readyCut.ms} ms`);
      if (readyCut.ms > TIMEOUT_MS + MARGIN_MS) problems.push(`gateway readiness took ${readyCut.ms} ms while a subgraph was cut`);

      // Healed: everything works again, without restarting anything.
      await proxy.set({ kind: 'pass' });
      await healthy('after healing');
      const created = await call(gateway, 'POST', '/api/v1/screenings', { body: { mode: 'self', language: 'en' } });
      if (created.status !== 201) problems.push(`after healing: a screening through the gateway: ${show(created)}`);
      if (!gatewayProc.alive) problems.push(`the gateway exited:\n${gatewayProc.output().slice(-2000)}`);

      console.log(timings.join('\n'));
      expect(problems).toEqual([]);
    } finally {
      await cleanup.run();
    }
  });
});
