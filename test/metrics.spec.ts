import request from 'supertest';
import { eventually, programmeOverHttp } from '@inps/shared';
import { romeDate } from '@inps/kernel';
import { previousSemester, semesterOf } from '../services/monitoring/src/domain/semester';
import { call, Cleanup, Fixture, localUrl, screening, sparePort, startProcess, startServices, waitReady, type Services } from './support/stack';

/** One sample line of the text exposition: name, labels, value. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of a series' samples whose labels include `match`. */
function total(samples: readonly Sample[], name: string, match: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

function has(samples: readonly Sample[], name: string): boolean {
  return samples.some((s) => s.name === name);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The done-when test of the metrics (docs/operations.md, "Metrics"): the three APIs, their workers
 * and the gateway as real built processes, each scraped before and after a journey through the
 * gateway (an agreement signed and activated by the agreements worker, an operator screening
 * completed and consumed by monitoring, a GraphQL query, a report compiled), and the series move.
 */
describe('metrics of every process during a journey', () => {
  jest.setTimeout(600_000);

  const cleanup = new Cleanup();
  const fx = new Fixture('metrics', 1);
  let services: Services;
  let gateway: string;
  let management: string;
  let tokens: { central: string; territorial: string; operator: string };

  beforeAll(async () => {
    await fx.open();
    cleanup.add('fixture', () => fx.close());
    // Signing first creates the development key the processes verify with.
    tokens = {
      central: await fx.token('central'),
      territorial: await fx.token('territorial', { territories: ['12'] }),
      operator: await fx.token('operator', { org: 'caritas-roma' }),
    };
    services = await startServices({ databaseUrl: fx.databaseUrl, redisUrl: fx.env().REDIS_URL, dataDir: fx.dataDir, queuePrefix: fx.prefix }, cleanup);
    const [port, metricsPort] = [await sparePort(), await sparePort()];
    const gw = startProcess(
      'gateway',
      'services/gateway/dist/main.js',
      {
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        DATA_DIR: fx.dataDir,
        REDIS_URL: fx.env().REDIS_URL as string,
        RATE_LIMIT_ENABLED: 'false',
        QUESTIONNAIRE_URL: services.questionnaire,
        AGREEMENTS_URL: services.agreements,
        MONITORING_URL: services.monitoring,
      },
      cleanup,
    );
    services.procs.push(gw);
    gateway = localUrl(port);
    management = localUrl(metricsPort);
    await waitReady(gateway, 180_000, [gw]);
    for (const side of Object.values(services.workerSides)) await waitReady(side as string, 180_000, services.procs);
  });

  afterAll(() => cleanup.run());

  async function scrapeAll(): Promise<Record<string, Sample[]>> {
    const targets: Record<string, string> = {
      questionnaire: services.questionnaire,
      agreements: services.agreements,
      monitoring: services.monitoring,
      gateway: management,
      'questionnaire-worker': services.workerSides.questionnaire as string,
      'agreements-worker': services.workerSides.agreements as string,
      'monitoring-worker': services.workerSides.monitoring as string,
    };
    const out: Record<string, Sample[]> = {};
    for (const [name, base] of Object.entries(targets)) {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      // No label value is an id (the exposition names no screening, agreement or report).
      expect(text).not.toMatch(UUID);
      out[name] = parse(text);
    }
    return out;
  }

  it('serves /metrics on every process, none through the gateway, and the series move', async () => {
    const before = await scrapeAll();
    for (const [name, samples] of Object.entries(before)) {
      const [service, role] = name.endsWith('-worker') ? [name.slice(0, -7), 'worker'] : [name, 'api'];
      const mislabelled = samples.find(
        (s) => (s.name.startsWith('inps_') || s.name.startsWith('nodejs_')) && (s.labels.service !== service || s.labels.role !== role),
      );
      expect({ process: name, mislabelled }).toEqual({ process: name, mislabelled: undefined });
      expect(has(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);
    }

    // The public port of the gateway never serves the metrics.
    expect((await fetch(`${gateway}/metrics`)).status).toBe(404);

    // 1. An agreement signed today becomes active through the agreements worker's job.
    const programme = programmeOverHttp(request(gateway), { central: tokens.central, territorial: tokens.territorial });
    const today = romeDate(new Date());
    const fw = await programme.signedFramework({ code: 'MET-QUADRO', signedOn: today });
    const signed = await programme.signedTerritorial({ parentId: fw.id, code: 'MET-ROMA', signedOn: today });
    await programme.untilActive(signed.id, 180_000);

    // 2. An operator screening through the gateway, completed; monitoring's worker consumes the event.
    const done = await screening(gateway, tokens.operator);
    expect(done.completion?.status).toBe(200);
    const screeningId = done.id as string;

    // 3. A GraphQL query over two subgraphs.
    const gql = await call<{ data?: unknown }>(gateway, 'POST', '/graphql', {
      token: tokens.central,
      body: { query: '{ ruleSets { id } territories(limit: 1) { total } }' },
    });
    expect(gql.status).toBe(200);

    // 4. A regional report of the semester that has ended.
    const semester = previousSemester(semesterOf(today)).id;
    const report = await call<{ id: string }>(gateway, 'POST', '/api/v1/reports', { token: tokens.central, body: { semester, territory: '12' } });
    expect(report.status).toBe(202);

    let after: Record<string, Sample[]> = {};
    await eventually(
      'the workers to have handled the event and the report',
      async () => {
        after = await scrapeAll();
        const m = after['monitoring-worker'] as Sample[];
        return (
          total(m, 'inps_consumer_lag_seconds_count', { event: 'screening.completed' }) > 0 && total(m, 'inps_report_compilation_duration_seconds_count') > 0
        );
      },
      { timeoutMs: 240_000, everyMs: 1000 },
    );
    const moved = (process: string, name: string, match: Record<string, string> = {}): void => {
      const b = total(before[process] as Sample[], name, match);
      const a = total(after[process] as Sample[], name, match);
      if (!(a > b)) throw new Error(`${process}: ${name}${JSON.stringify(match)} did not move (${b} → ${a})`);
    };

    // APIs: requests by route pattern (the screening's id is not in any label), latency, pool, outbox.
    moved('questionnaire', 'inps_http_requests_total', { route: '/api/v1/screenings/:id/complete', method: 'POST', status: '200' });
    moved('questionnaire', 'inps_http_request_duration_seconds_count', { route: '/api/v1/screenings/:id/answers', status_class: '2xx' });
    moved('questionnaire', 'inps_screenings_completed_total', { channel: 'desk' });
    moved('questionnaire', 'inps_graphql_operations_total', { operation_type: 'query', outcome: 'ok' });
    moved('agreements', 'inps_http_requests_total', { method: 'POST' });
    moved('monitoring', 'inps_http_requests_total', { route: '/api/v1/reports', method: 'POST', status: '202' });
    // The pool (idle connections close after a while, so a count may be 0 by now).
    for (const api of ['questionnaire', 'agreements', 'monitoring']) {
      const states = (after[api] as Sample[]).filter((s) => s.name === 'inps_db_pool_connections').map((s) => s.labels.state);
      expect(states.sort()).toEqual(['idle', 'total', 'waiting']);
    }
    for (const producer of ['questionnaire', 'agreements', 'questionnaire-worker', 'agreements-worker']) {
      expect(has(after[producer] as Sample[], 'inps_outbox_oldest_unpublished_age_seconds')).toBe(true);
      expect(has(after[producer] as Sample[], 'inps_outbox_unpublished_rows')).toBe(true);
    }

    // Workers: jobs by queue and name, queue gauges, heartbeat, consumer lag, the report.
    moved('agreements-worker', 'inps_jobs_total', { outcome: 'completed' });
    moved('agreements-worker', 'inps_job_duration_seconds_count');
    moved('monitoring-worker', 'inps_jobs_total', { queue: 'events', job: 'screening.completed', outcome: 'completed' });
    moved('monitoring-worker', 'inps_consumer_lag_seconds_count', { event: 'screening.completed' });
    moved('monitoring-worker', 'inps_report_compilation_duration_seconds_count', { scope_level: 'region' });
    expect(total(after['monitoring-worker'] as Sample[], 'inps_report_last_completed_semester_end_seconds', { scope_level: 'region' })).toBeGreaterThan(0);
    for (const worker of ['questionnaire-worker', 'agreements-worker', 'monitoring-worker']) {
      const samples = after[worker] as Sample[];
      expect(total(samples, 'inps_worker_heartbeat_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
      expect(samples.some((s) => s.name === 'inps_queue_jobs' && s.labels.state === 'waiting')).toBe(true);
      expect(samples.filter((s) => s.name === 'inps_db_pool_connections')).toHaveLength(3);
    }

    // The gateway: its requests and its calls to the services, by service.
    moved('gateway', 'inps_http_requests_total');
    moved('gateway', 'inps_gateway_subgraph_request_duration_seconds_count', { subgraph: 'questionnaire', outcome: 'ok' });
    moved('gateway', 'inps_gateway_subgraph_request_duration_seconds_count', { subgraph: 'agreements', outcome: 'ok' });
    moved('gateway', 'inps_gateway_subgraph_request_duration_seconds_count', { subgraph: 'monitoring', outcome: 'ok' });
    expect(has(after.gateway as Sample[], 'process_resident_memory_bytes')).toBe(true);

    const everything = JSON.stringify(after);
    expect(everything).not.toContain(screeningId);
    expect(everything).not.toContain(signed.id);
  });
});
