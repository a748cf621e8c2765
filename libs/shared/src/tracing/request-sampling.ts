import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import { SpanKind, type Attributes, type Context, type Link, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { tracingSuppressed } from './trace-context';

/**
 * Whether an incoming request is traced, decided at the door, before any span exists: a request
 * that is not is then handled in a context where tracing is suppressed, and the Express, pg and
 * ioredis instrumentations, which act only under a span, step aside for all of it. Left to the
 * sampler, the decision came after the HTTP instrumentation had put a non-recording span in the
 * context, and every route layer, query and Redis command of the requests that are
 * not kept paid for wrapping, attributes and context switches as if they were (decision 0022).
 *
 * A request that carries a W3C `traceparent` follows its sampled flag (the caller decided, as the
 * parent-based sampler would); one without draws at `ratio`.
 */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-([0-9a-f]{2})$/;

export function sampledAtTheDoor(traceparent: string | string[] | undefined, ratio: number, random: () => number = Math.random): boolean {
  const header = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const m = header === undefined ? null : TRACEPARENT.exec(header.trim());
  if (m) return (parseInt(m[1] as string, 16) & 1) === 1;
  return random() < ratio;
}

/**
 * The sampler for spans without a parent. A server span got past the door, which drew already: it
 * is kept. Any other root (a scheduled job, work started outside a request) draws at the ratio.
 */
export class RootSampler implements Sampler {
  private readonly ratio: TraceIdRatioBasedSampler;

  constructor(ratio: number) {
    this.ratio = new TraceIdRatioBasedSampler(ratio);
  }

  shouldSample(context: Context, traceId: string, _name: string, kind: SpanKind, _attributes: Attributes, _links: Link[]): SamplingResult {
    if (kind === SpanKind.SERVER) return { decision: SamplingDecision.RECORD_AND_SAMPLED };
    return this.ratio.shouldSample(context, traceId);
  }

  toString(): string {
    return `RootSampler{server: decided at the door, else ${this.ratio.toString()}}`;
  }
}

/**
 * Ids for work that is not sampled: they must be valid (not all zeros) and should not repeat, but
 * name nothing and are recorded nowhere, so a random prefix per process and a counter do; drawing
 * 24 random hex digits per outgoing call showed in the gateway's profile.
 */
const processPrefix = randomBytes(8).toString('hex');
let notSampledCount = 0;
function notSampledIds(): { traceId: string; spanId: string } {
  notSampledCount = (notSampledCount + 1) % Number.MAX_SAFE_INTEGER || 1;
  const n = notSampledCount.toString(16).padStart(16, '0');
  return { traceId: processPrefix + n, spanId: n };
}

/**
 * W3C trace context, plus the "not sampled" answer for work that was not traced: where tracing is
 * suppressed (a request not kept at the door) there is no span to name, and the plain propagator
 * sends nothing, so the next service (or the worker that takes a job) would draw again and start
 * traces of its own from requests the gateway chose not to keep. This sends a `traceparent` with
 * fresh ids and the sampled flag off instead: nothing downstream records, and the ids name nothing.
 */
export class DoorPropagator implements TextMapPropagator {
  private readonly w3c = new W3CTraceContextPropagator();

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (tracingSuppressed(context)) {
      const { traceId, spanId } = notSampledIds();
      setter.set(carrier, 'traceparent', `00-${traceId}-${spanId}-00`);
    } else this.w3c.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.w3c.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.w3c.fields();
  }
}

/**
 * The AsyncLocalStorage context manager, except that it binds no event emitter in a context where
 * tracing is suppressed. Binding patches the emitter's listener methods and wraps each listener
 * added after (a closure and a context switch per call): on the responses and outgoing calls of
 * the requests that are not traced, that alone cost more than the 5 % allowed
 * (bench/observability), for nothing, as none of it records. Requests being read need no binding
 * either: a body reader carries its caller's context itself (body-parser, graphql-guard).
 */
export class DoorContextManager extends AsyncLocalStorageContextManager {
  override bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter && tracingSuppressed(context)) return target;
    return super.bind(context, target);
  }
}
