import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation, type UndiciRequest } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { DoorContextManager, DoorPropagator, RootSampler, sampledAtTheDoor } from './request-sampling';
import { ScrubbingExporter } from './span-scrub';
import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '../logging/request-context';
import { markTracingEnabled, tracingSuppressed } from './trace-context';

export interface TracingSettings {
  readonly serviceName: string;
  /** The OTLP/HTTP endpoint (without /v1/traces). */
  readonly endpoint: string;
  /** Share of new traces kept, parent-based. */
  readonly ratio: number;
  /** Instead of the OTLP exporter (tests). Scrubbed like it. */
  readonly exporter?: SpanExporter;
}

/**
 * A fetch made where tracing is suppressed is left to undici alone: the instrumentation would
 * otherwise build its attributes, a span that records nothing, a context and wrapped listeners for
 * it. The one thing it did that matters, telling the service called that the work is not sampled,
 * is done here (DoorPropagator).
 * Undefined where tracing is not suppressed: the instrumentation goes on as usual.
 */
function notSampledHeaders(): [string, string][] | undefined {
  const active = context.active();
  if (!tracingSuppressed(active)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return Object.entries(carrier);
}

/** fetch: undici's request as its diagnostics channel hands it over. */
function skipUntracedFetch(request: UndiciRequest): boolean {
  const added = notSampledHeaders();
  if (!added) return false;
  for (const [k, v] of added) {
    if (typeof request.addHeader === 'function') request.addHeader(k, v);
    else if (typeof request.headers === 'string') request.headers += `${k}: ${v}\r\n`;
    else if (Array.isArray(request.headers)) request.headers.push(k, v);
  }
  return true;
}

/** Health probes every few seconds would be most of the traces and tell nothing. */
const isProbe = (path: string | undefined): boolean => path !== undefined && (path.startsWith('/health') || path === '/metrics');

let provider: TracerProvider | undefined;
let unload: (() => void) | undefined;
/** Share of requests without a caller's decision that start a trace (the door's draw). */
let doorRatio = 0;

/**
 * Starts the SDK: W3C trace context, the span store of this process, the instrumentations of the
 * modules the services use (fetch, pg, ioredis), an OTLP/HTTP exporter behind the scrubber. Server
 * spans are traceRequests's (below); the gateway's calls over node:http make their client spans
 * with traceOutgoing. Must run before those modules are first required (tracing.preload.ts).
 */
export function startTracingSdk(settings: TracingSettings): void {
  if (provider) return;
  doorRatio = settings.ratio;
  context.setGlobalContextManager(new DoorContextManager().enable());
  propagation.setGlobalPropagator(new DoorPropagator());
  const exporter = settings.exporter ?? new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces` });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    sampler: new ParentBasedSampler({ root: new RootSampler(settings.ratio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new ScrubbingExporter(exporter), scheduledDelayMillis: 1000 })],
  });
  trace.setGlobalTracerProvider(provider);
  unload = registerInstrumentations({
    // Given explicitly: some instrumentations resolve another copy of @opentelemetry/api, whose
    // global provider proxy would not see this provider.
    tracerProvider: provider,
    instrumentations: [
      // No HTTP instrumentation: it patched node:http for every request and call, kept or not; its
      // server side was nearly all that tracing cost (decision 0022, third and fourth passes). Server
      // spans are traceRequests's; the two node:http callers that continue a trace, the gateway's
      // REST proxy and its Hive runtime's subgraph calls, make their client spans with traceOutgoing.
      // fetch (the Apollo runtime's subgraph calls, the services' calls to each other) is undici's.
      new UndiciInstrumentation({ ignoreRequestHook: skipUntracedFetch }),
      // No Express instrumentation: it works on every layer of every request (a few dozen in a Nest
      // app), traced or not, before it looks for a span; the server span takes its route from
      // traceRequests below instead, and layer spans said little that the server span does not.
      // Without enhanced reporting no parameter value is recorded; taking a pooled connection is no
      // span of its own (one per query, for nothing to see); a query outside a traced
      // operation (pool housekeeping, the relay's polling) makes no trace of its own.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true, ignoreConnectSpans: true }),
      // The command name only: BullMQ's commands carry the job's data as arguments.
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });
  markTracingEnabled(true);
}

const TRACER = '@inps/shared/http';
/** A request not kept, and everything it does: no span anywhere, and "not sampled" to whatever it calls. */
const NOT_TRACED = suppressTracing(ROOT_CONTEXT);

/**
 * Express middleware, first in every app: the door and the server span. A request is kept when its
 * caller's `traceparent` says sampled, or, without one, when it draws under the ratio
 * (request-sampling.ts); probes never are. A request not kept runs with tracing suppressed and pays
 * nothing else: no span, no wrapped listener. A kept one gets a server span, a child of the caller's,
 * named after its route pattern (`POST /api/v1/screenings/:id/complete`, never the URL) when it ends,
 * with the method, route and status and nothing more (span-scrub.ts keeps it so).
 *
 * This replaces the HTTP instrumentation's server side, which put every request, kept or not, through
 * its wrapper (hooks, a context of its own, the binding of the request and the response): about a
 * fifth of a screening's CPU in the gateway and the API together (decision 0022, third pass).
 */
export function traceRequests(req: Request, res: Response, next: NextFunction): void {
  const path = req.path;
  if (isProbe(path) || !sampledAtTheDoor(req.headers.traceparent, doorRatio)) {
    context.with(NOT_TRACED, next);
    return;
  }
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = trace.getTracer(TRACER).startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.once('close', () => {
    const status = res.writableFinished ? res.statusCode : 499;
    const route = routeOf(req);
    if (route !== '(unmatched)') {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}

/** Exports what is buffered and stops; for a graceful shutdown. */
export async function stopTracingSdk(): Promise<void> {
  const p = provider;
  provider = undefined;
  markTracingEnabled(false);
  unload?.();
  unload = undefined;
  await p?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}
