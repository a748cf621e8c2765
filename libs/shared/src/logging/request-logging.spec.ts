import { Body, Controller, Get, Module, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import request from 'supertest';
import { configureApp } from '../app/configure-app';
import { createLogger } from './logger';
import { resolveRequestId } from './request-context';

class Capture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  }
}

@Controller('api/v1/screenings')
class ScreeningController {
  @Post(':id/answers')
  answer(@Param('id') id: string, @Body() body: unknown, @Query('lang') lang: string): { id: string; received: boolean; lang: string } {
    return { id, received: body !== undefined, lang };
  }

  @Get('fail')
  fail(): never {
    throw new Error('boom');
  }
}

@Module({ controllers: [ScreeningController] })
class LoggedModule {}

describe('request logging', () => {
  const capture = new Capture();
  let app: INestApplication;

  beforeAll(async () => {
    const logger = createLogger({ level: 'info', service: 'test', destination: capture });
    app = await NestFactory.create<NestExpressApplication>(LoggedModule, { logger: false, bodyParser: false, abortOnError: false });
    configureApp(app, { BODY_LIMIT: '100kb' }, { logger, shutdownHooks: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('logs method, route pattern, status and duration, and none of body, query, headers, address or token', async () => {
    const secrets = {
      id: '7d9c3b8e-1111-4222-8333-944455556666',
      body: 'Mario Rossi RSSMRA80A01H501U',
      query: 'qs-secret-value',
      token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      ip: '203.0.113.77',
      agent: 'AgentSmith/9.9',
    };
    const res = await request(app.getHttpServer())
      .post(`/api/v1/screenings/${secrets.id}/answers?lang=${secrets.query}`)
      .set('authorization', `Bearer ${secrets.token}`)
      .set('x-forwarded-for', secrets.ip)
      .set('user-agent', secrets.agent)
      .set('x-request-id', 'trace-42')
      .send({ questionId: 'q1', value: secrets.body });
    expect(res.status).toBe(201);
    expect(res.body.lang).toBe(secrets.query);

    const line = capture.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === 'trace-42');
    expect(line).toEqual({
      level: 30,
      time: expect.any(String),
      service: 'test',
      requestId: 'trace-42',
      method: 'POST',
      route: '/api/v1/screenings/:id/answers',
      status: 201,
      durationMs: expect.any(Number),
      msg: 'request',
    });
    const everything = capture.lines.join('\n');
    for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/authorization|x-forwarded-for|user-agent/i);
  });

  it('logs unexpected errors with the request id and still no request data', async () => {
    await request(app.getHttpServer()).get('/api/v1/screenings/fail?who=someone').set('x-request-id', 'trace-43');
    const lines = capture.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === 'trace-43');
    expect(lines.map((l) => l.msg).sort()).toEqual(['request', 'unhandled error']);
    expect(JSON.stringify(lines)).not.toContain('someone');
  });

  it('accepts only short safe request ids', () => {
    expect(resolveRequestId('abc.DEF_123-x')).toBe('abc.DEF_123-x');
    expect(resolveRequestId('a'.repeat(65))).not.toBe('a'.repeat(65));
    expect(resolveRequestId('evil\nlog-injection')).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
