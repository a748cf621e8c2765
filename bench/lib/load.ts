import http from 'node:http';
import os from 'node:os';

/** A small closed-loop load driver: N virtual users each run a scenario over and over until time is up. */

export interface HttpResult {
  status: number;
  body: unknown;
}

export class BenchClient {
  private readonly agent: http.Agent;
  readonly latenciesMs: number[] = [];
  errors = 0;
  refused = 0;

  constructor(
    private readonly base: URL,
    maxSockets: number,
    private readonly headers: Record<string, string> = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Sends one JSON request; its latency is recorded when `measure` is true. */
  request(method: string, path: string, body?: unknown, measure = true): Promise<HttpResult> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path,
          method,
          agent: this.agent,
          headers: { ...this.headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (measure) this.latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            // A 4xx is the API refusing an answer (a persona value out of a question's range), not a failure.
            if (status >= 500) this.errors++;
            else if (status >= 400) this.refused++;
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* keep text */
            }
            resolve({ status, body: parsed });
          });
        },
      );
      req.on('error', (e) => {
        this.errors++;
        reject(e);
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  iterations: number;
  seconds: number;
  perSecond: number;
  requests: number;
  /** 5xx, network errors, scenarios that threw. */
  errors: number;
  /** 4xx answers. */
  refused: number;
  p50: number;
  p99: number;
}

export async function runLoad(opts: {
  base: string;
  concurrency: number;
  durationMs: number;
  maxIterations?: number;
  headers?: Record<string, string>;
  scenario: (client: BenchClient, user: number) => Promise<void>;
}): Promise<LoadResult> {
  const client = new BenchClient(new URL(opts.base), opts.concurrency, opts.headers);
  const deadline = Date.now() + opts.durationMs;
  const max = opts.maxIterations ?? Number.MAX_SAFE_INTEGER;
  let iterations = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, user) => {
      while (Date.now() < deadline && iterations < max) {
        try {
          await opts.scenario(client, user);
          iterations++;
        } catch {
          client.errors++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.close();
  const sorted = client.latenciesMs.slice().sort((a, b) => a - b);
  return {
    iterations,
    seconds,
    perSecond: iterations / seconds,
    requests: sorted.length,
    errors: client.errors,
    refused: client.refused,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}
