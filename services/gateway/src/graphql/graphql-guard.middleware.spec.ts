import { currentRequestId, withRequestId } from '@inps/shared';
import express from 'express';
import request from 'supertest';
import { graphqlGuard } from './graphql-guard.middleware';

describe('the GraphQL guard', () => {
  it('lets the runtime go on in the request’s async context once the body is read (request id, trace)', async () => {
    const app = express();
    app.use((req, _res, next) => withRequestId('req-guard-1', next));
    app.use(
      '/graphql',
      ...graphqlGuard({
        bodyLimitBytes: 64 * 1024,
        drainBytes: 64 * 1024,
        maxBatch: 5,
        maxDepth: 10,
        maxAliases: 10,
        maxCost: 1000,
        maxTokens: 1000,
        introspection: false,
      }),
      (req: express.Request, res: express.Response) => void res.json({ requestId: currentRequestId(), body: req.body as unknown }),
    );
    const res = await request(app).post('/graphql').set('content-type', 'application/json').send({ query: '{ ruleSets { id } }' }).expect(200);
    expect(res.body).toEqual({ requestId: 'req-guard-1', body: { query: '{ ruleSets { id } }' } });
  });
});
