import { createTestApp, testQueuePrefix, testRedisUrl } from '@inps/shared';
import { AppModule } from '../src/app.module';
import { questionnaireConfig } from '../src/questionnaire.config';
import { QUESTIONNAIRE_DATABASE } from '../src/migrations';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/**
 * Routes libs/shared mounts in every service (HealthModule), whose OpenAPI answers are that
 * library's to describe.
 */
const SHARED_ROUTES = new Set(['GET /health/live', 'GET /health/ready']);

describe('the OpenAPI document (/openapi.json)', () => {
  it("types the answer of every one of the service's operations", async () => {
    const t = await createTestApp((config) => AppModule.forRoot(config), {
      config: questionnaireConfig,
      database: QUESTIONNAIRE_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('qoa') },
      openApi: { title: 'INPS per tutti: screening questionnaire', version: 'test' },
    });
    try {
      const res = await t.http.get('/openapi.json');
      expect(res.status).toBe(200);
      const paths = res.body.paths as Record<string, Record<string, Operation>>;
      const operations: string[] = [];
      const untyped: string[] = [];
      for (const [path, item] of Object.entries(paths)) {
        for (const [method, operation] of Object.entries(item)) {
          if (!METHODS.has(method)) continue;
          const name = `${method.toUpperCase()} ${path}`;
          if (SHARED_ROUTES.has(name)) continue;
          operations.push(name);
          const typed = Object.entries(operation.responses ?? {}).some(
            // JSON, or a file (the take-away sheet's PDF) described as binary.
            ([status, response]) => /^2\d\d$/.test(status) && Object.values(response.content ?? {}).some((c) => c.schema !== undefined),
          );
          if (!typed) untyped.push(name);
        }
      }
      expect(operations.length).toBeGreaterThanOrEqual(10);
      expect(untyped).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
