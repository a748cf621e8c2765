import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { ApiKeyExchange } from './api-key-exchange';

describe('API key exchange', () => {
  let agreements: Server;
  let url: string;
  const exchanged: string[] = [];
  let clock = 1_000_000;

  beforeAll(async () => {
    const app = express();
    app.post('/api/v1/api-keys/token', (req, res) => {
      const key = req.headers['x-api-key'] as string;
      exchanged.push(key);
      if (key === 'ipt_good') res.json({ accessToken: `tok-${exchanged.length}`, tokenType: 'Bearer', expiresIn: 900 });
      else res.status(401).json({ error: { code: 'INVALID_API_KEY', message: 'The API key is not valid' } });
    });
    agreements = app.listen(0, '127.0.0.1');
    await new Promise((r) => agreements.once('listening', r));
    url = `http://127.0.0.1:${(agreements.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => agreements.close(r)));

  const gateway = () => {
    const exchange = new ApiKeyExchange({ agreementsUrl: url, timeoutMs: 2000, now: () => clock });
    const app = express();
    app.use(exchange.middleware());
    app.use((req, res) => res.json({ authorization: req.headers.authorization ?? null, apiKey: req.headers['x-api-key'] ?? null }));
    return app;
  };

  it('forwards a bearer token instead of the key, exchanging once until near expiry', async () => {
    exchanged.length = 0;
    const app = gateway();
    const first = await request(app).get('/api/v1/organisations').set('x-api-key', 'ipt_good').expect(200);
    expect(first.body).toEqual({ authorization: 'Bearer tok-1', apiKey: null });
    await request(app).get('/api/v1/organisations').set('x-api-key', 'ipt_good').expect(200, { authorization: 'Bearer tok-1', apiKey: null });
    expect(exchanged).toHaveLength(1);
    clock += 850_000;
    await request(app).get('/api/v1/organisations').set('x-api-key', 'ipt_good').expect(200, { authorization: 'Bearer tok-2', apiKey: null });
  });

  it('answers what the agreements service answers for a bad key, and never forwards a key', async () => {
    const app = gateway();
    const res = await request(app).get('/api/v1/organisations').set('x-api-key', 'ipt_bad').expect(401);
    expect(res.body.error.code).toBe('INVALID_API_KEY');
    await request(app).get('/x').set('x-api-key', 'ipt_bad').set('authorization', 'Bearer mine').expect(200, { authorization: 'Bearer mine', apiKey: null });
    // The exchange endpoint itself gets the key.
    await request(app).post('/api/v1/api-keys/token').set('x-api-key', 'ipt_bad').expect(200, { authorization: null, apiKey: 'ipt_bad' });
  });
});
