import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';

/**
 * The W3C trace context (https://www.w3.org/TR/trace-context/) of the span that queued a job or
 * wrote an event, carried in the job's data as `traceContext` so that the worker that takes the job
 * continues the same trace. Two random ids and flags: nothing about the person.
 */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

const TRACER = '@inps/shared';

/**
 * Set once the SDK is started (tracing.sdk.ts). While false every helper here is a plain call: with
 * tracing off a request pays one boolean test per queued job, no span, no allocation.
 */
const STATE = Symbol.for('inps.tracing.enabled');
type Flag = { [STATE]?: boolean };

export function tracingEnabled(): boolean {
  return (globalThis as Flag)[STATE] === true;
}

export function markTracingEnabled(enabled: boolean): void {
  (globalThis as Flag)[STATE] = enabled;
}

/**
 * The key @opentelemetry/core's suppressTracing sets (the API makes context keys with Symbol.for, so
 * this is the same key): read here without loading core, which tracing off does not load.
 * trace-context.spec.ts checks it against core's own isTracingSuppressed.
 */
const SUPPRESSED = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** Tracing suppressed in this context: a request not kept at the door (request-sampling.ts), a probe, the exporter's own calls. */
export function tracingSuppressed(ctx: Context = context.active()): boolean {
  return ctx.getValue(SUPPRESSED) === true;
}

/** The context of the span running now, to put beside a job or an event; undefined when tracing is off. */
export function currentTraceContext(): TraceContext | undefined {
  if (!tracingEnabled()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

/** A well-formed `traceContext` of a job's data, or undefined (absent, or data from elsewhere). */
export function traceContextOf(data: unknown): TraceContext | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const tc = (data as { traceContext?: unknown }).traceContext;
  if (typeof tc !== 'object' || tc === null) return undefined;
  const { traceparent, tracestate } = tc as Record<string, unknown>;
  if (typeof traceparent !== 'string') return undefined;
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}

/** Job data with the current trace context added; the data itself when tracing is off or it is not an object. */
export function withTraceContext<D>(data: D): D {
  if (!tracingEnabled() || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const tc = currentTraceContext();
  return tc ? { ...data, traceContext: tc } : data;
}

/** An outgoing HTTP call as the caller sees it: the headers to send, and the end of its client span. */
export interface OutgoingCall {
  /** `traceparent` (and `tracestate`): the client span's, or "not sampled" where tracing is suppressed. */
  readonly headers: Readonly<Record<string, string>>;
  /** Ends the client span with the answer's status, or as failed (no answer); once, later calls do nothing. */
  end(outcome: number | 'failed'): void;
}

const NO_SPAN_TO_END = (): void => undefined;

/**
 * A client span for an HTTP call this process makes over node:http (the gateway's REST proxy and
 * its GraphQL runtime's subgraph calls), and the headers that continue the trace in the service
 * called. Undefined when tracing is off, so the caller forwards what it was given. Where the request was not kept (suppressed) there is no span,
 * only "not sampled" for the service called; outside any span, the headers of the context as it is.
 *
 * This is the one thing the OpenTelemetry HTTP instrumentation still did for us, and it did it by
 * patching `http.request` for every call of the process, traced or not, building attributes before
 * its own ignore hook ran. Here only the two callers that need it pay, and only when tracing is on
 * (decision 0022, fourth pass, where taking the instrumentation out measured no gain beyond the
 * benchmark's error).
 */
export function traceOutgoing(method: string, target: URL | string): OutgoingCall | undefined {
  if (!tracingEnabled()) return undefined;
  const active = context.active();
  const headers: Record<string, string> = {};
  if (tracingSuppressed(active) || !trace.getSpan(active)?.isRecording()) {
    propagation.inject(active, headers);
    return { headers, end: NO_SPAN_TO_END };
  }
  const url = typeof target === 'string' ? new URL(target) : target;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const attributes = { 'http.request.method': method, 'server.address': url.hostname, 'server.port': port };
  const span = trace.getTracer(TRACER).startSpan(method, { kind: SpanKind.CLIENT, attributes }, active);
  propagation.inject(trace.setSpan(active, span), headers);
  let ended = false;
  return {
    headers,
    end(outcome) {
      if (ended) return;
      ended = true;
      if (outcome === 'failed') {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', 'no_response');
      } else {
        span.setAttribute('http.response.status_code', outcome);
        if (outcome >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

async function inSpan<T>(span: Span, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // The error's name only: its message may quote what a person answered.
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `send` (which adds a job to `queue`) in a producer span, so that the job's `traceContext`
 * (taken inside `send` with withTraceContext) names that span as the worker's parent.
 */
export function traceSend<T>(queue: string, send: () => Promise<T>): Promise<T> {
  // Not traced (the request was not kept): no span; withTraceContext still passes on "not sampled".
  if (!tracingEnabled() || tracingSuppressed()) return send();
  const attributes = { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'messaging.operation.type': 'send' };
  return trace.getTracer(TRACER).startActiveSpan(`send ${queue}`, { kind: SpanKind.PRODUCER, attributes }, (span) => inSpan(span, send));
}

/**
 * Runs a job's handlers in a consumer span that continues the producer's trace (a child of the
 * context in the job's data), or starts one when the job carries none (a schedule). The span is
 * named after the job (a declared job name or an event type), never after its id.
 */
export function traceProcess<T>(queue: string, jobName: string, data: unknown, run: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return run();
  const tc = traceContextOf(data);
  const parent = tc ? propagation.extract(ROOT_CONTEXT, tc) : ROOT_CONTEXT;
  // The producer's trace was not kept: the job runs as such a request does, with tracing suppressed,
  // so that its queries and commands make no spans at all (and what it queues says "not sampled").
  const producer = trace.getSpanContext(parent);
  if (producer && (producer.traceFlags & TraceFlags.SAMPLED) === 0) return context.with(ROOT_CONTEXT.setValue(SUPPRESSED, true), run);
  const attributes = { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'messaging.operation.type': 'process' };
  return trace.getTracer(TRACER).startActiveSpan(`process ${jobName}`, { kind: SpanKind.CONSUMER, attributes }, parent, (span) => inSpan(span, run));
}
