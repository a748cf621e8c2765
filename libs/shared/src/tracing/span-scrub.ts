import type { Attributes } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * The only attributes a span leaves the process with (docs/architecture.md §2.2: nothing personal
 * in traces). An allowlist rather than a blocklist: an instrumentation that starts recording
 * something new (a URL with its query, an SQL parameter, a client address, a request header) is
 * dropped until someone decides it is harmless. Route patterns, methods, statuses, the SQL text
 * with its placeholders (TypeORM always binds values), queue names: what a trace needs to show where
 * time went, nothing that tells who asked.
 */
const KEPT = new Set([
  'http.request.method',
  'http.method',
  'http.response.status_code',
  'http.status_code',
  'http.route',
  'url.scheme',
  'http.scheme',
  'network.protocol.version',
  'http.flavor',
  'server.address',
  'server.port',
  'express.type',
  'express.name',
  'db.system',
  'db.system.name',
  'db.name',
  'db.namespace',
  'db.operation',
  'db.operation.name',
  'db.statement',
  'db.query.text',
  'db.collection.name',
  'messaging.system',
  'messaging.destination.name',
  'messaging.operation.type',
  'graphql.operation.type',
  'error.type',
]);

/** SQL text is kept for the shape of the query, not the whole of a long one. */
const MAX_VALUE_LENGTH = 2000;

/**
 * Span names are route patterns and operation names already; this is the second lock in case an
 * instrumentation falls back to a path: ids (UUIDs), resume-code-like tokens and long numbers go.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const CODE = /\b(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6,}\b/g;
const NUMBER = /\d{4,}/g;

export function scrubName(name: string): string {
  return name.replace(UUID, ':id').replace(CODE, ':code').replace(NUMBER, ':n');
}

function scrubAttributes(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!KEPT.has(key) || value === undefined) continue;
    kept[key] = typeof value === 'string' && value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value;
  }
  return kept;
}

/**
 * A view of the span with its name and attributes scrubbed, its events reduced to their name and
 * exception type (an exception's message can quote a value: "Key (code)=(…) already exists") and its
 * links without attributes. The span itself is not changed: the view shadows those fields only.
 */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    name: { value: scrubName(span.name) },
    attributes: { value: scrubAttributes(span.attributes) },
    events: {
      value: span.events.map((e) => ({
        name: e.name,
        time: e.time,
        attributes: e.attributes?.['exception.type'] !== undefined ? { 'exception.type': e.attributes['exception.type'] } : {},
      })),
    },
    links: { value: span.links.map((l) => ({ context: l.context })) },
  }) as ReadableSpan;
}

/** Scrubs every span before the real exporter sees it. */
export class ScrubbingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(scrubSpan), done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
