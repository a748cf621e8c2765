import { EventEmitter } from 'node:events';
import { context, defaultTextMapSetter, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { DoorContextManager, DoorPropagator, RootSampler, sampledAtTheDoor } from './request-sampling';
import { tracingSuppressed } from './trace-context';

const ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

describe('the sampling decision at the door', () => {
  it('follows the sampled flag of a well-formed traceparent, whatever the ratio', () => {
    expect(sampledAtTheDoor(`00-${ID}-${SPAN}-01`, 0, () => 0.99)).toBe(true);
    expect(sampledAtTheDoor(`00-${ID}-${SPAN}-00`, 1, () => 0)).toBe(false);
    expect(sampledAtTheDoor([`00-${ID}-${SPAN}-03`], 0)).toBe(true);
  });

  it('draws at the ratio without a traceparent or with a malformed one', () => {
    expect(sampledAtTheDoor(undefined, 0.1, () => 0.05)).toBe(true);
    expect(sampledAtTheDoor(undefined, 0.1, () => 0.5)).toBe(false);
    expect(sampledAtTheDoor('garbage-01', 0.1, () => 0.5)).toBe(false);
    expect(sampledAtTheDoor('garbage-01', 1, () => 0.5)).toBe(true);
  });
});

describe('the root sampler', () => {
  it('keeps a server span (the door drew already) and draws for any other root', () => {
    const never = new RootSampler(0);
    expect(never.shouldSample(ROOT_CONTEXT, ID, 'POST', SpanKind.SERVER, {}, []).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(never.shouldSample(ROOT_CONTEXT, ID, 'process x', SpanKind.CONSUMER, {}, []).decision).toBe(SamplingDecision.NOT_RECORD);
    expect(new RootSampler(1).shouldSample(ROOT_CONTEXT, ID, 'process x', SpanKind.CONSUMER, {}, []).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});

describe('the propagator', () => {
  const propagator = new DoorPropagator();

  it('sends "not sampled" with fresh ids where tracing is suppressed', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(suppressTracing(ROOT_CONTEXT), carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    // Valid ids (W3C: not all zeros), and a new pair each time.
    expect(carrier.traceparent).not.toMatch(/^00-0{32}-|-0{16}-00$/);
    const next: Record<string, string> = {};
    propagator.inject(suppressTracing(ROOT_CONTEXT), next, defaultTextMapSetter);
    expect(next.traceparent).not.toBe(carrier.traceparent);
  });

  it('sends the span context as W3C does otherwise, and nothing without a span', () => {
    const sampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: ID, spanId: SPAN, traceFlags: TraceFlags.SAMPLED });
    const carrier: Record<string, string> = {};
    propagator.inject(sampled, carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toBe(`00-${ID}-${SPAN}-01`);
    const none: Record<string, string> = {};
    propagator.inject(ROOT_CONTEXT, none, defaultTextMapSetter);
    expect(none).toEqual({});
  });
});

describe('suppression', () => {
  it('reads the key @opentelemetry/core sets', () => {
    expect(tracingSuppressed(suppressTracing(ROOT_CONTEXT))).toBe(true);
    expect(tracingSuppressed(ROOT_CONTEXT)).toBe(false);
    expect(isTracingSuppressed(suppressTracing(ROOT_CONTEXT))).toBe(true);
  });
});

describe('the context manager', () => {
  const manager = new DoorContextManager().enable();
  afterAll(() => manager.disable());
  const KEY = Symbol('k');

  it('binds no emitter where tracing is suppressed', () => {
    const suppressed = suppressTracing(ROOT_CONTEXT).setValue(KEY, 'request');
    const response = new EventEmitter();
    manager.bind(suppressed, response);
    let seen: unknown = 'unset';
    response.on('finish', () => (seen = manager.active().getValue(KEY)));
    response.emit('finish');
    expect(seen).toBeUndefined();
  });

  it('binds every emitter in a traced context', () => {
    const traced = ROOT_CONTEXT.setValue(KEY, 'traced');
    const emitter = manager.bind(traced, new EventEmitter());
    let seen: unknown;
    emitter.on('x', () => (seen = manager.active().getValue(KEY)));
    context.with(ROOT_CONTEXT, () => emitter.emit('x'));
    expect(seen).toBe('traced');
  });
});
