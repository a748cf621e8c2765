import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ServiceUnavailableError } from '../errors/app-error';
import { lifecycle } from '../app/lifecycle';
import { runHealthChecks, type HealthCheck } from './health.checks';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export interface ReadyAnswer {
  readonly status: 'ok';
  readonly checks: Readonly<Record<string, 'up'>>;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(@Inject(HEALTH_CHECKS) private readonly checks: readonly HealthCheck[]) {}

  /** The process runs and answers: restart it only if this fails. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Whether to send traffic: every dependency answers. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when the database and the queue answer, else 503 naming what failed' })
  async ready(): Promise<ReadyAnswer> {
    // Stopping: tell the load balancer to send no more, while what it sent is still served.
    if (lifecycle.stopping) throw new ServiceUnavailableError('Not ready: shutting down', [{ field: 'process', issue: 'stopping' }], { code: 'NOT_READY' });
    const results = await runHealthChecks(this.checks);
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      // The reason (host, port, driver message) goes to the log, not to anonymous callers.
      for (const f of failed) this.logger.warn(`readiness check ${f.name} failed: ${f.error}`);
      throw new ServiceUnavailableError(
        `Not ready: ${failed.map((f) => f.name).join(', ')}`,
        failed.map((f) => ({ field: f.name, issue: 'down' })),
        { code: 'NOT_READY' },
      );
    }
    return { status: 'ok', checks: Object.fromEntries(results.map((r) => [r.name, 'up' as const])) };
  }
}
