import { context, propagation, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
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
import type { RequestOptions } from 'node:http';

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
 * An outgoing request made where tracing is suppressed is left to Node alone: the instrumentations
 * would otherwise build its attributes, a span that records nothing, a context and wrapped
 * listeners for it, which at the gateway (every proxied call) was most of what tracing cost on the
 * requests that are not kept (bench/observability). The one thing they did that
 * matters, telling the service called that the work is not sampled, is done here (DoorPropagator).
 * Undefined where tracing is not suppressed: the instrumentation goes on as usual.
 */
function notSampledHeaders(): [string, string][] | undefined {
  const active = context.active();
  if (!tracingSuppressed(active)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return Object.entries(carrier);
}

/** node:http (the gateway's REST proxy, JWKS reads): the headers go on a copy, as the caller may reuse its own. */
function skipUntracedHttp(options: RequestOptions): boolean {
  const added = notSampledHeaders();
  if (!added) return false;
  const headers = options.headers;
  if (Array.isArray(headers)) options.headers = [...(headers as string[]), ...added.flat()];
  else options.headers = { ...headers, ...Object.fromEntries(added) };
  return true;
}

/** fetch (the gateway's subgraph calls): undici's request as its diagnostics channel hands it over. */
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

/**
 * Starts the SDK: W3C trace context, the span store of this process, the instrumentations of the
 * modules the services use (http and fetch both ways, pg, ioredis; Express routes name the server span through traceRoute), an OTLP/HTTP
 * exporter behind the scrubber. Must run before those modules are first required (tracing.preload.ts).
 */
export function startTracingSdk(settings: TracingSettings): void {
  if (provider) return;
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
      // An ignored request runs with tracing suppressed: no span in it, nor in what it calls. Requests
      // not kept by the sampler are ignored too, decided here before anything is instrumented
      // (request-sampling.ts): that is what keeps the default sampler's cost near tracing off.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => isProbe(req.url?.split('?')[0]) || !sampledAtTheDoor(req.headers.traceparent, settings.ratio),
        ignoreOutgoingRequestHook: skipUntracedHttp,
      }),
      new UndiciInstrumentation({ ignoreRequestHook: skipUntracedFetch }),
      // No Express instrumentation: it works on every layer of every request (a few dozen in a Nest
      // app), traced or not, before it looks for a span; the server span takes its route from
      // traceRoute below instead, and layer spans said little that the server span does not.
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

/**
 * Express middleware: names the HTTP server span after the route pattern (`POST
 * /api/v1/screenings/:id/complete`, never the URL), as the HTTP instrumentation does when it finds
 * `route` in the request's RPC metadata. Set when the response finishes, once routing is done; a
 * request that is not traced has no metadata and gets no listener.
 */
export function traceRoute(req: Request, res: Response, next: NextFunction): void {
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP) {
    res.once('finish', () => {
      const route = routeOf(req);
      if (route !== '(unmatched)') rpc.route = route;
    });
  }
  next();
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
