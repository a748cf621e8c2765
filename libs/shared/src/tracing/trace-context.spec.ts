import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { currentTraceContext, traceContextOf, traceProcess, traceSend, tracingEnabled, withTraceContext } from './trace-context';
import { startTracingSdk, stopTracingSdk } from './tracing.sdk';

describe('trace context in job data, tracing off', () => {
  it('changes nothing and adds nothing', async () => {
    expect(tracingEnabled()).toBe(false);
    const data = { reportId: 'r1' };
    expect(withTraceContext(data)).toBe(data);
    expect(currentTraceContext()).toBeUndefined();
    await expect(traceSend('q', () => Promise.resolve(withTraceContext(data)))).resolves.toBe(data);
  });

  it('reads only a well-formed traceContext', () => {
    expect(traceContextOf({ traceContext: { traceparent: '00-a-b-01', tracestate: 'k=v' } })).toEqual({ traceparent: '00-a-b-01', tracestate: 'k=v' });
    expect(traceContextOf({ traceContext: { traceparent: 1 } })).toBeUndefined();
    expect(traceContextOf({ traceContext: 'x' })).toBeUndefined();
    expect(traceContextOf(null)).toBeUndefined();
  });
});

/** Keeps its spans when the provider shuts down (which flushes them), so that the test reads them after. */
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('trace context in job data, tracing on (in-memory exporter)', () => {
  const exporter = new KeptSpans();

  beforeAll(() => startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 1, exporter }));
  afterAll(() => stopTracingSdk());

  it('the worker span of a job is a child of the span that queued it, in the same trace', async () => {
    const queued = await traceSend('reports', () => Promise.resolve(withTraceContext({ reportId: 'r1' })));
    expect(queued.reportId).toBe('r1');
    expect(traceContextOf(queued)?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    // The job travels as JSON, as it does through Redis.
    const data: unknown = JSON.parse(JSON.stringify(queued));
    const seen = await traceProcess('reports', 'compile', data, () => Promise.resolve(currentTraceContext()));
    await stopTracingSdk();
    const spans = exporter.getFinishedSpans();
    const send = spans.find((s) => s.name === 'send reports');
    const process = spans.find((s) => s.name === 'process compile');
    expect(send && process).toBeTruthy();
    expect(process?.spanContext().traceId).toBe(send?.spanContext().traceId);
    expect(process?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(seen?.traceparent.split('-')[1]).toBe(send?.spanContext().traceId);
  });

  it('a job without a context (a schedule) starts a trace of its own', async () => {
    startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 1, exporter });
    exporter.reset();
    await traceProcess('reports', 'schedule', { every: 'day' }, () => Promise.resolve());
    await stopTracingSdk();
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('process schedule');
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('a job whose producer was not traced runs with tracing suppressed and makes no span', async () => {
    startTracingSdk({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', ratio: 1, exporter });
    exporter.reset();
    const data = { traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' } };
    const queued = await traceProcess('reports', 'compile', data, () => traceSend('next', () => Promise.resolve(withTraceContext({ n: 1 }))));
    await stopTracingSdk();
    expect(exporter.getFinishedSpans()).toEqual([]);
    // What it queues says "not sampled" too, so that the next worker does not draw a trace of its own.
    expect(traceContextOf(queued)?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });
});
