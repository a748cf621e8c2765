import { Controller, Get, Logger, Module, Param, Post, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import request from 'supertest';
import { configureApp } from '../app/configure-app';
import { CoreModule } from '../app/core.module';
import { createLogger } from '../logging/logger';
import { Metrics } from './metrics';

class Capture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const l of chunk.toString('utf8').split('\n')) if (l !== '') this.lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  }
}

@Controller('api/v1/screenings')
class ScreeningController {
  private readonly logger = new Logger('Screenings');

  @Post(':id/answers')
  answer(@Param('id') id: string): { ok: boolean } {
    // A line of the feature's own, which says nothing of the request: the context adds its id.
    this.logger.log('answer recorded');
    return { ok: id.length > 0 };
  }

  @Get(':id')
  async get(@Param('id') _id: string): Promise<{ ok: boolean }> {
    await new Promise((r) => setTimeout(r, 5));
    this.logger.log('after an await');
    return { ok: true };
  }
}

function appModule(enabled: boolean): DynamicModule {
  @Module({ imports: [CoreModule.forRoot({ SERVICE_NAME: 'questionnaire', METRICS_ENABLED: enabled })], controllers: [ScreeningController] })
  class TestModule {}
  return { module: TestModule };
}

async function start(enabled: boolean, capture = new Capture()): Promise<INestApplication> {
  const logger = createLogger({ level: 'info', service: 'test', destination: capture });
  const app = await NestFactory.create<NestExpressApplication>(appModule(enabled), { logger: false, bodyParser: false, abortOnError: false });
  configureApp(app, { BODY_LIMIT: '100kb' }, { logger, shutdownHooks: false });
  await app.init();
  return app;
}

const ID = '7d9c3b8e-1111-4222-8333-944455556666';

describe('HTTP metrics', () => {
  let app: INestApplication;
  const capture = new Capture();

  beforeAll(async () => {
    app = await start(true, capture);
  });
  afterAll(() => app.close());

  it('labels a request with the route pattern, never the id in its URL', async () => {
    await request(app.getHttpServer()).post(`/api/v1/screenings/${ID}/answers?code=ABCD-1234`).send({}).expect(201);
    await request(app.getHttpServer()).get(`/api/v1/screenings/${ID}`).expect(200);
    await request(app.getHttpServer()).get(`/nothing/here/${ID}`).expect(404);
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toContain('inps_http_requests_total{route="/api/v1/screenings/:id/answers",method="POST",status="201",service="questionnaire",role="api"} 1');
    const durations = text.split('\n').filter((l) => l.startsWith('inps_http_request_duration_seconds_count{'));
    expect(durations.filter((l) => l.includes('route="/api/v1/screenings/:id",method="GET",status_class="2xx"') && l.endsWith(' 1'))).toHaveLength(1);
    expect(text).toContain('inps_http_requests_total{route="(unmatched)",method="GET",status="404"');
    // Every route label is a pattern: no id, no query string.
    const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1] as string);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route).toMatch(/^(\(unmatched\)|\/metrics|(\/(:?[a-z0-9-]+))+)$/);
    expect(text).not.toContain(ID);
    expect(text).not.toContain('ABCD');
  });

  it('writes the request id on every line logged while serving the request, also after an await', async () => {
    await request(app.getHttpServer()).post(`/api/v1/screenings/${ID}/answers`).set('x-request-id', 'corr-1').send({}).expect(201);
    await request(app.getHttpServer()).get(`/api/v1/screenings/${ID}`).set('x-request-id', 'corr-2').expect(200);
    const recorded = capture.lines.find((l) => l.msg === 'answer recorded' && l.requestId === 'corr-1');
    expect(recorded).toMatchObject({ context: 'Screenings', requestId: 'corr-1' });
    expect(capture.lines.find((l) => l.msg === 'after an await' && l.requestId === 'corr-2')).toBeDefined();
    // A forged id is not taken: the line gets a random one instead.
    await request(app.getHttpServer())
      .post(`/api/v1/screenings/${ID}/answers`)
      .set('x-request-id', '<script>alert(1)</script> and spaces')
      .send({})
      .expect(201);
    const last = capture.lines.filter((l) => l.msg === 'answer recorded').at(-1);
    expect(last?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records and serves nothing with METRICS_ENABLED=false', async () => {
    const off = await start(false);
    try {
      await request(off.getHttpServer()).post(`/api/v1/screenings/${ID}/answers`).send({}).expect(201);
      await request(off.getHttpServer()).get('/metrics').expect(404);
      expect(await off.get(Metrics).scrape()).not.toMatch(/^inps_http_requests_total\{/m);
    } finally {
      await off.close();
    }
  });
});
