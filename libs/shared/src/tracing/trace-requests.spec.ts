import express from 'express';
import request from 'supertest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { currentTraceContext, traceOutgoing } from './trace-context';
import { startTracingSdk, stopTracingSdk, traceRequests } from './tracing.sdk';

/** Keeps its spans when the provider shuts down (which flushes them), so that the test reads them after. */
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

/** An Express app with traceRequests first; each handler notes, by the request's x-case, the trace context a job queued there would carry. */
function appBehindTheDoor(seen: Map<string, string | undefined>): express.Express {
  const app = express();
  app.use(traceRequests);
  app.use(express.json());
  const note: express.RequestHandler = (req, res) => {
    seen.set(String(req.headers['x-case']), currentTraceContext()?.traceparent);
    res.status(200).json({ ok: true });
  };
  app.post('/api/v1/screenings/:id/answers', note);
  app.get('/health/ready', note);
  app.get('/boom', () => {
    throw new Error('boom');
  });
  return app;
}

describe('the door and the server span (traceRequests), every request without a caller decision kept', () => {
  const exporter = new KeptSpans();
  /** What each request's handler saw as the trace context a job queued there would carry. */
  const seen = new Map<string, string | undefined>();
  const app = appBehindTheDoor(seen);

  beforeAll(() => startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 1, exporter }));
  afterAll(() => stopTracingSdk());

  it('makes a server span named by route pattern, a child of the caller, with the method, route and status only', async () => {
    await request(app)
      .post('/api/v1/screenings/7d9c3b8e-1111-4222-8333-944455556666/answers?code=X')
      .set('x-case', 'kept')
      .set('traceparent', `00-${ID}-${SPAN}-01`)
      .send({ value: 1 })
      .expect(200);
    await request(app).post('/api/v1/screenings/abc/answers').set('x-case', 'drawn').send({ value: 1 }).expect(200);
    await request(app).get('/boom').set('x-case', 'failed').expect(500);
    await stopTracingSdk();
    const spans = exporter.getFinishedSpans().filter((s) => s.kind === 1);
    expect(spans.map((s) => s.name)).toEqual(['POST /api/v1/screenings/:id/answers', 'POST /api/v1/screenings/:id/answers', 'GET /boom']);
    const [kept, drawn, failed] = spans;
    expect(kept?.spanContext().traceId).toBe(ID);
    expect(kept?.parentSpanContext?.spanId).toBe(SPAN);
    expect(kept?.attributes).toEqual({ 'http.request.method': 'POST', 'http.route': '/api/v1/screenings/:id/answers', 'http.response.status_code': 200 });
    expect(drawn?.parentSpanContext).toBeUndefined();
    expect(failed?.status.code).toBe(2);
    // The handler ran inside the span, also after the body was read: a job queued there continues the trace.
    expect(seen.get('kept')).toBe(`00-${ID}-${kept?.spanContext().spanId}-01`);
  });
});

describe('the door, nothing kept without a caller decision', () => {
  const exporter = new KeptSpans();
  const seen = new Map<string, string | undefined>();
  const app = appBehindTheDoor(seen);

  beforeAll(() => startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 0, exporter }));
  afterAll(() => stopTracingSdk());

  it('makes no span for a request not kept or a probe, and what they queue says "not sampled"', async () => {
    await request(app).post('/api/v1/screenings/abc/answers').set('x-case', 'drawn').send({ value: 1 }).expect(200);
    await request(app).post('/api/v1/screenings/abc/answers').set('x-case', 'refused').set('traceparent', `00-${ID}-${SPAN}-00`).send({ value: 1 }).expect(200);
    await request(app).get('/health/ready').set('x-case', 'probe').set('traceparent', `00-${ID}-${SPAN}-01`).expect(200);
    await stopTracingSdk();
    expect(exporter.getFinishedSpans()).toEqual([]);
    for (const c of ['drawn', 'refused', 'probe']) expect([c, seen.get(c)]).toEqual([c, expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/)]);
  });
});

/** An app whose one route calls an upstream the way the gateway's proxy does, noting the headers it would send. */
function appThatCallsOut(sent: Map<string, Readonly<Record<string, string>> | undefined>): express.Express {
  const app = express();
  app.use(traceRequests);
  app.get('/api/v1/rulesets', (req, res) => {
    const call = traceOutgoing('GET', 'http://questionnaire.internal:8081/api/v1/rulesets?x=1');
    sent.set(String(req.headers['x-case']), call?.headers);
    call?.end(503);
    call?.end(200); // a second end changes nothing
    res.status(200).json({ ok: true });
  });
  return app;
}

describe('client spans of calls made over node:http (traceOutgoing)', () => {
  const exporter = new KeptSpans();
  const sent = new Map<string, Readonly<Record<string, string>> | undefined>();
  const app = appThatCallsOut(sent);
  afterEach(() => stopTracingSdk());

  it('in a kept request: a client span, child of the server span, whose context the headers carry', async () => {
    startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 0, exporter });
    await request(app).get('/api/v1/rulesets').set('x-case', 'kept').set('traceparent', `00-${ID}-${SPAN}-01`).expect(200);
    await stopTracingSdk();
    const server = exporter.getFinishedSpans().find((s) => s.kind === 1);
    const client = exporter.getFinishedSpans().find((s) => s.kind === 2);
    expect(client?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(client?.spanContext().traceId).toBe(ID);
    expect(client?.name).toBe('GET');
    // Where it went, not what was asked: no path, no query.
    expect(client?.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': 'questionnaire.internal',
      'server.port': 8081,
      'http.response.status_code': 503,
    });
    expect(client?.status.code).toBe(2);
    expect(sent.get('kept')).toEqual({ traceparent: `00-${ID}-${client?.spanContext().spanId}-01` });
  });

  it('in a request not kept: no span, and "not sampled" for the service called; with tracing off, nothing at all', async () => {
    exporter.reset();
    startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 0, exporter });
    await request(app).get('/api/v1/rulesets').set('x-case', 'drawn').expect(200);
    await stopTracingSdk();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(sent.get('drawn')).toEqual({ traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/) });
    expect(traceOutgoing('GET', 'http://questionnaire.internal:8081/')).toBeUndefined();
  });
});
