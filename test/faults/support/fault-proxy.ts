import net from 'node:net';

export type ProxyMode = { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'cut' } | { kind: 'down' };

/**
 * A TCP proxy on a spare localhost port in front of one upstream. `delay` holds every byte coming
 * back from the upstream for `ms` (connections stay open: latency, not failure); `cut` resets every
 * open connection and every new one; `down` resets them and stops listening (connection refused,
 * as when the service is gone), until another mode listens again on the same port. The mode
 * applies to connections already open (a keep-alive pool).
 */
export class FaultProxy {
  private mode: ProxyMode = { kind: 'pass' };
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: net.Server | undefined;
  port = 0;

  constructor(private readonly upstreamPort: number) {}

  async start(): Promise<void> {
    await this.listen(0);
  }

  private async listen(port: number): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
  }

  async set(mode: ProxyMode): Promise<void> {
    this.mode = mode;
    if (mode.kind === 'cut' || mode.kind === 'down') for (const s of this.sockets) s.resetAndDestroy();
    if (mode.kind === 'down' && this.server) {
      const server = this.server;
      this.server = undefined;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    } else if (mode.kind !== 'down' && !this.server) {
      await this.listen(this.port);
    }
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private accept(client: net.Socket): void {
    if (this.mode.kind === 'cut' || this.mode.kind === 'down') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.upstreamPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', () => this.later(this.delayMs(), close));
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => this.later(this.delayMs(), () => client.writable && client.write(d)));
  }

  private delayMs(): number {
    return this.mode.kind === 'delay' ? this.mode.ms : 0;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
