import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import { connect } from 'node:net';
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
        res.writeHead(207, {
          'content-type': 'application/json',
          'x-custom': 'kept',
          'cache-control': 'public, max-age=600',
          'keep-alive': 'timeout=99',
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
        });
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => upstream.close(r)));

  const app = (timeoutMs = 5000) => {
    const a = express();
    a.use(
      '/api',
      restProxy({
        urls: { questionnaire: base, agreements: base, monitoring: base },
        bodyLimitBytes: 1024,
        drainBytes: 64 * 1024,
        timeoutMs,
        connectTimeoutMs: 1000,
      }),
    );
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
    // CORS is decided by the gateway, never widened by a service.
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
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
    const slow = await request(app(200)).get('/api/v1/reports/slow').set('accept-language', 'sq-AL');
    expect(slow.status).toBe(504);
    // The gateway's own errors are in the client's language too, as the services' are.
    expect(slow.body).toEqual({
      error: {
        code: 'GATEWAY_TIMEOUT',
        message: 'Një shërbim i brendshëm nuk u përgjigj në kohë: provoni përsëri pas pak.',
        language: 'sq',
        reviewed: false,
        developerMessage: 'The service behind the gateway did not answer in time',
      },
    });
    expect(slow.headers['content-language']).toBe('sq');
    expect((await request(app()).get('/api/v2/screenings')).status).toBe(404);
  });

  describe('a body over the limit', () => {
    let gateway: Server;
    let port: number;
    beforeAll(async () => {
      gateway = http.createServer(app());
      await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
      port = (gateway.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((r) => gateway.close(r)));

    it.each([true, false])("is answered 413 in a form Node's fetch reads (declared length: %s)", async (declared) => {
      const total = 32 * 1024;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent >= total) return controller.close();
          await new Promise((r) => setTimeout(r, 1));
          sent += 4096;
          controller.enqueue(new Uint8Array(4096).fill(0x20));
        },
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(declared ? { 'content-length': String(total) } : {}) };
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/screenings/evaluate`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    /** Writes the whole body before reading anything, as a client that is not watching the answer does. */
    const sendAllThenRead = (total: number) =>
      new Promise<{ answer: string; sent: number; writeError?: string }>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.pause();
        let sent = 0;
        let writeError: string | undefined;
        let answer = '';
        socket.on('error', (error: NodeJS.ErrnoException) => (writeError ??= error.code));
        socket.on('connect', () => {
          (async () => {
            socket.write(`POST /api/v1/screenings/evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${total}\r\n\r\n`);
            while (sent < total && !socket.destroyed) {
              await new Promise<void>((r) => socket.write(Buffer.alloc(4096, 0x20), () => r()));
              sent += 4096;
              // Still sending when the answer comes, as over any real network.
              if (sent < 256 * 1024) await new Promise((r) => setTimeout(r, 1));
            }
            socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
            socket.resume();
            setTimeout(() => {
              socket.destroy();
              resolve({ answer: answer.split('\r\n')[0] ?? '', sent, writeError });
            }, 200);
          })().catch((error: unknown) => (writeError ??= String(error)));
        });
      });

    it('lets the client finish sending, so that it reads the 413 instead of a reset connection', async () => {
      expect(await sendAllThenRead(48 * 1024)).toEqual({ answer: 'HTTP/1.1 413 Payload Too Large', sent: 48 * 1024, writeError: undefined });
    });

    it('closes the connection once the client has sent more than the drain limit', async () => {
      // Far more than the kernel's socket buffers can take in, so the cut shows in what was sent.
      const result = await sendAllThenRead(16 * 1024 * 1024);
      expect(result.writeError).toBeDefined();
      expect(result.sent).toBeLessThan(12 * 1024 * 1024);
    });
  });
});
