import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lifecycle } from '../app/lifecycle';
import { runHealthChecks, type HealthCheck } from '../health/health.checks';
import type { Metrics } from './metrics';

export interface SideServerOptions {
  readonly port: number;
  readonly host: string;
  readonly metrics: Metrics;
  /** What readiness asks: the worker's database and queue, as the API's readiness does. */
  readonly checks: readonly HealthCheck[];
  /** Readiness failures, with their reason (which stays out of the answer). */
  readonly onCheckFailed?: (name: string, reason: string) => void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A worker has no API: this small server on METRICS_PORT gives Kubernetes and Prometheus what the
 * API's port gives them: `/health/live`, `/health/ready` (503 naming what is down, or that the
 * process is stopping) and `/metrics` (404 when METRICS_ENABLED=false). Nothing else answers.
 */
export async function startSideServer(options: SideServerOptions): Promise<{ server: Server; url: string }> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Only GET is served here' } });
    if (path === '/health/live') return json(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      if (lifecycle.stopping)
        return json(res, 503, { error: { code: 'NOT_READY', message: 'Not ready: shutting down', details: [{ field: 'process', issue: 'stopping' }] } });
      const results = await runHealthChecks(options.checks);
      const failed = results.filter((r) => r.error !== undefined);
      for (const f of failed) options.onCheckFailed?.(f.name, f.error as string);
      if (failed.length > 0) {
        return json(res, 503, {
          error: {
            code: 'NOT_READY',
            message: `Not ready: ${failed.map((f) => f.name).join(', ')}`,
            details: failed.map((f) => ({ field: f.name, issue: 'down' })),
          },
        });
      }
      return json(res, 200, { status: 'ok', checks: Object.fromEntries(results.map((r) => [r.name, 'up'])) });
    }
    if (path === '/metrics' && options.metrics.enabled) {
      const text = await options.metrics.scrape();
      res.writeHead(200, { 'Content-Type': options.metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(text);
      return;
    }
    json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: { code: 'INTERNAL', message: 'Internal error' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return { server, url: `http://${host}:${port}` };
}
