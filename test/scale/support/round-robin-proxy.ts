import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The test's own stand-in for a Kubernetes Service: each HTTP request goes to the next replica in
 * turn. A replica that refuses the connection (killed, not yet listening) is skipped, as a Service
 * drops a pod that fails its readiness probe; when none accepts, or one breaks off mid-answer, the
 * caller gets a 503 with the standard error shape (what an ingress answers with no ready pod).
 * Request bodies are small JSON here, so they are read whole before choosing, and can be sent again
 * to the next replica.
 */
export class RoundRobinProxy {
  private next = 0;
  private server?: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  /** Answers the proxy itself made (no replica answered), for the test's accounting. */
  unavailable = 0;

  constructor(
    readonly name: string,
    public backends: number[] = [],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const order = this.backends.map((_, i) => this.backends[(this.next + i) % this.backends.length] as number);
    this.next = (this.next + 1) % Math.max(1, this.backends.length);
    for (const port of order) {
      const outcome = await this.forward(port, req, body, res);
      if (outcome !== 'refused') return;
    }
    this.refuse(res, 'no replica accepted the connection');
  }

  /** 'refused' when nothing was sent to the caller yet and the next replica may be tried. */
  private forward(port: number, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<'done' | 'refused'> {
    return new Promise((resolve) => {
      const headers = { ...req.headers, host: `127.0.0.1:${port}`, 'content-length': String(body.length) };
      const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: this.agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
        answer.on('end', () => resolve('done'));
        answer.on('aborted', () => (res.destroy(), resolve('done')));
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (res.headersSent) {
          res.destroy();
          resolve('done');
        } else if (error.code === 'ECONNREFUSED') resolve('refused');
        else {
          this.refuse(res, `the replica broke off (${error.code ?? error.message})`);
          resolve('done');
        }
      });
      upstream.end(body);
    });
  }

  private refuse(res: http.ServerResponse, why: string): void {
    this.unavailable += 1;
    if (res.headersSent) return void res.destroy();
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: `${this.name}: ${why}` } }));
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
