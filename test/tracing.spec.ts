/**
 * Trace propagation across real processes (docs/operations.md, Traces): the built gateway,
 * questionnaire API and monitoring worker, started with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a
 * stand-in collector in this test. A screening completed through the gateway's REST route must be
 * one trace from the gateway's server span, through the questionnaire's server span and its
 * PostgreSQL queries and the outbox event, to the monitoring worker's consumer span and its queries.
 * Every span is reached from the gateway's root by parent links, so a hop that stops propagating
 * (the proxy, the outbox row, the job's `traceContext`, the worker) breaks the chain and the test.
 */
import { OtlpCollector, type CollectedSpan } from './support/otlp-collector';
import { Fixture, OPERATOR_ORG, screening, sparePort, waitReady, type Proc } from './support/stack';
import { eventually } from '@inps/shared';

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

describe('traces across the gateway, a service, PostgreSQL and a worker', () => {
  const collector = new OtlpCollector(true);
  const fx = new Fixture('trace', 1);
  const procs: Proc[] = [];

  afterAll(async () => {
    await fx.close();
    await collector.stop();
  });

  it('keeps one trace id from a gateway request to the worker that takes its event, and records nothing personal', async () => {
    const endpoint = await collector.start();
    await fx.open();
    // Every trace kept: the default keeps one in a hundred.
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER_ARG: '1' };
    const ports = { gateway: await sparePort(), questionnaire: await sparePort() };
    const questionnaire = fx.start('questionnaire', 'services/questionnaire/dist/main.js', { ...otel, PORT: String(ports.questionnaire) });
    procs.push(questionnaire);
    await waitReady(`http://127.0.0.1:${ports.questionnaire}`, 180_000, [questionnaire]);
    procs.push(fx.start('monitoring-worker', 'services/monitoring/dist/worker.js', { ...otel, SERVICE_NAME: 'monitoring' }));
    /** A gateway in front of the questionnaire API, listening; AGREEMENTS and MONITORING are not started: these traces need neither. */
    const startGateway = async (port: number, env: Record<string, string>): Promise<void> => {
      const gateway = fx.start('gateway', 'services/gateway/dist/main.js', {
        ...env,
        SERVICE_NAME: 'gateway',
        PORT: String(port),
        QUESTIONNAIRE_URL: `http://127.0.0.1:${ports.questionnaire}`,
        AGREEMENTS_URL: `http://127.0.0.1:${await sparePort()}`,
        MONITORING_URL: `http://127.0.0.1:${await sparePort()}`,
        RATE_LIMIT_ENABLED: 'false',
      });
      procs.push(gateway);
      await eventually(
        `the gateway on ${port} to listen`,
        async () => {
          if (!gateway.alive) throw new Error(gateway.tail());
          return fetch(`http://127.0.0.1:${port}/health/live`).then(
            (r) => r.ok || undefined,
            () => undefined,
          );
        },
        { timeoutMs: 120_000, everyMs: 500, retryErrors: true },
      );
    };
    await startGateway(ports.gateway, otel);

    const token = await fx.token('operator', { org: OPERATOR_ORG });
    const done = await screening(`http://127.0.0.1:${ports.gateway}`, token);
    expect(done.completion?.status).toBe(200);
    const screeningId = done.id as string;
    const resumeCode = (done.steps[0].body as { resumeCode: string }).resumeCode;

    // The worker applies the event on its own time; its spans reach the collector within a second of ending.
    const consumer = await eventually(
      'the monitoring worker to trace the screening.completed event',
      () => collector.spans.find((s) => s.service === 'monitoring' && s.kind === CONSUMER && s.name === 'process screening.completed'),
      { timeoutMs: 60_000, everyMs: 250 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${procs.map((p) => p.tail(1500)).join('\n')}`);
    });
    const inTrace = (): CollectedSpan[] => collector.spans.filter((s) => s.traceId === consumer.traceId);
    // Each process exports on its own schedule: wait for the gateway's root and the worker's query too.
    await eventually(
      'the gateway and worker spans of the trace',
      () =>
        (inTrace().some((s) => s.service === 'gateway' && s.kind === SERVER) &&
          inTrace().some((s) => s.service === 'monitoring' && s.name.startsWith('pg.query'))) ||
        undefined,
      { timeoutMs: 15_000, everyMs: 250 },
    );
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const root = spans.filter((s) => s.parentSpanId === undefined);
    expect(root.map((s) => [s.service, s.kind])).toEqual([['gateway', SERVER]]);

    /** The services a span's ancestors belong to, from the root down to it. */
    const path = (span: CollectedSpan): string[] => {
      const chain: string[] = [];
      for (let s: CollectedSpan | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) chain.unshift(s.service);
      return chain;
    };
    const compact = (services: string[]): string[] => services.filter((s, i) => s !== services[i - 1]);
    // Every span of the trace hangs from the gateway's root: none lost its parent on the way.
    for (const s of spans) expect([s.name, compact(path(s))[0]]).toEqual([s.name, 'gateway']);

    const questionnaireServer = spans.find((s) => s.service === 'questionnaire' && s.kind === SERVER);
    expect(questionnaireServer?.name).toBe('POST /api/v1/screenings/:id/complete');
    const questionnaireQuery = spans.find((s) => s.service === 'questionnaire' && s.name.startsWith('pg.query'));
    expect(questionnaireQuery && compact(path(questionnaireQuery))).toEqual(['gateway', 'questionnaire']);
    const workerQuery = spans.find((s) => s.service === 'monitoring' && s.name.startsWith('pg.query')) as CollectedSpan;
    expect(compact(path(workerQuery))).toEqual(['gateway', 'questionnaire', 'monitoring']);
    expect(byId.get(consumer.parentSpanId ?? '')?.service).toBe('questionnaire');

    // A GraphQL query through the gateway (the Hive runtime's subgraph fetch) continues the trace too.
    const graphql = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ ruleSets { id } }' }),
    });
    expect(graphql.status).toBe(200);
    const subgraph = await eventually(
      'the questionnaire subgraph span with its gateway parent',
      () =>
        collector.spans.find(
          (s) =>
            s.service === 'questionnaire' &&
            s.kind === SERVER &&
            s.name.startsWith('POST /graphql') &&
            collector.spans.some((g) => g.service === 'gateway' && g.spanId === s.parentSpanId),
        ),
      { timeoutMs: 15_000, everyMs: 250 },
    );
    expect(collector.spans.filter((s) => s.traceId === subgraph.traceId && s.parentSpanId === undefined).map((s) => s.service)).toEqual(['gateway']);
    // From the gateway's server span through its client span for the subgraph call: the body the
    // gateway reads itself (graphql-guard) must not lose the request's context on the way.
    const call = collector.spans.find((s) => s.spanId === subgraph.parentSpanId);
    const gatewayServer = collector.spans.find((s) => s.spanId === call?.parentSpanId);
    expect([call?.service, call?.kind, gatewayServer?.service, gatewayServer?.kind, gatewayServer?.name]).toEqual([
      'gateway',
      CLIENT,
      'gateway',
      SERVER,
      'POST /graphql',
    ]);

    // Nothing personal anywhere in what was exported: no id, no code, no URL, no address.
    const everything = JSON.stringify(collector.spans);
    expect(everything).not.toContain(screeningId);
    expect(everything).not.toContain(resumeCode);
    const keys = new Set(collector.spans.flatMap((s) => Object.keys(s.attributes)));
    for (const key of ['url.full', 'url.path', 'url.query', 'http.url', 'http.target', 'client.address', 'user_agent.original', 'db.postgresql.values'])
      expect(keys).not.toContain(key);

    // A gateway that keeps no trace tells the services it calls so, and they keep none either, though
    // they would keep every trace of their own: the "not sampled" flag travels on the REST proxy's
    // calls and on the subgraph fetches, which go round the instrumentations (tracing.sdk.ts).
    const quietPort = await sparePort();
    await startGateway(quietPort, { ...otel, OTEL_TRACES_SAMPLER_ARG: '0' });
    const servedBefore = collector.spans.filter((s) => s.service === 'questionnaire' && s.kind === SERVER).length;
    const untraced = await screening(`http://127.0.0.1:${quietPort}`, token);
    expect(untraced.completion?.status).toBe(200);
    const untracedGraphql = await fetch(`http://127.0.0.1:${quietPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ ruleSets { id } }' }),
    });
    expect(untracedGraphql.status).toBe(200);
    // A traced request after them, through the first gateway: once its server span has arrived, the
    // questionnaire has exported everything it recorded before it.
    const marker = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/rulesets`, { headers: { authorization: `Bearer ${token}` } });
    expect(marker.ok).toBe(true);
    await eventually(
      'the questionnaire span of the traced request made after the untraced ones',
      () => collector.spans.some((s) => s.service === 'questionnaire' && s.kind === SERVER && s.name === 'GET /api/v1/rulesets') || undefined,
      { timeoutMs: 15_000, everyMs: 250 },
    );
    const served = collector.spans.filter((s) => s.service === 'questionnaire' && s.kind === SERVER).map((s) => s.name);
    // Only the marker: none of the untraced screening's requests, nor the subgraph fetch.
    expect(served.slice(servedBefore)).toEqual(['GET /api/v1/rulesets']);
    // Nor its event: the completion wrote "not sampled" beside it (the request's handlers ran in the
    // untraced context, also after its body was read), so the worker, which would keep every trace
    // of its own, applies it without one. Once the worker has applied it, and has exported what it
    // recorded since (it exports every second), its only consumer span is the traced screening's.
    await eventually(
      'the monitoring worker to apply the untraced screening',
      async () => (await fx.query('SELECT 1 FROM monitoring.screening_outcome WHERE screening_id = $1', [untraced.id])).length === 1 || undefined,
      { timeoutMs: 60_000, everyMs: 250 },
    );
    await new Promise((r) => setTimeout(r, 2_500));
    const consumed = collector.spans.filter((s) => s.service === 'monitoring' && s.kind === CONSUMER && s.name === 'process screening.completed');
    expect(consumed.map((s) => s.traceId)).toEqual([consumer.traceId]);
  }, 300_000);
});
