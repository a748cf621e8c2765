import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ScrubbingExporter } from './span-scrub';
import { markTracingEnabled } from './trace-context';

export interface TracingSettings {
  readonly serviceName: string;
  /** The OTLP/HTTP endpoint (without /v1/traces). */
  readonly endpoint: string;
  /** Share of new traces kept, parent-based. */
  readonly ratio: number;
  /** Instead of the OTLP exporter (tests). Scrubbed like it. */
  readonly exporter?: SpanExporter;
}

/** Health probes every few seconds would be most of the traces and tell nothing. */
const isProbe = (path: string | undefined): boolean => path !== undefined && (path.startsWith('/health') || path === '/metrics');

let provider: TracerProvider | undefined;
let unload: (() => void) | undefined;

/**
 * Starts the SDK: W3C trace context, the span store of this process, the instrumentations of the
 * modules the services use (http and fetch both ways, Express routes, pg, ioredis), an OTLP/HTTP
 * exporter behind the scrubber. Must run before those modules are first required (tracing.preload.ts).
 */
export function startTracingSdk(settings: TracingSettings): void {
  if (provider) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const exporter = settings.exporter ?? new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces` });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.ratio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new ScrubbingExporter(exporter), scheduledDelayMillis: 1000 })],
  });
  trace.setGlobalTracerProvider(provider);
  unload = registerInstrumentations({
    // Given explicitly: some instrumentations resolve another copy of @opentelemetry/api, whose
    // global provider proxy would not see this provider.
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isProbe(req.url?.split('?')[0]) }),
      new UndiciInstrumentation(),
      // Middleware spans are a dozen per request and say little: routers and handlers give the route.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
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
