import { defineConfig, type ConfigOf } from '../config/config.definition';
import { field, optional, str, url } from '../config/config.field';

/** A number from 0 to 1: the share of new traces kept. */
const ratio = (defaultValue: number) =>
  field<number>(
    (raw) => {
      const n = Number(raw);
      return Number.isFinite(n) && n >= 0 && n <= 1 ? { ok: true, value: n } : { ok: false, issue: 'must be a number from 0 to 1' };
    },
    { default: defaultValue },
  );

/**
 * The tracing variables, part of every service's configuration (baseConfig spreads them). Their
 * names are OpenTelemetry's own, so an operator's usual settings work; the SDK is given these
 * values explicitly and reads nothing else.
 */
export const TRACING_FIELDS = {
  /**
   * The OTLP/HTTP collector, e.g. `http://otel-collector:4318` (traces go to `/v1/traces`). Absent:
   * tracing is off, no SDK is loaded and nothing is instrumented.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(url({ protocols: ['http:', 'https:'] })),
  /**
   * The share of new traces kept, decided as a request arrives (one that arrives with a traceparent
   * follows its sampled flag). One in a hundred by default: each request draws, and a screening
   * makes about twenty, so that is about one traced request every five screenings, enough to see
   * where time goes. A kept request costs about a third more CPU than one not kept: one in ten came
   * to about 3 % per screening on top of what tracing costs every request (bench/observability,
   * decision 0022, "Second pass"). 1 to follow every request while chasing a problem.
   */
  OTEL_TRACES_SAMPLER_ARG: ratio(0.01),
  /** Absent: the service's SERVICE_NAME. */
  OTEL_SERVICE_NAME: optional(str({ pattern: /^[a-z][a-z0-9-]*$/, hint: 'lower-case letters, digits and dashes' })),
} as const;

export const tracingConfig = defineConfig(TRACING_FIELDS);

export type TracingConfig = ConfigOf<typeof tracingConfig>;
