import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG } from '@inps/shared';
import type { GatewayConfig } from '../gateway.config';
import { UPSTREAM_NAMES, type UpstreamName } from '../upstreams/upstreams';
import { UpstreamClient } from '../upstreams/upstream-client';
import { gatewayOpenApi, type GatewayDocument } from './gateway-document';

/** GET /openapi.json: the services' documents merged (gateway-document.ts), kept OPENAPI_CACHE_SECONDS. */
@ApiExcludeController()
@Controller()
export class OpenApiController {
  private cached?: { readonly at: number; readonly document: GatewayDocument; readonly complete: boolean };

  constructor(
    private readonly upstreams: UpstreamClient,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('openapi.json')
  async document(): Promise<GatewayDocument> {
    const maxAge = this.config.OPENAPI_CACHE_SECONDS * 1000;
    // A document missing a service is not kept: the next call asks again.
    if (this.cached && this.cached.complete && Date.now() - this.cached.at < maxAge) return this.cached.document;
    const probes = await this.upstreams.all<Record<string, never>>('/openapi.json');
    const answered: Partial<Record<UpstreamName, Record<string, never>>> = {};
    for (const name of UPSTREAM_NAMES) {
      const p = probes[name];
      if (p.ok && typeof p.body === 'object' && p.body !== null) answered[name] = p.body;
    }
    const { document, missing } = gatewayOpenApi(answered);
    this.cached = { at: Date.now(), document, complete: missing.length === 0 };
    return document;
  }
}
