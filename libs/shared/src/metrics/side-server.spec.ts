import type { Server } from 'node:http';
import { lifecycle } from '../app/lifecycle';
import { Metrics } from './metrics';
import { startSideServer } from './side-server';

describe("a worker's side server", () => {
  let server: Server | undefined;
  afterEach(async () => {
    lifecycle.stopping = false;
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function start(options: { enabled: boolean; queueUp: () => boolean }): Promise<{ url: string; failures: string[] }> {
    const metrics = new Metrics({ enabled: options.enabled, service: 'monitoring', role: 'worker' });
    metrics.workerHeartbeat.set(1234);
    const failures: string[] = [];
    const checks = [
      { name: 'database', check: async () => undefined },
      {
        name: 'queue',
        check: async () => {
          if (!options.queueUp()) throw new Error('Redis at 10.0.0.7:6379 refused');
        },
      },
    ];
    const side = await startSideServer({ port: 0, host: '127.0.0.1', metrics, checks, onCheckFailed: (name, reason) => failures.push(`${name}: ${reason}`) });
    server = side.server;
    return { url: side.url, failures };
  }

  it('answers liveness, readiness by its database and queue, and the metrics', async () => {
    let up = true;
    const { url, failures } = await start({ enabled: true, queueUp: () => up });
    expect(await (await fetch(`${url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain('inps_worker_heartbeat_seconds{service="monitoring",role="worker"} 1234');

    up = false;
    const down = await fetch(`${url}/health/ready`);
    expect(down.status).toBe(503);
    const body = JSON.stringify(await down.json());
    expect(body).toContain('NOT_READY');
    expect(body).toContain('queue');
    // The reason goes to the log, not to whoever asks.
    expect(body).not.toContain('10.0.0.7');
    expect(failures).toEqual(['queue: Redis at 10.0.0.7:6379 refused']);

    up = true;
    lifecycle.stopping = true;
    expect((await fetch(`${url}/health/ready`)).status).toBe(503);
    expect((await fetch(`${url}/anything`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('keeps the probes but serves no metrics when they are off', async () => {
    const { url } = await start({ enabled: false, queueUp: () => true });
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });
});

describe('the process labels', () => {
  it('keeps the service when a worker sets its role', async () => {
    const metrics = new Metrics({ enabled: true, service: 'agreements' });
    metrics.setRole('worker');
    metrics.workerHeartbeat.set(1);
    expect(await metrics.scrape()).toContain('inps_worker_heartbeat_seconds{service="agreements",role="worker"} 1');
  });
});
