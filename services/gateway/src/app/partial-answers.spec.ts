import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { createLogger, loadConfig } from '@inps/shared';
import { GATEWAY_RUNTIMES, gatewayConfig } from '../gateway.config';
import { UPSTREAM_NAMES, type UpstreamName } from '../upstreams/upstreams';
import { createGatewayApp } from './gateway.app';

type Behaviour = 'answer' | 'hang' | 'down';

/**
 * Stand-ins for the three subgraphs: they answer only the root fields the query below plans onto
 * them. 'hang' reads the request and never answers, which is what a subgraph stuck on a lock or a
 * slow database looks like to the gateway; 'down' drops the connection.
 */
function fakeSubgraph(name: UpstreamName, behaviour: () => Behaviour, hanging: Set<ServerResponse>): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const mode = behaviour();
      if (mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (mode === 'down') {
        res.destroy();
        return;
      }
      const query = (JSON.parse(body) as { query: string }).query;
      const data: Record<string, unknown> = {};
      if (name === 'agreements' && query.includes('territories')) data.territories = { total: 7 };
      if (name === 'questionnaire' && query.includes('ruleSets')) data.ruleSets = [{ id: 'it-2026' }];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    });
  });
}

describe.each(GATEWAY_RUNTIMES)('GraphQL through %s with one subgraph failing', (runtime) => {
  const QUERY = '{ territories(limit: 1) { total } ruleSets { id } }';
  const hanging = new Set<ServerResponse>();
  const servers: Server[] = [];
  let questionnaire: Behaviour = 'answer';
  let app: NestExpressApplication;
  let http: ReturnType<typeof supertest>;

  beforeAll(async () => {
    const env: Record<string, string> = { NODE_ENV: 'test', GATEWAY_RUNTIME: runtime, UPSTREAM_TIMEOUT_MS: '300', RATE_LIMIT_ENABLED: 'false' };
    for (const name of UPSTREAM_NAMES) {
      const server = fakeSubgraph(name, () => (name === 'questionnaire' ? questionnaire : 'answer'), hanging);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    app = await createGatewayApp(loadConfig(gatewayConfig, env), { logger: createLogger({ level: 'silent', service: 'gateway' }) });
    await app.init();
    http = supertest(app.getHttpServer());
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await app?.close();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const ask = () => http.post('/graphql').set('content-type', 'application/json').send({ query: QUERY });

  it('answers both subgraphs when both answer', async () => {
    questionnaire = 'answer';
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { territories: { total: 7 }, ruleSets: [{ id: 'it-2026' }] } });
  });

  it.each(['hang', 'down'] as const)("keeps the other subgraph's data when one is %s: a field error, not a failed request", async (mode) => {
    questionnaire = mode;
    const res = await ask();
    // A partial answer is still an answer: a 5xx would make clients and proxies throw the data away.
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ territories: { total: 7 }, ruleSets: null });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['ruleSets'] })]);
    if (mode === 'hang') expect(res.body.errors[0].extensions).toEqual(expect.objectContaining({ code: 'GATEWAY_TIMEOUT', serviceName: 'questionnaire' }));
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1/);
  });
});
