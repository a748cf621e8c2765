import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { restProxy } from './rest-proxy';

describe('REST proxy', () => {
  let upstream: Server;
  let base: string;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      if (req.url?.startsWith('/api/v1/reports/slow')) return; // never answers
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(207, { 'content-type': 'application/json', 'x-custom': 'kept', 'cache-control': 'public, max-age=600', 'keep-alive': 'timeout=99' });
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => upstream.close(r)));

  const app = (timeoutMs = 5000) => {
    const a = express();
    a.use('/api', restProxy({ urls: { questionnaire: base, agreements: base, monitoring: base }, bodyLimitBytes: 1024, timeoutMs, connectTimeoutMs: 1000 }));
    return a;
  };

  it('passes method, path, query, body, status and headers; drops hop-by-hop, cookies and client-made address headers', async () => {
    const res = await request(app())
      .patch('/api/v1/referents/7?x=1')
      .set('authorization', 'Bearer t')
      .set('x-forwarded-for', '203.0.113.9')
      .set('x-real-ip', '203.0.113.9')
      .set('cookie', 'a=b')
      .set('connection', 'keep-alive, x-secret-hop')
      .set('x-secret-hop', 'nope')
      .send({ name: 'x' });
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ method: 'PATCH', url: '/api/v1/referents/7?x=1', body: '{"name":"x"}' });
    expect(res.body.headers.authorization).toBe('Bearer t');
    for (const h of ['x-forwarded-for', 'x-real-ip', 'cookie', 'x-secret-hop']) expect(res.body.headers[h]).toBeUndefined();
    expect(res.headers['x-custom']).toBe('kept');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['keep-alive']).not.toBe('timeout=99');
  });

  it('refuses a declared body over the limit before contacting the service', async () => {
    const res = await request(app())
      .post('/api/v1/screenings')
      .set('content-type', 'application/json')
      .send({ pad: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 504 when the service does not answer in time, and 404 for unknown resources', async () => {
    const slow = await request(app(200)).get('/api/v1/reports/slow');
    expect(slow.status).toBe(504);
    expect(slow.body).toEqual({ error: { code: 'GATEWAY_TIMEOUT', message: expect.any(String) } });
    expect((await request(app()).get('/api/v2/screenings')).status).toBe(404);
  });
});
