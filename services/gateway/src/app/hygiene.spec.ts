import http from 'node:http';
import express from 'express';
import request from 'supertest';
import { corsPolicy } from '../security/cors';
import { hideIdentifyingHeaders } from './identifying-headers';

describe('answers', () => {
  const app = (origins: readonly string[]) => {
    const a = express();
    a.use(hideIdentifyingHeaders());
    a.use(corsPolicy(origins));
    a.get('/express', (_req, res) => res.json({ ok: true }));
    a.get('/raw', (_req, res) => {
      res.setHeader('Server', 'nginx/1.0');
      res.writeHead(200, { 'x-powered-by': 'PHP/8', Via: '1.1 upstream', 'content-type': 'text/plain' });
      res.end('ok');
    });
    a.get('/raw-array', (_req, res) => {
      (res as http.ServerResponse).writeHead(200, 'OK', ['X-Powered-By', 'Express', 'content-type', 'text/plain']);
      res.end('ok');
    });
    return a;
  };

  it('never say what software is behind them, however the head is written', async () => {
    for (const path of ['/express', '/raw', '/raw-array', '/nothing']) {
      const res = await request(app([])).get(path);
      expect({ path, poweredBy: res.headers['x-powered-by'], server: res.headers.server, via: res.headers.via }).toEqual({
        path,
        poweredBy: undefined,
        server: undefined,
        via: undefined,
      });
    }
    expect((await request(app([])).get('/raw')).headers['content-type']).toBe('text/plain');
  });

  it('name back only configured origins, never with credentials, and answer preflights themselves', async () => {
    const a = app(['https://app.example']);
    const ok = await request(a).options('/express').set('origin', 'https://app.example').set('access-control-request-method', 'POST').expect(204);
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-max-age': '600' });
    expect(ok.headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    expect(ok.headers.vary).toMatch(/Origin/);
    for (const origin of ['https://evil.example', 'null', 'https://app.example.evil.example']) {
      const no = await request(a).options('/express').set('origin', origin).set('access-control-request-method', 'POST').expect(204);
      expect(no.headers['access-control-allow-origin']).toBeUndefined();
      expect(no.headers['access-control-allow-credentials']).toBeUndefined();
      expect(no.headers['access-control-allow-methods']).toBeUndefined();
    }
    const get = await request(a).get('/express').set('origin', 'https://app.example').expect(200);
    expect(get.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(get.headers['access-control-expose-headers']).toContain('retry-after');
    const none = await request(app([])).get('/express').set('origin', 'https://app.example').expect(200);
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });
});
