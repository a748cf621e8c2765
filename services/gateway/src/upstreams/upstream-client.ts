import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@inps/shared';
import type { GatewayConfig } from '../gateway.config';
import { UPSTREAM_NAMES, upstreamUrls, type UpstreamName, type UpstreamUrls } from './upstreams';

export type Probe<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | { readonly ok: false; readonly reason: 'unreachable' | 'timeout' | 'status'; readonly status?: number };

/** Small GETs from the gateway itself (health, OpenAPI documents), each bounded in time. */
@Injectable()
export class UpstreamClient {
  readonly urls: UpstreamUrls;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    this.urls = upstreamUrls(config);
    this.timeoutMs = Math.min(config.UPSTREAM_TIMEOUT_MS, 5_000);
  }

  async getJson<T>(name: UpstreamName, path: string): Promise<Probe<T>> {
    try {
      const res = await fetch(`${this.urls[name]}${path}`, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
      const body = (await res.json().catch(() => undefined)) as T;
      return res.ok ? { ok: true, status: res.status, body } : { ok: false, reason: 'status', status: res.status };
    } catch (error) {
      return { ok: false, reason: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
    }
  }

  async all<T>(path: string): Promise<Record<UpstreamName, Probe<T>>> {
    const results = await Promise.all(UPSTREAM_NAMES.map((n) => this.getJson<T>(n, path)));
    return Object.fromEntries(UPSTREAM_NAMES.map((n, i) => [n, results[i]])) as Record<UpstreamName, Probe<T>>;
  }
}
