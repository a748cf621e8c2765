import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG } from '@inps/shared';
import type { GatewayConfig } from '../gateway.config';
import { UPSTREAM_NAMES } from '../upstreams/upstreams';
import { UpstreamClient } from '../upstreams/upstream-client';
import { mergeOpenApi, type ServiceDocument } from './openapi-merge';

type Merged = ReturnType<typeof mergeOpenApi>;

/** GET /openapi.json: the services' documents merged (openapi-merge.ts), kept OPENAPI_CACHE_SECONDS. */
@ApiExcludeController()
@Controller()
export class OpenApiController {
  private cached?: { readonly at: number; readonly document: Merged; readonly complete: boolean };

  constructor(
    private readonly upstreams: UpstreamClient,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('openapi.json')
  async document(): Promise<Merged> {
    const maxAge = this.config.OPENAPI_CACHE_SECONDS * 1000;
    // A document missing a service is not kept: the next call asks again.
    if (this.cached && this.cached.complete && Date.now() - this.cached.at < maxAge) return this.cached.document;
    const probes = await this.upstreams.all<Record<string, never>>('/openapi.json');
    const docs: ServiceDocument[] = [];
    const missing: string[] = [];
    for (const name of UPSTREAM_NAMES) {
      const p = probes[name];
      if (p.ok && typeof p.body === 'object' && p.body !== null) docs.push({ name, document: p.body });
      else missing.push(name);
    }
    const description =
      'Every REST route of the programme through one address: /api/v1/<resource> is routed to the service that owns it. ' +
      'GraphQL (the federated schema) is at /graphql.' +
      (missing.length > 0 ? ` Not available right now, so missing here: ${missing.join(', ')}.` : '');
    const document = mergeOpenApi(docs, { title: 'INPS per tutti: API', version: '1.0.0', description });
    this.cached = { at: Date.now(), document, complete: missing.length === 0 };
    return document;
  }
}
