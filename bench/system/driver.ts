import http from 'node:http';

/**
 * A small closed-loop load driver: N virtual users, each running a scenario back to back until the
 * time is up (a scenario started before the deadline is finished). Latencies are recorded per kind
 * of request ("answer", "start", "op", ...).
 */

export interface Reply {
  status: number;
  body: unknown;
}

export class Http {
  private readonly agent: http.Agent;

  constructor(maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent: this.agent,
          timeout: 30_000,
          headers: { accept: 'application/json', ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* keep the text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export class Recorder {
  private readonly samples = new Map<string, number[]>();
  errors = 0;
  readonly errorSamples: string[] = [];
  counters = new Map<string, number>();

  async time<T>(kind: string, work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const result = await work();
    this.add(kind, Number(process.hrtime.bigint() - started) / 1e6);
    return result;
  }

  add(kind: string, ms: number): void {
    let list = this.samples.get(kind);
    if (!list) this.samples.set(kind, (list = []));
    list.push(ms);
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  error(what: string): void {
    this.errors++;
    if (this.errorSamples.length < 5) this.errorSamples.push(what.slice(0, 300));
  }

  /** Every sample of a kind, for pooling several runs. */
  samplesOf(kind: string): readonly number[] {
    return this.samples.get(kind) ?? [];
  }

  latencies(kind: string): { n: number; p50: number; p99: number; mean: number } {
    const sorted = (this.samples.get(kind) ?? []).slice().sort((a, b) => a - b);
    const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
    return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean };
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i] as number;
}

export interface LoadRun {
  iterations: number;
  seconds: number;
  perSecond: number;
  recorder: Recorder;
}

export async function closedLoop(opts: {
  concurrency: number;
  durationMs: number;
  scenario: (http: Http, rec: Recorder, user: number) => Promise<boolean>;
}): Promise<LoadRun> {
  const client = new Http(opts.concurrency * 3);
  const rec = new Recorder();
  const deadline = Date.now() + opts.durationMs;
  let iterations = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, user) => {
      while (Date.now() < deadline) {
        try {
          if (await opts.scenario(client, rec, user)) iterations++;
        } catch (error) {
          rec.error(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.close();
  return { iterations, seconds, perSecond: iterations / seconds, recorder: rec };
}
