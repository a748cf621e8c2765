import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request } from 'express';
import { buildSchema } from 'graphql';
import request from 'supertest';
import { ownerOfPath } from '../upstreams/upstreams';
import { identifyCallers } from './caller';
import { ApiKeyExchange } from './api-key-exchange';
import { ApiKeyRevocations } from './api-key-revocations';
import { IpHasher } from './ip-hasher';
import { GRAPHQL_OPERATIONS, OPERATION_CLASSES, REST_OPERATIONS, graphqlOperationClass, restOperationClass } from './operation-classes';
import { RateLimits } from './rate-limits';

describe('operation classes', () => {
  it('name root fields the supergraph has and routes the gateway sends to a service, for every class on both APIs', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
    const roots = new Set([...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})]);
    for (const c of OPERATION_CLASSES) {
      expect({ c, fields: GRAPHQL_OPERATIONS[c].filter((f) => !roots.has(f)) }).toEqual({ c, fields: [] });
      expect(REST_OPERATIONS[c].length).toBeGreaterThan(0);
    }
    expect(ownerOfPath('/api/v1/screenings/by-code/ABCD2345')).toBe('questionnaire');
    expect(restOperationClass('GET', '/api/v1/screenings/by-code/ABCD2345')).toBe('resume-code');
    expect(restOperationClass('POST', '/api/v1/screenings')).toBe('screening');
    expect(restOperationClass('POST', '/api/v1/screenings/evaluate/')).toBe('screening');
    expect(restOperationClass('GET', '/api/v1/screenings/x')).toBeUndefined();
    // The take-away sheet renders a PDF from the engine's outcome: as costly, and as anonymous.
    expect(restOperationClass('POST', '/api/v1/screenings/evaluate/sheet')).toBe('screening');
    expect(restOperationClass('GET', '/api/v1/screenings/3f2a/sheet')).toBe('screening');
    expect(restOperationClass('GET', '/api/v1/screenings/by-code/ABCD2345/sheet')).toBeUndefined();
    expect(restOperationClass('POST', '/api/v1/screenings/x/answers')).toBeUndefined();
    expect(graphqlOperationClass('screeningByResumeCode')).toBe('resume-code');
    expect(graphqlOperationClass('evaluateFacts')).toBe('screening');
    expect(graphqlOperationClass('ruleSets')).toBeUndefined();
  });
});

describe('rate limits count operations', () => {
  const app = (limits: RateLimits) => {
    const apiKeys = new ApiKeyExchange({
      agreementsUrl: 'http://127.0.0.1:9',
      timeoutMs: 100,
      partnerIssuer: 'urn:inps-per-tutti:partner-apps',
      revocations: new ApiKeyRevocations({ agreementsUrl: 'http://127.0.0.1:9', boundMs: 1000, timeoutMs: 100 }),
    });
    const a = express();
    a.use(identifyCallers({ ips: new IpHasher(), apiKeys }));
    a.use(limits.middleware());
    // Stands for the GraphQL guard: the root fields come in a header here.
    a.use('/graphql', (req: Request, res, next) => {
      const fields = String(req.headers['x-fields'] ?? '')
        .split(',')
        .filter((f) => f !== '');
      limits
        .chargeGraphQL(req, fields)
        .then((refusal) => (refusal ? res.status(429).json({ message: refusal.message, retryAfter: refusal.retryAfterSeconds }) : next()), next);
    });
    a.use((_req, res) => res.json({ ok: true }));
    return a;
  };
  const options = { perMinute: 100, anonymousPerMinute: 20, screeningPerMinute: 3, resumeCodePerMinute: 4, invalidApiKeysPerMinute: 2 };

  it('charges a GraphQL request one per root field, against the bucket of the REST route of the same class', async () => {
    const limits = new RateLimits(options);
    const a = app(limits);
    await request(a).get('/api/v1/screenings/by-code/AAAA2345').expect(200);
    await request(a).get('/api/v1/screenings/by-code/AAAA2346').expect(200);
    await request(a).post('/graphql').set('x-fields', 'screeningByResumeCode,screeningByResumeCode,ruleSets').expect(200);
    const refused = await request(a).post('/graphql').set('x-fields', 'screeningByResumeCode').expect(429);
    expect(refused.body.message).toContain('screeningByResumeCode');
    expect(refused.body.retryAfter).toBeGreaterThan(0);
    await request(a).get('/api/v1/screenings/by-code/AAAA2347').expect(429);
    await request(a).get('/api/v1/rulesets').expect(200);
    await limits.close();
  });

  it('charges the general bucket for every root field', async () => {
    const limits = new RateLimits(options);
    const a = app(limits);
    await request(a)
      .post('/graphql')
      .set('x-fields', Array.from({ length: 20 }, () => 'ruleSets').join(','))
      .expect(200);
    await request(a).get('/api/v1/rulesets').expect(429);
    await limits.close();
  });

  it('counts refused API keys per address', async () => {
    const limits = new RateLimits(options);
    expect(await limits.blockedFor('ip:x')).toBeUndefined();
    await limits.record('ip:x');
    expect(await limits.blockedFor('ip:x')).toBeUndefined();
    await limits.record('ip:x');
    expect(await limits.blockedFor('ip:x')).toBeGreaterThan(0);
    expect(await limits.blockedFor('ip:y')).toBeUndefined();
    await limits.close();
  });
});
