import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UPSTREAM_NAMES, type UpstreamName } from '../upstreams/upstreams';
import { UpstreamClient } from '../upstreams/upstream-client';

export interface GatewayReadyAnswer {
  readonly status: 'ok' | 'degraded' | 'down';
  readonly upstreams: Readonly<Record<UpstreamName, 'up' | 'down'>>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly upstreams: UpstreamClient) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The gateway is worth sending traffic to while any service answers: the others' routes fail on
   * their own (503), which beats taking every route away. 200 `ok` when all are ready, 200
   * `degraded` naming which are not, 503 `down` when none is.
   */
  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: each service behind the gateway, up or down' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<GatewayReadyAnswer> {
    const probes = await this.upstreams.all<unknown>('/health/ready');
    const upstreams = Object.fromEntries(UPSTREAM_NAMES.map((n) => [n, probes[n].ok ? 'up' : 'down'])) as Record<UpstreamName, 'up' | 'down'>;
    const up = Object.values(upstreams).filter((s) => s === 'up').length;
    const status = up === UPSTREAM_NAMES.length ? 'ok' : up === 0 ? 'down' : 'degraded';
    if (status === 'down') res.status(503);
    return { status, upstreams };
  }
}
