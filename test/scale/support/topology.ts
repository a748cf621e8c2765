/**
 * The production topology on one machine: every API and worker twice, the gateway three times, on a
 * database and queue prefix of the test's own (test/support/stack.ts's Fixture), each kind behind a
 * round-robin proxy as a Kubernetes Service would put it. Either queue backend: Redis (REDIS_URL) or
 * BullMQ's PostgreSQL backend (no REDIS_URL at all, so the gateway has no Redis either).
 */
import { Fixture, Proc, localUrl, sparePort, waitReady } from '../../support/stack';
import { RoundRobinProxy } from './round-robin-proxy';

export type Backend = 'redis' | 'postgres';
export const SERVICES = ['questionnaire', 'agreements', 'monitoring'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type Kind = ServiceName | `${ServiceName}-worker` | 'gateway';

/** The gateway's limits in this test: the anonymous one is what the shared-limit check counts against. */
export const ANONYMOUS_PER_MINUTE = 30;

interface Replica {
  readonly kind: Kind;
  readonly index: number;
  readonly port?: number;
  proc: Proc;
}

export class Topology {
  readonly replicas: Replica[] = [];
  readonly proxies: Record<ServiceName | 'gateway', RoundRobinProxy> = {
    questionnaire: new RoundRobinProxy('questionnaire'),
    agreements: new RoundRobinProxy('agreements'),
    monitoring: new RoundRobinProxy('monitoring'),
    gateway: new RoundRobinProxy('gateway'),
  };
  /** Restarts: [kind, killed at, ready again at] (ms since epoch). */
  readonly restarts: { kind: Kind; from: number; to: number }[] = [];

  constructor(
    readonly fx: Fixture,
    readonly backend: Backend,
  ) {}

  env(): Record<string, string> {
    const env: Record<string, string> = {
      ...this.fx.env(),
      QUESTIONNAIRE_URL: this.proxies.questionnaire.url,
      AGREEMENTS_URL: this.proxies.agreements.url,
      MONITORING_URL: this.proxies.monitoring.url,
      // Scheduled jobs every few seconds, so that the run sees several periods.
      SCHEDULER_CRON: '*/4 * * * * *',
      REPORTS_REPAIR_INTERVAL_SECONDS: '3',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS_PER_MINUTE),
      // The load comes from a handful of tokens: only the anonymous limit is under test here.
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_SCREENING_PER_MINUTE: '100000',
      RATE_LIMIT_RESUME_CODE_PER_MINUTE: '100000',
      // Fourteen processes share the server's 100 connections with whatever else runs beside the test:
      // pools sized as docs/deployment.md ("Connections") tells an operator to size them.
      DATABASE_POOL_SIZE: '2',
      QUEUE_DATABASE_POOL_SIZE: '1',
      // As in production (k8s/base/gateway): the gateways derive one address-hashing secret from it.
      RATE_LIMIT_ADDRESS_KEY: 'scale-test-address-key-not-a-secret-0123456789',
    };
    if (this.backend === 'postgres') delete env.REDIS_URL;
    return env;
  }

  get gateway(): string {
    return this.proxies.gateway.url;
  }

  /** The port of each API replica of a kind, for calls that must reach one replica in particular. */
  urls(kind: ServiceName | 'gateway'): string[] {
    return this.replicas.filter((r) => r.kind === kind).map((r) => localUrl(r.port as number));
  }

  procs(): Proc[] {
    return this.replicas.map((r) => r.proc);
  }

  private spawn(kind: Kind, index: number, port?: number): Proc {
    const service = kind === 'gateway' ? 'gateway' : kind.replace('-worker', '');
    const script = `services/${service}/dist/${kind.endsWith('-worker') ? 'worker' : 'main'}.js`;
    const proc = new Proc(`${kind}-${index}`, script, { ...this.env(), ...(port ? { PORT: String(port) } : {}) });
    this.fx.procs.push(proc);
    return proc;
  }

  async startApis(kind: ServiceName | 'gateway', count: number): Promise<void> {
    const started: Replica[] = [];
    for (let index = 0; index < count; index++) {
      const port = await sparePort();
      started.push({ kind, index, port, proc: this.spawn(kind, index, port) });
    }
    this.replicas.push(...started);
    this.proxies[kind].backends = started.map((r) => r.port as number);
    await Promise.all(started.map((r) => waitReady(localUrl(r.port as number), 180_000, [r.proc])));
  }

  startWorkers(service: ServiceName, count: number): Proc[] {
    const kind = `${service}-worker` as const;
    const procs: Proc[] = [];
    for (let index = 0; index < count; index++) {
      const proc = this.spawn(kind, index);
      this.replicas.push({ kind, index, proc });
      procs.push(proc);
    }
    return procs;
  }

  /** SIGKILL to a replica's process group, then the same replica again (same port); resolves once it is up. */
  async killAndRestart(kind: Kind, index = 0, ready?: (proc: Proc) => Promise<void>): Promise<void> {
    const replica = this.replicas.find((r) => r.kind === kind && r.index === index);
    if (!replica) throw new Error(`no ${kind} ${index}`);
    const from = Date.now();
    if (replica.proc.alive && replica.proc.child.pid) process.kill(-replica.proc.child.pid, 'SIGKILL');
    await replica.proc.exited;
    replica.proc = this.spawn(kind, index, replica.port);
    if (replica.port) await waitReady(localUrl(replica.port), 180_000, [replica.proc]);
    else await ready?.(replica.proc);
    this.restarts.push({ kind, from, to: Date.now() });
  }

  async listen(): Promise<void> {
    for (const proxy of Object.values(this.proxies)) await proxy.listen();
  }

  async close(): Promise<void> {
    for (const proxy of Object.values(this.proxies)) await proxy.close();
  }
}

/** `node dist/migrate.js` of one service, to be raced with another. */
export function migrate(fx: Fixture, service: ServiceName, index: number, env: Record<string, string>): Proc {
  const proc = new Proc(`${service}-migrate-${index}`, `services/${service}/dist/migrate.js`, env);
  fx.procs.push(proc);
  return proc;
}
