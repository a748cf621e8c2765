import { createTestApp, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';

/** The API as main.ts builds it: the real ISTAT registry, migrations, OpenAPI and health. */
describe('monitoring API', () => {
  let t: TestApp<typeof monitoringConfig.fields>;

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-app') },
      openApi: { title: 'INPS per tutti: monitoring', version: '1.0.0' },
    });
  }, 30_000);
  afterAll(() => t.close());

  it('is ready and documents every route', async () => {
    expect((await t.http.get('/health/ready')).status).toBe(200);
    const doc = await t.http.get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/api/v1/follow-ups',
      '/api/v1/follow-ups/{id}',
      '/api/v1/indicators',
      '/api/v1/refused-events',
      '/api/v1/refused-events/{id}/retry',
      '/api/v1/reports',
      '/api/v1/reports/{id}',
      '/api/v1/reports/{id}/files/{format}',
      '/api/v1/returns',
      '/api/v1/returns/{organisationId}/{territory}/{semester}',
      '/api/v1/returns/{organisationId}/{territory}/{semester}/transitions',
      '/health/live',
      '/health/ready',
    ]);
  });

  it('scopes reports with the real registry: a region is known, a made-up code is refused by name', async () => {
    const auth = { authorization: `Bearer ${await t.tokens.central()}` };
    const lazio = await t.http.get('/api/v1/indicators?semester=2026S1&territory=12').set(auth);
    expect(lazio.status).toBe(200);
    expect(lazio.body.scope).toEqual({ level: 'REGION', istatCode: '12', name: 'Lazio' });
    const unknown = await t.http.get('/api/v1/indicators?semester=2026S1&territory=99').set(auth);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('territory');
  });
});
